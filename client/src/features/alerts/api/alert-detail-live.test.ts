import { type AlertDetail, alertLogFromSnapshot } from '@city-ioc/shared';
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { makeAlert, makeEvent } from '../../../testing/factories';
import { createFakeRealtime } from '../../../testing/fake-realtime';
import { startAlertDetailLiveRefresh } from './alert-detail-live';
import { alertKeys } from './alert-queries';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A QueryClient holding the detail of a1 at `version`, counting how often it is fetched. */
const setup = async (version: number) => {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const realtime = createFakeRealtime();
  let serverVersion = version;
  let fetches = 0;
  const detailKey = alertKeys.detail('a1');
  const detail = (v: number): AlertDetail => ({
    alert: makeAlert({ id: 'a1', version: v }),
    comments: [],
    timeline: [],
    sop: [],
  });
  // An observer keeps the query active, as the mounted panel does, so invalidation refetches.
  const observer = new QueryObserver(queryClient, {
    queryKey: detailKey,
    queryFn: () => {
      fetches += 1;
      return detail(serverVersion);
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
  const unobserve = observer.subscribe(() => {});
  await flush();
  const stop = startAlertDetailLiveRefresh({
    queryClient,
    realtime: realtime.client,
    alertId: 'a1',
  });
  return {
    queryClient,
    realtime,
    fetches: () => fetches,
    cachedVersion: () => queryClient.getQueryData<AlertDetail>(detailKey)?.alert.version,
    serverMovesTo: (v: number) => {
      serverVersion = v;
    },
    stop: () => {
      stop();
      unobserve();
    },
  };
};

let stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops) stop();
  stops = [];
});

describe('startAlertDetailLiveRefresh', () => {
  it('fetches the detail again when an event brings a newer version of the alert', async () => {
    const t = await setup(2);
    stops.push(t.stop);
    expect(t.fetches()).toBe(1);

    t.serverMovesTo(3);
    t.realtime.emit('alert:changed', makeEvent(11, { id: 'a1', version: 3 }, 'commented'));
    await flush();
    expect(t.fetches()).toBe(2);
    expect(t.cachedVersion()).toBe(3);
  });

  it('ignores events of other alerts and versions it already has', async () => {
    const t = await setup(3);
    stops.push(t.stop);
    t.realtime.emit('alert:changed', makeEvent(11, { id: 'a2', version: 9 }));
    t.realtime.emit('alert:changed', makeEvent(12, { id: 'a1', version: 3 }, 'acknowledged'));
    t.realtime.emit('alert:changed', makeEvent(13, { id: 'a1', version: 2 }, 'raised'));
    await flush();
    expect(t.fetches()).toBe(1);
  });

  it('notices a newer version in the live log (e.g. caught up through a sync)', async () => {
    const t = await setup(2);
    stops.push(t.stop);
    t.serverMovesTo(4);
    t.queryClient.setQueryData(
      alertKeys.live(),
      alertLogFromSnapshot([makeAlert({ id: 'a1', version: 4, status: 'in_progress' })], 20),
    );
    await flush();
    expect(t.fetches()).toBe(2);
    expect(t.cachedVersion()).toBe(4);
  });

  it('asks once when the log and the event announce the same version', async () => {
    const t = await setup(2);
    stops.push(t.stop);
    t.serverMovesTo(3);
    t.queryClient.setQueryData(
      alertKeys.live(),
      alertLogFromSnapshot([makeAlert({ id: 'a1', version: 3 })], 11),
    );
    t.realtime.emit('alert:changed', makeEvent(11, { id: 'a1', version: 3 }, 'assigned'));
    await flush();
    expect(t.fetches()).toBe(2);
  });

  it('fetches again after a reconnect, since events may have been missed', async () => {
    const t = await setup(2);
    stops.push(t.stop);
    t.realtime.connect();
    await flush();
    expect(t.fetches()).toBe(2);
  });

  it('stops listening when stopped', async () => {
    const t = await setup(2);
    t.stop();
    t.realtime.emit('alert:changed', makeEvent(11, { id: 'a1', version: 5 }));
    t.realtime.connect();
    await flush();
    expect(t.fetches()).toBe(1);
  });
});
