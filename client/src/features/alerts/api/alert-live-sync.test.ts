import { type AlertLogState, alertLogFromSnapshot } from '@city-ioc/shared';
import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { makeAlert, makeEvent } from '../../../testing/factories';
import { createFakeRealtime } from '../../../testing/fake-realtime';
import { startAlertLiveSync } from './alert-live-sync';
import { alertKeys } from './alert-queries';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

const setup = () => {
  const queryClient = new QueryClient();
  const realtime = createFakeRealtime();
  const stop = startAlertLiveSync({ queryClient, realtime: realtime.client });
  const loadSnapshot = (log: AlertLogState) =>
    queryClient.fetchQuery({ queryKey: alertKeys.live(), queryFn: () => log });
  const cached = () => queryClient.getQueryData<AlertLogState>(alertKeys.live());
  return { queryClient, realtime, stop, loadSnapshot, cached };
};

let stopAll: (() => void)[] = [];
afterEach(() => {
  for (const stop of stopAll) stop();
  stopAll = [];
});

describe('startAlertLiveSync', () => {
  it('patches the cached log with live events, once each', async () => {
    const t = setup();
    stopAll.push(t.stop);
    t.realtime.connect();
    await t.loadSnapshot(alertLogFromSnapshot([makeAlert({ id: 'a1' })], 10));
    t.realtime.answerSync({
      ok: true,
      data: { events: [], throughSeq: 10, headSeq: 10, hasMore: false },
    });
    await flush();

    t.realtime.emit('alert:changed', makeEvent(11, { id: 'a2' }));
    t.realtime.emit('alert:changed', makeEvent(11, { id: 'a2' }));
    expect(t.cached()?.lastSeq).toBe(11);
    expect([...(t.cached()?.alerts.keys() ?? [])].sort()).toEqual(['a1', 'a2']);
    expect(t.realtime.syncRequests).toHaveLength(0);
  });

  it('catches up after a reconnect through alerts:sync without refetching', async () => {
    const t = setup();
    stopAll.push(t.stop);
    t.realtime.connect();
    await t.loadSnapshot(alertLogFromSnapshot([], 10));
    t.realtime.answerSync({
      ok: true,
      data: { events: [], throughSeq: 10, headSeq: 10, hasMore: false },
    });
    await flush();

    t.realtime.disconnect();
    t.realtime.connect();
    t.realtime.emit('server:hello', { protocolVersion: 1, serverId: 's2', headSeq: 12 });
    const request = t.realtime.answerSync({
      ok: true,
      data: {
        events: [makeEvent(11), makeEvent(12)],
        throughSeq: 12,
        headSeq: 12,
        hasMore: false,
      },
    });
    await flush();
    expect(request).toEqual({ afterSeq: 10, limit: 500 });
    expect(t.cached()?.lastSeq).toBe(12);
    expect(t.realtime.syncRequests).toHaveLength(0);
  });

  it('retries a sync that failed, after a delay', async () => {
    const queryClient = new QueryClient();
    const realtime = createFakeRealtime();
    const timers: (() => void)[] = [];
    const stop = startAlertLiveSync({
      queryClient,
      realtime: realtime.client,
      setTimer: (callback) => {
        timers.push(callback);
        return () => {};
      },
    });
    stopAll.push(stop);
    realtime.connect();
    await queryClient.fetchQuery({
      queryKey: alertKeys.live(),
      queryFn: () => alertLogFromSnapshot([], 3),
    });
    realtime.answerSync({ ok: false, error: { code: 'internal', message: 'boom' } });
    await flush();
    expect(realtime.syncRequests).toHaveLength(0);
    expect(timers).toHaveLength(1);
    timers[0]?.();
    expect(realtime.syncRequests.map((r) => r.request)).toEqual([{ afterSeq: 3, limit: 500 }]);
  });
});
