import type {
  Alert,
  AlertAction,
  AlertDetail,
  AlertEventType,
  AlertStatus,
} from '@city-ioc/shared';
import type { MessageKey } from '../../../lib/i18n';

/**
 * The alert lifecycle as the drill-down panel shows it, pure:
 * Open → Acknowledged → In progress → Resolved → Closed (a resolved alert that was reviewed).
 * Which actions a button is shown for mirrors the server (server/src/alerts/lifecycle.ts):
 * only the ones that move the alert on from its current status.
 */

/** Every action, in the order the buttons are drawn. */
export const ALERT_ACTIONS: readonly AlertAction[] = ['acknowledge', 'start', 'resolve', 'close'];

/** Open, acknowledged and in progress are active; resolved (closed or not) is not. */
export const isActiveStatus = (status: AlertStatus): boolean => status !== 'resolved';

/** Whether an alert belongs in the live list and on the map. */
export const isActiveAlert = (alert: Pick<Alert, 'status'>): boolean =>
  isActiveStatus(alert.status);

/**
 * Whether `action` moves the alert on from where it is:
 * - acknowledge: from open;
 * - start: from open or acknowledged;
 * - resolve: from any active status;
 * - close: a resolved alert not closed yet.
 */
export const isActionAllowed = (
  alert: Pick<Alert, 'status' | 'closedAt'>,
  action: AlertAction,
): boolean => {
  const { status } = alert;
  switch (action) {
    case 'acknowledge':
      return status === 'open';
    case 'start':
      return status === 'open' || status === 'acknowledged';
    case 'resolve':
      return isActiveStatus(status);
    case 'close':
      return status === 'resolved' && alert.closedAt === null;
  }
};

/** The actions valid for the alert's current status, in button order. */
export const allowedActions = (alert: Pick<Alert, 'status' | 'closedAt'>): AlertAction[] =>
  ALERT_ACTIONS.filter((action) => isActionAllowed(alert, action));

export type LifecycleStep = AlertStatus | 'closed';

/** The steps of the stepper, in order. */
export const LIFECYCLE_STEPS: readonly LifecycleStep[] = [
  'open',
  'acknowledged',
  'in_progress',
  'resolved',
  'closed',
];

/** Where the alert stands: its status, or `closed` for a resolved alert that was closed. */
export const lifecycleStep = (alert: Pick<Alert, 'status' | 'closedAt'>): LifecycleStep =>
  alert.status === 'resolved' && alert.closedAt !== null ? 'closed' : alert.status;

/** The index of the alert's current step in LIFECYCLE_STEPS (0 = open … 4 = closed). */
export const lifecycleStepIndex = (alert: Pick<Alert, 'status' | 'closedAt'>): number =>
  LIFECYCLE_STEPS.indexOf(lifecycleStep(alert));

export type StepState = 'done' | 'current' | 'upcoming';

/** How one step of the stepper is drawn, given the index of the current step. */
export const stepState = (stepIndex: number, currentIndex: number): StepState =>
  stepIndex < currentIndex ? 'done' : stepIndex === currentIndex ? 'current' : 'upcoming';

/** The dictionary key of a step's label ("Mở", "Đã xác nhận", …). */
export const lifecycleStepLabelKey = (step: LifecycleStep): MessageKey => `alertLifecycle.${step}`;

/** The dictionary key of an action button's label ("Xác nhận", "Bắt đầu xử lý", …). */
export const actionLabelKey = (action: AlertAction): MessageKey => `alertAction.${action}`;

/** The dictionary key of a timeline entry's label ("Phát sinh", "Phân công", …). */
export const timelineLabelKey = (type: AlertEventType): MessageKey => `alertEvent.${type}`;

export type TimelineEntry = AlertDetail['timeline'][number];

/** The timeline in the order it happened (by seq), whatever order it came in. */
export const orderedTimeline = (timeline: readonly TimelineEntry[]): TimelineEntry[] =>
  [...timeline].sort((a, b) => a.seq - b.seq);
