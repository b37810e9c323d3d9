import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPgliteDb } from '../src/store/pglite-db';

describe('the embedded database (PGlite) is single-process', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second process on the same data folder, naming the holder and the way out', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ioc-pglite-lock-'));
    dirs.push(dir);
    // Another live process holds the folder (its pid in the lock file, as openPgliteDb writes it).
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30_000)']);
    try {
      fs.writeFileSync(path.join(dir, 'pglite.lock'), String(other.pid));
      await expect(openPgliteDb(dir)).rejects.toThrow(
        new RegExp(`in use by process ${other.pid}.*set DATABASE_URL`, 's'),
      );
    } finally {
      other.kill('SIGKILL');
      await new Promise((resolve) => other.once('exit', resolve));
    }
    // Once that process is gone its lock is stale and taken over.
    const db = await openPgliteDb(dir);
    expect(fs.readFileSync(path.join(dir, 'pglite.lock'), 'utf8')).toBe(String(process.pid));
    await db.close();
    expect(fs.existsSync(path.join(dir, 'pglite.lock'))).toBe(false);
  });
});
