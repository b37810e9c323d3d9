import type { FeedHealthState, FeedStatus } from '@city-ioc/shared';
import type { FastifyBaseLogger } from 'fastify';

export interface HealthWatcherDeps {
  /** Every feed's status as of now. */
  listStatuses: () => Promise<FeedStatus[]>;
  onChange: (status: FeedStatus) => void;
  /** Called with every feed's status on the first check (reconcile after a restart). */
  onFirstCheck?: (statuses: readonly FeedStatus[]) => Promise<void>;
  log: FastifyBaseLogger;
  intervalMs?: number;
}

/**
 * Re-evaluates feed health on a timer, because silence (NoData) arrives with no event of its
 * own. Announces each feed whose state changed since the last check.
 */
export const createFeedHealthWatcher = ({
  listStatuses,
  onChange,
  onFirstCheck,
  log,
  intervalMs = 5_000,
}: HealthWatcherDeps) => {
  const known = new Map<string, FeedHealthState>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;

  const check = async () => {
    const statuses = await listStatuses();
    for (const status of statuses) {
      const before = known.get(status.feedId);
      known.set(status.feedId, status.state);
      if (before !== undefined && before !== status.state) onChange(status);
    }
  };

  const tick = () => {
    if (running) return;
    running = check()
      .catch((error) => log.error({ err: error }, 'feed health check failed'))
      .finally(() => {
        running = null;
      });
  };

  return {
    async start() {
      await check();
      await onFirstCheck?.(await listStatuses());
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    check,
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
};
