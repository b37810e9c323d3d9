import type { Alert } from '@city-ioc/shared';

/** What ticking or unticking a checklist step does, or why it cannot. */
export type ChecklistOutcome =
  | { ok: true; done: boolean }
  | { ok: true; unchanged: true }
  | { ok: false; status: 404 | 409; reason: string };

/**
 * The SOP checklist, pure: a step can be ticked and unticked at any time until the alert is
 * closed (after review nothing about it changes any more); asking for the state it already has
 * changes nothing; a step the alert's checklist does not have is not found.
 */
export const checklistChange = (
  alert: Pick<Alert, 'closedAt'>,
  step: { doneAt: string | null } | undefined,
  done: boolean,
): ChecklistOutcome => {
  if (!step) return { ok: false, status: 404, reason: 'the alert has no such checklist step' };
  if (alert.closedAt !== null) return { ok: false, status: 409, reason: 'the alert is closed' };
  if ((step.doneAt !== null) === done) return { ok: true, unchanged: true };
  return { ok: true, done };
};
