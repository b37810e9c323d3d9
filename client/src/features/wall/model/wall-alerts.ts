import { type Alert, isSilencedAt, type Severity, severityRank } from '@city-ioc/shared';

/** Severity first, then the newest: what a wall shows at the top of a bounded list. */
const byUrgency = (a: Alert, b: Alert) =>
  severityRank(b.severity) - severityRank(a.severity) ||
  Date.parse(b.lastAt) - Date.parse(a.lastAt);

/** The active alerts a wall lists, most urgent first, at most `limit` (lists are bounded). */
export const wallAlerts = (alerts: Iterable<Alert>, limit = 12): Alert[] =>
  [...alerts]
    .filter((a) => a.status !== 'resolved')
    .sort(byUrgency)
    .slice(0, limit);

/** The ticker's entries: the same order, a few more, still bounded. */
export const tickerAlerts = (alerts: Iterable<Alert>, limit = 20): Alert[] =>
  wallAlerts(alerts, limit);

/**
 * An alert flashes while nobody acknowledged it, unless a silence holds its notifications back
 * (an Extreme alert is never silenced, so it always flashes until acknowledged).
 */
export const isFlashing = (alert: Alert, now: Date): boolean =>
  alert.status === 'open' && !isSilencedAt(alert, now);

/**
 * The alerts that call for a sound: newly seen (not in `known`), unacknowledged, not silenced,
 * at least `minSeverity`. `known` holds the ids the wall has already seen; the first load
 * (the snapshot) makes no sound. Returns them most severe first, and the ids now known. Pure.
 */
export const alertsToSound = (
  known: ReadonlySet<string> | null,
  alerts: Iterable<Alert>,
  minSeverity: Severity,
  now: Date,
): { sound: Alert[]; known: Set<string> } => {
  const list = [...alerts];
  const next = new Set(list.map((a) => a.id));
  if (known === null) return { sound: [], known: next };
  const sound = list
    .filter((a) => !known.has(a.id))
    .filter((a) => isFlashing(a, now) && severityRank(a.severity) >= severityRank(minSeverity))
    .sort(byUrgency);
  return { sound, known: next };
};
