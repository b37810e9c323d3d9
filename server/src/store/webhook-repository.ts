import type {
  AlertEvent,
  AlertEventType,
  Severity,
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookHealth,
  WebhookSubscription,
} from '@city-ioc/shared';
import { createAlertRepository } from './alert-repository';
import type { Queryable } from './db';
import { toIso, toIsoOrNull, toNumber, valuesPlaceholders } from './rows';

/**
 * Key of the transaction-scoped advisory lock of the outbox: one process at a time moves the
 * cursor, and the others skip their turn (try-lock) instead of waiting.
 */
export const WEBHOOK_OUTBOX_LOCK = 720_250_011;

/** A subscription as stored, without its health. */
export interface WebhookSubscriptionRecord {
  id: string;
  name: string;
  url: string;
  departmentIds: string[];
  minSeverity: Severity;
  eventTypes: AlertEventType[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A delivery that is due, with what sending it needs (the secret included: never log it). */
export interface DueDelivery {
  id: number;
  subscriptionId: string;
  url: string;
  secret: string;
  attempts: number;
  event: AlertEvent;
}

interface SubscriptionRow {
  id: string;
  name: string;
  url: string;
  department_ids: string[];
  min_severity: Severity;
  event_types: AlertEventType[];
  enabled: boolean;
  created_at: unknown;
  updated_at: unknown;
}

const SUBSCRIPTION_COLUMNS = `s.id, s.name, s.url, s.department_ids, s.min_severity, s.event_types,
  s.enabled, s.created_at, s.updated_at`;

const toRecord = (r: SubscriptionRow): WebhookSubscriptionRecord => ({
  id: r.id,
  name: r.name,
  url: r.url,
  departmentIds: r.department_ids ?? [],
  minSeverity: r.min_severity,
  eventTypes: r.event_types ?? [],
  enabled: r.enabled,
  createdAt: toIso(r.created_at),
  updatedAt: toIso(r.updated_at),
});

interface HealthRow {
  last_status: WebhookDeliveryStatus | null;
  last_attempt_at: unknown;
  last_status_code: number | null;
  failed_count: unknown;
  pending_count: unknown;
}

const toHealth = (r: HealthRow): WebhookHealth => ({
  lastStatus: r.last_status ?? null,
  lastAttemptAt: toIsoOrNull(r.last_attempt_at),
  lastStatusCode: r.last_status_code ?? null,
  failedCount: toNumber(r.failed_count ?? 0),
  pendingCount: toNumber(r.pending_count ?? 0),
});

interface DeliveryRow {
  id: unknown;
  subscription_id: string;
  event_seq: unknown;
  alert_id: string;
  event_type: AlertEventType;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: unknown;
  last_attempt_at: unknown;
  last_status: number | null;
  last_error: string | null;
  delivered_at: unknown;
  created_at: unknown;
}

const DELIVERY_COLUMNS = `id, subscription_id, event_seq, alert_id, event_type, status, attempts,
  next_attempt_at, last_attempt_at, last_status, last_error, delivered_at, created_at`;

const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: toNumber(r.id),
  subscriptionId: r.subscription_id,
  eventSeq: toNumber(r.event_seq),
  alertId: r.alert_id,
  eventType: r.event_type,
  status: r.status,
  attempts: r.attempts,
  // Only a pending delivery has a next attempt.
  nextAttemptAt: r.status === 'pending' ? toIsoOrNull(r.next_attempt_at) : null,
  lastAttemptAt: toIsoOrNull(r.last_attempt_at),
  lastStatus: r.last_status,
  lastError: r.last_error,
  deliveredAt: toIsoOrNull(r.delivered_at),
  createdAt: toIso(r.created_at),
});

/** Subscriptions with their delivery health, by name (one, when `id` is given). */
const listWithHealth = async (q: Queryable, id: string | null): Promise<WebhookSubscription[]> => {
  const rows = await q.query<SubscriptionRow & HealthRow>(
    `SELECT ${SUBSCRIPTION_COLUMNS},
            last.status AS last_status, last.last_attempt_at, last.last_status AS last_status_code,
            (SELECT count(*) FROM webhook_deliveries d WHERE d.subscription_id = s.id AND d.status = 'failed') AS failed_count,
            (SELECT count(*) FROM webhook_deliveries d WHERE d.subscription_id = s.id AND d.status = 'pending') AS pending_count
       FROM webhook_subscriptions s
       LEFT JOIN LATERAL (
         SELECT d.status, d.last_attempt_at, d.last_status FROM webhook_deliveries d
          WHERE d.subscription_id = s.id ORDER BY d.id DESC LIMIT 1
       ) last ON true
      WHERE ($1::text IS NULL OR s.id = $1::text)
      ORDER BY s.name, s.id`,
    [id],
  );
  return rows.map((r) => ({ ...toRecord(r), health: toHealth(r) }));
};

