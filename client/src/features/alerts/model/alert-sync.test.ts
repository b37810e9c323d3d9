import { type AlertLogState, alertLogFromSnapshot } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { makeAlert, makeEvent } from '../../../testing/factories';
import {
  type AlertSyncEffect,
  type AlertSyncInput,
  type AlertSyncState,
  initialAlertSyncState,
  stepAlertSync,
  withAlert,
} from './alert-sync';

/** Runs inputs in order, collecting every effect. */
const run = (inputs: AlertSyncInput[], from: AlertSyncState = initialAlertSyncState()) => {
  let state = from;
  const effects: AlertSyncEffect[] = [];
  for (const input of inputs) {
    const step = stepAlertSync(state, input);
    state = step.state;
    effects.push(...step.effects);
  }
  return { state, effects };
};

const snapshot = (asOfSeq: number, alerts = [makeAlert({ id: 'a1' })]): AlertSyncInput => ({
  type: 'snapshotLoaded',
  log: alertLogFromSnapshot(alerts, asOfSeq),
});

const ids = (log: AlertLogState | null) => [...(log?.alerts.keys() ?? [])].sort();
const syncRequests = (effects: AlertSyncEffect[]) =>
  effects.filter((e) => e.kind === 'requestSync');

/** A connected client that has loaded a snapshot at seq 10 and finished its first sync. */
const steady = () => {
  const { state, effects } = run([{ type: 'connected' }, snapshot(10)]);
  const first = syncRequests(effects)[0];
  if (!first) throw new Error('expected the initial sync');
  return run(
    [
      {
        type: 'syncSucceeded',
        requestId: first.requestId,
        result: { events: [], throughSeq: 10, headSeq: 10, hasMore: false },
      },
    ],
    state,
  ).state;
};

