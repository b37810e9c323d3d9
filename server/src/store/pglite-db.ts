import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable, TransactionOptions } from './db';

/**
 * Opens embedded PGlite: in memory when `dataDir` is undefined, else persisted in
 * `dataDir/pglite`. PGlite is single-process, so a lock file refuses a second process on the
 * same folder (several processes always mean PostgreSQL, see ADR 0002).
 */
export const openPgliteDb = async (dataDir?: string): Promise<Db> => {
  let releaseLock = () => {};
  let pg: PGlite;
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    releaseLock = acquireDirLock(path.join(dataDir, 'pglite.lock'));
    pg = await PGlite.create(path.join(dataDir, 'pglite'));
  } else {
    pg = await PGlite.create();
  }
  const wrap = (q: { query: PGlite['query'] }): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const res = await q.query<T>(sql, params ? [...params] : undefined);
      return res.rows;
    },
  });
  const base = wrap(pg);
  return {
    kind: 'pglite',
    query: base.query,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions) {
      return pg.transaction(async (tx) => {
        if (options?.isolation === 'repeatable read') {
          await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
        }
        return fn(wrap(tx));
      });
    },
    async exec(sql: string) {
      await pg.exec(sql);
    },
    async close() {
      try {
        await pg.close();
      } finally {
        releaseLock();
      }
    },
  };
};

/** Takes an exclusive pid lock file; a stale lock of a dead process is taken over. */
const acquireDirLock = (lockPath: string): (() => void) => {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `The embedded database in ${path.dirname(lockPath)} is in use by process ${owner}. ` +
            'PGlite is single-process: stop that process, or set DATABASE_URL to share PostgreSQL.',
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${lockPath}`);
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};
