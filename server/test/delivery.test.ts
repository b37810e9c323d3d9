import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type AlertEvent,
  type AlertLogState,
  alertLogFromSnapshot,
  applyAlertEvents,
} from '@city-ioc/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlertRepository } from '../src/store/alert-repository';
import { openDatabase } from '../src/store/open-db';
import { rule, seedBasics } from './fixtures';
import {
  connectClient,
  ENGINES,
  openTestDatabase,
  startApp,
  type TestSocket,
  waitFor,
} from './helpers';

const at = (s: number) => new Date(Date.UTC(2026, 10, 23, 3, 0, s)).toISOString();
const obs = (s: number, value: number, subjectId = 'site:wl-01') => ({
  indicatorId: 'water.level_cm',
  subjectId,
  observedAt: at(s),
  value,
});

/** Pages through `alerts:sync` from `afterSeq` until the head, as the dashboard does. */
const syncAll = async (socket: TestSocket, afterSeq: number): Promise<AlertEvent[]> => {
  const out: AlertEvent[] = [];
  let cursor = afterSeq;
  for (;;) {
    const res = await socket.emitWithAck('alerts:sync', { afterSeq: cursor, limit: 2 });
    if (!res.ok) throw new Error(res.error.message);
    out.push(...res.data.events);
    cursor = res.data.events.at(-1)?.seq ?? cursor;
    if (!res.data.hasMore) return out;
  }
};

