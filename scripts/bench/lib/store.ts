import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../../../server/src/store/db';
import { openDatabase } from '../../../server/src/store/open-db';
import { openPostgresDb } from '../../../server/src/store/postgres-db';

/**
 * A fresh, migrated database for one benchmark run, and how to remove it again:
 * - `databaseUrl` set: a new schema on that PostgreSQL server (dropped after);
 * - else PGlite, in memory or in a temporary folder like the product's DATA_DIR (removed after).
 */
export const openFreshStore = async (
  options: { databaseUrl?: string; inMemory?: boolean } = {},
): Promise<{ db: Db; drop: () => Promise<void> }> => {
  const base = options.databaseUrl;
  if (!base) {
    if (options.inMemory) {
      const db = await openDatabase({ databaseUrl: undefined, dataDir: '', inMemory: true });
      return { db, drop: async () => {} };
    }
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ioc-bench-db-'));
    const db = await openDatabase({ databaseUrl: undefined, dataDir });
    return { db, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const schema = `bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = await openPostgresDb(base);
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.close();
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const db = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  return {
    db,
    drop: async () => {
      const c = await openPostgresDb(base);
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.close();
    },
  };
};
