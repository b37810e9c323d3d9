import { randomUUID } from 'node:crypto';
import { type Feed, type FeedStatus, feedPollIntervalSeconds, ROOMS } from '@city-ioc/shared';
import Fastify, { type FastifyServerOptions } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { type AlertService, createAlertService } from './alerts/service';
import { applyDueSilences } from './alerts/silencing';
import { createAuthService } from './auth/service';
import type { AppConfig } from './config/env';
import { createCapIngest } from './feeds/cap/ingest';
import { syncFeedHealthAlert } from './feeds/health-alerts';
import { createFeedHealthWatcher } from './feeds/health-watcher';
import { fetchJson, fetchPoll, fetchXml } from './feeds/http-poll/client';
import { createHttpPollRunner } from './feeds/http-poll/run';
import { createIngestService } from './feeds/ingest';
import { createFeedLeases } from './feeds/leases';
import { createMqttFeeds } from './feeds/mqtt/feeds';
import { checkBrokerUrl, checkFeedUrl, type OutboundPolicy } from './feeds/outbound/url-guard';
import { createPollRunners } from './feeds/poll-runners';
import { createFeedScheduler } from './feeds/scheduler';
import { createWebhookDispatcher } from './outbound-webhooks/dispatcher';
import type { RetryPolicy } from './outbound-webhooks/retry-schedule';
import { registerAuth } from './plugins/auth';
import { registerErrorHandling } from './plugins/errors';
import { createMetrics } from './plugins/metrics';
import { registerOpenApi } from './plugins/openapi';
import { connectRedis } from './plugins/redis';
import { registerSecurity } from './plugins/security';
import { socketIoPlugin } from './plugins/socket-io';
import { registerStaticClient } from './plugins/static-client';
import { registerGateway } from './realtime/gateway';
import { createIndicatorDepartments } from './realtime/indicator-departments';
import { isSameOrigin } from './realtime/origin';
import { createEventRelay } from './realtime/relay';
import { adminAuditRoutes } from './routes/admin-audit';
import { adminDisplayTokenRoutes } from './routes/admin-display-tokens';
import { adminFeedRoutes } from './routes/admin-feeds';
import { adminRuleRoutes } from './routes/admin-rules';
import { adminUserRoutes } from './routes/admin-users';
import { adminWebhookRoutes } from './routes/admin-webhooks';
import { alertLifecycleRoutes } from './routes/alert-lifecycle';
import { alertReadingsRoutes } from './routes/alert-readings';
import { alertRoutes } from './routes/alerts';
import { alertExportRoutes } from './routes/alerts-export';
import { authRoutes } from './routes/auth';
import { capOutputRoutes } from './routes/cap-output';
import { cityRoutes } from './routes/city';
import { feedRoutes } from './routes/feeds';
import { indicatorSeriesRoutes } from './routes/indicator-series';
import { pushIngestRoutes } from './routes/ingest-push';
import { webhookIngestRoutes } from './routes/ingest-webhook';
import { metricsRoutes } from './routes/metrics';
import { silenceRoutes } from './routes/silences';
import { systemRoutes } from './routes/system';
import { createAlertRepository } from './store/alert-repository';
import type { Db } from './store/db';
import { createFeedRepository } from './store/feed-repository';

export const VERSION = '0.1.0';

/** Transaction lock of the feed health alerts: processes that noticed one change take turns. */
const FEED_HEALTH_LOCK = 720_250_021;
/** Transaction try-lock of the alert expiry sweep: one process at a time. */
const EXPIRY_SWEEP_LOCK = 720_250_022;
/** How often a process checks for feed edits made through another process. */
const FEED_CONFIG_CHECK_MS = 5_000;

