import type { WebhookFeed } from '@city-ioc/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signWebhook } from '../src/feeds/webhook/signature';
import { createFeedRepository } from '../src/store/feed-repository';
import { seedBasics } from './fixtures';
import { ENGINES, openTestDatabase, type RunningApp, startApp, waitFor } from './helpers';

const OLD_SECRET = `whsec_${Buffer.from('old-secret-of-the-department-0001').toString('base64')}`;
const NEW_SECRET = `whsec_${Buffer.from('new-secret-of-the-department-0002').toString('base64')}`;

const webhookFeed = (o: Partial<WebhookFeed> = {}): WebhookFeed => ({
  id: 'feed:push-water',
  name: 'Đẩy dữ liệu mực nước',
  adapter: 'webhook',
  departmentId: 'dept:TNMT',
  enabled: true,
  cadence: { kind: 'interval', seconds: 60 },
  config: {
    secrets: [OLD_SECRET, NEW_SECRET],
    mapping: {
      itemsPath: '',
      subjectPath: 'station',
      subjectPrefix: 'site:',
      timePath: 'at',
      values: [{ indicatorId: 'water.level_cm', path: 'level' }],
    },
  },
  ...o,
});

describe.each(ENGINES)('signed webhook ingest on %s', (engine) => {
  let running: RunningApp;
  let drop: () => Promise<void>;
  let now = new Date('2026-11-23T03:00:00Z');

  beforeEach(async () => {
    now = new Date('2026-11-23T03:00:00Z');
    const opened = await openTestDatabase(engine);
    drop = opened.drop;
    await seedBasics(opened.db);
    await createFeedRepository(opened.db).upsertFeeds([webhookFeed()]);
    running = await startApp(opened.db, { clock: () => now, logger: { level: 'error' } });
  });
  afterEach(async () => {
    await running.close();
    await running.db.close();
    await drop();
  });

  const post = (
    body: unknown,
    {
      id = 'msg_1',
      secret = NEW_SECRET,
      timestamp = Math.floor(now.getTime() / 1000),
      feedId = 'feed:push-water',
    } = {},
  ) => {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    return running.app.inject({
      method: 'POST',
      url: `/api/ingest/webhook/${feedId}`,
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook({ id, timestamp, body: raw, secret }),
      },
      payload: raw,
    });
  };
  const count = async () =>
    (await running.db.query<{ n: number }>('SELECT count(*)::int AS n FROM observations'))[0]?.n;

  it('stores a signed batch after commit and answers with what it stored', async () => {
    const res = await post([
      { station: 'wl-01', at: '2026-11-23T09:58:00+07:00', level: 120 },
      { station: 'wl-01', at: '2026-11-23T09:59:00+07:00', level: 171 },
    ]);
    expect(res.json()).toMatchObject({ stored: 2 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ stored: 2, duplicate: false, rejected: 0, problems: [] });
    expect(await count()).toBe(2);
    const alerts = (await running.app.inject('/api/alerts')).json();
    expect(alerts.alerts).toHaveLength(1);
  });

  it('stores nothing twice when the same webhook-id is delivered again', async () => {
    const body = { station: 'wl-01', at: '2026-11-23T10:00:00+07:00', level: 100 };
    expect((await post(body, { id: 'msg_42' })).json().duplicate).toBe(false);
    const again = await post({ ...body, level: 101 }, { id: 'msg_42' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ stored: 0, duplicate: true });
    expect(await count()).toBe(1);
  });

  it('accepts both secrets during a rotation', async () => {
    const body = { station: 'wl-01', at: '2026-11-23T10:00:00+07:00', level: 100 };
    expect((await post(body, { id: 'a', secret: OLD_SECRET })).statusCode).toBe(200);
    expect(
      (await post({ ...body, at: '2026-11-23T10:01:00+07:00' }, { id: 'b', secret: NEW_SECRET }))
        .statusCode,
    ).toBe(200);
    expect(await count()).toBe(2);
  });

  it.each([
    [
      'a wrong secret',
      { secret: `whsec_${Buffer.from('someone-else-entirely-000000').toString('base64')}` },
      401,
    ],
    [
      'a timestamp older than five minutes',
      { timestamp: Math.floor(Date.parse('2026-11-23T02:54:00Z') / 1000) },
      401,
    ],
    [
      'a timestamp more than five minutes ahead',
      { timestamp: Math.floor(Date.parse('2026-11-23T03:05:30Z') / 1000) },
      401,
    ],
    ['an unknown feed', { feedId: 'feed:nope' }, 404],
  ])('refuses %s and stores nothing', async (_name, options, status) => {
    const res = await post(
      { station: 'wl-01', at: '2026-11-23T10:00:00+07:00', level: 100 },
      options,
    );
    expect(res.statusCode).toBe(status);
    expect(res.json().message).toBeTruthy();
    expect(await count()).toBe(0);
  });

  it('refuses a tampered body', async () => {
    const raw = JSON.stringify({ station: 'wl-01', at: '2026-11-23T10:00:00+07:00', level: 100 });
    const timestamp = Math.floor(now.getTime() / 1000);
    const res = await running.app.inject({
      method: 'POST',
      url: '/api/ingest/webhook/feed:push-water',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_t',
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook({ id: 'msg_t', timestamp, body: raw, secret: NEW_SECRET }),
      },
      payload: raw.replace('100', '999'),
    });
    expect(res.statusCode).toBe(401);
    expect(await count()).toBe(0);
  });

  it.each([
    ['malformed JSON', '{"station": ', 400],
    [
      'no mappable value',
      { station: 'wl-01', at: '2026-11-23T10:00:00+07:00', level: 'high' },
      422,
    ],
  ])('answers %s with a clear error and stores nothing', async (_name, body, status) => {
    const res = await post(body, { id: `bad-${status}` });
    expect(res.statusCode).toBe(status);
    expect(res.json().message).toBeTruthy();
    expect(await count()).toBe(0);
  });

  it('turns the feed NoData when nothing arrives within its cadence, and OK again when data comes', async () => {
    await post({ station: 'wl-01', at: '2026-11-23T10:00:00+07:00', level: 100 }, { id: 'first' });
    const state = async () =>
      (await running.app.inject('/api/feeds'))
        .json()
        .find((f: { feedId: string }) => f.feedId === 'feed:push-water').state;
    expect(await state()).toBe('OK');
    now = new Date(now.getTime() + 121_000);
    expect(await state()).toBe('NoData');
    // The health watcher raises an alert for the feed's department…
    const healthAlert = async () =>
      (await running.app.inject('/api/alerts?status=all'))
        .json()
        .alerts.find((a: { key: string }) => a.key === 'feed-health:feed:push-water');
    const raised = await waitFor(healthAlert, 12_000, 'feed health alert');
    expect(raised).toMatchObject({
      status: 'open',
      severity: 'Minor',
      departmentId: 'dept:TNMT',
      title: { vi: 'Nguồn dữ liệu không có dữ liệu đúng hạn · Đẩy dữ liệu mực nước' },
    });
    await post({ station: 'wl-01', at: '2026-11-23T10:03:00+07:00', level: 100 }, { id: 'second' });
    expect(await state()).toBe('OK');
    // …and resolves it once data flows again.
    await waitFor(
      async () => (await healthAlert())?.status === 'resolved',
      12_000,
      'health alert resolved',
    );
  });
});
