import {
  type Feed,
  FeedSchema,
  type FeedStatus,
  feedCadence,
  feedHealth,
  feedPollIntervalSeconds,
} from '@city-ioc/shared';
import type { Queryable } from './db';
import { toIso, toIsoOrNull, toNumber } from './rows';

interface FeedRow {
  id: string;
  name: string;
  adapter: string;
  department_id: string;
  enabled: boolean;
  config: unknown;
  cadence: unknown;
}

const parseFeedRow = (r: FeedRow) =>
  FeedSchema.safeParse({
    id: r.id,
    name: r.name,
    adapter: r.adapter,
    departmentId: r.department_id,
    enabled: r.enabled,
    config: r.config,
    ...(r.cadence ? { cadence: r.cadence } : {}),
  });

interface StatusRow {
  feed_id: string;
  name: string;
  adapter: string;
  department_id: string;
  enabled: boolean;
  config: unknown;
  cadence: unknown;
  created_at: unknown;
  state: FeedStatus['state'];
  last_success_at: unknown;
  last_checked_at: unknown;
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
        `INSERT INTO feeds (id, name, adapter, department_id, enabled, config, cadence)
         VALUES ($1,$2,$3,$4,$5,$6::jsonb,$7::jsonb)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, adapter = excluded.adapter,
           department_id = excluded.department_id, enabled = excluded.enabled,
           config = excluded.config, cadence = excluded.cadence, updated_at = now()`,
        [
          f.id,
          f.name,
          f.adapter,
          f.departmentId,
          f.enabled,
          JSON.stringify(f.config),
          f.cadence ? JSON.stringify(f.cadence) : null,
        ],
      );
      await q.query('INSERT INTO feed_status (feed_id) VALUES ($1) ON CONFLICT DO NOTHING', [f.id]);
    }
  },

  /** Every feed whose stored configuration is valid; an invalid one is reported, not run. */
  async listFeeds(): Promise<{ feeds: Feed[]; invalid: { id: string; reason: string }[] }> {
    const rows = await q.query<FeedRow>(
      'SELECT id, name, adapter, department_id, enabled, config, cadence FROM feeds ORDER BY id',
    );
    const feeds: Feed[] = [];
    const invalid: { id: string; reason: string }[] = [];
    for (const r of rows) {
      const parsed = parseFeedRow(r);
      if (parsed.success) feeds.push(parsed.data);
      else invalid.push({ id: r.id, reason: parsed.error.issues[0]?.message ?? 'invalid' });
    }
    return { feeds, invalid };
  },

  /**
   * A digest of every feed's configuration (id, enabled, config, cadence): processes compare it
   * to notice a feed created, edited, switched or deleted through another process.
   */
  async configFingerprint(): Promise<string> {
    const rows = await q.query<{ digest: string }>(
      `SELECT md5(coalesce(string_agg(
         id || ':' || enabled::text || ':' || config::text || ':' || coalesce(cadence::text, ''),
         '|' ORDER BY id), '')) AS digest
       FROM feeds`,
    );
    return rows[0]?.digest ?? '';
  },

  async getFeed(feedId: string): Promise<Feed | null> {
    const rows = await q.query<FeedRow>(
      'SELECT id, name, adapter, department_id, enabled, config, cadence FROM feeds WHERE id = $1',
      [feedId],
    );
    const parsed = rows[0] ? parseFeedRow(rows[0]) : null;
    return parsed?.success ? parsed.data : null;
  },

  /** Deletes a feed with its status and receipts; its stored observations stay. */
  async deleteFeed(feedId: string): Promise<boolean> {
    const rows = await q.query('DELETE FROM feeds WHERE id = $1 RETURNING id', [feedId]);
    return rows.length > 0;
  },

  async setEnabled(feedId: string, enabled: boolean): Promise<boolean> {
    const rows = await q.query(
      'UPDATE feeds SET enabled = $2, updated_at = now() WHERE id = $1 RETURNING id',
      [feedId, enabled],
    );
    return rows.length > 0;
  },

  /** Every feed's health as of `now` (the state machine in shared/domain/feed-health). */
  async listStatuses(now: Date): Promise<FeedStatus[]> {
    const rows = await q.query<StatusRow>(`${STATUS_SELECT} ORDER BY f.id`);
    return rows.map((r) => toStatus(r, now));
  },

  async getStatus(feedId: string, now: Date): Promise<FeedStatus | null> {
    const rows = await q.query<StatusRow>(`${STATUS_SELECT} WHERE f.id = $1`, [feedId]);
    return rows[0] ? toStatus(rows[0], now) : null;
  },

  /**
   * Records that a feed accepted message `key`; false when it had already (a replay). Call in
   * the transaction that stores the message's data.
   */
  async claimReceipt(feedId: string, key: string, at: string): Promise<boolean> {
    const rows = await q.query(
      `INSERT INTO ingest_receipts (feed_id, key, received_at) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING key`,
      [feedId, key, at],
    );
    return rows.length > 0;
  },

  async recordSuccess(feedId: string, at: string, stored: number) {
    await q.query(
      `UPDATE feed_status SET state = 'OK', last_success_at = $2, consecutive_failures = 0,
         observations_total = observations_total + $3 WHERE feed_id = $1`,
      [feedId, at, stored],
    );
  },

  /** The source answered but had nothing new: clears an error, is not data. */
  async recordChecked(feedId: string, at: string) {
    await q.query(
      `UPDATE feed_status SET last_checked_at = $2, consecutive_failures = 0 WHERE feed_id = $1`,
      [feedId, at],
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

const STATUS_SELECT = `SELECT s.feed_id, f.name, f.adapter, f.department_id, f.enabled, f.config,
    f.cadence, f.created_at, s.last_success_at, s.last_checked_at, s.last_error_at, s.last_error,
    s.consecutive_failures, s.observations_total, s.errors_total
  FROM feed_status s JOIN feeds f ON f.id = s.feed_id`;

const toStatus = (r: StatusRow, now: Date): FeedStatus => {
  const parsed = parseFeedRow({
    id: r.feed_id,
    name: r.name,
    adapter: r.adapter,
    department_id: r.department_id,
    enabled: r.enabled,
    config: r.config,
    cadence: r.cadence,
  });
  const feed = parsed.success ? parsed.data : null;
  const cadence = feed ? feedCadence(feed) : null;
  const lastSuccessAt = toIsoOrNull(r.last_success_at);
  const lastErrorAt = toIsoOrNull(r.last_error_at);
  const lastCheckedAt = toIsoOrNull(r.last_checked_at);
  const health = feedHealth(
    {
      isEnabled: r.enabled,
      cadence,
      lastSuccessAt,
      lastCheckedAt,
      lastErrorAt,
      createdAt: toIso(r.created_at),
    },
    now,
  );
  return {
    feedId: r.feed_id,
    name: r.name,
    departmentId: r.department_id,
    adapter: r.adapter,
    // A stored configuration that no longer validates is an error an administrator must fix.
    state: feed ? health.state : 'Error',
    intervalSeconds: feed ? (feedPollIntervalSeconds(feed) ?? 0) : 0,
    cadence,
    lastSuccessAt,
    lastCheckedAt,
    lastErrorAt,
    lastError: feed ? r.last_error : 'stored configuration is invalid',
    consecutiveFailures: r.consecutive_failures,
    observationsTotal: toNumber(r.observations_total),
    errorsTotal: toNumber(r.errors_total),
  };
};
