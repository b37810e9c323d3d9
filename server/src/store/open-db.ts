import path from 'node:path';
import type { AppConfig } from '../config/env';
import type { Db } from './db';
import { runMigrations } from './migrate';
import { openPgliteDb } from './pglite-db';
import { openPostgresDb } from './postgres-db';

/**
 * Opens the configured database and brings its schema up to date: PostgreSQL when
 * DATABASE_URL is set, else PGlite persisted under DATA_DIR (or in memory for tests).
 */
export const openDatabase = async (
  config: Pick<AppConfig, 'databaseUrl' | 'dataDir'> & { inMemory?: boolean },
): Promise<Db> => {
  const db = config.databaseUrl
    ? await openPostgresDb(config.databaseUrl)
    : await openPgliteDb(config.inMemory ? undefined : path.resolve(config.dataDir));
  try {
    await runMigrations(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
};
