import { describe, expect, it } from 'vitest';
import type { FeedCadence } from '../schemas/feed';
import { type FeedHealthInput, feedHealth } from './feed-health';

/** A local time in Asia/Ho_Chi_Minh (UTC+7) on 23 November 2026 (+ `days`). */
const local = (hhmm: string, days = 0) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return new Date(Date.UTC(2026, 10, 23 + days, h - 7, m)).toISOString();
};
const every = (seconds: number): FeedCadence => ({ kind: 'interval', seconds });
const dailyBefore17: FeedCadence = { kind: 'daily-before', localTime: '17:00' };

const input = (o: Partial<FeedHealthInput> = {}): FeedHealthInput => ({
  isEnabled: true,
  cadence: every(10),
  lastSuccessAt: null,
  lastErrorAt: null,
  createdAt: local('08:00'),
  ...o,
});

describe('feedHealth', () => {
  it.each([
    [
      'a disabled feed is Disabled whatever else',
      input({ isEnabled: false, lastErrorAt: local('08:01') }),
      local('08:02'),
      'Disabled',
    ],
    ['a new feed is Pending until its first data is due', input(), local('08:00'), 'Pending'],
    [
      'a new feed that never delivered within the grace is NoData',
      input(),
      local('08:02'),
      'NoData',
    ],
    ['data within the grace is OK', input({ lastSuccessAt: local('08:10') }), local('08:11'), 'OK'],
    [
      'a 10 s feed silent for more than 70 s is NoData',
      input({ lastSuccessAt: local('08:10') }),
      local('08:12'),
      'NoData',
    ],
    [
      'an error before the last success no longer counts',
      input({ lastSuccessAt: local('08:10'), lastErrorAt: local('08:09') }),
      local('08:10'),
      'OK',
    ],
    [
      'a daily feed created in the morning is Pending until 17:00',
      input({ cadence: dailyBefore17 }),
      local('16:00'),
      'Pending',
    ],
    [
      'a daily feed created in the morning is NoData after 17:00 without data',
      input({ cadence: dailyBefore17 }),
      local('17:30'),
      'NoData',
    ],
    [
      'an error after the last success is Error',
      input({ lastSuccessAt: local('08:10'), lastErrorAt: local('08:11') }),
      local('08:11'),
      'Error',
    ],
    [
      'a success after an error heals to OK',
      input({ lastSuccessAt: local('08:12'), lastErrorAt: local('08:11') }),
      local('08:12'),
      'OK',
    ],
    [
      "a daily feed with yesterday's report is OK before today's 17:00",
      input({ cadence: dailyBefore17, lastSuccessAt: local('16:30', -1) }),
      local('16:59'),
      'OK',
    ],
    [
      "a daily feed without today's report is NoData after 17:00",
      input({ cadence: dailyBefore17, lastSuccessAt: local('16:30', -1) }),
      local('17:01'),
      'NoData',
    ],
    [
      "a daily feed with today's report is OK after 17:00",
      input({ cadence: dailyBefore17, lastSuccessAt: local('15:00') }),
      local('23:00'),
      'OK',
    ],
    [
      'a daily feed whose last report is two days old is NoData in the morning',
      input({ cadence: dailyBefore17, lastSuccessAt: local('16:00', -2) }),
      local('09:00'),
      'NoData',
    ],
    [
      'a report after the deadline counts for that day',
      input({ cadence: dailyBefore17, lastSuccessAt: local('18:00', -1) }),
      local('16:00'),
      'OK',
    ],
    [
      'a feed without a cadence is never NoData',
      input({ cadence: null, lastSuccessAt: local('08:00', -30) }),
      local('08:00'),
      'OK',
    ],
  ])('%s', (_name, feed, now, expected) => {
    expect(feedHealth(feed, new Date(now)).state).toBe(expected);
  });

  it('says when data is due next', () => {
    expect(
      feedHealth(input({ lastSuccessAt: local('08:10') }), new Date(local('08:10'))).dueBy,
    ).toBe(new Date(Date.parse(local('08:10')) + 70_000).toISOString());
    expect(
      feedHealth(
        input({ cadence: dailyBefore17, lastSuccessAt: local('09:00') }),
        new Date(local('10:00')),
      ).dueBy,
    ).toBe(local('17:00', 1));
  });
});