describe('stepAlertSync', () => {
  it('applies the next live event on top of the snapshot', () => {
    const { state, effects } = run(
      [{ type: 'eventReceived', event: makeEvent(11, { id: 'a2' }) }],
      steady(),
    );
    expect(state.log?.lastSeq).toBe(11);
    expect(ids(state.log)).toEqual(['a1', 'a2']);
    expect(effects).toEqual([]);
  });

  it('ignores a duplicate event, so nothing shows twice', () => {
    const event = makeEvent(11, { id: 'a2' });
    const once = run([{ type: 'eventReceived', event }], steady()).state;
    const twice = run([{ type: 'eventReceived', event }], once);
    expect(twice.state.log).toBe(once.log);
    expect(twice.effects).toEqual([]);
  });

  it('ignores an event older than the snapshot', () => {
    const { state } = run(
      [{ type: 'eventReceived', event: makeEvent(9, { id: 'old', version: 9 }) }],
      steady(),
    );
    expect(ids(state.log)).toEqual(['a1']);
    expect(state.log?.lastSeq).toBe(10);
  });

  it('asks for the missing events after a gap instead of applying out of order', () => {
    const { state, effects } = run(
      [{ type: 'eventReceived', event: makeEvent(13, { id: 'a3' }) }],
      steady(),
    );
    expect(ids(state.log)).toEqual(['a1']);
    expect(syncRequests(effects)).toEqual([
      { kind: 'requestSync', requestId: expect.any(Number), afterSeq: 10, limit: 500 },
    ]);
  });

  it('applies a sync page in order and skips events it already applied', () => {
    const gap = run([{ type: 'eventReceived', event: makeEvent(13, { id: 'a3' }) }], steady());
    const request = syncRequests(gap.effects)[0];
    if (!request) throw new Error('expected a sync request');
    const { state, effects } = run(
      [
        { type: 'eventReceived', event: makeEvent(11, { id: 'a2' }) }, // arrives live meanwhile
        {
          type: 'syncSucceeded',
          requestId: request.requestId,
          result: {
            events: [
              makeEvent(11, { id: 'a2' }),
              makeEvent(12, { id: 'a4' }),
              makeEvent(13, { id: 'a3' }),
            ],
            throughSeq: 13,
            headSeq: 13,
            hasMore: false,
          },
        },
      ],
      gap.state,
    );
    expect(state.log?.lastSeq).toBe(13);
    expect(ids(state.log)).toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(syncRequests(effects)).toEqual([]);
  });

  it('keeps asking while the answer has more, from where the last page ended', () => {
    const gap = run([{ type: 'helloReceived', headSeq: 14 }], steady());
    const first = syncRequests(gap.effects)[0];
    if (!first) throw new Error('expected a sync request');
    const page1 = run(
      [
        {
          type: 'syncSucceeded',
          requestId: first.requestId,
          result: {
            events: [makeEvent(11), makeEvent(12)],
            throughSeq: 12,
            headSeq: 14,
            hasMore: true,
          },
        },
      ],
      gap.state,
    );
    const second = syncRequests(page1.effects)[0];
    expect(second).toMatchObject({ afterSeq: 12 });
    if (!second) throw new Error('expected a second sync request');
    const page2 = run(
      [
        {
          type: 'syncSucceeded',
          requestId: second.requestId,
          result: {
            events: [makeEvent(13), makeEvent(14)],
            throughSeq: 14,
            headSeq: 14,
            hasMore: false,
          },
        },
      ],
      page1.state,
    );
    expect(page2.state.log?.lastSeq).toBe(14);
    expect(syncRequests(page2.effects)).toEqual([]);
  });

  it('syncs on every reconnect, even without a known gap', () => {
    const { effects } = run([{ type: 'disconnected' }, { type: 'connected' }], steady());
    expect(syncRequests(effects)).toEqual([
      { kind: 'requestSync', requestId: expect.any(Number), afterSeq: 10, limit: 500 },
    ]);
  });

  it('does not ask while disconnected and ignores an answer from the old connection', () => {
    const behind = run([{ type: 'helloReceived', headSeq: 12 }], steady());
    const stale = syncRequests(behind.effects)[0];
    if (!stale) throw new Error('expected a sync request');
    const offline = run(
      [{ type: 'disconnected' }, { type: 'eventReceived', event: makeEvent(15) }],
      behind.state,
    );
    expect(syncRequests(offline.effects)).toEqual([]);
    const late = run(
      [
        {
          type: 'syncSucceeded',
          requestId: stale.requestId,
          result: { events: [makeEvent(11)], throughSeq: 12, headSeq: 12, hasMore: false },
        },
      ],
      offline.state,
    );
    expect(late.state.log?.lastSeq).toBe(10);
  });

  it('catches up after a server restart: reconnect, hello ahead, sync from lastSeq', () => {
    const { state, effects } = run(
      [{ type: 'disconnected' }, { type: 'connected' }, { type: 'helloReceived', headSeq: 25 }],
      steady(),
    );
    const requests = syncRequests(effects);
    expect(requests).toHaveLength(1); // hello does not start a second concurrent sync
    expect(requests[0]).toMatchObject({ afterSeq: 10 });
    expect(state.knownHeadSeq).toBe(25);
  });

  it('sends a sync once a hello says the server is ahead', () => {
    const { effects } = run([{ type: 'helloReceived', headSeq: 11 }], steady());
    expect(syncRequests(effects)).toHaveLength(1);
  });

  it('does nothing on a hello that matches what it has', () => {
    const { effects } = run([{ type: 'helloReceived', headSeq: 10 }], steady());
    expect(effects).toEqual([]);
  });

  it('buffers live events before the snapshot and applies those after it, once', () => {
    const { state } = run([
      { type: 'eventReceived', event: makeEvent(10, { id: 'in-snapshot' }) },
      { type: 'eventReceived', event: makeEvent(12, { id: 'a3' }) },
      { type: 'eventReceived', event: makeEvent(11, { id: 'a2' }) },
      { type: 'eventReceived', event: makeEvent(11, { id: 'a2' }) },
      snapshot(10, [makeAlert({ id: 'a1' }), makeAlert({ id: 'in-snapshot', version: 2 })]),
    ]);
    expect(state.log?.lastSeq).toBe(12);
    expect(ids(state.log)).toEqual(['a1', 'a2', 'a3', 'in-snapshot']);
    expect(state.buffered).toEqual([]);
  });

  it('syncs after the snapshot when the socket saw a later seq than the snapshot', () => {
    const { effects } = run([
      { type: 'connected' },
      { type: 'helloReceived', headSeq: 30 },
      snapshot(25),
    ]);
    expect(syncRequests(effects)).toEqual([
      { kind: 'requestSync', requestId: 1, afterSeq: 25, limit: 500 },
    ]);
  });

  it('removes an alert when its resolved event arrives', () => {
    const { state } = run(
      [
        {
          type: 'eventReceived',
          event: makeEvent(11, { id: 'a1', status: 'resolved', version: 2 }, 'resolved'),
        },
      ],
      steady(),
    );
    expect(ids(state.log)).toEqual([]);
    expect(state.log?.lastSeq).toBe(11);
  });

  it('keeps an alert whose work started, and drops it once resolved', () => {
    const started = run(
      [
        {
          type: 'eventReceived',
          event: makeEvent(11, { id: 'a1', status: 'in_progress', version: 2 }, 'progressed'),
        },
        {
          type: 'eventReceived',
          event: makeEvent(12, { id: 'a1', status: 'in_progress', version: 3 }, 'commented'),
        },
      ],
      steady(),
    );
    expect(started.state.log?.alerts.get('a1')?.status).toBe('in_progress');
    expect(started.state.log?.alerts.get('a1')?.version).toBe(3);
    const resolved = run(
      [
        {
          type: 'eventReceived',
          event: makeEvent(13, { id: 'a1', status: 'resolved', version: 4 }, 'resolved'),
        },
      ],
      started.state,
    );
    expect(ids(resolved.state.log)).toEqual([]);
  });

  it('retries later after a failed sync, and not before', () => {
    const behind = run([{ type: 'helloReceived', headSeq: 12 }], steady());
    const request = syncRequests(behind.effects)[0];
    if (!request) throw new Error('expected a sync request');
    const failed = run([{ type: 'syncFailed', requestId: request.requestId }], behind.state);
    expect(failed.effects).toEqual([{ kind: 'scheduleRetry', delayMs: 2_000 }]);
    const retried = run([{ type: 'retryDue' }], failed.state);
    expect(syncRequests(retried.effects)).toEqual([
      { kind: 'requestSync', requestId: request.requestId + 1, afterSeq: 10, limit: 500 },
    ]);
  });

  it('does not spin when the server claims more but sends nothing applicable', () => {
    const behind = run([{ type: 'helloReceived', headSeq: 12 }], steady());
    const request = syncRequests(behind.effects)[0];
    if (!request) throw new Error('expected a sync request');
    const { effects } = run(
      [
        {
          type: 'syncSucceeded',
          requestId: request.requestId,
          result: { events: [], throughSeq: 10, headSeq: 12, hasMore: true },
        },
      ],
      behind.state,
    );
    expect(effects).toEqual([{ kind: 'scheduleRetry', delayMs: 2_000 }]);
  });

  it('reloads the snapshot when the server log went backwards (new database)', () => {
    const { state, effects } = run([{ type: 'helloReceived', headSeq: 3 }], steady());
    expect(effects).toEqual([{ kind: 'refetchSnapshot' }]);
    expect(state.log).toBeNull();
    const reloaded = run([snapshot(3, [makeAlert({ id: 'fresh' })])], state);
    expect(ids(reloaded.state.log)).toEqual(['fresh']);
    expect(reloaded.state.log?.lastSeq).toBe(3);
  });

  it('reaches the same screen whatever order duplicates and pages arrive in', () => {
    const events = [11, 12, 13, 14].map((seq) => makeEvent(seq, { id: `a${seq}` }));
    const live = run(
      events.map((event) => ({ type: 'eventReceived', event }) as const),
      steady(),
    ).state;
    const shuffled = run(
      [events[2], events[0], events[0], events[3], events[1], events[2], events[3]].map(
        (event) => ({ type: 'eventReceived', event: event ?? makeEvent(99) }) as const,
      ),
      steady(),
    );
    // The shuffled client is behind (gaps) and asks; answer with the full page.
    const request = syncRequests(shuffled.effects)[0];
    if (!request) throw new Error('expected a sync request');
    const caughtUp = run(
      [
        {
          type: 'syncSucceeded',
          requestId: request.requestId,
          result: { events, throughSeq: 14, headSeq: 14, hasMore: false },
        },
      ],
      shuffled.state,
    ).state;
    const byId = (log: AlertLogState | null) =>
      [...(log?.alerts.values() ?? [])].sort((a, b) => a.id.localeCompare(b.id));
    expect(caughtUp.log?.lastSeq).toBe(live.log?.lastSeq);
    expect(byId(caughtUp.log)).toEqual(byId(live.log));
  });
});

