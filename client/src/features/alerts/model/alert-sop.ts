import {
  type Alert,
  type AlertSopStep,
  isSilenceableSeverity,
  type SilenceMatchers,
} from '@city-ioc/shared';

/**
 * The SOP checklist and the "silence similar" action as the drill-down shows them, pure.
 * Mirrors the server: steps change until the alert is closed; Extreme alerts are never silenced.
 */

/** Whether the principal may tick steps of this alert now. */
export const canTickSop = (alert: Pick<Alert, 'closedAt'>, canAct: boolean): boolean =>
  canAct && alert.closedAt === null;

/** Steps in the rule's order, whatever order they came in. */
export const orderedSop = (steps: readonly AlertSopStep[]): AlertSopStep[] =>
  [...steps].sort((a, b) => a.idx - b.idx);

/** The durations offered when silencing from an alert: 1 h, 4 h, 24 h. */
export const SILENCE_DURATIONS_MINUTES: readonly number[] = [60, 240, 1_440];

/** Whether the "silence similar" action is offered: active, not Extreme, by someone who acts. */
export const canSilence = (alert: Pick<Alert, 'severity' | 'status'>, canAct: boolean): boolean =>
  canAct && alert.status !== 'resolved' && isSilenceableSeverity(alert.severity);

/**
 * The matchers of "silence similar alerts": the alert's department, and its rule (or its
 * indicator when it has no rule) and area when it has them.
 */
export const similarAlertMatchers = (
  alert: Pick<Alert, 'departmentId' | 'ruleId' | 'indicatorId' | 'areaId'>,
): SilenceMatchers => ({
  departmentId: alert.departmentId,
  ...(alert.ruleId
    ? { ruleId: alert.ruleId }
    : alert.indicatorId
      ? { indicatorId: alert.indicatorId }
      : {}),
  ...(alert.areaId ? { areaId: alert.areaId } : {}),
});
