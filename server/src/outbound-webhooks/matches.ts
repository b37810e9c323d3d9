import {
  type AlertEvent,
  type AlertEventType,
  type Severity,
  severityRank,
} from '@city-ioc/shared';

/** What a subscription asks for. Empty lists mean "all". */
export interface WebhookFilter {
  enabled: boolean;
  departmentIds: readonly string[];
  minSeverity: Severity;
  eventTypes: readonly AlertEventType[];
}

/**
 * Whether the alert was silenced when the event happened: `silencedUntil` (ISO time, or
 * null/absent) later than `event.at`. Read defensively: the field is newer than some stored
 * snapshots, and anything that is not a valid time counts as "not silenced".
 */
export const isSilencedAt = (event: Pick<AlertEvent, 'at' | 'alert'>): boolean => {
  const until = (event.alert as { silencedUntil?: unknown }).silencedUntil;
  if (typeof until !== 'string') return false;
  const untilMs = Date.parse(until);
  const atMs = Date.parse(event.at);
  return Number.isFinite(untilMs) && Number.isFinite(atMs) && untilMs > atMs;
};

/**
 * Whether `event` goes to the subscription: enabled, the alert's department listed (or none
 * listed), its severity at least `minSeverity`, the event type listed (or none listed), and
 * the alert not silenced at the event's time. Pure.
 */
export const matches = (
  subscription: WebhookFilter,
  event: Pick<AlertEvent, 'type' | 'at' | 'alert'>,
): boolean =>
  subscription.enabled &&
  (subscription.departmentIds.length === 0 ||
    subscription.departmentIds.includes(event.alert.departmentId)) &&
  severityRank(event.alert.severity) >= severityRank(subscription.minSeverity) &&
  (subscription.eventTypes.length === 0 || subscription.eventTypes.includes(event.type)) &&
  !isSilencedAt(event);