describe('withAlert', () => {
  const log = alertLogFromSnapshot([makeAlert({ id: 'a1', version: 2 })], 10);

  it('takes a newer version without moving lastSeq', () => {
    const next = withAlert(log, makeAlert({ id: 'a1', version: 3, status: 'acknowledged' }));
    expect(next.alerts.get('a1')?.status).toBe('acknowledged');
    expect(next.lastSeq).toBe(10);
  });

  it('keeps the log when the alert is not newer', () => {
    expect(withAlert(log, makeAlert({ id: 'a1', version: 2, status: 'acknowledged' }))).toBe(log);
  });

  it('drops an alert that became resolved', () => {
    expect(
      withAlert(log, makeAlert({ id: 'a1', version: 3, status: 'resolved' })).alerts.size,
    ).toBe(0);
  });
  it("applies a department head's page that skips other departments' events, once", () => {
    const behind = run([{ type: 'helloReceived', headSeq: 20 }], steady());
    const request = syncRequests(behind.effects)[0];
    if (!request) throw new Error('expected a sync request');
    const { state, effects } = run(
      [
        {
          type: 'syncSucceeded',
          requestId: request.requestId,
          result: {
            events: [makeEvent(13, { id: 'b1' }), makeEvent(17, { id: 'b2' })],
            throughSeq: 20,
            headSeq: 20,
            hasMore: false,
          },
        },
        // Live events the page already covered change nothing; the next one applies.
        { type: 'eventReceived', event: makeEvent(17, { id: 'b2' }) },
        { type: 'eventReceived', event: makeEvent(21, { id: 'b3' }) },
      ],
      behind.state,
    );
    expect(state.log?.lastSeq).toBe(21);
    expect([...(state.log?.alerts.keys() ?? [])].filter((id) => id.startsWith('b')).sort()).toEqual(
      ['b1', 'b2', 'b3'],
    );
    expect(syncRequests(effects)).toEqual([]);
  });
});
