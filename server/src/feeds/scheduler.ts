import { type Feed, feedPollIntervalSeconds } from '@city-ioc/shared';
import { nextPollDelayMs } from './backoff';
import { nextCronRun } from './cron';

/**
 * Delay before a feed's next poll. After a failure: the backoff on its interval. Otherwise, a
 * cron-scheduled HTTP poll waits for its next local run time; any other feed, its interval. Pure.
 */
export const pollDelayMs = (feed: Feed, consecutiveFailures: number, now: Date): number => {
  const intervalSeconds = feedPollIntervalSeconds(feed) ?? 60;
  if (consecutiveFailures > 0 || feed.adapter !== 'http-poll' || !feed.config.cron) {
    return nextPollDelayMs(intervalSeconds, consecutiveFailures);
  }
  const next = nextCronRun(feed.config.cron, now);
  // An expression that never runs again (refused at save) falls back to the interval.
  return next ? Math.max(0, next.getTime() - now.getTime()) : intervalSeconds * 1000;
};

/** Longest single timer (one day); a longer cron wait simply polls on the way. */
const MAX_TIMER_MS = 86_400_000;

export interface SchedulerDeps {
  /** Runs one poll of a feed; resolves true on success, false on a handled failure. */
  runFeed: (feed: Feed, signal: AbortSignal) => Promise<boolean>;
  setTimer?: (fn: () => void, ms: number) => NodeJS.Timeout;
  now?: () => Date;
  clearTimer?: (timer: NodeJS.Timeout) => void;
}

/**
 * Polls each enabled feed that polls (HTTP polls, CAP polls, NGSI reconciliation) on its own
 * timer chain, so a slow or failing feed never delays another. The first poll is right away
 * (a restarted server catches up; an unchanged answer stores nothing), then by interval or
 * cron. Backs off on failure. `stop()` clears every timer and aborts polls in flight.
 *
 * Node timers fire late, never early, and a long cron wait is one timer: a setTimeout longer
 * than 2^31-1 ms would fire at once, so waits are capped and simply re-checked.
 */
export const createFeedScheduler = ({
  runFeed,
  setTimer = (fn, ms) => setTimeout(fn, ms),
  clearTimer = (t) => clearTimeout(t),
  now = () => new Date(),
}: SchedulerDeps) => {
  const timers = new Map<string, NodeJS.Timeout>();
  const failures = new Map<string, number>();
  const inFlight = new Set<Promise<unknown>>();
  const abort = new AbortController();
  let stopped = false;
  // Bumped by every start(): a poll still in flight from an older set of feeds (an edited,
  // disabled or deleted feed) must not reschedule itself when it finishes.
  let epoch = 0;

  const schedule = (feed: Feed, requestedMs: number) => {
    if (stopped) return;
    const delayMs = Math.min(requestedMs, MAX_TIMER_MS);
    const scheduledIn = epoch;
    const timer = setTimer(() => {
      timers.delete(feed.id);
      const run = runFeed(feed, abort.signal)
        .catch(() => false)
        .then((ok) => {
          if (scheduledIn !== epoch) return;
          const count = ok ? 0 : (failures.get(feed.id) ?? 0) + 1;
          failures.set(feed.id, count);
          schedule(feed, pollDelayMs(feed, count, now()));
        });
      inFlight.add(run);
      void run.finally(() => inFlight.delete(run));
    }, delayMs);
    timers.set(feed.id, timer);
  };

  return {
    /** Starts polling `feeds` (first poll right away); replaces any previous set. */
    start(feeds: readonly Feed[]) {
      epoch += 1;
      for (const t of timers.values()) clearTimer(t);
      timers.clear();
      for (const feed of feeds)
        if (feed.enabled && feedPollIntervalSeconds(feed) !== null) schedule(feed, 0);
    },
    async stop() {
      stopped = true;
      abort.abort();
      for (const t of timers.values()) clearTimer(t);
      timers.clear();
      await Promise.allSettled([...inFlight]);
    },
    scheduledFeedIds: () => [...timers.keys()],
  };
};
