import type { AdminFeed, FeedStatus } from '@city-ioc/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feed, seedBasics } from './fixtures';
import { ENGINES, openTestDatabase, type RunningApp, startApp, waitFor } from './helpers';
import { startUpstream } from './upstream';

describe.each(ENGINES)('administering feeds on %s', (engine) => {
  let running: RunningApp;
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let drop: () => Promise<void>;

  beforeEach(async () => {
    upstream = await startUpstream();
    upstream.state.answer = { stations: [{ id: 'wl-01', at: '2026-11-23T03:00:00Z', level: 120 }] };
    const opened = await openTestDatabase(engine);
    drop = opened.drop;
    await seedBasics(opened.db);
    running = await startApp(opened.db, { extraAllowedHosts: [new URL(upstream.url).host] });
  });
  afterEach(async () => {
    await running.close();
    await running.db.close();
    await upstream.close();
    await drop();
  });

  const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    running.app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const count = async () =>
    (await running.db.query<{ n: number }>('SELECT count(*)::int AS n FROM observations'))[0]?.n;

  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://127.1/', 'loopback'],
    ['http://2130706433:8080/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://10.0.0.5/data.json', 'private'],
    ['ftp://example.vn/data.json', ''],
  ])('refuses to save a feed polling %s, with a clear message', async (url, words) => {
    const res = await api('POST', '/api/admin/feeds', { ...feed(url), id: 'feed:bad' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/refused|Invalid|protocol|url/i);
    if (words) expect(res.json().message).toContain(words);
    expect((await api('GET', '/api/admin/feeds')).json()).toEqual([]);
  });

  it('creates a feed that is polled within its interval, shows its health, and audits the change', async () => {
    const created = await api('POST', '/api/admin/feeds', feed(upstream.url));
    expect(created.statusCode).toBe(201);
    await waitFor(async () => (await count()) === 1, 10_000, 'first poll stored');
    // The feed's status is written just after the data's commit.
    const listed = await waitFor(
      async () => {
        const feeds: AdminFeed[] = (await api('GET', '/api/admin/feeds')).json();
        return feeds[0]?.status?.state === 'OK' && feeds;
      },
      10_000,
      'feed OK',
    );
    expect(listed).toHaveLength(1);
    const audit = (await api('GET', '/api/admin/audit?action=feed.')).json();
    expect(audit[0]).toMatchObject({
      action: 'feed.created',
      target: 'feed:water',
      actor: 'admin',
    });
  });

  it('tests a feed once without saving anything, and names unknown indicators and subjects', async () => {
    upstream.state.answer = {
      stations: [
        { id: 'wl-01', at: '2026-11-23T03:00:00Z', level: 130 },
        { id: 'wl-99', at: '2026-11-23T03:00:00Z', level: 'n/a' },
      ],
    };
    const draft = feed(upstream.url);
    draft.config.mapping.values.push({ indicatorId: 'water.unknown', path: 'level' });
    const res = await api('POST', '/api/admin/feeds/test', { feed: draft });
    expect(res.json()).toMatchObject({
      ok: true,
      total: 2,
      unknownIndicators: ['water.unknown'],
      problems: expect.arrayContaining([expect.stringContaining('"level" is not a number')]),
    });
    expect(await count()).toBe(0);
    expect((await api('GET', '/api/admin/feeds')).json()).toEqual([]);
  });

  it('reports a test against an unreachable or refused URL as a failed run', async () => {
    const res = await api('POST', '/api/admin/feeds/test', {
      feed: feed('http://169.254.169.254/'),
    });
    expect(res.json()).toMatchObject({
      ok: false,
      error: expect.stringContaining('169.254.169.254'),
    });
  });

  it('never returns webhook secrets, and keeps them when an edit sends none', async () => {
    const secret = `whsec_${Buffer.from('a-department-secret-for-tests').toString('base64')}`;
    const webhook = {
      id: 'feed:push',
      name: 'Push',
      adapter: 'webhook',
      departmentId: 'dept:TNMT',
      config: {
        secrets: [secret],
        mapping: { itemsPath: '', values: [{ indicatorId: 'water.level_cm', path: 'v' }] },
      },
    };
    expect((await api('POST', '/api/admin/feeds', webhook)).statusCode).toBe(201);
    const edited = await api('PUT', '/api/admin/feeds/feed:push', {
      ...webhook,
      name: 'Renamed',
      config: { mapping: webhook.config.mapping },
    });
    expect(edited.statusCode).toBe(200);
    const everything = JSON.stringify([
      (await api('GET', '/api/admin/feeds')).json(),
      (await api('GET', '/api/admin/audit?action=feed.')).json(),
    ]);
    expect(everything).not.toContain(secret);
    expect(edited.json().feed).toMatchObject({ name: 'Renamed', config: { secretCount: 1 } });
    const stored = await running.db.query<{ config: { secrets: string[] } }>(
      "SELECT config FROM feeds WHERE id = 'feed:push'",
    );
    expect(stored[0]?.config.secrets).toEqual([secret]);
  });

  it('disables, re-enables and deletes a feed', async () => {
    await api('POST', '/api/admin/feeds', feed(upstream.url));
    const disabled = await api('POST', '/api/admin/feeds/feed:water/disable');
    expect((disabled.json().status as FeedStatus).state).toBe('Disabled');
    const hits = upstream.state.hits;
    await new Promise((r) => setTimeout(r, 2_500));
    expect(upstream.state.hits).toBe(hits); // no polling while disabled
    expect((await api('POST', '/api/admin/feeds/feed:water/enable')).statusCode).toBe(200);
    await waitFor(() => upstream.state.hits > hits, 10_000, 'polling again');
    expect((await api('DELETE', '/api/admin/feeds/feed:water')).statusCode).toBe(204);
    expect((await api('GET', '/api/admin/feeds/feed:water')).statusCode).toBe(404);
    const actions = (await api('GET', '/api/admin/audit?action=feed.'))
      .json()
      .map((e: { action: string }) => e.action);
    expect(actions).toEqual(['feed.deleted', 'feed.enabled', 'feed.disabled', 'feed.created']);
  });
});
