import type { AdminFeed, FeedView } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { makeFeedStatus } from '../../../testing/factories';
import {
  describeCadence,
  describeLastData,
  feedCadenceOf,
  feedHealthState,
  sortAdminFeeds,
  withLiveStatus,
} from './feed-display';

const TZ = 'Asia/Ho_Chi_Minh';

const pollView = (overrides: Partial<FeedView> = {}): FeedView =>
  ({
    id: 'feed-aqi',
    name: 'AQI stations',
    departmentId: 'dept-tnmt',
    enabled: true,
    adapter: 'http-poll',
    config: {
      url: 'http://127.0.0.1:8096/sim/air',
      intervalSeconds: 10,
      timeoutMs: 5_000,
      mapping: { itemsPath: '', values: [{ indicatorId: 'air.aqi', path: 'aqi' }] },
    },
    ...overrides,
  }) as FeedView;

describe('feedHealthState', () => {
  it.each([
    ['the status of an enabled feed', true, 'Error', 'Error'],
    ['Disabled for a disabled feed whose status lags', false, 'OK', 'Disabled'],
    ['Pending for an enabled feed without a status', true, null, 'Pending'],
    ['Disabled for a disabled feed without a status', false, null, 'Disabled'],
  ] as const)('is %s', (_, enabled, state, expected) => {
    expect(feedHealthState({ enabled }, state ? { state } : null)).toBe(expected);
  });
});

describe('feedCadenceOf', () => {
  it('prefers the feed own cadence, then the status, then the poll interval', () => {
    const daily = { kind: 'daily-before', localTime: '17:00' } as const;
    expect(feedCadenceOf(pollView({ cadence: daily }), null)).toEqual(daily);
    expect(
      feedCadenceOf(pollView(), makeFeedStatus({ cadence: { kind: 'interval', seconds: 30 } })),
    ).toEqual({ kind: 'interval', seconds: 30 });
    expect(feedCadenceOf(pollView(), null)).toEqual({ kind: 'interval', seconds: 10 });
  });
});

describe('describeCadence', () => {
  it.each([
    ['vi', { kind: 'interval', seconds: 10 }, 'mỗi 10 giây'],
    ['en', { kind: 'interval', seconds: 10 }, 'every 10 seconds'],
    ['vi', { kind: 'interval', seconds: 300 }, 'mỗi 5 phút'],
    ['en', { kind: 'interval', seconds: 3_600 }, 'every 1 hour'],
    ['vi', { kind: 'daily-before', localTime: '17:00' }, 'hằng ngày trước 17:00'],
    ['en', { kind: 'daily-before', localTime: '17:00' }, 'daily before 17:00'],
    ['vi', null, 'Chưa khai báo'],
    ['en', null, 'Not declared'],
  ] as const)('in %s describes %o as %s', (language, cadence, expected) => {
    expect(describeCadence(cadence, language)).toBe(expected);
  });
});

describe('describeLastData', () => {
  const now = Date.parse('2025-11-23T05:02:00Z');

  it('says how long ago in words, with the exact city time in the title', () => {
    expect(describeLastData('2025-11-23T05:00:00Z', now, 'vi', TZ)).toEqual({
      text: 'cập nhật 2 phút trước',
      title: '12:00:00 23/11/2025 (Asia/Ho_Chi_Minh)',
    });
    expect(describeLastData('2025-11-23T05:00:00Z', now, 'en', TZ).text).toBe(
      'updated 2 minutes ago',
    );
  });

  it('says so when the feed never delivered', () => {
    expect(describeLastData(null, now, 'vi', TZ)).toEqual({
      text: 'chưa có dữ liệu',
      title: undefined,
    });
  });
});

describe('withLiveStatus', () => {
  const list: AdminFeed[] = [
    { feed: pollView({ id: 'a' }), status: null },
    { feed: pollView({ id: 'b' }), status: makeFeedStatus({ feedId: 'b' }) },
  ];

  it('replaces the status of the feed the event is about', () => {
    const next = withLiveStatus(list, makeFeedStatus({ feedId: 'a', state: 'Error' }));
    expect(next.map((row) => row.status?.state ?? null)).toEqual(['Error', 'OK']);
    expect(next[1]).toBe(list[1]);
  });

  it('ignores a feed the list does not hold', () => {
    expect(withLiveStatus(list, makeFeedStatus({ feedId: 'zzz' }))).toBe(list);
  });
});

describe('sortAdminFeeds', () => {
  it('groups by department name, then orders by feed name', () => {
    const names: Record<string, string> = { d1: 'Sở Y tế', d2: 'Sở Nội vụ' };
    const sorted = sortAdminFeeds(
      [
        { feed: pollView({ id: '1', name: 'B', departmentId: 'd1' }), status: null },
        { feed: pollView({ id: '2', name: 'A', departmentId: 'd1' }), status: null },
        { feed: pollView({ id: '3', name: 'C', departmentId: 'd2' }), status: null },
      ],
      (id) => names[id] ?? id,
    );
    expect(sorted.map((row) => row.feed.id)).toEqual(['3', '2', '1']);
  });
});