describe.each(ENGINES)('alert delivery on %s', (engine) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  const start = async () => {
    const opened = await openTestDatabase(engine);
    await seedBasics(opened.db, {
      rules: [
        rule({
          params: { operator: 'above', threshold: 160, clearThreshold: 150, pendingSeconds: 0 },
        }),
      ],
    });
    const running = await startApp(opened.db);
    cleanups.push(async () => {
      await running.close();
      await running.db.close();
      await opened.drop();
    });
    return running;
  };

  it('catches a reconnecting client up from the database, in order, each event once', async () => {
    const running = await start();
    const socket = await connectClient(running.url, running.cookie);
    cleanups.push(async () => void socket.disconnect());
    const live: AlertEvent[] = [];
    socket.on('alert:changed', (e) => live.push(e));

    await running.app.ioc.ingest.ingest(null, [obs(0, 170)]);
    await waitFor(() => live.length === 1, 5_000, 'first live event');
    socket.disconnect();

    // While the client is away: two raises, one resolve, one more raise.
    await running.app.ioc.ingest.ingest(null, [obs(1, 175, 'site:wl-02')]);
    await running.app.ioc.ingest.ingest(null, [obs(2, 120)]);
    await running.app.ioc.ingest.ingest(null, [obs(3, 190), obs(3, 80, 'site:wl-02')]);
    socket.connect();
    await waitFor(() => socket.connected, 5_000, 'reconnect');

    const missed = await syncAll(socket, 1);
    expect(missed.map((e) => [e.seq, e.type])).toEqual([
      [2, 'raised'],
      [3, 'resolved'],
      [4, 'raised'],
      [5, 'resolved'],
    ]);
    // Applying live and synced events together shows each once, whatever arrives twice.
    const snapshot = (await running.app.inject('/api/alerts?status=all')).json();
    let state: AlertLogState = alertLogFromSnapshot([], 0);
    state = applyAlertEvents(state, [...live, ...missed, ...missed]).state;
    expect(state.lastSeq).toBe(5);
    expect([...state.alerts.values()].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...snapshot.alerts].sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  it('gives a consistent snapshot: its asOfSeq plus later events equals the state', async () => {
    const running = await start();
    await running.app.ioc.ingest.ingest(null, [obs(0, 170)]);
    const snap = (await running.app.inject('/api/alerts')).json();
    expect(snap.asOfSeq).toBe(1);
    expect(snap.alerts).toHaveLength(1);
    await running.app.ioc.ingest.ingest(null, [obs(1, 100)]);
    const page = (await running.app.inject(`/api/alerts/events?afterSeq=${snap.asOfSeq}`)).json();
    expect(page.events.map((e: AlertEvent) => e.type)).toEqual(['resolved']);
    expect((await running.app.inject('/api/alerts')).json()).toEqual({ alerts: [], asOfSeq: 2 });
  });

  it('makes sequence order follow commit order: a held transaction delays later events', async () => {
    const running = await start();
    const socket = await connectClient(running.url, running.cookie);
    cleanups.push(async () => void socket.disconnect());
    const live: AlertEvent[] = [];
    socket.on('alert:changed', (e) => live.push(e));
    const raise = (repo: ReturnType<typeof createAlertRepository>, key: string, id: string) =>
      repo.raise({
        id,
        key,
        ruleId: null,
        departmentId: 'dept:TNMT',
        indicatorId: null,
        subjectId: key,
        areaId: null,
        position: null,
        severity: 'Minor',
        title: { vi: key },
        value: null,
        threshold: null,
        at: at(0),
      });

    let releaseFirst: () => void = () => {};
    const firstHeld = new Promise<void>((r) => {
      releaseFirst = r;
    });
    let firstAppended: () => void = () => {};
    const firstHasSeq = new Promise<void>((r) => {
      firstAppended = r;
    });
    const first = running.db.transaction(async (tx) => {
      const event = await raise(createAlertRepository(tx), 'early', 'a-early');
      firstAppended();
      await firstHeld; // The transaction stays open while a later one tries to commit.
      return event;
    });
    await firstHasSeq;
    const second = running.db.transaction((tx) =>
      raise(createAlertRepository(tx), 'late', 'a-late'),
    );
    await new Promise((r) => setTimeout(r, 300));
    void running.app.ioc.relay.poke();
    await new Promise((r) => setTimeout(r, 300));
    expect(live).toEqual([]); // Nothing is visible before the earlier transaction commits.

    releaseFirst();
    const [e1, e2] = await Promise.all([first, second]);
    expect([e1.seq, e2.seq]).toEqual([1, 2]);
    void running.app.ioc.relay.poke();
    await waitFor(() => live.length === 2, 5_000, 'both events');
    expect(live.map((e) => [e.seq, e.alert.key])).toEqual([
      [1, 'early'],
      [2, 'late'],
    ]);
  });
});

describe('alert delivery across a restart (persisted PGlite)', () => {
  it('keeps every alert, and a client that stayed open catches up on its own, including an event committed while no server ran', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ioc-restart-'));
    try {
      const db1 = await openDatabase({ databaseUrl: undefined, dataDir });
      await seedBasics(db1, {
        rules: [
          rule({
            params: { operator: 'above', threshold: 160, clearThreshold: 150, pendingSeconds: 0 },
          }),
        ],
      });
      const first = await startApp(db1);
      const port = Number(new URL(first.url).port);
      const socket = await connectClient(first.url, first.cookie);
      const live: AlertEvent[] = [];
      socket.on('alert:changed', (e) => live.push(e));
      await first.app.ioc.ingest.ingest(null, [obs(0, 170)]);
      await waitFor(() => live.length === 1, 5_000, 'first event');

      await first.close();
      await db1.close();
      // While down, another writer commits an event the old process never emitted.
      const offline = await openDatabase({ databaseUrl: undefined, dataDir });
      const alertId = live[0]?.alert.id as string;
      await offline.transaction((tx) => createAlertRepository(tx).acknowledge(alertId, at(5)));
      await offline.close();

      const db2 = await openDatabase({ databaseUrl: undefined, dataDir });
      const second = await startApp(db2, { port });
      try {
        await waitFor(() => socket.connected, 10_000, 'automatic reconnect');
        const missed = await syncAll(socket, live.at(-1)?.seq ?? 0);
        expect(missed.map((e) => [e.seq, e.type])).toEqual([[2, 'acknowledged']]);
        const snap = (await second.app.inject('/api/alerts')).json();
        expect(snap).toMatchObject({
          asOfSeq: 2,
          alerts: [{ id: alertId, status: 'acknowledged' }],
        });
      } finally {
        socket.disconnect();
        await second.close();
        await db2.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
