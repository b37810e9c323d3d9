import type { Silence, SilenceCreate, SilenceMatchers } from '@city-ioc/shared';

/** The maintenance-window form as typed (datetime-local values are Vietnam wall-clock time). */
export interface MaintenanceFormState {
  departmentId: string;
  ruleId: string;
  areaId: string;
  startsAt: string;
  endsAt: string;
  reason: string;
}

export const emptyMaintenanceForm: MaintenanceFormState = {
  departmentId: '',
  ruleId: '',
  areaId: '',
  startsAt: '',
  endsAt: '',
  reason: '',
};

/**
 * A `datetime-local` value ("2026-11-23T14:00") read as time in Asia/Ho_Chi_Minh, as an ISO
 * instant. Vietnam keeps UTC+7 all year (no daylight saving), so a fixed offset is exact.
 * Null for anything else.
 */
export const vietnamLocalToIso = (value: string): string | null => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const ms = Date.parse(`${value}:00+07:00`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
};

/** The request for the form, or null when something required is missing or out of order. */
export const maintenanceRequest = (form: MaintenanceFormState): SilenceCreate | null => {
  const startsAt = vietnamLocalToIso(form.startsAt);
  const endsAt = vietnamLocalToIso(form.endsAt);
  const reason = form.reason.trim();
  if (!form.departmentId || !startsAt || !endsAt || reason === '') return null;
  if (Date.parse(endsAt) <= Date.parse(startsAt)) return null;
  const matchers: SilenceMatchers = {
    departmentId: form.departmentId,
    ...(form.ruleId.trim() ? { ruleId: form.ruleId.trim() } : {}),
    ...(form.areaId.trim() ? { areaId: form.areaId.trim() } : {}),
  };
  return { matchers, startsAt, endsAt, reason };
};

/** Scheduled and active ones first (soonest end first), then the ended ones, newest first. */
export const splitSilences = (silences: readonly Silence[]) => {
  const current = silences
    .filter((s) => s.state === 'active' || s.state === 'scheduled')
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const past = silences
    .filter((s) => s.state === 'expired' || s.state === 'cancelled')
    .sort((a, b) => Date.parse(b.endsAt) - Date.parse(a.endsAt));
  return { current, past };
};

/** The matchers in words: "dept:TNMT · rule:x · ward:1 · Minor, Moderate". */
export const describeMatchers = (
  m: SilenceMatchers,
  departmentName: (id: string) => string,
): string =>
  [
    m.departmentId ? departmentName(m.departmentId) : null,
    m.ruleId ?? null,
    m.indicatorId ?? null,
    m.areaId ?? null,
    m.subjectId ?? null,
    m.severities ? m.severities.join(', ') : null,
  ]
    .filter((part): part is string => part !== null)
    .join(' · ');
