import type { AdminFeed, FeedInput, FeedStatus } from '@city-ioc/shared';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EmbeddedBroker, startEmbeddedBroker } from '../src/demo-broker/embedded-broker';
import { seedBasics } from './fixtures';
import { ENGINES, openTestDatabase, type RunningApp, startApp, waitFor } from './helpers';

const USER = 'ioc';
const PASSWORD = 'broker-pass-7c1d9e4a';
const EXTERNAL_URL = process.env.MQTT_URL;

interface BrokerCase {
  name: string;
  protocolVersion: 4 | 5;
  start: () => Promise<{ url: string; close: () => Promise<void>; needsAuth: boolean }>;
}

/** The demo's embedded broker (always), and the real one (MQTT 5) when MQTT_URL is set. */
const BROKERS: BrokerCase[] = [
  {
    name: 'the embedded demo broker (aedes, MQTT 3.1.1)',
    protocolVersion: 4,
    start: async () => {
      const broker: EmbeddedBroker = await startEmbeddedBroker({
        port: 0,
        username: USER,
        password: PASSWORD,
      });
      return { url: broker.url, close: broker.close, needsAuth: true };
    },
  },
];
if (EXTERNAL_URL) {
  BROKERS.push({
    name: `the broker at MQTT_URL (MQTT 5)`,
    protocolVersion: 5,
    start: async () => ({ url: EXTERNAL_URL, close: async () => {}, needsAuth: false }),
  });
} else {
  console.warn(
    '[integration] MQTT_URL is not set: MQTT feed tests run on the embedded broker only.',
  );
}

const cases = ENGINES.flatMap((engine) => BROKERS.map((broker) => ({ engine, broker })));

