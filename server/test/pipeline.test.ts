import type { AlertEvent, FeedStatus } from '@city-ioc/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { feed, seedBasics } from './fixtures';
import {
  connectClient,
  ENGINES,
  openTestDatabase,
  type RunningApp,
  startApp,
  type TestSocket,
  waitFor,
} from './helpers';
import { startUpstream } from './upstream';

const at = (s: number) => new Date(Date.UTC(2026, 10, 23, 3, 0, s)).toISOString();

describe.each(ENGINES)('feed → rule → alert → socket on %s', (engine) => {
  let running: RunningApp;
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let drop: () => Promise<void>;
  const sockets: TestSocket[] = [];

  beforeEach(async () => {
    upstream = await startUpstream();
    const opened = await openTestDatabase(engine);
    drop = opened.drop;
    await seedBasics(opened.db, { feeds: [feed(upstream.url)] });
    running = await startApp(opened.db, { extraAllowedHosts: [new URL(upstream.url).host] });
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    await running.close();
    await running.db.close();
    await upstream.close();
    await drop();
  });

  const client = async () => {
    const s = await connectClient(running.url, running.cookie);
    sockets.push(s);
    return s;
  };
  const record = (socket: TestSocket) => {
    const events: AlertEvent[] = [];
    socket.on('alert:changed', (e) => events.push(e));
    return events;
  };

  it('polls the upstream, stores the values once, fires the rule and streams the alert with its sequence', async () => {
    const watcher = await client();
    const seen = record(watcher);
    upstream.state.answer = { stations: [{ id: 'wl-01', at: at(0), level: 172 }] };

    const event = await waitFor(() => seen[0], 10_000, 'alert:changed');
    expect(event).toMatchObject({
      seq: 1,
      type: 'raised',
      alert: {
        key: 'rule:rule:water-high:site:wl-01',
        severity: 'Severe',
        status: 'open',
        value: 172,
        threshold: 160,
        position: [106.7, 10.76],
        title: { vi: 'Mực nước vượt báo động · Trạm Phú An' },
      },
    });

    // The same answer polled again stores nothing new and raises nothing new.
    const hits = upstream.state.hits;
    await waitFor(() => upstream.state.hits >= hits + 2, 10_000, 'two more polls');
    const count = await running.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM observations',
    );
    expect(count[0]?.n).toBe(1);
    expect(seen).toHaveLength(1);

    // The value falls past the clear level: the alert resolves, as event 2.
    upstream.state.answer = { stations: [{ id: 'wl-01', at: at(30), level: 140 }] };
    const resolved = await waitFor(() => seen[1], 10_000, 'resolved event');
    expect(resolved).toMatchObject({
      seq: 2,
      type: 'resolved',
      alert: { status: 'resolved', version: 2 },
    });

    const latest = (await running.app.inject('/api/observations/latest')).json();
    expect(latest).toEqual([
      expect.objectContaining({ subjectId: 'site:wl-01', value: 140, observedAt: at(30) }),
    ]);
  });

  it('shows an acknowledgement by one client to every other client, and refuses an invalid request', async () => {
    const operatorA = await client();
    const operatorB = await client();
    const seenByB = record(operatorB);
    upstream.state.answer = { stations: [{ id: 'wl-01', at: at(0), level: 180 }] };
    const raised = await waitFor(() => seenByB[0], 10_000, 'raised');

    const bad = await operatorA.emitWithAck('alert:acknowledge', { alertId: '' } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    const missing = await operatorA.emitWithAck('alert:acknowledge', { alertId: 'no-such-alert' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const ack = await operatorA.emitWithAck('alert:acknowledge', { alertId: raised.alert.id });
    expect(ack).toMatchObject({ ok: true, data: { status: 'acknowledged' } });
    const seenAck = await waitFor(
      () => seenByB.find((e) => e.type === 'acknowledged'),
      5_000,
      'ack event',
    );
    expect(seenAck.seq).toBe(raised.seq + 1);

    // Acknowledging twice appends nothing.
    await operatorA.emitWithAck('alert:acknowledge', { alertId: raised.alert.id });
    await new Promise((r) => setTimeout(r, 300));
    expect(seenByB.filter((e) => e.type === 'acknowledged')).toHaveLength(1);
  });

  it('logs and counts a broken upstream, keeps serving, and recovers when it heals', async () => {
    const watcher = await client();
    const statuses: FeedStatus[] = [];
    watcher.on('feed:status-changed', (s) => statuses.push(s));

    upstream.state.mode = 'garbage';
    const broken = await waitFor(
      () => statuses.find((s) => s.state === 'Error'),
      10_000,
      'Error status',
    );
    expect(broken.lastError).toContain('not valid JSON');
    upstream.state.mode = 'error';
    await waitFor(
      () => statuses.find((s) => s.lastError === 'upstream answered HTTP 500'),
      10_000,
      'HTTP 500 error',
    );

    expect((await running.app.inject('/api/health')).statusCode).toBe(200);
    const feeds = (await running.app.inject('/api/feeds')).json();
    expect(feeds[0].errorsTotal).toBeGreaterThanOrEqual(2);

    upstream.state.mode = 'ok';
    upstream.state.answer = { stations: [{ id: 'wl-01', at: at(5), level: 100 }] };
    const healed = await waitFor(() => statuses.find((s) => s.state === 'OK'), 20_000, 'OK status');
    expect(healed.consecutiveFailures).toBe(0);
  });
});
