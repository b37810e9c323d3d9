import type { Db } from './db';
import { migration0001 } from './migrations/0001-initial-schema';
import { migration0002 } from './migrations/0002-ingest-receipts';
import { migration0003 } from './migrations/0003-audit-log';
import { migration0004 } from './migrations/0004-alert-geometry';
import { migration0005 } from './migrations/0005-traffic-sites';
import { migration0006 } from './migrations/0006-alert-expiry';
import { migration0007 } from './migrations/0007-feed-checked';
import { migration0008 } from './migrations/0008-identity';
import { migration0009 } from './migrations/0009-alert-lifecycle';
import { migration0010 } from './migrations/0010-rule-kinds';
import { migration0011 } from './migrations/0011-outbound-webhooks';
import { migration0012 } from './migrations/0012-alert-sop-silences';
import { migration0013 } from './migrations/0013-display-heartbeat';

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

/** Every migration in order. Never edit one that has shipped: add the next. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
  migration0013,
];

/** Advisory lock key that serialises migrations across processes sharing PostgreSQL. */
const MIGRATION_LOCK = 720_250_001;

/**
 * Applies the migrations not yet recorded in schema_migrations, each in its own transaction.
 * Safe to run from several processes at once on PostgreSQL.
 */
export const runMigrations = async (db: Db, migrations = MIGRATIONS): Promise<number[]> => {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const done = new Set(
      (await tx.query<{ id: number }>('SELECT id FROM schema_migrations')).map((r) => r.id),
    );
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
      if (done.has(m.id)) continue;
      // Statements run one by one through the transaction's connection.
      for (const statement of splitSql(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
      applied.push(m.id);
    }
    return applied;
  });
};

/** Splits a migration into statements at semicolons that end a line (no bodies with ';'). */
export const splitSql = (sql: string): string[] =>
  sql
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s.length > 0);
