import {
  type Alert,
  type AlertEvent,
  coveringSilence,
  type DepartmentScope,
  matchesSilence,
  type SilenceMatchers,
} from '@city-ioc/shared';
import { createAlertRepository } from '../store/alert-repository';
import type { Queryable } from '../store/db';
import { createSilenceRepository, type StoredSilence } from '../store/silence-repository';

/**
 * Whether a new silence takes over an alert: it matches, and it ends later than whatever
 * silence covers the alert now (the silence that ends last decides `silencedUntil`). Pure.
 */
export const takesOver = (
  silence: Pick<StoredSilence, 'matchers' | 'endsAt'>,
  alert: Alert,
  now: Date,
): boolean => {
  if (!matchesSilence(silence.matchers, alert)) return false;
  if (alert.silencedUntil === null) return true;
  const until = Date.parse(alert.silencedUntil);
  return until <= now.getTime() || until < Date.parse(silence.endsAt);
};

/**
 * Whether a principal of `scope` may create or cancel a silence with these matchers: the
 * city-wide scope any; a department head only one restricted to one of their departments.
 * Pure.
 */
export const maySilence = (scope: DepartmentScope, matchers: SilenceMatchers): boolean =>
  scope.all ||
  (matchers.departmentId !== undefined && scope.departmentIds.includes(matchers.departmentId));

/**
 * Applies a silence in force to the active alerts it takes over, each with a `silenced` event
 * (actor: who created it, or null for the sweep that starts a maintenance window).
 */
export const applySilence = async (
  tx: Queryable,
  silence: StoredSilence,
  at: string,
  actor: string | null,
): Promise<AlertEvent[]> => {
  const alerts = createAlertRepository(tx);
  const now = new Date(at);
  const events: AlertEvent[] = [];
  for (const alert of await alerts.activeForSilencing()) {
    if (!takesOver(silence, alert, now)) continue;
    const event = await alerts.setSilence(alert.id, silence, at, actor);
    if (event) events.push(event);
  }
  return events;
};

/**
 * After a silence was cancelled: each alert it covered falls back on the next silence in force
 * that matches it, or on none (`silencedUntil` null), with a `silenced` event.
 */
export const releaseSilence = async (
  tx: Queryable,
  silenceId: string,
  at: string,
  actor: string,
): Promise<AlertEvent[]> => {
  const alerts = createAlertRepository(tx);
  const remaining = (await createSilenceRepository(tx).inForce(at)).filter(
    (s) => s.id !== silenceId,
  );
  const now = new Date(at);
  const events: AlertEvent[] = [];
  for (const alert of await alerts.activeForSilencing(silenceId)) {
    const next = coveringSilence(remaining, alert, now);
    const event = await alerts.setSilence(alert.id, next, at, actor);
    if (event) events.push(event);
  }
  return events;
};

/** Applies the maintenance windows whose start has passed to the alerts active by then. */
export const applyDueSilences = async (tx: Queryable, now: string): Promise<AlertEvent[]> => {
  const events: AlertEvent[] = [];
  for (const silence of await createSilenceRepository(tx).takeDue(now)) {
    events.push(...(await applySilence(tx, silence, now, null)));
  }
  return events;
};
