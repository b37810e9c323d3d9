/**
 * Child process: the real app (buildApp from server/src) on a fresh database, listening on a
 * loopback port, driven by the benchmark over IPC. Keeping the server in its own process
 * means its event loop, CPU time and RSS are its own, not the clients' or the harness's.
 *
 * Options come as JSON in BENCH_SERVER_OPTS (see ServerOptions).
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type AlertEvent, FeedSchema, type Observation, ROOMS } from '@city-ioc/shared';
import { buildApp } from '../../../server/src/app';
import { loadConfig } from '../../../server/src/config/env';
// The type also brings in the plugin's `app.io` declaration.
import type { IocSocketServer } from '../../../server/src/plugins/socket-io';
import { createFeedRepository } from '../../../server/src/store/feed-repository';
import { seedBasics, site, rule as thresholdRule } from '../../../server/test/fixtures';
import { ADMIN_PASSWORD, RAISE_VALUE, subjectId } from './bench-rule';
import { serveParent } from './child';
import { openFreshStore } from './store';

export interface ServerOptions {
  /** PostgreSQL server URL; undefined or '' for PGlite in a temporary folder. */
  databaseUrl?: string;
  /** Sites `site:b0` … of the bench subjects (water level, threshold rule above 160). */
  subjects: number;
  /** An MQTT feed on this broker, subscribed to `<topicPrefix>/+` (subject from the topic). */
  mqtt?: { url: string; topicPrefix: string };
}

export interface ServerReady {
  type: 'ready';
  url: string;
  cookie: string;
  pid: number;
  storage: string;
}

const options = JSON.parse(process.env.BENCH_SERVER_OPTS ?? '{}') as ServerOptions;

const main = async () => {
  const { db, drop } = await openFreshStore(
    options.databaseUrl ? { databaseUrl: options.databaseUrl } : {},
  );
  await seedBasics(db, {
    sites: Array.from({ length: Math.max(1, options.subjects) }, (_, i) =>
      site({ id: subjectId(i), name: `Bench ${i}` }),
    ),
    rules: [thresholdRule()],
  });
  const mqttHost = options.mqtt ? new URL(options.mqtt.url).host : null;
  if (options.mqtt) {
    await createFeedRepository(db).upsertFeeds([
      FeedSchema.parse({
        id: 'feed:bench-mqtt',
        name: 'Bench MQTT',
        adapter: 'mqtt',
        departmentId: 'dept:TNMT',
        enabled: true,
        cadence: { kind: 'interval', seconds: 60 },
        config: {
          url: options.mqtt.url,
          // A fresh client id per run: a session left on the broker by an earlier run is never reused.
          clientId: `ioc-bench-${randomUUID().slice(0, 8)}`,
          protocolVersion: 5,
          topics: [
            {
              filter: `${options.mqtt.topicPrefix}/+`,
              subjectFromTopicLevel: options.mqtt.topicPrefix.split('/').length,
              mapping: {
                itemsPath: '',
                subjectPrefix: 'site:',
                timePath: 'at',
                values: [{ indicatorId: 'water.level_cm', path: 'level' }],
              },
            },
          ],
        },
      }),
    ]);
  }

  const config = loadConfig({
    DEMO: 'false',
    LOG_LEVEL: 'silent',
    IOC_ADMIN_PASSWORD: ADMIN_PASSWORD,
  });
  const app = await buildApp({
    config,
    db,
    logger: false,
    ...(mqttHost ? { extraAllowedHosts: [mqttHost] } : {}),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  await app.ioc.start();
  const { port } = app.server.address() as AddressInfo;
  const io: IocSocketServer = app.io;
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: 'admin', password: ADMIN_PASSWORD },
  });
  const session = login.cookies.find((c) => c.name === 'ioc_session');
  if (login.statusCode !== 200 || !session) throw new Error(`sign-in failed: ${login.body}`);

  let clockMs = Date.now();
  /** Observation times move forward 1 s per batch, so no two batches share a time. */
  const nextAt = () => {
    clockMs += 1_000;
    return new Date(clockMs).toISOString();
  };
  let cpuMark = process.cpuUsage();

  serveParent(
    {
      /** Ingests one value per subject; `t0` is taken just before the ingest call. */
      async ingest(request) {
        const ids = request.subjects as number[];
        const value = request.value as number;
        const observedAt = nextAt();
        const observations: Observation[] = ids.map((i) => ({
          indicatorId: 'water.level_cm',
          subjectId: subjectId(i),
          observedAt,
          value,
        }));
        const t0 = performance.timeOrigin + performance.now();
        const outcome = await app.ioc.ingest.ingest(null, observations);
        return {
          t0,
          t1: performance.timeOrigin + performance.now(),
          events: outcome.events.length,
        };
      },
      /** Emits `count` copies of a real alert event to the city room, yielding every `burst`. */
      async broadcast(request) {
        const count = request.count as number;
        const burst = request.burst as number;
        const sample = request.sample as AlertEvent;
        const t0 = performance.timeOrigin + performance.now();
        for (let i = 0; i < count; i++) {
          io.local.to(ROOMS.city).emit('alert:changed', { ...sample, seq: sample.seq + i });
          if ((i + 1) % burst === 0) await new Promise((r) => setImmediate(r));
        }
        return { t0, t1: performance.timeOrigin + performance.now() };
      },
      /** One real alert event (raised on subject 0), for the broadcast payload. */
      async sampleEvent() {
        const outcome = await app.ioc.ingest.ingest(null, [
          {
            indicatorId: 'water.level_cm',
            subjectId: subjectId(0),
            observedAt: nextAt(),
            value: RAISE_VALUE,
          },
        ]);
        const event = outcome.events.find((e) => e.type === 'raised');
        if (!event) throw new Error('the bench rule raised no alert');
        return event;
      },
      cpuMark() {
        cpuMark = process.cpuUsage();
        return null;
      },
      /** CPU time (user + system) since the last mark, in ms. */
      cpuSinceMark() {
        const used = process.cpuUsage(cpuMark);
        return (used.user + used.system) / 1000;
      },
      sockets: () => io.of('/').sockets.size,
      gc() {
        (globalThis as { gc?: () => void }).gc?.();
        return null;
      },
    },
    {
      url: `http://127.0.0.1:${port}`,
      cookie: `ioc_session=${session.value}`,
      pid: process.pid,
      storage: db.kind,
    } satisfies Omit<ServerReady, 'type'>,
    async () => {
      await app.close();
      await db.close();
      await drop();
    },
  );
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
