import type { AlertEvent, Severity } from '@city-ioc/shared';
import type { OpenAlert } from '../alerts/follow-ups';
import { createAlertRepository } from './alert-repository';
import type { Queryable } from './db';
import { toIso, toIsoOrNull } from './rows';

/** Escalation, reminders and incidents: changes the clock and correlation make to alerts. */
export const createAlertFollowUpRepository = (q: Queryable) => {
  const alerts = createAlertRepository(q);

  const changed = async (
    rows: { id: string }[],
    type: AlertEvent['type'],
    at: string,
  ): Promise<AlertEvent | null> => {
    const id = rows[0]?.id;
    if (!id) return null;
    const alert = await alerts.findById(id);
    return alert ? alerts.appendEvent(alert, type, at) : null;
  };

  return {
    /** Unacknowledged alerts of rules that escalate or remind. */
    async openAlertsOfRules(ruleIds: readonly string[]): Promise<OpenAlert[]> {
      if (ruleIds.length === 0) return [];
      const rows = await q.query<{
        id: string;
        rule_id: string;
        severity: Severity;
        first_at: unknown;
        escalation_level: number;
        reminded_at: unknown;
        silenced_until: unknown;
      }>(
        `SELECT id, rule_id, severity, first_at, escalation_level, reminded_at, silenced_until
           FROM alerts WHERE status = 'open' AND rule_id = ANY($1::text[])`,
        [ruleIds],
      );
      return rows.map((r) => ({
        id: r.id,
        ruleId: r.rule_id,
        severity: r.severity,
        firstAt: toIso(r.first_at),
        escalationLevel: r.escalation_level,
        remindedAt: toIsoOrNull(r.reminded_at),
        silencedUntil: toIsoOrNull(r.silenced_until),
      }));
    },

    /** Raises the severity (never lowers it) and marks the alert escalated, once. */
    async escalate(id: string, severity: Severity, at: string) {
      const rows = await q.query<{ id: string }>(
        `UPDATE alerts SET escalation_level = 1, escalated_at = $3, severity = $2,
           updated_at = $3, version = version + 1,
           -- An Extreme alert is never silenced.
           silenced_until = CASE WHEN $2 = 'Extreme' THEN NULL ELSE silenced_until END,
           silence_id = CASE WHEN $2 = 'Extreme' THEN NULL ELSE silence_id END
         WHERE id = $1 AND status = 'open' AND escalation_level = 0 RETURNING id`,
        [id, severity, at],
      );
      return changed(rows, 'escalated', at);
    },

    async remind(id: string, at: string) {
      const rows = await q.query<{ id: string }>(
        `UPDATE alerts SET reminded_at = $2, reminder_count = reminder_count + 1,
           updated_at = $2, version = version + 1
         WHERE id = $1 AND status = 'open' RETURNING id`,
        [id, at],
      );
      return changed(rows, 'reminded', at);
    },
  };
};
