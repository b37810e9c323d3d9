import { maxSeverity, type Rule, type Severity } from '@city-ioc/shared';

/** What the clock needs to know of an unacknowledged alert. */
export interface OpenAlert {
  id: string;
  ruleId: string | null;
  severity: Severity;
  firstAt: string;
  escalationLevel: number;
  remindedAt: string | null;
  /** A silence covers it until then: no escalation, no reminder meanwhile. */
  silencedUntil?: string | null;
}

export type FollowUp =
  | { alertId: string; kind: 'escalate'; severity: Severity }
  | { alertId: string; kind: 'remind' };

const MINUTE_MS = 60_000;

/**
 * Escalation and reminders of alerts nobody acknowledged, at `now`. Pure.
 * - Escalation happens once, `escalation.afterMinutes` after the alert was raised: the
 *   severity goes up to `raiseTo` (never down) and the next level is notified.
 * - A reminder comes every `remindEveryMinutes` after the raise or the last reminder.
 * - A silenced alert is neither escalated nor reminded while the silence lasts.
 */
export const dueFollowUps = (
  alerts: readonly OpenAlert[],
  rules: ReadonlyMap<string, Rule>,
  now: string,
): FollowUp[] => {
  const t = Date.parse(now);
  const out: FollowUp[] = [];
  for (const alert of alerts) {
    const rule = alert.ruleId ? rules.get(alert.ruleId) : undefined;
    if (!rule) continue;
    if (alert.silencedUntil && Date.parse(alert.silencedUntil) > t) continue;
    const age = t - Date.parse(alert.firstAt);
    if (
      rule.escalation &&
      alert.escalationLevel === 0 &&
      age >= rule.escalation.afterMinutes * MINUTE_MS
    ) {
      const severity = rule.escalation.raiseTo
        ? maxSeverity(alert.severity, rule.escalation.raiseTo)
        : alert.severity;
      out.push({ alertId: alert.id, kind: 'escalate', severity });
      continue;
    }
    if (rule.remindEveryMinutes) {
      const since = Date.parse(alert.remindedAt ?? alert.firstAt);
      if (t - since >= rule.remindEveryMinutes * MINUTE_MS)
        out.push({ alertId: alert.id, kind: 'remind' });
    }
  }
  return out;
};
