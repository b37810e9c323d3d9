import {
  type Alert,
  type AlertEvent,
  type AlertLogState,
  type AlertsSyncResult,
  applyAlertEvent,
  applyAlertEvents,
  applyAlertPage,
  SYNC_PAGE_LIMIT,
} from '@city-ioc/shared';
import { isActiveAlert as isActive } from './alert-lifecycle';

/**
 * Alert delivery on the client: a pure state machine.
 *
 * Contract (see shared/src/domain/alert-log.ts): alert events carry a gap-free `seq` in commit
 * order. The screen starts from a snapshot taken at `asOfSeq`, then applies every later event
 * exactly once, in order:
 * - the next event (`lastSeq + 1`) is applied; an old one (`seq <= lastSeq`) is ignored;
 * - a gap, a (re)connect, or a server that says it is ahead (`server:hello.headSeq`) leads to
 *   `alerts:sync { afterSeq: lastSeq }`, asked again while the answer `hasMore`;
 * - one sync at a time; answers to a request that is no longer current are ignored;
 * - a server whose log went backwards (fresh database) makes us refetch the snapshot.
 * The log keeps only active alerts (open, acknowledged or in progress), exactly what a fresh snapshot of
 * `GET /api/alerts?status=active` would hold, so a live screen and a reloaded one agree.
 *
 * The edge (api/alert-live-sync.ts) keeps `log` in the TanStack Query cache, the rest in a
 * closure, feeds inputs in and carries effects out. Tests: alert-sync.test.ts.
 */
export interface AlertSyncState {
  /** What the screen shows; null until the first snapshot arrives. */
  log: AlertLogState | null;
  /** Highest seq the server is known to have committed (events seen, hello, sync answers). */
  knownHeadSeq: number;
  /** Live events that arrived before the snapshot, applied on top of it. */
  buffered: readonly AlertEvent[];
  isConnected: boolean;
  /** The one sync request in flight, if any. */
  inFlight: { requestId: number; afterSeq: number } | null;
  nextRequestId: number;
  /** Sync once even if no gap is known: set on every connect and after a failed sync. */
  isSyncForced: boolean;
}

export type AlertSyncInput =
  | { type: 'snapshotLoaded'; log: AlertLogState }
  | { type: 'connected' }
  | { type: 'disconnected' }
  | { type: 'helloReceived'; headSeq: number }
  | { type: 'eventReceived'; event: AlertEvent }
  | { type: 'syncSucceeded'; requestId: number; result: AlertsSyncResult }
  | { type: 'syncFailed'; requestId: number }
  | { type: 'retryDue' };

export type AlertSyncEffect =
  | { kind: 'requestSync'; requestId: number; afterSeq: number; limit: number }
  | { kind: 'scheduleRetry'; delayMs: number }
  | { kind: 'refetchSnapshot' };

export interface AlertSyncStep {
  state: AlertSyncState;
  effects: AlertSyncEffect[];
}

/** Live events kept while the snapshot loads; beyond this the sync fetches them instead. */
export const MAX_BUFFERED_EVENTS = 1_000;
/** Wait before asking again after a failed or fruitless sync. */
export const SYNC_RETRY_DELAY_MS = 2_000;

export const initialAlertSyncState = (): AlertSyncState => ({
  log: null,
  knownHeadSeq: 0,
  buffered: [],
  isConnected: false,
  inFlight: null,
  nextRequestId: 1,
  isSyncForced: false,
});

/** Drops resolved alerts, keeping the object when nothing changes. */
export const withoutResolved = (log: AlertLogState): AlertLogState => {
  let hasResolved = false;
  for (const alert of log.alerts.values()) {
    if (!isActive(alert)) {
      hasResolved = true;
      break;
    }
  }
  if (!hasResolved) return log;
  return {
    lastSeq: log.lastSeq,
    alerts: new Map([...log.alerts].filter(([, alert]) => isActive(alert))),
  };
};

/**
 * Puts one alert into the log if it is newer than what the log holds (e.g. the answer of an
 * acknowledge request, which may beat its event). Does not move `lastSeq`: the event itself
 * still arrives and is applied, or ignored, by seq.
 */
export const withAlert = (log: AlertLogState, alert: Alert): AlertLogState => {
  const current = log.alerts.get(alert.id);
  if (current && current.version >= alert.version) return log;
  if (!current && !isActive(alert)) return log;
  const alerts = new Map(log.alerts);
  if (isActive(alert)) alerts.set(alert.id, alert);
  else alerts.delete(alert.id);
  return { lastSeq: log.lastSeq, alerts };
};

