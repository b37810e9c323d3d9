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
  /**
   * A connection of its own, for state that lives as long as a session (advisory locks held
   * across transactions: the feed leases). PostgreSQL only; PGlite is one process and has none.
   */
  openSession?: () => Promise<DbSession>;
}

/** One dedicated database connection (see `Db.openSession`). */
export interface DbSession extends Queryable {
  /** Called once when the connection is lost (server restart, network failure, terminated). */
  onLost(listener: (error: Error) => void): void;
  /** Closes the connection; the server releases its session locks. Not reported as lost. */
  close(): Promise<void>;
}

export interface TransactionOptions {
  /** Repeatable read gives a consistent snapshot across several reads. */
  isolation?: 'read committed' | 'repeatable read';
}
