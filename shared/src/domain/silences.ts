import type { SilenceMatchers, SilenceState } from '../api/silences';
import type { Alert } from '../schemas/alert';
import type { Severity } from '../schemas/severity';

/** Whether alerts of a severity may be silenced at all: an Extreme alert never is. Pure. */
export const isSilenceableSeverity = (severity: Severity): boolean => severity !== 'Extreme';

/**
 * Whether a silence's matchers cover an alert: every matcher given must equal the alert's
 * field (severities: include its severity), and the alert must be silenceable. Pure.
 */
export const matchesSilence = (
  matchers: SilenceMatchers,
  alert: Pick<
    Alert,
    'departmentId' | 'ruleId' | 'indicatorId' | 'areaId' | 'subjectId' | 'severity'
  >,
): boolean =>
  isSilenceableSeverity(alert.severity) &&
  (matchers.departmentId === undefined || matchers.departmentId === alert.departmentId) &&
  (matchers.ruleId === undefined || matchers.ruleId === alert.ruleId) &&
  (matchers.indicatorId === undefined || matchers.indicatorId === alert.indicatorId) &&
  (matchers.areaId === undefined || matchers.areaId === alert.areaId) &&
  (matchers.subjectId === undefined || matchers.subjectId === alert.subjectId) &&
  (matchers.severities === undefined ||
    (matchers.severities as readonly Severity[]).includes(alert.severity));

/** Where a silence stands at `now` (ISO strings compare by time only when parsed). Pure. */
export const silenceState = (
  silence: { startsAt: string; endsAt: string; cancelledAt: string | null },
  now: Date,
): SilenceState => {
  if (silence.cancelledAt !== null) return 'cancelled';
  const t = now.getTime();
  if (Date.parse(silence.endsAt) <= t) return 'expired';
  return Date.parse(silence.startsAt) > t ? 'scheduled' : 'active';
};

/** Whether an alert's notifications are held back at `now`. Pure. */
export const isSilencedAt = (alert: Pick<Alert, 'silencedUntil'>, now: Date): boolean =>
  alert.silencedUntil !== null && Date.parse(alert.silencedUntil) > now.getTime();

/**
 * Of the silences in force that match an alert, the one that ends last (it decides
 * `silencedUntil`); null when none does. Pure.
 */
export const coveringSilence = <
  S extends {
    matchers: SilenceMatchers;
    startsAt: string;
    endsAt: string;
    cancelledAt: string | null;
  },
>(
  silences: readonly S[],
  alert: Parameters<typeof matchesSilence>[1],
  now: Date,
): S | null => {
  let best: S | null = null;
  for (const s of silences) {
    if (silenceState(s, now) !== 'active' || !matchesSilence(s.matchers, alert)) continue;
    if (!best || Date.parse(s.endsAt) > Date.parse(best.endsAt)) best = s;
  }
  return best;
};
