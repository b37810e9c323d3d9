import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app';
import { ConfigError, loadConfigFromProcess } from './config/env';
import {
  PORTAL_FEED_ID,
  PORTAL_PUSH_SECONDS,
  TRAFFIC_FEED_ID,
  TRAFFIC_PUSH_SECONDS,
} from './demo/city';
import { seedDemoCity } from './demo/seed';
import { type EmbeddedBroker, startEmbeddedBroker } from './demo-broker/embedded-broker';
import { brokerHostKeyOf } from './feeds/outbound/url-guard';
import { createSimulator } from './simulator/app';
import { startMqttPublisher } from './simulator/mqtt-publisher';
import { startNgsiPusher } from './simulator/ngsi-pusher';
import { SIMULATOR_SEED } from './simulator/payloads';
import { startWebhookPusher } from './simulator/webhook-pusher';
import { openDatabase } from './store/open-db';

/**
 * Process edge: configuration, database, demo simulator, listen, graceful shutdown.
 * The built dashboard sits at ../../client/dist from here (src/ in dev, dist/ when built).
 */
const main = async () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  let config: ReturnType<typeof loadConfigFromProcess>;
  try {
    config = loadConfigFromProcess({ clientDist: path.resolve(here, '../../client/dist') });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }

  const db = await openDatabase(config);
  // Demo secrets are fresh at each start, like a department's would be issued.
  const webhookSecret = `whsec_${randomBytes(32).toString('base64')}`;
  const ngsiToken = randomBytes(24).toString('base64url');
  const simulatorApiKey = randomBytes(24).toString('base64url');
  const simulator = config.isDemo ? createSimulator({ apiKey: simulatorApiKey }) : null;
  let simulatorBaseUrl = '';
  let pushers: { stop: () => Promise<void> }[] = [];
  if (simulator) {
    simulatorBaseUrl = await simulator.listen({ host: '127.0.0.1', port: config.simulatorPort });
  }
  // The demo's rain gauges publish over MQTT: to MQTT_URL when set, else to a broker of its own.
  let embeddedBroker: EmbeddedBroker | null = null;
  let mqttCredentials: { username: string; password: string } | undefined;
  let mqttBrokerUrl: string | undefined;
  if (simulator) {
    if (config.mqttUrl) mqttBrokerUrl = config.mqttUrl;
    else {
      mqttCredentials = {
        username: 'city-ioc-demo',
        password: config.demoMqttPassword ?? randomBytes(24).toString('base64url'),
      };
      embeddedBroker = await startEmbeddedBroker({ port: config.demoMqttPort, ...mqttCredentials });
      mqttBrokerUrl = embeddedBroker.url;
    }
  }

  const app = await buildApp({
    config,
    db,
    // Printed once, on the console only (never logged to files, never stored in clear).
    onAdminCreated: (password) =>
      process.stdout.write(
        `\nFirst start: the administrator account "admin" was created with the password\n\n    ${password}\n\nSign in and change it (or set IOC_ADMIN_PASSWORD before the first start). It is not shown again.\n\n`,
      ),
    // The demo's own simulator runs on loopback: allow exactly that host and port.
    extraAllowedHosts: simulator
      ? [
          new URL(simulatorBaseUrl).host,
          ...(mqttBrokerUrl ? [brokerHostKeyOf(new URL(mqttBrokerUrl))] : []),
        ]
      : [],
    beforeStart: simulator
      ? async (database) => {
          await seedDemoCity(database, {
            simulatorBaseUrl,
            webhookSecret,
            ngsiToken,
            simulatorApiKey,
            ...(mqttBrokerUrl ? { mqttBrokerUrl } : {}),
            ...(mqttCredentials ? { mqttCredentials } : {}),
            sensorIntervalSeconds: config.demoSensorIntervalSeconds,
            slowIntervalSeconds: config.demoSlowIntervalSeconds,
          });
        }
      : undefined,
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    try {
      await Promise.all(pushers.map((p) => p.stop()));
      await app.close();
      await simulator?.close();
      await embeddedBroker?.close();
      await db.close();
    } finally {
      clearTimeout(force);
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  if (simulator) app.log.info({ simulatorBaseUrl }, 'demo city simulator running');
  await app.ioc.start();
  if (simulator) {
    // The simulated portal pushes to this server as any external system would.
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/ingest`;
    pushers = [
      startWebhookPusher({
        targetUrl: `${base}/webhook/${encodeURIComponent(PORTAL_FEED_ID)}`,
        secret: webhookSecret,
        intervalMs: PORTAL_PUSH_SECONDS * 1000,
        seed: SIMULATOR_SEED,
        onError: (message) => app.log.warn(message),
      }),
      startNgsiPusher({
        targetUrl: `${base}/ngsi/${encodeURIComponent(TRAFFIC_FEED_ID)}`,
        token: ngsiToken,
        intervalMs: TRAFFIC_PUSH_SECONDS * 1000,
        seed: SIMULATOR_SEED,
        onError: (message) => app.log.warn(message),
      }),
    ];
    if (mqttBrokerUrl) {
      pushers.push(
        startMqttPublisher({
          brokerUrl: mqttBrokerUrl,
          intervalMs: config.demoSensorIntervalSeconds * 1000,
          seed: SIMULATOR_SEED,
          ...(mqttCredentials ?? {}),
          onError: (message) => app.log.warn(message),
        }),
      );
    }
  }
  app.log.info(
    {
      storage: db.kind,
      dataDir: db.kind === 'pglite' ? config.dataDir : undefined,
      demo: config.isDemo,
    },
    `City IOC ready at http://localhost:${config.port}`,
  );
};

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
