import type { Alert, AlertEvent, Observation, Rule } from '@city-ioc/shared';
import { createAlertFollowUpRepository } from '../store/alert-follow-up-repository';
import { createAlertRepository } from '../store/alert-repository';
import { createAuditRepository } from '../store/audit-repository';
import type { Db, Queryable } from '../store/db';
import { closeFinishedIncidents, correlateIncident } from '../store/incident-repository';
import { toIso } from '../store/rows';
import { createRuleRepository } from '../store/rule-repository';
import {
  areaReadingsFor,
  areaWindowMs,
  createBaselineCache,
  loadAreaRows,
  loadSites,
} from './context';
import {
  type AreaReading,
  type BaselineStats,
  emptyContext,
  evaluateBatch,
  evaluateTick,
  type RuleContext,
  type RuleDecision,
} from './evaluate-batch';
import { dueFollowUps } from './follow-ups';
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

/** Key of the lock that lets one process at a time run the clock's evaluation. */
export const RULE_TICK_LOCK = 720_250_010;

/** Names and places of a decision's subjects: sites, or wards for area rules. */
const lookupSubjects = async (tx: Queryable, ids: readonly string[]) => {
  const byId = new Map<string, SubjectInfo>();
  const sites = await tx.query<{
    id: string;
    name: string;
    area_id: string | null;
    lng: number;
    lat: number;
  }>('SELECT id, name, area_id, lng, lat FROM sites WHERE id = ANY($1::text[])', [ids]);
  for (const r of sites)
    byId.set(r.id, { name: r.name, areaId: r.area_id, position: [r.lng, r.lat] });
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    const areas = await tx.query<{
      id: string;
      name: string;
      centroid_lng: number;
      centroid_lat: number;
    }>('SELECT id, name, centroid_lng, centroid_lat FROM areas WHERE id = ANY($1::text[])', [
      missing,
    ]);
    for (const r of areas)
      byId.set(r.id, { name: r.name, areaId: r.id, position: [r.centroid_lng, r.centroid_lat] });
  }
  return byId;
};

/**
 * Wires the pure rule engine to the store. Everything happens inside the caller's transaction,
 * so observations, rule states, alerts and their events commit together or not at all.
 */
