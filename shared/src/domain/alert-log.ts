import type { Alert, AlertEvent } from '../schemas/alert';

/** Alerts by id plus the last applied event sequence: what a client holds. */
export interface AlertLogState {
  lastSeq: number;
  alerts: ReadonlyMap<string, Alert>;
}

export type ApplyOutcome =
  /** The event was the next one and changed the state. */
  | { kind: 'applied'; state: AlertLogState }
  /** Already applied (seq at or below lastSeq): ignored, so nothing shows twice. */
  | { kind: 'duplicate'; state: AlertLogState }
  /** Events are missing before this one: the caller must sync from `state.lastSeq`. */
  | { kind: 'gap'; state: AlertLogState };

/** Empty state before the first snapshot. */
export const emptyAlertLog = (): AlertLogState => ({ lastSeq: 0, alerts: new Map() });

/**
 * Applies one event of the gap-free, commit-ordered alert log. Pure: returns a new state.
 * Applying the same event twice, or an old one, changes nothing.
 */
export const applyAlertEvent = (state: AlertLogState, event: AlertEvent): ApplyOutcome => {
  if (event.seq <= state.lastSeq) return { kind: 'duplicate', state };
  if (event.seq !== state.lastSeq + 1) return { kind: 'gap', state };
  const alerts = new Map(state.alerts);
  const current = alerts.get(event.alert.id);
  // A snapshot may already hold a newer version than an event of the page being replayed.
  if (!current || current.version <= event.alert.version) alerts.set(event.alert.id, event.alert);
  return { kind: 'applied', state: { lastSeq: event.seq, alerts } };
};

/** Applies an ordered page of events; stops at the first gap. */
export const applyAlertEvents = (
  state: AlertLogState,
  events: readonly AlertEvent[],
): { state: AlertLogState; applied: number; hasGap: boolean } => {
  let current = state;
  let applied = 0;
  for (const event of events) {
    const outcome = applyAlertEvent(current, event);
    if (outcome.kind === 'gap') return { state: current, applied, hasGap: true };
    if (outcome.kind === 'applied') applied += 1;
    current = outcome.state;
  }
  return { state: current, applied, hasGap: false };
};

/**
 * Applies a page the server vouches is complete up to `throughSeq` (an `alerts:sync` answer):
 * its events may skip sequence numbers (another department's events, which this screen never
 * sees), and afterwards the log stands at `throughSeq`. Events at or below `lastSeq` are
 * ignored, so nothing shows twice. Pure.
 */
export const applyAlertPage = (
  state: AlertLogState,
  events: readonly AlertEvent[],
  throughSeq: number,
): { state: AlertLogState; applied: number } => {
  let alerts: Map<string, Alert> | null = null;
  let lastSeq = state.lastSeq;
  let applied = 0;
  for (const event of events) {
    if (event.seq <= lastSeq || event.seq > throughSeq) continue;
    alerts ??= new Map(state.alerts);
    const current = alerts.get(event.alert.id);
    if (!current || current.version <= event.alert.version) alerts.set(event.alert.id, event.alert);
    lastSeq = event.seq;
    applied += 1;
  }
  lastSeq = Math.max(lastSeq, throughSeq);
  if (lastSeq === state.lastSeq && alerts === null) return { state, applied };
  return { state: { lastSeq, alerts: alerts ?? state.alerts }, applied };
};

/** Starts a state from a consistent snapshot taken at `asOfSeq`. */
export const alertLogFromSnapshot = (alerts: readonly Alert[], asOfSeq: number): AlertLogState => ({
  lastSeq: asOfSeq,
  alerts: new Map(alerts.map((a) => [a.id, a])),
});
