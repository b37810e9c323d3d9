import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { MqttConfig } from '@city-ioc/shared';
import { connect, type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IngestService } from '../src/feeds/ingest';
import { mqttMessageToObservations } from '../src/feeds/mqtt/handle-message';
import {
  createMqttSubscriber,
  type MqttLog,
  type MqttSubscriber,
  type MqttSubscriberState,
} from '../src/feeds/mqtt/subscriber';
import { seedBasics } from './fixtures';
import { ENGINES, openTestDatabase, type RunningApp, startApp, waitFor } from './helpers';

// Against a real Mosquitto. With the binary installed, the test runs its own broker on a free
// loopback port (and restarts it); otherwise, with MQTT_URL, it uses that broker and skips the
// restart test; with neither, everything is skipped and said so.
const MOSQUITTO_BIN = '/usr/sbin/mosquitto';
const hasMosquitto = existsSync(MOSQUITTO_BIN);
const EXTERNAL_URL = process.env.MQTT_URL;
const isRunnable = hasMosquitto || Boolean(EXTERNAL_URL);
if (!isRunnable) {
  console.warn(
    `[integration] neither ${MOSQUITTO_BIN} nor MQTT_URL is available: MQTT tests are SKIPPED.`,
  );
} else if (!hasMosquitto) {
  console.warn(
    '[integration] no mosquitto binary: the MQTT broker-restart test is SKIPPED (MQTT_URL only).',
  );
}

const FEED_ID = 'feed:mqtt-water';
const TOPIC = 'hcmc/water/wl-01/level';
const PASSWORD = 'the-department-broker-password';
const WAIT_MS = 15_000;
const NOW = new Date('2026-11-23T03:00:00Z');
/** A distinct reading time per message, so each message is its own observation. */
const at = (i: number) => new Date(Date.parse('2026-11-23T02:00:00Z') + i * 60_000).toISOString();
const reading = (i: number, level = 100 + i) => JSON.stringify({ at: at(i), level });

/** `promise`, or a failure after `ms`: no wait in this file is unbounded. */
const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

/** A Mosquitto of our own: persistent, restartable on the same port, removed afterwards. */
interface Broker {
  port: number;
  start(): Promise<void>;
  /** SIGTERM, so that it saves its persistence file, and wait for the exit. */
  stop(): Promise<void>;
  destroy(): Promise<void>;
  isRunning(): boolean;
  output(): string;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

const canConnect = (port: number, host = '127.0.0.1') =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, host);
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

