import type { AlertEvent } from '@city-ioc/shared';
import type { FastifyBaseLogger } from 'fastify';
import { createAlertRepository } from '../store/alert-repository';
import type { Db } from '../store/db';

export interface RelayDeps {
  db: Db;
  emit: (event: AlertEvent) => void;
  log: FastifyBaseLogger;
  /** Safety poll, for commits this process was not told about. */
  intervalMs?: number;
}

/**
 * Emits committed alert events in sequence order by tailing the event log in the database.
 * What is emitted is always read back after commit, never taken from memory, so an event
 * whose writer died before emitting still goes out, and nothing is emitted that did not
 * commit. Clients close any remaining gap themselves by `alerts:sync`.
 */
export const createEventRelay = ({ db, emit, log, intervalMs = 1_000 }: RelayDeps) => {
  const alerts = createAlertRepository(db);
  let lastEmitted = 0;
  let draining: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const drainOnce = async () => {
    for (;;) {
      const events = await alerts.eventsAfter(lastEmitted, 500);
      for (const event of events) {
        emit(event);
        lastEmitted = event.seq;
      }
      if (events.length < 500) return;
    }
  };

  const drain = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (draining) {
      again = true;
      return draining;
    }
    draining = (async () => {
      try {
        do {
          again = false;
          await drainOnce();
        } while (again && !stopped);
      } catch (error) {
        log.error({ err: error }, 'alert event relay failed; retrying on the next tick');
      } finally {
        draining = null;
      }
    })();
    return draining;
  };

  return {
    /** Starts after the current head: earlier events reach clients through their sync. */
    async start() {
      lastEmitted = await alerts.headSeq();
      timer = setInterval(() => void drain(), intervalMs);
      timer.unref();
    },
    /** Called after a local commit: emit what is new now rather than at the next tick. */
    poke: () => drain(),
    lastEmittedSeq: () => lastEmitted,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await draining;
    },
  };
};
export type EventRelay = ReturnType<typeof createEventRelay>;
