import type { Alert, AlertAction, AlertEventType } from '@city-ioc/shared';

/** What an action does to an alert in a given state, or why it cannot. */
export type ActionOutcome =
  | { ok: true; status: Alert['status']; close: boolean; event: AlertEventType }
  | { ok: true; unchanged: true }
  | { ok: false; reason: string };

/**
 * The alert lifecycle, pure: Open → Acknowledged → In progress → Resolved → Closed.
 * - acknowledge: from open; repeating it (or acknowledging later states) changes nothing;
 * - start (work in progress): from open or acknowledged; repeating it changes nothing;
 * - resolve: from any active state;
 * - close: a resolved alert, once reviewed; closing twice changes nothing.
 * Anything else is refused with the reason, e.g. starting work on a resolved alert.
 */
export const applyAction = (
  alert: Pick<Alert, 'status' | 'closedAt'>,
  action: AlertAction,
): ActionOutcome => {
  const { status } = alert;
  const isResolved = status === 'resolved';
  switch (action) {
    case 'acknowledge':
      if (status === 'open')
        return { ok: true, status: 'acknowledged', close: false, event: 'acknowledged' };
      if (isResolved) return { ok: false, reason: 'the alert is resolved already' };
      return { ok: true, unchanged: true };
    case 'start':
      if (status === 'open' || status === 'acknowledged') {
        return { ok: true, status: 'in_progress', close: false, event: 'progressed' };
      }
      if (isResolved) return { ok: false, reason: 'the alert is resolved already' };
      return { ok: true, unchanged: true };
    case 'resolve':
      if (isResolved) return { ok: false, reason: 'the alert is resolved already' };
      return { ok: true, status: 'resolved', close: false, event: 'resolved' };
    case 'close':
      if (!isResolved) return { ok: false, reason: 'only a resolved alert can be closed' };
      if (alert.closedAt !== null) return { ok: true, unchanged: true };
      return { ok: true, status: 'resolved', close: true, event: 'closed' };
  }
};
