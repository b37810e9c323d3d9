import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { OutboundError } from '../feeds/outbound/safe-fetch';
import type { OutboundPolicy } from '../feeds/outbound/url-guard';
import { signWebhook } from '../feeds/webhook/signature';
import type { Db } from '../store/db';
import { createWebhookRepository, type DueDelivery } from '../store/webhook-repository';
import { matches } from './matches';
import { buildTestBody, buildWebhookBody, webhookMessageId } from './payload';
import { createGuardedPost, type PostWebhook } from './post';
import { afterFailure, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-schedule';

export interface WebhookDispatcherDeps {
  db: Db;
  clock: () => Date;
  policy: OutboundPolicy;
  log: FastifyBaseLogger;
  /** Sends one POST; defaults to the SSRF-guarded client. Tests may pass a fake. */
  fetchImpl?: PostWebhook;
  retry?: RetryPolicy;
  /** A number in [0, 1) for the retry jitter. */
  random?: () => number;
  /** Safety poll for commits this process was not told about, and for due retries. */
  intervalMs?: number;
  /** At most this many deliveries in flight at once. */
  concurrency?: number;
  /** Budget of one delivery attempt. */
  timeoutMs?: number;
}

/** The outcome of one POST, as the delivery log records it. */
export interface AttemptOutcome {
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
}

const USER_AGENT = 'city-ioc-webhooks/1';

/** The three Standard Webhooks headers and the content type of one signed POST. */
const signedHeaders = (id: string, timestamp: number, body: string, secret: string) => ({
  'content-type': 'application/json',
  'user-agent': USER_AGENT,
  'webhook-id': id,
  'webhook-timestamp': String(timestamp),
  'webhook-signature': signWebhook({ id, timestamp, body, secret }),
});

/**
 * The I/O edge of outbound webhooks. A pass (on poke, or every `intervalMs`) first moves
 * newly committed alert events into the outbox (one transaction under an advisory try-lock,
 * see `enqueueNewEvents`), then sends the deliveries that are due, `concurrency` at a time,
 * signed, through the outbound guard. 2xx marks a delivery delivered; anything else is
 * recorded and retried by `retry` until it is `failed`. Sending is at least once: a receiver
 * de-duplicates by `webhook-id`.
 */
export const createWebhookDispatcher = ({
  db,
  clock,
  policy,
  log,
  fetchImpl,
  retry = DEFAULT_RETRY_POLICY,
  random = Math.random,
  intervalMs = 2_000,
  concurrency = 4,
  timeoutMs = 10_000,
}: WebhookDispatcherDeps) => {
  const post = fetchImpl ?? createGuardedPost(policy);
  // A claim outlives the longest attempt, so a crashed process's deliveries come back later.
  const leaseMs = timeoutMs + 30_000;
  const inFlight = new AbortController();
  let draining: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: NodeJS.Timeout | undefined;
  let wakeAt = Number.POSITIVE_INFINITY;
  let stopped = false;

  const attempt = async (
    url: string,
    id: string,
    body: string,
    secret: string,
    signal?: AbortSignal,
  ): Promise<AttemptOutcome> => {
    const started = Date.now();
    const timestamp = Math.floor(clock().getTime() / 1_000);
    try {
      const answer = await post({
        url,
        headers: signedHeaders(id, timestamp, body, secret),
        body,
        timeoutMs,
        ...(signal ? { signal } : {}),
      });
      const ok = answer.status >= 200 && answer.status <= 299;
      return {
        ok,
        status: answer.status,
        error: ok ? null : `receiver answered HTTP ${answer.status}`,
        durationMs: Date.now() - started,
      };
    } catch (error) {
      if (error instanceof OutboundError && error.kind === 'aborted') throw error;
      const message = error instanceof OutboundError ? error.reason : 'the delivery failed';
      if (!(error instanceof OutboundError)) log.warn({ err: error }, 'webhook delivery failed');
      return { ok: false, status: null, error: message, durationMs: Date.now() - started };
    }
  };

  /** Wakes the loop early for a retry due before the next regular pass. */
  const wakeFor = (at: Date) => {
    const dueMs = at.getTime();
    if (stopped || dueMs >= wakeAt) return;
    wakeAt = dueMs;
    if (wake) clearTimeout(wake);
    wake = setTimeout(
      () => {
        wakeAt = Number.POSITIVE_INFINITY;
        void drain();
      },
      Math.max(0, dueMs - clock().getTime()),
    );
    wake.unref();
  };

  const deliver = async (delivery: DueDelivery) => {
    const repo = createWebhookRepository(db);
    let outcome: AttemptOutcome;
    try {
      outcome = await attempt(
        delivery.url,
        webhookMessageId(delivery.event.seq, delivery.subscriptionId),
        buildWebhookBody(delivery.event),
        delivery.secret,
        inFlight.signal,
      );
    } catch {
      // Shutting down: the attempt does not count, and the delivery is due again at once.
      await repo.release(delivery.id, clock().toISOString());
      return;
    }
    const at = clock();
    if (outcome.ok) {
      await repo.recordDelivered(delivery.id, at.toISOString(), outcome.status ?? 0);
      return;
    }
    const decision = afterFailure(delivery.attempts + 1, at, random(), retry);
    await repo.recordFailure(delivery.id, {
      at: at.toISOString(),
      status: outcome.status,
      error: outcome.error ?? 'failed',
      nextAttemptAt: decision.status === 'pending' ? decision.nextAttemptAt.toISOString() : null,
    });
    if (decision.status === 'pending') wakeFor(decision.nextAttemptAt);
    else
      log.warn(
        {
          deliveryId: delivery.id,
          subscriptionId: delivery.subscriptionId,
          seq: delivery.event.seq,
        },
        'webhook delivery failed after its last attempt',
      );
  };

  const passOnce = async () => {
    await db.transaction((tx) =>
      createWebhookRepository(tx).enqueueNewEvents(clock().toISOString(), (subscriptions, event) =>
        subscriptions.filter((s) => matches(s, event)).map((s) => s.id),
      ),
    );
    for (;;) {
      if (stopped) return;
      const now = clock();
      const due = await createWebhookRepository(db).claimDue(
        now.toISOString(),
        new Date(now.getTime() + leaseMs).toISOString(),
        concurrency,
      );
      await Promise.all(due.map(deliver));
      if (due.length < concurrency) return;
    }
  };

  const drain = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (draining) {
      again = true;
      return draining;
    }
    draining = (async () => {
      try {
        do {
          again = false;
          await passOnce();
        } while (again && !stopped);
      } catch (error) {
        log.error({ err: error }, 'webhook dispatch failed; retrying on the next tick');
      } finally {
        draining = null;
      }
    })();
    return draining;
  };

  return {
    start() {
      if (timer || stopped) return;
      timer = setInterval(() => void drain(), intervalMs);
      timer.unref();
      void drain();
    },
    /** Called after a local commit: enqueue and send now rather than at the next tick. */
    poke: () => drain(),
    /**
     * Sends one signed `alert.test` ping to `url` and says what happened. Nothing is stored.
     * The id is random, so a receiver's de-duplication does not swallow a second test.
     */
    sendTest: (url: string, secret: string) =>
      attempt(
        url,
        `test_${randomBytes(12).toString('hex')}`,
        buildTestBody(clock().toISOString()),
        secret,
      ),
    /** Stops the timers, cancels deliveries in flight (they stay pending) and waits for them. */
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (wake) clearTimeout(wake);
      inFlight.abort();
      await draining;
    },
  };
};
export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>;
