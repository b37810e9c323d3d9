import { randomUUID } from 'node:crypto';
import { type FeedStatus, ROOMS } from '@city-ioc/shared';
import Fastify, { type FastifyServerOptions } from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { createAlertService } from './alerts/service';
import { applyDueSilences } from './alerts/silencing';
import { createAuthService } from './auth/service';
import type { AppConfig } from './config/env';
import { createCapIngest } from './feeds/cap/ingest';
import { syncFeedHealthAlert } from './feeds/health-alerts';
import { createFeedHealthWatcher } from './feeds/health-watcher';
import { fetchJson, fetchPoll, fetchXml } from './feeds/http-poll/client';
import { createHttpPollRunner } from './feeds/http-poll/run';
import { createIngestService } from './feeds/ingest';
import { createMqttFeeds } from './feeds/mqtt/feeds';
import { checkBrokerUrl, checkFeedUrl, type OutboundPolicy } from './feeds/outbound/url-guard';
import { createPollRunners } from './feeds/poll-runners';
import { createFeedScheduler } from './feeds/scheduler';
import { createWebhookDispatcher } from './outbound-webhooks/dispatcher';
import type { RetryPolicy } from './outbound-webhooks/retry-schedule';
import { registerAuth } from './plugins/auth';
import { registerErrorHandling } from './plugins/errors';
import { registerOpenApi } from './plugins/openapi';
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
import { pushIngestRoutes } from './routes/ingest-push';
import { webhookIngestRoutes } from './routes/ingest-webhook';
import { silenceRoutes } from './routes/silences';
import { systemRoutes } from './routes/system';
import { createAlertRepository } from './store/alert-repository';
import type { Db } from './store/db';
import { createFeedRepository } from './store/feed-repository';

export const VERSION = '0.1.0';

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
  await registerSecurity(app, config.mapStyleUrl);
  const auth = createAuthService({ db, clock, newId });
  // Deny by default: from here on a route without an access rule stops the app from starting.
  await registerAuth(app, auth);

  await app.register(socketIoPlugin, {
    // Cross-site WebSocket hijacking: a page of another site cannot open our socket.
    allowRequest: (req, callback) => callback(null, isSameOrigin(req.headers)),
  });
  await registerOpenApi(app, VERSION);
  const indicatorDepartments = createIndicatorDepartments(db);

  const alerts = createAlertService({ clock, newId });
  const eventRelay = createEventRelay({
    db,
    log: app.log,
    emit: (event) =>
      app.io.local
        .to([ROOMS.city, ROOMS.department(event.alert.departmentId)])
        .emit('alert:changed', event),
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
        const receivedAt = clock().toISOString();
        const values = stored.slice(0, 5_000).map((o) => ({ ...o, receivedAt, feedId }));
        app.io.local.to(ROOMS.city).emit('observations:recorded', { values });
        // Each department's room gets its own indicators' values only.
        void indicatorDepartments
          .split(values)
          .then((byDepartment) => {
            for (const [departmentId, own] of byDepartment) {
              app.io.local
                .to(ROOMS.department(departmentId))
                .emit('observations:recorded', { values: own });
            }
          })
          .catch((error) => app.log.warn({ err: error }, 'observations not sent to departments'));
      }
    },
  });
  const capIngest = createCapIngest({ db, clock, newId, onCommitted: () => void relay.poke() });
  const publishFeedStatus = (status: FeedStatus) =>
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
  const syncHealthAlerts = async (statuses: readonly FeedStatus[]) => {
    const events = await db.transaction(async (tx) => {
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
      publishFeedStatus(status);
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
  await app.register(authRoutes, { db, auth, clock });

  await app.register(systemRoutes, { db, config, version: VERSION });
  await app.register(cityRoutes, { db });
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

  const reloadFeeds = async () => {
    const { feeds, invalid } = await createFeedRepository(db).listFeeds();
    for (const bad of invalid) app.log.error(bad, 'feed configuration is invalid; not polled');
    scheduler.start(feeds);
    await mqttFeeds.sync(feeds);
  };

  const applyDueSilencesNow = async () => {
    const events = await db.transaction((tx) => applyDueSilences(tx, clock().toISOString()));
    if (events.length > 0) void relay.poke();
    return events.length;
  };

  let started = false;
  const tickRules = async () => {
    const events = await alerts.tick(db);
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
    async start() {
      if (started) return;
      started = true;
      const admin = await auth.ensureAdmin(config.adminPassword);
      if (admin.password) onAdminCreated?.(admin.password);
      if (beforeStart) await beforeStart(db);
      await relay.start();
      webhooks.start();
      await reloadFeeds();
      await healthWatcher.start();
    },
  });

  // Alerts that end by themselves (CAP `expires`) are resolved within 15 s of their time.
  const expirySweep = setInterval(() => {
    void db
      .transaction((tx) => createAlertRepository(tx).resolveExpired(clock().toISOString()))
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

  app.addHook('onClose', async () => {
    clearInterval(ruleTick);
    clearInterval(expirySweep);
    clearInterval(silenceSweep);
    gateway.stop();
    await scheduler.stop();
    await mqttFeeds.stop();
    await healthWatcher.stop();
    await relay.stop();
    await webhooks.stop();
  });

  return app;
};
export type IocApp = Awaited<ReturnType<typeof buildApp>>;