/** Starts a sync when one is needed and none is running. */
const maybeRequestSync = (state: AlertSyncState, effects: AlertSyncEffect[]): AlertSyncState => {
  const { log } = state;
  if (!log || !state.isConnected || state.inFlight) return state;
  if (!state.isSyncForced && state.knownHeadSeq <= log.lastSeq) return state;
  const requestId = state.nextRequestId;
  effects.push({ kind: 'requestSync', requestId, afterSeq: log.lastSeq, limit: SYNC_PAGE_LIMIT });
  return {
    ...state,
    inFlight: { requestId, afterSeq: log.lastSeq },
    nextRequestId: requestId + 1,
  };
};

/** Forgets everything seq-related and loads a new snapshot (the server's log restarted). */
const resetForNewLog = (
  state: AlertSyncState,
  headSeq: number,
  effects: AlertSyncEffect[],
): AlertSyncState => {
  effects.push({ kind: 'refetchSnapshot' });
  return { ...state, log: null, buffered: [], knownHeadSeq: headSeq, inFlight: null };
};

const bufferEvent = (buffered: readonly AlertEvent[], event: AlertEvent): readonly AlertEvent[] => {
  if (buffered.length >= MAX_BUFFERED_EVENTS) return buffered;
  if (buffered.some((e) => e.seq === event.seq)) return buffered;
  return [...buffered, event];
};

/** Advances the machine by one input. Pure: the same state and input give the same step. */
export const stepAlertSync = (state: AlertSyncState, input: AlertSyncInput): AlertSyncStep => {
  const effects: AlertSyncEffect[] = [];
  let next: AlertSyncState = state;

  switch (input.type) {
    case 'snapshotLoaded': {
      const ordered = [...state.buffered].sort((a, b) => a.seq - b.seq);
      // Stops at a gap; whatever is missing (and the rest of the buffer) comes through a sync.
      const { state: log } = applyAlertEvents(input.log, ordered);
      next = {
        ...state,
        log: withoutResolved(log),
        buffered: [],
        knownHeadSeq: Math.max(state.knownHeadSeq, input.log.lastSeq),
      };
      break;
    }
    case 'connected':
      next = { ...state, isConnected: true, isSyncForced: true };
      break;
    case 'disconnected':
      // An answer to a request sent on the old connection is stale from now on.
      next = { ...state, isConnected: false, inFlight: null };
      break;
    case 'helloReceived': {
      if (state.log && input.headSeq < state.log.lastSeq) {
        return { state: resetForNewLog(state, input.headSeq, effects), effects };
      }
      next = { ...state, knownHeadSeq: Math.max(state.knownHeadSeq, input.headSeq) };
      break;
    }
    case 'eventReceived': {
      const { event } = input;
      next = { ...state, knownHeadSeq: Math.max(state.knownHeadSeq, event.seq) };
      if (!state.log) {
        next.buffered = bufferEvent(state.buffered, event);
        break;
      }
      const outcome = applyAlertEvent(state.log, event);
      // 'duplicate' changes nothing; 'gap' is noticed below as knownHeadSeq > lastSeq.
      if (outcome.kind === 'applied') next.log = withoutResolved(outcome.state);
      break;
    }
    case 'syncSucceeded': {
      if (state.inFlight?.requestId !== input.requestId) return { state, effects };
      const { result } = input;
      next = { ...state, inFlight: null, isSyncForced: false };
      if (!state.log) break;
      if (result.headSeq < state.log.lastSeq) {
        return { state: resetForNewLog(next, result.headSeq, effects), effects };
      }
      const before = state.log.lastSeq;
      // The server vouches the page is complete up to throughSeq (events another department
      // owns are not ours to see), so the page may skip numbers.
      const { state: log } = applyAlertPage(state.log, result.events, result.throughSeq);
      next.log = withoutResolved(log);
      next.knownHeadSeq = Math.max(state.knownHeadSeq, result.headSeq);
      const isBehind = result.hasMore || next.knownHeadSeq > log.lastSeq;
      if (isBehind && log.lastSeq === before) {
        // The server said there is more but gave us nothing we could apply: do not spin.
        next.isSyncForced = true;
        effects.push({ kind: 'scheduleRetry', delayMs: SYNC_RETRY_DELAY_MS });
        return { state: next, effects };
      }
      if (result.hasMore) next.isSyncForced = true;
      break;
    }
    case 'syncFailed': {
      if (state.inFlight?.requestId !== input.requestId) return { state, effects };
      next = { ...state, inFlight: null, isSyncForced: true };
      effects.push({ kind: 'scheduleRetry', delayMs: SYNC_RETRY_DELAY_MS });
      return { state: next, effects };
    }
    case 'retryDue':
      break;
  }

  next = maybeRequestSync(next, effects);
  return { state: next, effects };
};