export interface BuildAppOptions {
  config: AppConfig;
  db: Db;
  clock?: () => Date;
  newId?: () => string;
  logger?: FastifyServerOptions['logger'];
  /** Hosts allowed besides FEED_ALLOWED_HOSTS (the demo's own simulator). */
  extraAllowedHosts?: readonly string[];
  /** Extra start-up work before feeds are scheduled (the demo seeds the city here). */
  beforeStart?: (db: Db) => Promise<void>;
  /** Told the generated password of the first `admin` account, to print it once. */
  onAdminCreated?: (password: string) => void;
  /** Outbound webhook retry waits (tests shorten them). */
  webhookRetry?: RetryPolicy;
  /** How often the clock's rules run (no data, area windows, keep-firing-for, escalation). */
  ruleTickMs?: number;
  /** How often feed leases nobody holds are tried (PostgreSQL); 1 s. */
  leaseCheckMs?: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    ioc: {
      db: Db;
      /** Seeds (if asked), starts the event relay and polls every enabled feed. */
      start: () => Promise<void>;
      /** Re-reads feed configuration and restarts polling. */
      reloadFeeds: () => Promise<void>;
      relay: ReturnType<typeof createEventRelay>;
      webhooks: ReturnType<typeof createWebhookDispatcher>;
      ingest: ReturnType<typeof createIngestService>;
      /** Applies maintenance windows whose start has passed (the 15 s sweep; tests call it). */
      applyDueSilences: () => Promise<number>;
      /** Runs the clock's rules once now (the timer does it every `ruleTickMs`; tests call it). */
      tickRules: () => Promise<number>;
      /** The feeds this process polls or subscribes to (its leases). */
      heldFeedIds: () => string[];
    };
  }
}

/**
 * Builds the Fastify app from its parts. Never listens: server.ts (or a test) does. Closing
 * the app stops the scheduler, the relay and Socket.IO; the caller closes the database.
 */
