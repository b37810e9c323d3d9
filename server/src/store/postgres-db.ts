import pg from 'pg';
import type { Db, DbSession, Queryable, TransactionOptions } from './db';

// Return BIGINT (int8) as a JS number: sequences and counters stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

/** Opens a pool on a PostgreSQL server. */
export const openPostgresDb = async (connectionString: string): Promise<Db> => {
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle client's error (server restart) must not crash the process.
  pool.on('error', () => {});
  const client = await pool.connect();
  client.release();
  return {
    kind: 'postgres',
    async query<T>(sql: string, params?: readonly unknown[]) {
      const res = await pool.query(sql, params ? [...params] : undefined);
      return res.rows as T[];
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions) {
      const conn = await pool.connect();
      try {
        await conn.query(
          options?.isolation === 'repeatable read'
            ? 'BEGIN ISOLATION LEVEL REPEATABLE READ'
            : 'BEGIN',
        );
        const result = await fn({
          async query<R>(sql: string, params?: readonly unknown[]) {
            const res = await conn.query(sql, params ? [...params] : undefined);
            return res.rows as R[];
          },
        });
        await conn.query('COMMIT');
        return result;
      } catch (error) {
        await conn.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        conn.release();
      }
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async close() {
      await pool.end();
    },
    openSession: () => openPostgresSession(connectionString),
  };
};

/**
 * The server side of a session notices a vanished peer (a host that lost power, a cut network)
 * only through TCP keepalives, after two hours by the kernel's default. These settings bring it
 * to about 20 s, so the advisory locks of a dead host are released that soon. A process that
 * dies on a live host (crash, OOM, kill -9) has its socket closed by the kernel at once.
 */
const SESSION_KEEPALIVE_SQL = [
  'SET tcp_keepalives_idle = 5',
  'SET tcp_keepalives_interval = 5',
  'SET tcp_keepalives_count = 3',
  'SET tcp_user_timeout = 20000',
].join('; ');

/** A dedicated connection (not from the pool) whose loss is reported once. */
export const openPostgresSession = async (connectionString: string): Promise<DbSession> => {
  const client = new pg.Client({
    connectionString,
    keepAlive: true,
    keepAliveInitialDelayMillis: 5_000,
    connectionTimeoutMillis: 5_000,
    // A query that hangs means the connection is as good as lost: the caller drops it.
    query_timeout: 5_000,
  });
  const listeners: ((error: Error) => void)[] = [];
  let isDone = false;
  const lost = (error: Error) => {
    if (isDone) return;
    isDone = true;
    for (const listener of listeners) listener(error);
  };
  client.on('error', (error) => lost(error));
  client.on('end', () => lost(new Error('the database closed the connection')));
  try {
    await client.connect();
    await client.query(SESSION_KEEPALIVE_SQL);
  } catch (error) {
    isDone = true;
    await client.end().catch(() => {});
    throw error;
  }
  return {
    async query<T>(sql: string, params?: readonly unknown[]) {
      const res = await client.query(sql, params ? [...params] : undefined);
      return res.rows as T[];
    },
    onLost(listener) {
      listeners.push(listener);
    },
    async close() {
      isDone = true;
      // Over a cut network a polite end() waits for TCP to give up: destroy the socket after 2 s.
      let timer: NodeJS.Timeout | undefined;
      const ended = await Promise.race([
        client.end().then(
          () => true,
          () => true,
        ),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), 2_000);
        }),
      ]);
      clearTimeout(timer);
      if (!ended) {
        (
          client as unknown as { connection?: { stream?: { destroy(): void } } }
        ).connection?.stream?.destroy();
      }
    },
  };
};