const spawnMosquitto = async (): Promise<Broker> => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ioc-mosquitto-'));
  const port = await freePort();
  const configFile = path.join(dir, 'mosquitto.conf');
  writeFileSync(
    configFile,
    [
      // As root, Mosquitto would switch to the 'mosquitto' user, which cannot write our temp dir.
      ...(process.getuid?.() === 0 ? ['user root'] : []),
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence true',
      `persistence_location ${dir}/`,
      'autosave_interval 1',
      `log_dest file ${path.join(dir, 'mosquitto.log')}`,
      'log_type all',
      '',
    ].join('\n'),
  );
  let proc: ChildProcess | null = null;
  let log = '';
  const killOnExit = () => proc?.kill('SIGKILL');
  process.on('exit', killOnExit);

  const broker: Broker = {
    port,
    isRunning: () => proc !== null && proc.exitCode === null && proc.signalCode === null,
    output: () => {
      const file = path.join(dir, 'mosquitto.log');
      return `${log}${existsSync(file) ? readFileSync(file, 'utf8') : ''}`;
    },
    async start() {
      const child = spawn(MOSQUITTO_BIN, ['-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
      proc = child;
      child.on('error', (error) => {
        log += `spawn error: ${error.message}\n`;
      });
      child.stdout?.on('data', (chunk: Buffer) => {
        log += chunk.toString();
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        log += chunk.toString();
      });
      await waitFor(() => canConnect(port), 10_000, `mosquitto listening on ${port}\n${log}`);
    },
    async stop() {
      const child = proc;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      proc = null;
    },
    async destroy() {
      await broker.stop();
      process.off('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await broker.start();
  return broker;
};

/**
 * A loopback TCP proxy in front of the broker, so a test can cut the subscriber's connection
 * (`drop`) or hold it offline (`close` … `open`) while the broker keeps running.
 */
const startProxy = async (target: { host: string; port: number }) => {
  let isOpen = true;
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const server = net.createServer((downstream) => {
    downstream.on('error', () => {});
    if (!isOpen) {
      downstream.destroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    upstream.on('error', () => downstream.destroy());
    downstream.on('close', () => upstream.destroy());
    upstream.on('close', () => downstream.destroy());
    track(downstream);
    track(upstream);
    downstream.pipe(upstream);
    upstream.pipe(downstream);
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const drop = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    url: `mqtt://127.0.0.1:${port}`,
    drop,
    close() {
      isOpen = false;
      drop();
    },
    open() {
      isOpen = true;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        drop();
        server.close(() => resolve());
      }),
  };
};
type Proxy = Awaited<ReturnType<typeof startProxy>>;

const brokerTarget = (broker: Broker | null) => {
  if (broker) return { host: '127.0.0.1', port: broker.port };
  const url = new URL(EXTERNAL_URL as string);
  return { host: url.hostname, port: Number(url.port || 1883) };
};

const mqttConfig = (url: string, clientId: string, protocolVersion: 4 | 5 = 5): MqttConfig => ({
  url,
  clientId,
  protocolVersion,
  username: 'ioc',
  password: PASSWORD,
  topics: [
    {
      filter: 'hcmc/water/+/level',
      mapping: {
        itemsPath: '',
        subjectPrefix: 'site:',
        timePath: 'at',
        values: [{ indicatorId: 'water.level_cm', path: 'level' }],
      },
      subjectFromTopicLevel: 2,
    },
  ],
});

const connectPublisher = async (url: string, clientId: string): Promise<MqttClient> => {
  // A plain mqtt.js client keeps QoS 1 publishes made while offline and sends them on reconnect.
  const client = connect(url, { clientId, protocolVersion: 5, reconnectPeriod: 100 });
  client.on('error', () => {});
  await waitFor(() => client.connected, 10_000, 'publisher connected');
  return client;
};

describe.skipIf(!isRunnable)('MQTT feed against a real Mosquitto', () => {
  let broker: Broker | null = null;
  let run = 0;

  beforeAll(async () => {
    if (hasMosquitto) broker = await spawnMosquitto();
  });
  afterAll(async () => {
    await broker?.destroy();
  });

  describe.each(ENGINES)('on %s', (engine) => {
    let running: RunningApp;
    let drop: () => Promise<void>;
    let proxy: Proxy;
    let publisher: MqttClient;
    let subscribers: MqttSubscriber[] = [];
    let clientId: string;
    /** Every delivery the subscriber handed over, redeliveries included. */
    let deliveries: { topic: string; payload: string }[];
    let states: { state: MqttSubscriberState; reason?: string }[];
    let logLines: unknown[][];
    /** The ingest the subscriber calls; tests wrap it to fail or stall. */
    let ingest: IngestService['ingest'];

    beforeEach(async () => {
      // A failed restart test must not leave the broker down for the next test.
      if (broker && !broker.isRunning()) await broker.start();
      run += 1;
      clientId = `ioc-test-${engine}-${run}-${process.pid}`;
      deliveries = [];
      states = [];
      logLines = [];
      const opened = await openTestDatabase(engine);
      drop = opened.drop;
      await seedBasics(opened.db);
      running = await startApp(opened.db, { clock: () => NOW, logger: { level: 'error' } });
      ingest = (...args) => running.app.ioc.ingest.ingest(...args);
      proxy = await startProxy(brokerTarget(broker));
      publisher = await connectPublisher(
        broker ? `mqtt://127.0.0.1:${broker.port}` : (EXTERNAL_URL as string),
        `${clientId}-pub`,
      );
    });
    afterEach(async () => {
      for (const subscriber of subscribers) await subscriber.stop();
      subscribers = [];
      await publisher.endAsync(true);
      await proxy.stop();
      await running.close();
      await running.db.close();
      await drop();
    });

    const recordingLog: MqttLog = {
      debug: (...args: unknown[]) => void logLines.push(args),
      info: (...args: unknown[]) => void logLines.push(args),
      warn: (...args: unknown[]) => void logLines.push(args),
      error: (...args: unknown[]) => void logLines.push(args),
    };

    /** The subscriber, through the proxy, wired to the app's ingest as the app will do it. */
    const startSubscriber = async (protocolVersion: 4 | 5 = 5) => {
      const config = mqttConfig(proxy.url, clientId, protocolVersion);
      const subscriber = createMqttSubscriber({
        feedId: FEED_ID,
        config,
        log: recordingLog,
        backoff: { initialMs: 100, maxMs: 500 },
        onState: (state, reason) => void states.push({ state, ...(reason ? { reason } : {}) }),
        onMessage: async (topic, payload) => {
          deliveries.push({ topic, payload: payload.toString() });
          const mapped = mqttMessageToObservations(topic, payload, config, NOW.toISOString());
          // Garbage: not JSON, or nothing in it could be mapped. Acknowledged, never stored.
          if (!mapped.ok || (mapped.observations.length === 0 && mapped.rejected > 0)) {
            return 'refuse';
          }
          await ingest(FEED_ID, mapped.observations);
          return 'ack';
        },
      });
      subscribers.push(subscriber);
      await subscriber.start();
      expect(states.at(-1)).toEqual({ state: 'connected' });
      return subscriber;
    };

    /** Resolves on the broker's PUBACK (after its restart, for a publish made while it was down). */
    const publish = (topic: string, payload: string) =>
      within(publisher.publishAsync(topic, payload, { qos: 1 }), WAIT_MS, `PUBACK for ${payload}`);
    const stored = async () =>
      running.db.query<{ observedAt: string; value: number }>(
        `SELECT to_char(observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "observedAt",
                value
           FROM observations
          WHERE indicator_id = 'water.level_cm' AND subject_id = 'site:wl-01' AND feed_id = $1
          ORDER BY observed_at`,
        [FEED_ID],
      );
    const waitForStored = (n: number) =>
      waitFor(async () => (await stored()).length >= n, WAIT_MS, `${n} stored observations`);
    const deliveriesOf = (payload: string) => deliveries.filter((d) => d.payload === payload);

    it('stores messages on matching topics, raises the threshold alert and ignores other topics', async () => {
      await startSubscriber();
      await publish('hcmc/air/aqi-01/level', reading(0));
      await publish(`${TOPIC}/raw`, reading(1));
      await publish(TOPIC, reading(2, 120));
      await publish(TOPIC, reading(3, 171));
      await waitForStored(2);

      expect(await stored()).toEqual([
        { observedAt: at(2), value: 120 },
        { observedAt: at(3), value: 171 },
      ]);
      expect(deliveries.map((d) => d.topic)).toEqual([TOPIC, TOPIC]);
      const alerts = (await running.app.inject('/api/alerts')).json();
      expect(alerts.alerts).toHaveLength(1);
      expect(alerts.alerts[0]).toMatchObject({
        ruleId: 'rule:water-high',
        subjectId: 'site:wl-01',
      });
      expect(JSON.stringify(logLines)).not.toContain(PASSWORD);
    });

    it.each([5, 4] as const)(
      'acknowledges only after the commit (MQTT protocol level %i): a failed store is redelivered and stored once',
      async (protocolVersion) => {
        let failuresLeft = 1;
        ingest = async (...args) => {
          if (failuresLeft > 0) {
            failuresLeft -= 1;
            throw new Error('database is down');
          }
          return running.app.ioc.ingest.ingest(...args);
        };
        const subscriber = await startSubscriber(protocolVersion);
        await publish(TOPIC, reading(1, 171));
        await waitForStored(1);

        expect(await stored()).toEqual([{ observedAt: at(1), value: 171 }]);
        // Delivered twice: the first was never acknowledged, so the broker sent it again after
        // the subscriber dropped and re-opened its connection.
        expect(deliveriesOf(reading(1, 171))).toHaveLength(2);
        expect(subscriber.stats()).toMatchObject({ failed: 1, acked: 1, connects: 2 });
        expect(states.map((s) => s.state)).toContain('error');
        const alerts = (await running.app.inject('/api/alerts')).json();
        expect(alerts.alerts).toHaveLength(1);
      },
    );

    it('does not acknowledge on a later connection when the connection is lost during the store', async () => {
      let release: () => void = () => {};
      const stalled = new Promise<void>((resolve) => {
        release = resolve;
      });
      let isFirst = true;
      let firstStore: Promise<unknown> = Promise.resolve();
      ingest = (...args) => {
        if (!isFirst) return running.app.ioc.ingest.ingest(...args);
        isFirst = false;
        const store = stalled.then(() => running.app.ioc.ingest.ingest(...args));
        firstStore = store;
        return store;
      };
      const subscriber = await startSubscriber();
      await publish(TOPIC, reading(1));
      await waitFor(() => deliveries.length === 1, WAIT_MS, 'first delivery');

      proxy.drop();
      await waitFor(() => states.at(-1)?.state !== 'connected', WAIT_MS, 'subscriber offline');
      release();
      await firstStore; // committed, but its connection is gone: no PUBACK may follow
      await waitFor(() => deliveries.length === 2, WAIT_MS, 'redelivery after reconnect');
      await waitFor(() => subscriber.stats().acked === 1, WAIT_MS, 'acknowledged redelivery');

      expect(await stored()).toEqual([{ observedAt: at(1), value: 101 }]);
      expect(logLines.map(([, message]) => message)).toContain(
        'mqtt connection closed before the acknowledgement: the broker redelivers the message',
      );
      // A sentinel after the redelivery arrives once: nothing else was left unacknowledged.
      await publish(TOPIC, reading(2));
      await waitForStored(2);
      expect(deliveriesOf(reading(1))).toHaveLength(2);
      expect(deliveriesOf(reading(2))).toHaveLength(1);
    });

    it.skipIf(!hasMosquitto)(
      'loses no message published to the persistent session across a broker restart',
      async () => {
        const b = broker as Broker;
        const subscriber = await startSubscriber();
        await publish(TOPIC, reading(0));
        await waitForStored(1);

        // The subscriber goes offline; its session keeps collecting at the broker.
        proxy.close();
        await waitFor(() => states.at(-1)?.state === 'offline', WAIT_MS, 'subscriber offline');
        await publish(TOPIC, reading(1)); // acknowledged by the broker: queued in the session

        await b.stop(); // SIGTERM: Mosquitto saves sessions and queued messages
        // Published while the broker is down: the publisher's client queues them.
        const whileDown = [publish(TOPIC, reading(2)), publish(TOPIC, reading(3))];
        await b.start();
        await Promise.all(whileDown); // the restarted broker acknowledged them
        expect(subscriber.stats().connects).toBe(1); // still offline
        await publish(TOPIC, reading(4));

        proxy.open();
        await waitForStored(5);
        await waitFor(() => states.at(-1)?.state === 'connected', WAIT_MS, 'reconnected');

        expect(await stored()).toEqual(
          [0, 1, 2, 3, 4].map((i) => ({ observedAt: at(i), value: 100 + i })),
        );
        for (const i of [1, 2, 3, 4]) expect(deliveriesOf(reading(i))).toHaveLength(1);
        expect(subscriber.stats()).toMatchObject({ sessionsLost: 0, failed: 0 });
        expect(broker?.output()).toContain('Saving in-memory database');
      },
    );

    it('acknowledges a garbage payload without storing it, and later messages still flow', async () => {
      const first = await startSubscriber();
      await publish(TOPIC, '{"level": 17');
      await publish(TOPIC, 'null');
      await publish(TOPIC, reading(1));
      await waitForStored(1);

      expect(first.stats()).toMatchObject({ refused: 2, acked: 1 });
      expect(await stored()).toEqual([{ observedAt: at(1), value: 101 }]);

      // Acknowledged for good: the session resumes without them. (stop() sends DISCONNECT
      // behind the PUBACKs on the same stream; a dropped socket could lose a PUBACK in flight,
      // and the broker would rightly redeliver.)
      await first.stop();
      const second = await startSubscriber();
      await publish(TOPIC, reading(2));
      await waitForStored(2);
      expect(deliveriesOf('{"level": 17')).toHaveLength(1);
      expect(deliveriesOf('null')).toHaveLength(1);
      expect(deliveriesOf(reading(1))).toHaveLength(1);
      expect(second.stats()).toMatchObject({ refused: 0, acked: 1, failed: 0 });
    });

    it('keeps its session over stop() and start(): messages published meanwhile arrive', async () => {
      const first = await startSubscriber();
      await first.stop();
      subscribers = [];
      await publish(TOPIC, reading(1));
      await publish(TOPIC, reading(2));
      const second = await startSubscriber();
      await waitForStored(2);
      expect(await stored()).toHaveLength(2);
      expect(second.stats()).toMatchObject({ acked: 2, sessionsLost: 0 });
    });

    it('subscribes again when the broker has lost the session', async () => {
      const subscriber = await startSubscriber();
      proxy.close();
      await waitFor(() => states.at(-1)?.state === 'offline', WAIT_MS, 'subscriber offline');
      // Another connection under the same client id with a clean start discards the session,
      // as a broker restart without persistence would.
      const intruder = connect(
        broker ? `mqtt://127.0.0.1:${broker.port}` : (EXTERNAL_URL as string),
        {
          clientId,
          protocolVersion: 5,
          clean: true,
          reconnectPeriod: 0,
        },
      );
      intruder.on('error', () => {});
      await waitFor(() => intruder.connected, WAIT_MS, 'intruder connected');
      await within(intruder.endAsync(), WAIT_MS, 'intruder disconnected');

      proxy.open();
      await waitFor(() => subscriber.stats().sessionsLost === 1, WAIT_MS, 'session lost noticed');
      await waitFor(() => states.at(-1)?.state === 'connected', WAIT_MS, 'subscribed again');
      expect(states.at(-1)).toEqual({
        state: 'connected',
        reason: 'the broker had lost the session',
      });
      await publish(TOPIC, reading(1));
      await waitForStored(1);
      expect(subscriber.stats()).toMatchObject({ acked: 1, connects: 2 });
    });
  });
});

describe('MQTT subscriber without a broker', () => {
  it('starts, keeps retrying with backoff, and stops cleanly when the broker is unreachable', async () => {
    const port = await freePort(); // nothing listens there
    const states: MqttSubscriberState[] = [];
    const subscriber = createMqttSubscriber({
      feedId: FEED_ID,
      config: mqttConfig(`mqtt://127.0.0.1:${port}`, 'ioc-test-unreachable'),
      log: { debug() {}, info() {}, warn() {}, error() {} },
      backoff: { initialMs: 20, maxMs: 80 },
      onState: (state) => void states.push(state),
      onMessage: async () => 'ack',
    });
    await subscriber.start(); // settles on the first failure instead of hanging
    expect(states.slice(0, 2)).toEqual(['connecting', 'error']);
    await waitFor(() => states.filter((s) => s === 'connecting').length >= 4, WAIT_MS, 'retries');
    await subscriber.stop();
    const seen = states.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(states).toHaveLength(seen); // no timer survived stop()
    expect(subscriber.stats().connects).toBe(0);
  });
});