export const buildApp = async ({
  config,
  db,
  clock = () => new Date(),
  newId = randomUUID,
  logger = { level: config.logLevel },
  beforeStart,
  extraAllowedHosts = [],
  onAdminCreated,
  ruleTickMs = 10_000,
  leaseCheckMs = 1_000,
  webhookRetry,
}: BuildAppOptions) => {
  const policy: OutboundPolicy = {
    allowedHosts: [...config.feedAllowedHosts, ...extraAllowedHosts.map((h) => h.toLowerCase())],
  };
  const app = Fastify({
    logger,
    bodyLimit: 5 * 1024 * 1024,
    forceCloseConnections: true,
    trustProxy: config.trustProxy,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  // Several processes share Redis: Socket.IO broadcasts, rate limits, sign-in throttle (ADR 0007).
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, app.log) : null;
  if (redis) app.addHook('onClose', () => redis.close());
  await registerSecurity(app, config.mapStyleUrl, redis?.commands ?? null);
  const metrics = createMetrics();
  const auth = createAuthService({ db, clock, newId });
  // Deny by default: from here on a route without an access rule stops the app from starting.
  await registerAuth(app, auth);

  await app.register(socketIoPlugin, {
    // Cross-site WebSocket hijacking: a page of another site cannot open our socket.
    allowRequest: (req, callback) => callback(null, isSameOrigin(req.headers)),
    ...(redis ? { adapter: redis.adapter } : {}),
  });
  await registerOpenApi(app, VERSION);
  const indicatorDepartments = createIndicatorDepartments(db);

  const alertService = createAlertService({ clock, newId });
  const alerts: AlertService = {
    ...alertService,
    async evaluate(tx, observations) {
      const done = metrics.ruleEvaluationSeconds.startTimer({ kind: 'batch' });
      try {
        return await alertService.evaluate(tx, observations);
      } finally {
        done();
      }
    },
  };
  // Alert events never go through the Socket.IO adapter: every process's relay tails the event
  // log in the database and emits to its own sockets, exactly once per socket (ADR 0003, 0007).
  const eventRelay = createEventRelay({
    db,
    log: app.log,
    emit: (event) => {
      metrics.alertEventsEmitted.inc({ type: event.type });
      app.io.local
        .to([ROOMS.city, ROOMS.department(event.alert.departmentId)])
        .emit('alert:changed', event);
    },
  });
  const webhooks = createWebhookDispatcher({
    db,
    clock,
    policy,
    log: app.log,
    ...(webhookRetry ? { retry: webhookRetry } : {}),
  });
  // Every commit of alert events pokes the relay; the webhook outbox hears the same pokes.
  const relay: typeof eventRelay = {
    ...eventRelay,
    poke: () => {
      void webhooks.poke();
      return eventRelay.poke();
    },
  };
  const ingest = createIngestService({
    db,
    alerts,
    clock,
    onCommitted: ({ stored, events, feedId }) => {
      if (events.length > 0) void relay.poke();
      if (stored.length > 0) {
        metrics.observationsStored.inc({ feed: feedId ?? 'none' }, stored.length);
        const receivedAt = clock().toISOString();
        const values = stored.slice(0, 5_000).map((o) => ({ ...o, receivedAt, feedId }));
        // Observations are stored by one process (the one a feed's lease or a push reached)
        // and broadcast through the adapter to every process's sockets.
        app.io.to(ROOMS.city).emit('observations:recorded', { values });
        // Each department's room gets its own indicators' values only.
        void indicatorDepartments
          .split(values)
          .then((byDepartment) => {
            for (const [departmentId, own] of byDepartment) {
              app.io
                .to(ROOMS.department(departmentId))
                .emit('observations:recorded', { values: own });
            }
          })
          .catch((error) => app.log.warn({ err: error }, 'observations not sent to departments'));
      }
    },
  });
  const capIngest = createCapIngest({ db, clock, newId, onCommitted: () => void relay.poke() });
  // A status written by the process that polled (or was pushed to) reaches every process.
  const publishFeedStatus = (status: FeedStatus) =>
    app.io
      .to([ROOMS.city, ROOMS.department(status.departmentId)])
      .emit('feed:status-changed', status);
  // Every process's health watcher sees the same change in the database: its own sockets only.
  const publishFeedStatusLocally = (status: FeedStatus) =>
    app.io.local
      .to([ROOMS.city, ROOMS.department(status.departmentId)])
      .emit('feed:status-changed', status);
  const runHttpPoll = createHttpPollRunner({
    db,
    policy,
    ingest,
    clock,
    log: app.log,
    onStatus: publishFeedStatus,
  });
  const runOtherPoll = createPollRunners({
    db,
    policy,
    ingest,
    capIngest,
    clock,
    log: app.log,
    onStatus: publishFeedStatus,
  });
  const scheduler = createFeedScheduler({
    runFeed: (feed, signal) =>
      feed.adapter === 'http-poll' ? runHttpPoll(feed, signal) : runOtherPoll(feed, signal),
  });
  const mqttFeeds = createMqttFeeds({
    db,
    ingest,
    policy,
    clock,
    log: app.log,
    onStatus: publishFeedStatus,
  });
  // A feed that goes silent or fails raises an alert for its department; recovery resolves it.
  // Every process notices the same change: the lock makes them take turns, and the first one's
  // alert makes the others' idempotent sync append nothing.
  const syncHealthAlerts = async (statuses: readonly FeedStatus[]) => {
    const events = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [FEED_HEALTH_LOCK]);
      const all = [];
      for (const status of statuses) {
        all.push(...(await syncFeedHealthAlert(tx, status, clock().toISOString(), newId)));
      }
      return all;
    });
    if (events.length > 0) void relay.poke();
  };
  const healthWatcher = createFeedHealthWatcher({
    listStatuses: () => createFeedRepository(db).listStatuses(clock()),
    onChange: (status) => {
      publishFeedStatusLocally(status);
      void syncHealthAlerts([status]).catch((error) =>
        app.log.error({ err: error, feedId: status.feedId }, 'feed health alert failed'),
      );
    },
    onFirstCheck: syncHealthAlerts,
    log: app.log,
  });
  const gateway = registerGateway({
    io: app.io,
    db,
    alerts,
    relay,
    serverId: newId(),
    log: app.log,
    auth,
    parseCookie: (header) => app.parseCookie(header),
  });
  await app.register(authRoutes, { db, auth, clock, redis: redis?.commands ?? null });

  await app.register(systemRoutes, { db, config, version: VERSION });
  await app.register(metricsRoutes, { metrics, auth, token: config.metricsToken });
  await app.register(cityRoutes, { db });
  await app.register(indicatorSeriesRoutes, { db, clock });
  await app.register(alertRoutes, { db, alerts, relay });
  await app.register(alertLifecycleRoutes, { db, relay, clock });
  await app.register(alertReadingsRoutes, { db, clock });
  await app.register(silenceRoutes, { db, relay, clock, newId });
  await app.register(feedRoutes, { db, clock });
  await app.register(webhookIngestRoutes, { db, ingest, clock, onStatus: publishFeedStatus });
  await app.register(pushIngestRoutes, {
    db,
    ingest,
    capIngest,
    clock,
    onStatus: publishFeedStatus,
  });
  await app.register(adminFeedRoutes, {
    db,
    clock,
    checkUrl: (url) => {
      const check = checkFeedUrl(url, policy);
      return check.ok ? null : check.reason;
    },
    checkBrokerUrl: (url) => {
      const check = checkBrokerUrl(url, policy);
      return check.ok ? null : check.reason;
    },
    policy,
    fetchDocument: (url, timeoutMs) => fetchJson(url, { policy, timeoutMs, maxBytes: 10_000_000 }),
    fetchPoll: async (poll) => {
      const answer = await fetchPoll(
        poll.url,
        { format: poll.format, auth: poll.auth },
        { policy, timeoutMs: poll.timeoutMs, maxBytes: 10_000_000 },
      );
      // Without validators a source answers in full; a 304 here would be a broken upstream.
      if (answer.kind === 'unchanged')
        throw new Error('upstream answered 304 to an unconditional request');
      return answer.body;
    },
    fetchXml: (url, timeoutMs) => fetchXml(url, { policy, timeoutMs, maxBytes: 10_000_000 }),
    onFeedsChanged: () => reloadFeeds(),
  });
  await app.register(adminRuleRoutes, { db, clock });
  await app.register(adminUserRoutes, { db, clock, newId });
  await app.register(adminDisplayTokenRoutes, { db, clock, newId });
  await app.register(adminWebhookRoutes, {
    db,
    clock,
    newId,
    checkUrl: (url) => {
      const check = checkFeedUrl(url, policy);
      return check.ok ? null : check.reason;
    },
    sendTest: webhooks.sendTest,
    onQueued: () => void webhooks.poke(),
  });
  await app.register(adminAuditRoutes, { db });
  await app.register(alertExportRoutes, { db, clock });
  await app.register(capOutputRoutes, { db, clock });
  await registerStaticClient(app, config.clientDist);

  // Each feed that polls or subscribes runs in exactly one process: the holder of its lease.
  let configuredFeeds: Feed[] = [];
  let isReloading = false;
  let applying: Promise<void> = Promise.resolve();
  const runHeldFeeds = () => {
    applying = applying.then(async () => {
      const held = leases.held();
      const mine = configuredFeeds.filter((f) => held.has(f.id));
      scheduler.start(mine);
      await mqttFeeds.sync(mine);
    });
    return applying;
  };
  const leases = createFeedLeases({
    ...(db.openSession ? { openSession: db.openSession } : {}),
    checkMs: leaseCheckMs,
    log: app.log,
    onChange: (held) => {
      app.log.info({ feeds: [...held] }, 'feed leases held');
      // During a reload the new configuration is applied once, after the leases.
      if (!isReloading) {
        void runHeldFeeds().catch((error) => app.log.error({ err: error }, 'feeds not started'));
      }
    },
  });
  const needsLease = (feed: Feed) =>
    feed.enabled && (feed.adapter === 'mqtt' || feedPollIntervalSeconds(feed) !== null);
  // The fingerprint of the configuration last applied: an edit made through another process
  // shows as a new one within FEED_CONFIG_CHECK_MS, and this process reloads too.
  let appliedFeeds: string | null = null;
  const reloadFeeds = async () => {
    const repo = createFeedRepository(db);
    appliedFeeds = await repo.configFingerprint();
    const { feeds, invalid } = await repo.listFeeds();
    for (const bad of invalid) app.log.error(bad, 'feed configuration is invalid; not polled');
    isReloading = true;
    try {
      configuredFeeds = feeds;
      await leases.want(feeds.filter(needsLease).map((f) => f.id));
    } finally {
      isReloading = false;
    }
    await runHeldFeeds();
  };
  metrics.connect({
    socketCount: () => app.io.of('/').sockets.size,
    feedStatuses: () => createFeedRepository(db).listStatuses(clock()),
    webhookDeliveries: () =>
      db.query<{ status: string; count: number }>(
        'SELECT status, count(*)::int AS count FROM webhook_deliveries GROUP BY status',
      ),
    leasesHeld: () => leases.held().size,
  });

  const applyDueSilencesNow = async () => {
    const events = await db.transaction((tx) => applyDueSilences(tx, clock().toISOString()));
    if (events.length > 0) void relay.poke();
    return events.length;
  };

  let started = false;
  const tickRules = async () => {
    const done = metrics.ruleEvaluationSeconds.startTimer({ kind: 'tick' });
    const events = await alerts.tick(db).finally(done);
    if (events.length > 0) void relay.poke();
    return events.length;
  };
  app.decorate('ioc', {
    tickRules,
    applyDueSilences: applyDueSilencesNow,
    db,
    relay,
    webhooks,
    ingest,
    reloadFeeds,
    heldFeedIds: () => [...leases.held()],
    async start() {
      if (started) return;
      started = true;
      const admin = await auth.ensureAdmin(config.adminPassword);
      if (admin.password) onAdminCreated?.(admin.password);
      if (beforeStart) await beforeStart(db);
      await relay.start();
      webhooks.start();
      await reloadFeeds();
      leases.start();
      await healthWatcher.start();
    },
  });

  // Alerts that end by themselves (CAP `expires`) are resolved within 15 s of their time, by
  // one process at a time.
  const expirySweep = setInterval(() => {
    void db
      .transaction(async (tx) => {
        const [lock] = await tx.query<{ ok: boolean }>(
          'SELECT pg_try_advisory_xact_lock($1) AS ok',
          [EXPIRY_SWEEP_LOCK],
        );
        return lock?.ok ? createAlertRepository(tx).resolveExpired(clock().toISOString()) : [];
      })
      .then((events) => {
        if (events.length > 0) void relay.poke();
      })
      .catch((error) => app.log.error({ err: error }, 'alert expiry sweep failed'));
  }, 15_000);
  expirySweep.unref();
  // A maintenance window silences the alerts already active within 15 s of its start.
  const silenceSweep = setInterval(() => {
    void applyDueSilencesNow().catch((error) =>
      app.log.error({ err: error }, 'silence sweep failed'),
    );
  }, 15_000);
  silenceSweep.unref();

  // No data, area windows, keep-firing-for, escalation and reminders: one process at a time.
  const ruleTick = setInterval(() => {
    void app.ioc
      .tickRules()
      .catch((error) => app.log.error({ err: error }, 'rule clock evaluation failed'));
  }, ruleTickMs);
  ruleTick.unref();

  // Several processes (PostgreSQL): follow feed edits made through the others.
  const feedConfigWatch = setInterval(() => {
    if (!started || !db.openSession) return;
    void createFeedRepository(db)
      .configFingerprint()
      .then((fingerprint) => (fingerprint === appliedFeeds ? undefined : reloadFeeds()))
      .catch((error) => app.log.error({ err: error }, 'feed configuration check failed'));
  }, FEED_CONFIG_CHECK_MS);
  feedConfigWatch.unref();

  app.addHook('onClose', async () => {
    clearInterval(ruleTick);
    clearInterval(feedConfigWatch);
    clearInterval(expirySweep);
    clearInterval(silenceSweep);
    gateway.stop();
    await scheduler.stop();
    await mqttFeeds.stop();
    // Only once nothing polls any more: another process may take the feeds over.
    await leases.stop();
    await healthWatcher.stop();
    await relay.stop();
    await webhooks.stop();
  });

  return app;
};
export type IocApp = Awaited<ReturnType<typeof buildApp>>;
