import type { Alert, AlertEvent, Observation } from '@city-ioc/shared';
import { createAlertRepository } from '../store/alert-repository';
import { createAuditRepository } from '../store/audit-repository';
import type { Db, Queryable } from '../store/db';
import { createRuleRepository } from '../store/rule-repository';
import { evaluateBatch, type RuleDecision } from './evaluate-batch';
import type { RuleState } from './rules';

export interface AlertServiceDeps {
  clock: () => Date;
  newId: () => string;
}

interface SubjectInfo {
  name: string;
  areaId: string | null;
  position: [number, number] | null;
}

/** Deterministic alert identity: one active alert per rule and subject. */
export const alertKey = (ruleId: string, subjectId: string) => `rule:${ruleId}:${subjectId}`;

/**
 * Wires the pure rule engine to the store. Everything happens inside the caller's transaction,
 * so observations, rule states, alerts and their events commit together or not at all.
 */
export const createAlertService = ({ clock, newId }: AlertServiceDeps) => {
  const lookupSubjects = async (tx: Queryable, ids: readonly string[]) => {
    const rows = await tx.query<{
      id: string;
      name: string;
      area_id: string | null;
      lng: number;
      lat: number;
    }>('SELECT id, name, area_id, lng, lat FROM sites WHERE id = ANY($1::text[])', [ids]);
    const byId = new Map<string, SubjectInfo>();
    for (const r of rows) {
      byId.set(r.id, { name: r.name, areaId: r.area_id, position: [r.lng, r.lat] });
    }
    return byId;
  };

  const loadCapacities = async (tx: Queryable, ids: readonly string[]) => {
    const rows = await tx.query<{ id: string; capacity: number }>(
      'SELECT id, capacity FROM sites WHERE id = ANY($1::text[]) AND capacity IS NOT NULL',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, Number(r.capacity)]));
  };

  const applyDecision = async (
    tx: Queryable,
    decision: RuleDecision,
    subject: SubjectInfo | undefined,
  ): Promise<AlertEvent | null> => {
    const alerts = createAlertRepository(tx);
    const key = alertKey(decision.rule.id, decision.subjectId);
    if (decision.transition === 'resolve')
      return alerts.resolveByKey(key, decision.at, decision.value);
    const where = subject?.name ?? decision.subjectId;
    return alerts.raise({
      id: newId(),
      key,
      ruleId: decision.rule.id,
      departmentId: decision.rule.departmentId,
      indicatorId: decision.rule.indicatorId,
      subjectId: decision.subjectId,
      areaId: subject?.areaId ?? null,
      position: subject?.position ?? null,
      severity: decision.rule.severity,
      title: {
        vi: `${decision.rule.name.vi} · ${where}`,
        en: `${decision.rule.name.en ?? decision.rule.name.vi} · ${where}`,
      },
      value: decision.value,
      threshold: decision.rule.params.threshold,
      at: decision.at,
    });
  };

  return {
    /** Evaluates new observations; returns the alert events appended (uncommitted yet). */
    async evaluate(tx: Queryable, observations: readonly Observation[]): Promise<AlertEvent[]> {
      if (observations.length === 0) return [];
      const rulesRepo = createRuleRepository(tx);
      const rules = await rulesRepo.enabledRulesFor([
        ...new Set(observations.map((o) => o.indicatorId)),
      ]);
      if (rules.length === 0) return [];
      const before = await rulesRepo.loadStates(rules.map((r) => r.id));
      const capacities = rules.some((r) => r.kind === 'utilisation')
        ? await loadCapacities(tx, [...new Set(observations.map((o) => o.subjectId))])
        : new Map<string, number>();
      const { states, changed, decisions } = evaluateBatch(rules, before, observations, capacities);
      const toSave = new Map<string, RuleState>();
      for (const key of changed) {
        const state = states.get(key);
        if (state) toSave.set(key, state);
      }
      await rulesRepo.saveStates(toSave);
      if (decisions.length === 0) return [];
      const subjects = await lookupSubjects(tx, [...new Set(decisions.map((d) => d.subjectId))]);
      const events: AlertEvent[] = [];
      for (const decision of decisions) {
        const event = await applyDecision(tx, decision, subjects.get(decision.subjectId));
        if (event) events.push(event);
      }
      return events;
    },

    /** Acknowledges an alert and records who did it in the audit log, in one transaction. */
    async acknowledge(
      db: Db,
      alertId: string,
      actor: string,
    ): Promise<{ alert: Alert; event: AlertEvent | null } | null> {
      return db.transaction(async (tx) => {
        const at = clock().toISOString();
        const result = await createAlertRepository(tx).acknowledge(alertId, at, actor);
        if (result?.event) {
          await createAuditRepository(tx).record({
            at,
            actor,
            action: 'alert.acknowledged',
            target: alertId,
            details: { departmentId: result.alert.departmentId, severity: result.alert.severity },
          });
        }
        return result;
      });
    },
  };
};
export type AlertService = ReturnType<typeof createAlertService>;