export const createAlertService = ({ clock, newId }: AlertServiceDeps) => {
  const baselines = createBaselineCache();

  /** What the rules over these observations need to know, read within the transaction. */
  const loadContext = async (
    tx: Queryable,
    rules: readonly Rule[],
    observations: readonly Observation[],
  ): Promise<RuleContext> => {
    const context = emptyContext();
    const subjects = [...new Set(observations.map((o) => o.subjectId))];
    const sites = await loadSites(tx, subjects);
    const baselineMap = new Map<string, Map<number, BaselineStats>>();
    const areaReadings = new Map<string, AreaReading[]>();
    for (const rule of rules) {
      const own = observations.filter((o) => o.indicatorId === rule.indicatorId);
      if (own.length === 0) continue;
      if (rule.kind === 'anomaly') {
        const found = await baselines.get(tx, rule, own, clock().getTime());
        for (const [k, v] of found) baselineMap.set(k, v);
      }
      if (rule.kind === 'area') {
        // Only readings that match can change a ward's count; the window is read for their wards.
        const m = rule.params.match;
        const matching = own.filter(
          (o) => !m || (m.operator === 'above' ? o.value > m.value : o.value < m.value),
        );
        const areas = [
          ...new Set(matching.map((o) => sites.get(o.subjectId)?.areaId).filter((a) => a != null)),
        ];
        if (areas.length === 0) continue;
        const times = own.map((o) => Date.parse(o.observedAt));
        const from = new Date(Math.min(...times) - areaWindowMs(rule)).toISOString();
        const to = new Date(Math.max(...times)).toISOString();
        const rows = await loadAreaRows(
          tx,
          rule.indicatorId,
          areas,
          from,
          to,
          rule.params.match ?? null,
        );
        areaReadings.set(rule.id, areaReadingsFor(rule, rows));
      }
    }
    return { ...context, sites, baselines: baselineMap, areaReadings };
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
    // A city-wide subject (no site, no ward) has no place to name.
    const where = subject?.name ?? decision.subjectId;
    const titled = (name: string) => (where ? `${name} · ${where}` : name);
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
        vi: titled(decision.rule.name.vi),
        en: titled(decision.rule.name.en ?? decision.rule.name.vi),
      },
      value: decision.value,
      threshold: decision.rule.params.threshold,
      at: decision.at,
      sop: decision.rule.sop,
    });
  };

  /** Applies decisions in order; a new alert in a ward may join an incident. */
  const applyDecisions = async (tx: Queryable, decisions: readonly RuleDecision[]) => {
    if (decisions.length === 0) return [];
    const subjects = await lookupSubjects(tx, [...new Set(decisions.map((d) => d.subjectId))]);
    const events: AlertEvent[] = [];
    for (const decision of decisions) {
      const event = await applyDecision(tx, decision, subjects.get(decision.subjectId));
      if (!event) continue;
      events.push(event);
      if (event.type === 'raised') events.push(...(await correlateIncident(tx, event, newId)));
    }
    return events;
  };

  const saveChanged = async (
    tx: Queryable,
    states: ReadonlyMap<string, RuleState>,
    changed: ReadonlySet<string>,
  ) => {
    const toSave = new Map<string, RuleState>();
    for (const key of changed) {
      const state = states.get(key);
      if (state) toSave.set(key, state);
    }
    await createRuleRepository(tx).saveStates(toSave);
  };

  return {
    loadContext,

    /** Evaluates new observations; returns the alert events appended (uncommitted yet). */
    async evaluate(tx: Queryable, observations: readonly Observation[]): Promise<AlertEvent[]> {
      if (observations.length === 0) return [];
      const rulesRepo = createRuleRepository(tx);
      const rules = (
        await rulesRepo.enabledRulesFor([...new Set(observations.map((o) => o.indicatorId))])
      ).filter((r) => r.kind !== 'no_data');
      if (rules.length === 0) return [];
      const context = await loadContext(tx, rules, observations);
      // The states this batch can change: its subjects', and its wards' for area rules.
      const subjects = new Set(observations.map((o) => o.subjectId));
      for (const o of observations) {
        const areaId = context.sites.get(o.subjectId)?.areaId;
        if (areaId) subjects.add(areaId);
      }
      const before = await rulesRepo.loadStates(
        rules.map((r) => r.id),
        [...subjects],
      );
      const { states, changed, decisions } = evaluateBatch(rules, before, observations, context);
      await saveChanged(tx, states, changed);
      return applyDecisions(tx, decisions);
    },

    /**
     * The clock's part, run every few seconds by one process at a time (advisory lock): no-data
     * rules, area windows ageing out, keep-firing-for ending, escalation and reminders of alerts
     * nobody acknowledged. Returns the events appended; the caller emits them after commit.
     */
    async tick(db: Db): Promise<AlertEvent[]> {
      return db.transaction(async (tx) => {
        const locked = await tx.query<{ ok: boolean }>(
          'SELECT pg_try_advisory_xact_lock($1) AS ok',
          [RULE_TICK_LOCK],
        );
        if (!locked[0]?.ok) return [];
        const now = clock().toISOString();
        const rulesRepo = createRuleRepository(tx);
        const rules = await rulesRepo.enabledRules();
        if (rules.length === 0) return [];
        const states = await rulesRepo.loadTickStates(rules);
        const noData = rules.filter((r) => r.kind === 'no_data');
        const lastSeen = new Map<string, Map<string, string>>();
        if (noData.length > 0) {
          const rows = await tx.query<{
            indicator_id: string;
            subject_id: string;
            observed_at: unknown;
          }>(
            'SELECT indicator_id, subject_id, observed_at FROM latest_observations WHERE indicator_id = ANY($1::text[])',
            [[...new Set(noData.map((r) => r.indicatorId))]],
          );
          for (const r of rows) {
            const bySubject = lastSeen.get(r.indicator_id) ?? new Map<string, string>();
            bySubject.set(r.subject_id, toIso(r.observed_at));
            lastSeen.set(r.indicator_id, bySubject);
          }
        }
        const areaReadings = new Map<string, AreaReading[]>();
        for (const rule of rules.filter((r) => r.kind === 'area')) {
          const watched = [...states]
            .filter(([k, s]) => k.startsWith(`${rule.id}\u0000`) && s.state !== 'normal')
            .map(([k]) => k.slice(rule.id.length + 1));
          if (watched.length === 0) continue;
          const rows = await loadAreaRows(
            tx,
            rule.indicatorId,
            watched,
            new Date(Date.parse(now) - areaWindowMs(rule)).toISOString(),
            now,
            rule.params.match ?? null,
          );
          areaReadings.set(rule.id, areaReadingsFor(rule, rows));
        }
        const sites = await loadSites(tx);
        const outcome = evaluateTick(rules, states, now, {
          sites,
          baselines: new Map(),
          areaReadings,
          lastSeen,
        });
        await saveChanged(tx, outcome.states, outcome.changed);
        const events = await applyDecisions(tx, outcome.decisions);

        const followUps = createAlertFollowUpRepository(tx);
        const byId = new Map<string, Rule>(rules.map((r) => [r.id, r]));
        const watching = rules.filter((r) => r.escalation || r.remindEveryMinutes).map((r) => r.id);
        const due = dueFollowUps(await followUps.openAlertsOfRules(watching), byId, now);
        for (const f of due) {
          const event =
            f.kind === 'escalate'
              ? await followUps.escalate(f.alertId, f.severity, now)
              : await followUps.remind(f.alertId, now);
          if (event) events.push(event);
        }
        await closeFinishedIncidents(tx, now);
        return events;
      });
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
