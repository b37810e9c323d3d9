import { type Feed, feedPollIntervalSeconds } from '@city-ioc/shared';
import { nextPollDelayMs } from './backoff';

export interface SchedulerDeps {
  /** Runs one poll of a feed; resolves true on success, false on a handled failure. */
  runFeed: (feed: Feed, signal: AbortSignal) => Promise<boolean>;
  setTimer?: (fn: () => void, ms: number) => NodeJS.Timeout;
  clearTimer?: (timer: NodeJS.Timeout) => void;
}

/**
 * Polls each enabled feed that polls (HTTP polls, CAP polls, NGSI reconciliation) on its own timer chain, so a slow or failing feed never delays
 * another. Backs off on failure. `stop()` clears every timer and aborts polls in flight.
 */
export const createFeedScheduler = ({
  runFeed,
  setTimer = (fn, ms) => setTimeout(fn, ms),
  clearTimer = (t) => clearTimeout(t),
}: SchedulerDeps) => {
  const timers = new Map<string, NodeJS.Timeout>();
  const failures = new Map<string, number>();
  const inFlight = new Set<Promise<unknown>>();
  const abort = new AbortController();
  let stopped = false;
  // Bumped by every start(): a poll still in flight from an older set of feeds (an edited,
  // disabled or deleted feed) must not reschedule itself when it finishes.
  let epoch = 0;

  const schedule = (feed: Feed, delayMs: number) => {
    if (stopped) return;
    const scheduledIn = epoch;
    const timer = setTimer(() => {
      timers.delete(feed.id);
      const run = runFeed(feed, abort.signal)
        .catch(() => false)
        .then((ok) => {
          if (scheduledIn !== epoch) return;
          const count = ok ? 0 : (failures.get(feed.id) ?? 0) + 1;
          failures.set(feed.id, count);
          schedule(feed, nextPollDelayMs(feedPollIntervalSeconds(feed) ?? 60, count));
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
