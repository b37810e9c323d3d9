import type { AdminFeed, FeedView } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { makeFeedStatus } from '../../../testing/factories';
import {
  describeAdapter,
  describeCadence,
  describeCredential,
  describeLastCheck,
  describeLastData,
  describeSchedule,
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
      format: 'json',
      auth: { kind: 'none' },
      mapping: { itemsPath: '', values: [{ indicatorId: 'air.aqi', path: 'aqi' }] },
    },
    ...overrides,
  }) as FeedView;

const pollConfig = (patch: Record<string, unknown>) => {
  const view = pollView();
  return { ...view, config: { ...view.config, ...patch } } as FeedView;
};

const mqttView = (hasPassword: boolean): FeedView => ({
  id: 'feed-mqtt',
  name: 'MQTT',
  departmentId: 'dept-tnmt',
  enabled: true,
  adapter: 'mqtt',
  config: {
    url: 'mqtt://broker.example.vn:1883',
    clientId: 'city-ioc-feed-mqtt',
    protocolVersion: 5,
    hasPassword,
    topics: [
      {
        filter: 'a/+',
        mapping: { itemsPath: '', values: [{ indicatorId: 'air.aqi', path: 'aqi' }] },
      },
    ],
  },
});

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

  it('does not take a cron-scheduled poll interval (a retry backoff) for its cadence', () => {
    expect(feedCadenceOf(pollConfig({ cron: '30 16 * * 1-5' }), null)).toBeNull();
  });
});

describe('describeAdapter, describeCredential and describeSchedule', () => {
  it.each([
    ['vi', pollConfig({ format: 'csv' }), 'HTTP định kỳ · CSV'],
    ['en', pollConfig({ format: 'geojson' }), 'HTTP poll · GeoJSON'],
    ['en', pollView(), 'HTTP poll · JSON'],
    ['vi', mqttView(false), 'MQTT'],
  ] as const)('in %s names the adapter and format: %s', (language, feed, expected) => {
    expect(describeAdapter(feed, language)).toBe(expected);
  });

  it.each([
    [pollView(), null],
    [pollConfig({ auth: { kind: 'header', name: 'X-Api-Key' } }), 'auth: header X-Api-Key'],
    [pollConfig({ auth: { kind: 'basic', username: 'ioc' } }), 'auth: Basic'],
    [pollConfig({ auth: { kind: 'bearer' } }), 'auth: Bearer token'],
    [mqttView(true), 'auth: broker password'],
    [mqttView(false), null],
  ] as const)('shows the credential kind of %o, never a secret', (feed, expected) => {
    expect(describeCredential(feed, 'en')).toBe(expected);
  });

  it('shows a cron schedule in Vietnam time, and nothing for an interval poll', () => {
    const feed = pollConfig({ cron: '30 16 * * 1-5' });
    expect(describeSchedule(feed, 'vi')).toBe('lịch cron 30 16 * * 1-5 (giờ Việt Nam)');
    expect(describeSchedule(feed, 'en')).toBe('cron 30 16 * * 1-5 (Vietnam time)');
    expect(describeSchedule(pollView(), 'vi')).toBeNull();
  });
});

describe('describeLastCheck', () => {
  const now = Date.parse('2025-11-23T05:02:00Z');

  it('says when the source last answered without new data, if later than the last data', () => {
    const status = { lastSuccessAt: '2025-11-23T04:00:00Z', lastCheckedAt: '2025-11-23T05:01:00Z' };
    expect(describeLastCheck(status, now, 'vi', TZ)).toEqual({
      text: 'kiểm tra lần cuối 1 phút trước',
      title: '12:01:00 23/11/2025 (Asia/Ho_Chi_Minh)',
    });
    expect(describeLastCheck({ ...status, lastSuccessAt: null }, now, 'en', TZ)?.text).toBe(
      'last checked 1 minute ago',
    );
  });

  it('says nothing when the last data is as recent, or the source was never checked', () => {
    expect(
      describeLastCheck(
        { lastSuccessAt: '2025-11-23T05:01:00Z', lastCheckedAt: '2025-11-23T05:00:00Z' },
        now,
        'vi',
        TZ,
      ),
    ).toBeNull();
    expect(
      describeLastCheck({ lastSuccessAt: null, lastCheckedAt: null }, now, 'vi', TZ),
    ).toBeNull();
    expect(describeLastCheck(null, now, 'vi', TZ)).toBeNull();
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
