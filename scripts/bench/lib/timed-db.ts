import type { Db, Queryable } from '../../../server/src/store/db';

interface QueryStats {
  count: number;
  ms: number;
  rows: number;
}

/** The statement's first words, whitespace collapsed, as its name in the breakdown. */
const nameOf = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 90);

/**
 * Wraps a Db so that, while `isTiming`, the time and row count of every statement run inside
 * a transaction (the ingest's) is summed per statement text. Answers "which queries does a
 * batch spend its time in", which a CPU profile of WASM PGlite cannot tell. Statements outside
 * transactions are not timed: on PGlite their time would mostly be the wait for its one
 * connection, held by the ingest meanwhile.
 */
export const timeQueries = (db: Db) => {
  const stats = new Map<string, QueryStats>();
  const state = { isTiming: false };
  const timed = async <T>(sql: string, run: () => Promise<T[]>): Promise<T[]> => {
    if (!state.isTiming) return run();
    const t = performance.now();
    const rows = await run();
    const name = nameOf(sql);
    const s = stats.get(name) ?? { count: 0, ms: 0, rows: 0 };
    s.count += 1;
    s.ms += performance.now() - t;
    s.rows += rows.length;
    stats.set(name, s);
    return rows;
  };
  const wrap = (q: Queryable): Queryable => ({
    query: <T>(sql: string, params?: readonly unknown[]) =>
      timed(sql, () => q.query<T>(sql, params)),
  });
  const wrapped: Db = {
    ...db,
    kind: db.kind,
    query: (sql, params) => db.query(sql, params),
    transaction: (fn, options) => db.transaction((tx) => fn(wrap(tx)), options),
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
  };
  return {
    db: wrapped,
    state,
    /** The statements by total time, largest first. */
    top(n = 8) {
      return [...stats.entries()]
        .sort((a, b) => b[1].ms - a[1].ms)
        .slice(0, n)
        .map(([sql, s]) => ({ sql, ...s }));
    },
  };
};
