import type { HttpPollFeed } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { createFeedScheduler, pollDelayMs } from './scheduler';

const feed = (id: string, enabled = true): HttpPollFeed => ({
  id,
  name: id,
  adapter: 'http-poll',
  departmentId: 'dept:A',
  enabled,
  config: {
    url: 'http://upstream.example/data',
    intervalSeconds: 1,
    timeoutMs: 1_000,
    format: 'json',
    auth: { kind: 'none' },
    mapping: { itemsPath: '', values: [{ indicatorId: 'x', path: 'v' }] },
  },
});

/** A manual timer queue: tests decide when time passes. */
const manualTimers = () => {
  const queue: { fn: () => void; ms: number; id: number }[] = [];
  let next = 0;
  return {
    queue,
    setTimer: (fn: () => void, ms: number) => {
      next += 1;
      queue.push({ fn, ms, id: next });
      return next as unknown as NodeJS.Timeout;
    },
    clearTimer: (t: NodeJS.Timeout) => {
      const i = queue.findIndex((x) => x.id === (t as unknown as number));
      if (i >= 0) queue.splice(i, 1);
    },
    fireAll: () => {
      for (const t of queue.splice(0)) t.fn();
    },
  };
};
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('createFeedScheduler', () => {
  it('polls enabled feeds only, each on its own chain', async () => {
    const timers = manualTimers();
    const runs: string[] = [];
    const scheduler = createFeedScheduler({
      ...timers,
      runFeed: async (f) => {
        runs.push(f.id);
        return true;
      },
    });
    scheduler.start([feed('a'), feed('b', false), feed('c')]);
    timers.fireAll();
    await flush();
    expect(runs.sort()).toEqual(['a', 'c']);
    expect(timers.queue.map((t) => t.ms)).toEqual([1_000, 1_000]);
  });

  it('backs off a failing feed without delaying the others', async () => {
    const timers = manualTimers();
    const scheduler = createFeedScheduler({ ...timers, runFeed: async (f) => f.id !== 'bad' });
    scheduler.start([feed('bad'), feed('good')]);
    for (let i = 0; i < 3; i += 1) {
      timers.fireAll();
      await flush();
    }
    const delays = Object.fromEntries(
      timers.queue.map((t) => [t.ms === 1_000 ? 'good' : 'bad', t.ms]),
    );
    expect(delays).toEqual({ good: 1_000, bad: 4_000 });
  });

  it('does not reschedule a poll that was in flight when the feeds were replaced', async () => {
    const timers = manualTimers();
    let release: (ok: boolean) => void = () => {};
    const scheduler = createFeedScheduler({
      ...timers,
      runFeed: () =>
        new Promise<boolean>((r) => {
          release = r;
        }),
    });
    scheduler.start([feed('a')]);
    timers.fireAll(); // the poll of 'a' is now in flight
    scheduler.start([feed('a', false)]); // an administrator disables it meanwhile
    release(true);
    await flush();
    expect(timers.queue).toEqual([]);
  });
});

describe('pollDelayMs', () => {
  const daily = (cron?: string): HttpPollFeed => {
    const f = feed('daily');
    return { ...f, config: { ...f.config, intervalSeconds: 600, ...(cron ? { cron } : {}) } };
  };
  // Monday 2026-11-23 15:00 in Ho Chi Minh City.
  const now = new Date('2026-11-23T08:00:00Z');

  it('waits for the next local cron time after a success', () => {
    expect(pollDelayMs(daily('30 16 * * 1-5'), 0, now)).toBe(90 * 60_000);
  });

  it('retries a failed cron poll on the interval backoff, not the next day', () => {
    expect(pollDelayMs(daily('30 16 * * 1-5'), 1, now)).toBe(30_000);
    expect(pollDelayMs(daily('30 16 * * 1-5'), 3, now)).toBe(120_000);
  });

  it('uses the interval for a feed without cron', () => {
    expect(pollDelayMs(daily(), 0, now)).toBe(600_000);
  });
});
