import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFeedRepository } from '../src/store/feed-repository';
import { feed, seedBasics } from './fixtures';
import {
  connectClient,
  ENGINES,
  openTestDatabase,
  type RunningApp,
  startApp,
  type TestSocket,
  testConfig,
  waitFor,
} from './helpers';

const TOKEN = 'metrics-token-for-the-tests-1';

/** The value of one sample line (`name{labels} value`) of the exposition text. */
const sample = (text: string, line: string) => {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
};

describe.each(ENGINES)('GET /metrics on %s', (engine) => {
  let running: RunningApp;
  let drop: () => Promise<void>;
  let socket: TestSocket | undefined;

  beforeEach(async () => {
    const opened = await openTestDatabase(engine);
    drop = opened.drop;
    await seedBasics(opened.db);
    running = await startApp(opened.db, { config: testConfig({ metricsToken: TOKEN }) });
  });
  afterEach(async () => {
    socket?.close();
    await running.close();
    await running.db.close();
    await drop();
  });

  const scrape = (authorization?: string) =>
    running.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { cookie: '', ...(authorization ? { authorization } : {}) },
    });

  it('answers a scraper with METRICS_TOKEN and refuses a wrong or missing token', async () => {
    expect((await scrape(`Bearer ${TOKEN}`)).statusCode).toBe(200);
    expect((await scrape(`Bearer ${TOKEN}x`)).statusCode).toBe(401);
    expect((await scrape('Bearer ')).statusCode).toBe(401);
    const missing = await scrape();
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toContain('Bearer');
  });

  it('counts stored observations, alert events, rule evaluation time, sockets and event-loop lag', async () => {
    socket = await connectClient(running.url, running.cookie);
    const events: unknown[] = [];
    socket.on('alert:changed', (e) => events.push(e));
    await running.app.ioc.ingest.ingest('feed:manual', [
      {
        indicatorId: 'water.level_cm',
        subjectId: 'site:wl-01',
        observedAt: '2026-11-23T03:00:00.000Z',
        value: 171,
      },
      {
        indicatorId: 'water.level_cm',
        subjectId: 'site:wl-02',
        observedAt: '2026-11-23T03:00:00.000Z',
        value: 20,
      },
    ]);
    await waitFor(() => events.length === 1, 10_000, 'the raised alert');
    const res = await scrape(`Bearer ${TOKEN}`);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(sample(text, 'ioc_observations_stored_total{feed="feed:manual"}')).toBe(2);
    expect(sample(text, 'ioc_alert_events_emitted_total{type="raised"}')).toBe(1);
    expect(sample(text, 'ioc_rule_evaluation_seconds_count{kind="batch"}')).toBe(1);
    expect(sample(text, 'ioc_sockets_connected')).toBe(1);
    // On PGlite (one process) the leases are local; no feed is configured here.
    expect(sample(text, 'ioc_feed_leases_held')).toBe(0);
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(text).toContain('ioc_webhook_deliveries');
  });

  it('shows each feed in its health state', async () => {
    await createFeedRepository(running.db).upsertFeeds([
      feed('http://127.0.0.1:9/levels', { id: 'feed:off', enabled: false }),
    ]);
    const text = (await scrape(`Bearer ${TOKEN}`)).body;
    expect(sample(text, 'ioc_feed_health{feed="feed:off",state="Disabled"}')).toBe(1);
    expect(sample(text, 'ioc_feed_health{feed="feed:off",state="OK"}')).toBe(0);
  });
});
