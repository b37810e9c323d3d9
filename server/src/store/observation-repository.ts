import type { LatestValue, Observation } from '@city-ioc/shared';
import type { Queryable } from './db';
import { chunk, toIso, valuesPlaceholders } from './rows';

/** Rows per INSERT: 6 parameters each keeps a statement far below the 65,535 limit. */
const BATCH_ROWS = 2_000;

interface LatestRow {
  indicator_id: string;
  subject_id: string;
  observed_at: unknown;
  value: number;
  feed_id: string | null;
  received_at: unknown;
}

/** The observation time series. Writes are multi-row and idempotent. */
export const createObservationRepository = (db: Queryable) => ({
  /**
   * Stores a batch in multi-row statements (call inside a transaction). A value already stored
   * for the same indicator, subject and time is skipped; returns only the newly stored ones,
   * so that a repeated poll neither stores nor evaluates anything twice.
   */
  async insertBatch(
    observations: readonly Observation[],
    meta: { feedId: string | null; receivedAt: string },
  ): Promise<Observation[]> {
    const inserted: Observation[] = [];
    for (const part of chunk(dedupe(observations), BATCH_ROWS)) {
      const rows = await db.query<LatestRow>(
        `INSERT INTO observations (indicator_id, subject_id, observed_at, value, feed_id, received_at)
         VALUES ${valuesPlaceholders(part.length, 6, ['', '', '::timestamptz', '::float8', '', '::timestamptz'])}
         ON CONFLICT DO NOTHING
         RETURNING indicator_id, subject_id, observed_at, value, feed_id, received_at`,
        part.flatMap((o) => [
          o.indicatorId,
          o.subjectId,
          o.observedAt,
          o.value,
          meta.feedId,
          meta.receivedAt,
        ]),
      );
      if (rows.length === 0) continue;
      // One statement may touch a latest row once: keep the newest value per indicator/subject.
      const newest = new Map<string, LatestRow>();
      for (const r of rows) {
        const key = `${r.indicator_id}\u0000${r.subject_id}`;
        const seen = newest.get(key);
        if (!seen || Date.parse(toIso(seen.observed_at)) < Date.parse(toIso(r.observed_at)))
          newest.set(key, r);
      }
      const latest = [...newest.values()];
      await db.query(
        `INSERT INTO latest_observations (indicator_id, subject_id, observed_at, value, feed_id, received_at)
         VALUES ${valuesPlaceholders(latest.length, 6, ['', '', '::timestamptz', '::float8', '', '::timestamptz'])}
         ON CONFLICT (indicator_id, subject_id) DO UPDATE SET observed_at = excluded.observed_at,
           value = excluded.value, feed_id = excluded.feed_id, received_at = excluded.received_at
         WHERE latest_observations.observed_at < excluded.observed_at`,
        latest.flatMap((r) => [
          r.indicator_id,
          r.subject_id,
          toIso(r.observed_at),
          r.value,
          r.feed_id,
          toIso(r.received_at),
        ]),
      );
      for (const r of rows) {
        inserted.push({
          indicatorId: r.indicator_id,
          subjectId: r.subject_id,
          observedAt: toIso(r.observed_at),
          value: r.value,
        });
      }
    }
    return inserted;
  },

  async listLatest(): Promise<LatestValue[]> {
    const rows = await db.query<LatestRow>(
      `SELECT indicator_id, subject_id, observed_at, value, feed_id, received_at
       FROM latest_observations ORDER BY indicator_id, subject_id`,
    );
    return rows.map(toLatest);
  },

  async listSeries(indicatorId: string, subjectId: string, fromIso: string, toIsoTime: string) {
    const rows = await db.query<{ observed_at: unknown; value: number }>(
      `SELECT observed_at, value FROM observations
       WHERE indicator_id = $1 AND subject_id = $2 AND observed_at >= $3 AND observed_at <= $4
       ORDER BY observed_at`,
      [indicatorId, subjectId, fromIso, toIsoTime],
    );
    return rows.map((r) => ({ observedAt: toIso(r.observed_at), value: r.value }));
  },
});
export type ObservationRepository = ReturnType<typeof createObservationRepository>;

const toLatest = (r: LatestRow): LatestValue => ({
  indicatorId: r.indicator_id,
  subjectId: r.subject_id,
  observedAt: toIso(r.observed_at),
  value: r.value,
  feedId: r.feed_id,
  receivedAt: toIso(r.received_at),
});

/** One statement may not touch the same key twice; keep the last value of a repeated key. */
const dedupe = (observations: readonly Observation[]): Observation[] => {
  const byKey = new Map<string, Observation>();
  for (const o of observations) {
    byKey.set(`${o.indicatorId}\u0000${o.subjectId}\u0000${new Date(o.observedAt).getTime()}`, o);
  }
  return [...byKey.values()];
};