describe.each(cases)(
  'MQTT feeds through the app on $engine with $broker.name',
  ({ engine, broker }) => {
    let running: RunningApp;
    let drop: () => Promise<void>;
    let brokerUrl: string;
    let closeBroker: () => Promise<void>;
    let needsAuth: boolean;
    let publisher: MqttClient;
    // Unique per run: a real broker keeps sessions and retained messages between runs.
    const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const topicRoot = `test/${run}/water`;

    beforeEach(async () => {
      ({ url: brokerUrl, close: closeBroker, needsAuth } = await broker.start());
      const opened = await openTestDatabase(engine);
      drop = opened.drop;
      await seedBasics(opened.db);
      running = await startApp(opened.db, {
        extraAllowedHosts: [new URL(brokerUrl).host],
        ...(process.env.DEBUG_MQTT ? { logger: { level: 'debug' } } : {}),
      });
      publisher = await connectAsync(brokerUrl, {
        clientId: `test-publisher-${run}`,
        ...(needsAuth ? { username: USER, password: PASSWORD } : {}),
        reconnectPeriod: 0,
      });
    });
    afterEach(async () => {
      await publisher.endAsync();
      await running.close();
      await running.db.close();
      await drop();
      await closeBroker();
    });

    const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
      running.app.inject({
        method,
        url,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    const feedInput = (o: Partial<FeedInput> = {}): FeedInput =>
      ({
        id: 'feed:mqtt-water',
        name: 'Cảm biến mực nước (MQTT)',
        departmentId: 'dept:TNMT',
        enabled: true,
        adapter: 'mqtt',
        cadence: { kind: 'interval', seconds: 60 },
        config: {
          url: brokerUrl,
          clientId: `city-ioc-test-${run}`,
          protocolVersion: broker.protocolVersion,
          ...(needsAuth ? { username: USER, password: PASSWORD } : {}),
          topics: [
            {
              filter: `${topicRoot}/+/level`,
              subjectFromTopicLevel: 3,
              mapping: {
                itemsPath: '',
                subjectPrefix: 'site:',
                timePath: 'at',
                values: [{ indicatorId: 'water.level_cm', path: 'level' }],
              },
            },
          ],
        },
        ...o,
      }) as FeedInput;
    const values = async () =>
      (
        await running.db.query<{ value: number }>(
          'SELECT value FROM observations ORDER BY observed_at',
        )
      ).map((r) => Number(r.value));
    const status = async (): Promise<FeedStatus | null | undefined> =>
      ((await api('GET', '/api/admin/feeds')).json() as AdminFeed[])[0]?.status;
    const publish = (level: number | string, minute: number, station = 'wl-01') =>
      publisher.publishAsync(
        `${topicRoot}/${station}/level`,
        typeof level === 'string'
          ? level
          : JSON.stringify({ level, at: `2026-11-23T03:${String(minute).padStart(2, '0')}:00Z` }),
        { qos: 1 },
      );
    const connected = () =>
      waitFor(
        async () => (await status())?.lastCheckedAt != null,
        10_000,
        'feed connected and subscribed',
      );

    it('stores what the topics carry, shows health, and never answers the password', async () => {
      const created = await api('POST', '/api/admin/feeds', feedInput());
      expect(created.statusCode).toBe(201);
      expect(created.body).not.toContain(PASSWORD);
      expect(created.json().feed.config.hasPassword).toBe(needsAuth);
      await connected();
      await publish(120, 1);
      await publish(165, 2);
      await waitFor(async () => (await values()).length === 2, 10_000, 'two readings stored');
      expect(await values()).toEqual([120, 165]);
      await waitFor(async () => (await status())?.state === 'OK', 5_000, 'feed OK');
      expect((await status())?.observationsTotal).toBe(2);
      // The threshold rule (above 160) fired on the second reading.
      const alerts = await running.db.query<{ n: number }>('SELECT count(*)::int AS n FROM alerts');
      expect(alerts[0]?.n).toBe(1);

      // A message that can never be stored is acknowledged, stores nothing and is shown.
      await publish('{"level": oops', 3);
      await waitFor(async () => (await status())?.state === 'Error', 5_000, 'feed Error');
      expect((await status())?.lastError).toContain('not valid JSON');
      await publish(130, 4);
      await waitFor(async () => (await values()).length === 3, 10_000, 'reading after garbage');
      await waitFor(async () => (await status())?.state === 'OK', 5_000, 'feed OK again');
    });

    it('keeps its session while disabled: messages published meanwhile arrive once re-enabled', async () => {
      await api('POST', '/api/admin/feeds', feedInput());
      await connected();
      await publish(101, 10);
      await waitFor(async () => (await values()).length === 1, 10_000, 'first reading');
      expect((await api('POST', '/api/admin/feeds/feed:mqtt-water/disable')).statusCode).toBe(200);
      await publish(102, 11);
      await publish(103, 12);
      await new Promise((r) => setTimeout(r, 500));
      expect(await values()).toEqual([101]);
      expect((await api('POST', '/api/admin/feeds/feed:mqtt-water/enable')).statusCode).toBe(200);
      await waitFor(async () => (await values()).length === 3, 10_000, 'queued readings');
      expect(await values()).toEqual([101, 102, 103]);
    });

    it('tests the feed by listening on the broker, with the stored password', async () => {
      await api('POST', '/api/admin/feeds', { ...feedInput(), enabled: false });
      await publisher.publishAsync(
        `${topicRoot}/wl-01/level`,
        JSON.stringify({ level: 142, at: '2026-11-23T03:30:00Z' }),
        { qos: 1, retain: true },
      );
      const { password: _omitted, ...config } = (
        feedInput() as Extract<FeedInput, { adapter: 'mqtt' }>
      ).config;
      const tested = await api('POST', '/api/admin/feeds/test', {
        feed: { ...feedInput(), config },
      });
      expect(tested.json()).toMatchObject({
        ok: true,
        total: 1,
        observations: [{ subjectId: 'site:wl-01', value: 142 }],
      });
      expect(await values()).toEqual([]);
      // Clear the retained message.
      await publisher.publishAsync(`${topicRoot}/wl-01/level`, '', { qos: 1, retain: true });
    });
  },
);

describe.each(ENGINES)('MQTT broker URLs on %s', (engine) => {
  let running: RunningApp;
  let drop: () => Promise<void>;

  beforeEach(async () => {
    const opened = await openTestDatabase(engine);
    drop = opened.drop;
    await seedBasics(opened.db);
    running = await startApp(opened.db);
  });
  afterEach(async () => {
    await running.close();
    await running.db.close();
    await drop();
  });

  it.each([
    ['mqtt://169.254.169.254:1883', 'link-local'],
    ['mqtt://127.0.0.1:1883', 'loopback'],
    ['mqtt://10.1.2.3', 'private'],
    ['mqtt://localhost:1883', 'loopback'],
    ['mqtt://ioc:secret@broker.example.vn:1883', 'username and password'],
    ['http://broker.example.vn:1883', 'mqtt://host:port'],
  ])('refuses a feed on %s with a clear message', async (url, words) => {
    const res = await running.app.inject({
      method: 'POST',
      url: '/api/admin/feeds',
      payload: {
        id: 'feed:mqtt-bad',
        name: 'Bad broker',
        departmentId: 'dept:TNMT',
        adapter: 'mqtt',
        config: {
          url,
          clientId: 'city-ioc-bad',
          topics: [
            {
              filter: 'a/+',
              mapping: { itemsPath: '', values: [{ indicatorId: 'water.level_cm', path: 'v' }] },
            },
          ],
        },
      },
    });
    expect(res.statusCode).toBe(400);
    // Schema refusals name the field in `issues`; address refusals are the message itself.
    expect(JSON.stringify(res.json())).toContain(words);
    expect((await running.app.inject({ method: 'GET', url: '/api/admin/feeds' })).json()).toEqual(
      [],
    );
  });
});
