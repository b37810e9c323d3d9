import { type Rule, RuleSchema } from '@city-ioc/shared';
import { type RuleState, splitStateKey, stateKey } from '../alerts/rules';
import type { Queryable } from './db';
import { chunk, toIso, valuesPlaceholders } from './rows';

interface RuleRow {
  id: string;
  name_vi: string;
  name_en: string | null;
  kind: string;
  department_id: string;
  indicator_id: string;
  severity: string;
  params: unknown;
  scope: unknown;
  sop: unknown;
  escalation: unknown;
  remind_every_minutes: number | null;
  enabled: boolean;
}

const toRule = (r: RuleRow): Rule =>
  RuleSchema.parse({
    id: r.id,
    name: r.name_en ? { vi: r.name_vi, en: r.name_en } : { vi: r.name_vi },
    kind: r.kind,
    departmentId: r.department_id,
    indicatorId: r.indicator_id,
    severity: r.severity,
    params: r.params,
    scope: r.scope ?? {},
    sop: r.sop ?? [],
    escalation: r.escalation ?? null,
    remindEveryMinutes: r.remind_every_minutes ?? null,
    enabled: r.enabled,
  });

interface StateRow {
  rule_id: string;
  subject_id: string;
  state: RuleState['state'];
  since: unknown;
  last_value: number | null;
  last_at: unknown;
  clear_since: unknown;
}

const toStates = (rows: readonly StateRow[]) => {
  const out = new Map<string, RuleState>();
  for (const r of rows) {
    out.set(stateKey(r.rule_id, r.subject_id), {
      state: r.state,
      since: toIso(r.since),
      lastValue: r.last_value,
      lastAt: toIso(r.last_at),
      clearSince: r.clear_since ? toIso(r.clear_since) : null,
    });
  }
  return out;
};

/** Alert rules and their per-subject evaluation state. */
export const createRuleRepository = (q: Queryable) => ({
  async upsertRules(rules: readonly Rule[]) {
    for (const r of rules) {
      await q.query(
        `INSERT INTO rules (id, name_vi, name_en, kind, department_id, indicator_id, severity, params,
           enabled, scope, sop, escalation, remind_every_minutes)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8::jsonb,$9,$10::jsonb,$11::jsonb,$12::jsonb,$13)
         ON CONFLICT (id) DO UPDATE SET name_vi = excluded.name_vi, name_en = excluded.name_en,
           kind = excluded.kind, department_id = excluded.department_id,
           indicator_id = excluded.indicator_id, severity = excluded.severity,
           params = excluded.params, enabled = excluded.enabled, scope = excluded.scope,
           sop = excluded.sop, escalation = excluded.escalation,
           remind_every_minutes = excluded.remind_every_minutes`,
        [
          r.id,
          r.name.vi,
          r.name.en ?? null,
          r.kind,
          r.departmentId,
          r.indicatorId,
          r.severity,
          JSON.stringify(r.params),
          r.enabled,
          JSON.stringify(r.scope),
          JSON.stringify(r.sop),
          r.escalation ? JSON.stringify(r.escalation) : null,
          r.remindEveryMinutes,
        ],
      );
    }
  },

  async listRules(): Promise<Rule[]> {
    return (await q.query<RuleRow>('SELECT * FROM rules ORDER BY id')).map(toRule);
  },

  async findRule(id: string): Promise<Rule | null> {
    const rows = await q.query<RuleRow>('SELECT * FROM rules WHERE id = $1', [id]);
    return rows[0] ? toRule(rows[0]) : null;
  },

  async deleteRule(id: string): Promise<boolean> {
    const rows = await q.query<{ id: string }>('DELETE FROM rules WHERE id = $1 RETURNING id', [
      id,
    ]);
    return rows.length > 0;
  },

  /** Forgets a rule's evaluation state (after its definition changed). */
  async clearStates(ruleId: string) {
    await q.query('DELETE FROM rule_states WHERE rule_id = $1', [ruleId]);
  },

  async enabledRules(): Promise<Rule[]> {
    return (await q.query<RuleRow>('SELECT * FROM rules WHERE enabled ORDER BY id')).map(toRule);
  },

  async enabledRulesFor(indicatorIds: readonly string[]): Promise<Rule[]> {
    if (indicatorIds.length === 0) return [];
    const rows = await q.query<RuleRow>(
      'SELECT * FROM rules WHERE enabled AND indicator_id = ANY($1::text[]) ORDER BY id',
      [indicatorIds],
    );
    return rows.map(toRule);
  },

  /** States keyed by `${ruleId}\u0000${subjectId}`, locked for update within the transaction. */
  async loadStates(
    ruleIds: readonly string[],
    subjectIds?: readonly string[],
  ): Promise<Map<string, RuleState>> {
    const out = new Map<string, RuleState>();
    if (ruleIds.length === 0) return out;
    // Only the subjects a batch touches: a batch of 1,000 readings need not lock every state.
    const rows = await q.query<StateRow>(
      subjectIds
        ? `SELECT rule_id, subject_id, state, since, last_value, last_at, clear_since FROM rule_states
           WHERE rule_id = ANY($1::text[]) AND subject_id = ANY($2::text[]) FOR UPDATE`
        : `SELECT rule_id, subject_id, state, since, last_value, last_at, clear_since FROM rule_states
           WHERE rule_id = ANY($1::text[]) FOR UPDATE`,
      subjectIds ? [ruleIds, subjectIds] : [ruleIds],
    );
    return toStates(rows);
  },

  /**
   * The states the clock looks at: every subject of no-data rules, and otherwise those that
   * are not normal (an area surge, keep-firing-for). Locked for update like `loadStates`.
   */
  async loadTickStates(rules: readonly Rule[]): Promise<Map<string, RuleState>> {
    const noData = rules.filter((r) => r.kind === 'no_data').map((r) => r.id);
    const others = rules.filter((r) => r.kind !== 'no_data').map((r) => r.id);
    const rows = await q.query<StateRow>(
      `SELECT rule_id, subject_id, state, since, last_value, last_at, clear_since FROM rule_states
       WHERE rule_id = ANY($1::text[]) OR (rule_id = ANY($2::text[]) AND state <> 'normal')
       FOR UPDATE`,
      [noData, others],
    );
    return toStates(rows);
  },

  async saveStates(states: ReadonlyMap<string, RuleState>) {
    const entries = [...states.entries()];
    for (const part of chunk(entries, 1_000)) {
      await q.query(
        `INSERT INTO rule_states (rule_id, subject_id, state, since, last_value, last_at, clear_since)
         VALUES ${valuesPlaceholders(part.length, 7, ['', '', '', '::timestamptz', '::float8', '::timestamptz', '::timestamptz'])}
         ON CONFLICT (rule_id, subject_id) DO UPDATE SET state = excluded.state,
           since = excluded.since, last_value = excluded.last_value, last_at = excluded.last_at,
           clear_since = excluded.clear_since`,
        part.flatMap(([key, s]) => {
          const [ruleId, subjectId] = splitStateKey(key);
          return [ruleId, subjectId, s.state, s.since, s.lastValue, s.lastAt, s.clearSince ?? null];
        }),
      );
    }
  },
});
export type RuleRepository = ReturnType<typeof createRuleRepository>;
