import { type Feed, FeedSchema, type FeedStatus } from '@city-ioc/shared';
import type { Queryable } from './db';
import { toIsoOrNull, toNumber } from './rows';

interface FeedRow {
  id: string;
  name: string;
  adapter: string;
  department_id: string;
  enabled: boolean;
  config: unknown;
}

interface StatusRow {
  feed_id: string;
  name: string;
  department_id: string;
  enabled: boolean;
  config: { intervalSeconds?: number };
  state: FeedStatus['state'];
  last_success_at: unknown;
  last_error_at: unknown;
  last_error: string | null;
  consecutive_failures: number;
  observations_total: unknown;
  errors_total: unknown;
}

/** Feed configuration and health counters. */
export const createFeedRepository = (q: Queryable) => ({
  async upsertFeeds(feeds: readonly Feed[]) {
    for (const f of feeds) {
      await q.query(
        `INSERT INTO feeds (id, name, adapter, department_id, enabled, config)
         VALUES ($1,$2,$3,$4,$5,$6::jsonb)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, adapter = excluded.adapter,
           department_id = excluded.department_id, enabled = excluded.enabled,
           config = excluded.config, updated_at = now()`,
        [f.id, f.name, f.adapter, f.departmentId, f.enabled, JSON.stringify(f.config)],
      );
      await q.query('INSERT INTO feed_status (feed_id) VALUES ($1) ON CONFLICT DO NOTHING', [f.id]);
    }
  },

  /** Every feed whose stored configuration is valid; an invalid one is reported, not run. */
  async listFeeds(): Promise<{ feeds: Feed[]; invalid: { id: string; reason: string }[] }> {
    const rows = await q.query<FeedRow>(
      'SELECT id, name, adapter, department_id, enabled, config FROM feeds ORDER BY id',
    );
    const feeds: Feed[] = [];
    const invalid: { id: string; reason: string }[] = [];
    for (const r of rows) {
      const parsed = FeedSchema.safeParse({
        id: r.id,
        name: r.name,
        adapter: r.adapter,
        departmentId: r.department_id,
        enabled: r.enabled,
        config: r.config,
      });
      if (parsed.success) feeds.push(parsed.data);
      else invalid.push({ id: r.id, reason: parsed.error.issues[0]?.message ?? 'invalid' });
    }
    return { feeds, invalid };
  },

  async listStatuses(): Promise<FeedStatus[]> {
    const rows = await q.query<StatusRow>(
      `SELECT s.feed_id, f.name, f.department_id, f.enabled, f.config, s.state, s.last_success_at,
              s.last_error_at, s.last_error, s.consecutive_failures, s.observations_total, s.errors_total
       FROM feed_status s JOIN feeds f ON f.id = s.feed_id ORDER BY f.id`,
    );
    return rows.map(toStatus);
  },

  async getStatus(feedId: string): Promise<FeedStatus | null> {
    const rows = await q.query<StatusRow>(
      `SELECT s.feed_id, f.name, f.department_id, f.enabled, f.config, s.state, s.last_success_at,
              s.last_error_at, s.last_error, s.consecutive_failures, s.observations_total, s.errors_total
       FROM feed_status s JOIN feeds f ON f.id = s.feed_id WHERE f.id = $1`,
      [feedId],
    );
    return rows[0] ? toStatus(rows[0]) : null;
  },

  async recordSuccess(feedId: string, at: string, stored: number) {
    await q.query(
      `UPDATE feed_status SET state = 'OK', last_success_at = $2, consecutive_failures = 0,
         observations_total = observations_total + $3 WHERE feed_id = $1`,
      [feedId, at, stored],
    );
  },

  async recordFailure(feedId: string, at: string, reason: string) {
    await q.query(
      `UPDATE feed_status SET state = 'Error', last_error_at = $2, last_error = $3,
         consecutive_failures = consecutive_failures + 1, errors_total = errors_total + 1
       WHERE feed_id = $1`,
      [feedId, at, reason.slice(0, 500)],
    );
  },
});
export type FeedRepository = ReturnType<typeof createFeedRepository>;

const toStatus = (r: StatusRow): FeedStatus => ({
  feedId: r.feed_id,
  name: r.name,
  departmentId: r.department_id,
  state: r.enabled ? r.state : 'Disabled',
  intervalSeconds: Number(r.config?.intervalSeconds ?? 0),
  lastSuccessAt: toIsoOrNull(r.last_success_at),
  lastErrorAt: toIsoOrNull(r.last_error_at),
  lastError: r.last_error,
  consecutiveFailures: r.consecutive_failures,
  observationsTotal: toNumber(r.observations_total),
  errorsTotal: toNumber(r.errors_total),
});
