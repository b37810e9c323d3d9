import type { AdminFeed, FeedView } from '@city-ioc/shared';
import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { makeFeedStatus } from '../../../testing/factories';
import { createFakeRealtime } from '../../../testing/fake-realtime';
import { adminFeedKeys } from './admin-feed-queries';
import { startAdminFeedsLive } from './admin-feeds-live';

const view = (id: string): FeedView => ({
  id,
  name: id,
  departmentId: 'dept-tnmt',
  enabled: true,
  adapter: 'http-poll',
  config: {
    url: 'http://127.0.0.1:8096/sim/air',
    intervalSeconds: 10,
    timeoutMs: 5_000,
    format: 'json',
    auth: { kind: 'none' },
    mapping: { itemsPath: '', values: [{ indicatorId: 'air.aqi', path: 'aqi' }] },
  },
});

const setup = (list: AdminFeed[] | undefined) => {
  const queryClient = new QueryClient();
  if (list) queryClient.setQueryData(adminFeedKeys.list(), list);
  const realtime = createFakeRealtime();
  const stop = startAdminFeedsLive({ queryClient, realtime: realtime.client });
  return {
    realtime,
    stop,
    cached: () => queryClient.getQueryData<AdminFeed[]>(adminFeedKeys.list()),
    isInvalidated: () => queryClient.getQueryState(adminFeedKeys.list())?.isInvalidated ?? false,
  };
};

let stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops) stop();
  stops = [];
});

describe('startAdminFeedsLive', () => {
  it('puts a live status into the row of its feed', () => {
    const t = setup([
      { feed: view('a'), status: null },
      { feed: view('b'), status: null },
    ]);
    stops.push(t.stop);
    t.realtime.emit('feed:status-changed', makeFeedStatus({ feedId: 'b', state: 'Error' }));
    expect(t.cached()?.map((row) => row.status?.state ?? null)).toEqual([null, 'Error']);
    expect(t.isInvalidated()).toBe(false);
  });

  it('reads the list again for a feed it does not hold yet', () => {
    const t = setup([{ feed: view('a'), status: null }]);
    stops.push(t.stop);
    t.realtime.emit('feed:status-changed', makeFeedStatus({ feedId: 'new' }));
    expect(t.isInvalidated()).toBe(true);
  });

  it('does nothing before the list is loaded', () => {
    const t = setup(undefined);
    stops.push(t.stop);
    t.realtime.emit('feed:status-changed', makeFeedStatus({ feedId: 'a' }));
    expect(t.cached()).toBeUndefined();
  });

  it('reads the list again after a reconnect, not on the first connect', () => {
    const t = setup([{ feed: view('a'), status: null }]);
    stops.push(t.stop);
    t.realtime.connect();
    expect(t.isInvalidated()).toBe(false);
    t.realtime.disconnect();
    t.realtime.connect();
    expect(t.isInvalidated()).toBe(true);
  });

  it('stops listening when stopped', () => {
    const t = setup([{ feed: view('a'), status: null }]);
    t.stop();
    t.realtime.emit('feed:status-changed', makeFeedStatus({ feedId: 'a', state: 'Error' }));
    expect(t.cached()?.[0]?.status).toBeNull();
  });
});
