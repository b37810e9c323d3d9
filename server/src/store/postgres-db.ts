import pg from 'pg';
import type { Db, Queryable, TransactionOptions } from './db';

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
  };
};