/** Outbound webhook subscriptions, their delivery log and the outbox cursor. */
export const createWebhookRepository = (q: Queryable) => ({
  /** Every subscription with its delivery health, by name. Never the secret. */
  list: () => listWithHealth(q, null),

  /** One subscription with its health, or null. Never the secret. */
  find: async (id: string): Promise<WebhookSubscription | null> =>
    (await listWithHealth(q, id))[0] ?? null,

  /** One subscription and its secret (for signing a test ping), or null. */
  async findWithSecret(
    id: string,
  ): Promise<{ subscription: WebhookSubscriptionRecord; secret: string } | null> {
    const rows = await q.query<SubscriptionRow & { secret: string }>(
      `SELECT ${SUBSCRIPTION_COLUMNS}, s.secret FROM webhook_subscriptions s WHERE s.id = $1`,
      [id],
    );
    const row = rows[0];
    return row ? { subscription: toRecord(row), secret: row.secret } : null;
  },

  async insert(record: WebhookSubscriptionRecord, secret: string): Promise<void> {
    await q.query(
      `INSERT INTO webhook_subscriptions (id, name, url, secret, department_ids, min_severity,
         event_types, enabled, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5::text[], $6, $7::text[], $8, $9, $10)`,
      [
        record.id,
        record.name,
        record.url,
        secret,
        record.departmentIds,
        record.minSeverity,
        record.eventTypes,
        record.enabled,
        record.createdAt,
        record.updatedAt,
      ],
    );
  },

  /** Replaces a subscription's settings; a null `secret` keeps the stored one. */
  async update(
    record: Omit<WebhookSubscriptionRecord, 'createdAt'>,
    secret: string | null,
  ): Promise<boolean> {
    const rows = await q.query<{ id: string }>(
      `UPDATE webhook_subscriptions SET name = $2, url = $3, secret = COALESCE($4, secret),
         department_ids = $5::text[], min_severity = $6, event_types = $7::text[], enabled = $8,
         updated_at = $9
       WHERE id = $1 RETURNING id`,
      [
        record.id,
        record.name,
        record.url,
        secret,
        record.departmentIds,
        record.minSeverity,
        record.eventTypes,
        record.enabled,
        record.updatedAt,
      ],
    );
    return rows.length > 0;
  },

  /** Deletes a subscription and its delivery log; the deleted one, or null. */
  async remove(id: string): Promise<WebhookSubscriptionRecord | null> {
    const rows = await q.query<SubscriptionRow>(
      `DELETE FROM webhook_subscriptions s WHERE s.id = $1 RETURNING ${SUBSCRIPTION_COLUMNS}`,
      [id],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  },

  /** A subscription's deliveries, newest first. */
  async deliveries(
    subscriptionId: string,
    filter: { status?: WebhookDeliveryStatus | undefined; limit: number },
  ): Promise<WebhookDelivery[]> {
    const rows = await q.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries
        WHERE subscription_id = $1 AND ($2::text IS NULL OR status = $2::text)
        ORDER BY id DESC LIMIT $3`,
      [subscriptionId, filter.status ?? null, filter.limit],
    );
    return rows.map(toDelivery);
  },

  /**
   * Puts a failed delivery back in the queue, due now, with a fresh set of attempts (the last
   * status and error stay visible until the next attempt). Null when there is no such failed
   * delivery.
   */
  async retry(deliveryId: number, now: string): Promise<WebhookDelivery | null> {
    const rows = await q.query<DeliveryRow>(
      `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $2
        WHERE id = $1 AND status = 'failed' RETURNING ${DELIVERY_COLUMNS}`,
      [deliveryId, now],
    );
    return rows[0] ? toDelivery(rows[0]) : null;
  },

  /**
   * Hands the events committed after the cursor to the outbox: one pending delivery per
   * matching enabled subscription, then moves the cursor past them. Must run in a transaction,
   * so that deliveries and cursor commit together: every event is enqueued exactly once, also
   * across restarts. Sequence order is commit order (EVENT_LOG_LOCK), so nothing committed
   * later can appear behind the cursor. Returns how many deliveries were enqueued, or null when
   * another process holds the outbox.
   */
  async enqueueNewEvents(
    now: string,
    select: (subscriptions: WebhookSubscriptionRecord[], event: AlertEvent) => string[],
    maxEvents = 2_000,
  ): Promise<number | null> {
    const locked = await q.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_xact_lock($1) AS locked',
      [WEBHOOK_OUTBOX_LOCK],
    );
    if (!locked[0]?.locked) return null;
    const cursorRows = await q.query<{ last_seq: unknown }>(
      'SELECT last_seq FROM webhook_outbox_cursor WHERE id = 1 FOR UPDATE',
    );
    let cursor = toNumber(cursorRows[0]?.last_seq ?? 0);
    const start = cursor;
    const subscriptions = (
      await q.query<SubscriptionRow>(
        `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions s WHERE s.enabled`,
      )
    ).map(toRecord);
    const alerts = createAlertRepository(q);
    let enqueued = 0;
    while (cursor - start < maxEvents) {
      const events = await alerts.eventsAfter(cursor, 500);
      const rows: unknown[][] = [];
      for (const event of events) {
        for (const subscriptionId of select(subscriptions, event)) {
          rows.push([subscriptionId, event.seq, event.alert.id, event.type, now, now]);
        }
      }
      for (let i = 0; i < rows.length; i += 1_000) {
        const slice = rows.slice(i, i + 1_000);
        await q.query(
          `INSERT INTO webhook_deliveries (subscription_id, event_seq, alert_id, event_type,
             next_attempt_at, created_at)
           VALUES ${valuesPlaceholders(slice.length, 6)}
           ON CONFLICT (subscription_id, event_seq) DO NOTHING`,
          slice.flat(),
        );
      }
      enqueued += rows.length;
      const last = events.at(-1);
      if (last) cursor = last.seq;
      if (events.length < 500) break;
    }
    if (cursor !== start) {
      await q.query('UPDATE webhook_outbox_cursor SET last_seq = $1 WHERE id = 1', [cursor]);
    }
    return enqueued;
  },

  /**
   * Claims up to `limit` due deliveries of enabled subscriptions: their next attempt moves to
   * `leaseUntil`, so another process (or this one, after a crash) only tries them again once
   * the lease has run out. Rows another transaction is claiming are skipped.
   */
  async claimDue(now: string, leaseUntil: string, limit: number): Promise<DueDelivery[]> {
    const rows = await q.query<{
      id: unknown;
      subscription_id: string;
      attempts: number;
      url: string;
      secret: string;
      seq: unknown;
      type: AlertEventType;
      at: unknown;
      snapshot: AlertEvent['alert'];
    }>(
      `WITH due AS (
         SELECT d.id FROM webhook_deliveries d
           JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.enabled
          WHERE d.status = 'pending' AND d.next_attempt_at <= $1
          ORDER BY d.next_attempt_at, d.id
          LIMIT $3
          FOR UPDATE OF d SKIP LOCKED
       ), claimed AS (
         UPDATE webhook_deliveries d SET next_attempt_at = $2 FROM due WHERE d.id = due.id
         RETURNING d.id, d.subscription_id, d.attempts, d.event_seq
       )
       SELECT c.id, c.subscription_id, c.attempts, s.url, s.secret, e.seq, e.type, e.at, e.snapshot
         FROM claimed c
         JOIN webhook_subscriptions s ON s.id = c.subscription_id
         JOIN alert_events e ON e.seq = c.event_seq
        ORDER BY c.id`,
      [now, leaseUntil, limit],
    );
    return rows.map((r) => ({
      id: toNumber(r.id),
      subscriptionId: r.subscription_id,
      url: r.url,
      secret: r.secret,
      attempts: r.attempts,
      event: {
        seq: toNumber(r.seq),
        type: r.type,
        at: toIso(r.at),
        alert: r.snapshot,
      },
    }));
  },

  async recordDelivered(id: number, at: string, status: number): Promise<void> {
    await q.query(
      `UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1,
         last_attempt_at = $2, last_status = $3, last_error = NULL, delivered_at = $2
       WHERE id = $1`,
      [id, at, status],
    );
  },

  /** A failed attempt: `nextAttemptAt` null marks the delivery failed for good. */
  async recordFailure(
    id: number,
    attempt: { at: string; status: number | null; error: string; nextAttemptAt: string | null },
  ): Promise<void> {
    await q.query(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = $2,
         last_status = $3, last_error = $4,
         status = CASE WHEN $5::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
         next_attempt_at = COALESCE($5::timestamptz, next_attempt_at)
       WHERE id = $1`,
      [id, attempt.at, attempt.status, attempt.error.slice(0, 1_000), attempt.nextAttemptAt],
    );
  },

  /** Gives back a claim without counting an attempt (the process is shutting down). */
  async release(id: number, now: string): Promise<void> {
    await q.query(
      `UPDATE webhook_deliveries SET next_attempt_at = $2 WHERE id = $1 AND status = 'pending'`,
      [id, now],
    );
  },
});
export type WebhookRepository = ReturnType<typeof createWebhookRepository>;
