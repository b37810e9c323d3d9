/**
 * One PostgreSQL dialect, two engines: embedded PGlite (default, single process) or a
 * PostgreSQL server (DATABASE_URL). Repositories see only this interface.
 */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface TransactionOptions {
  /** Repeatable read gives a consistent snapshot across several reads. */
  isolation?: 'read committed' | 'repeatable read';
}
