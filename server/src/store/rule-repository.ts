import { type Rule, RuleSchema } from '@city-ioc/shared';
import { type RuleState, stateKey } from '../alerts/rules';
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
    enabled: r.enabled,
  });

/** Alert rules and their per-subject evaluation state. */
export const createRuleRepository = (q: Queryable) => ({
  async upsertRules(rules: readonly Rule[]) {
    for (const r of rules) {
      await q.query(
        `INSERT INTO rules (id, name_vi, name_en, kind, department_id, indicator_id, severity, params, enabled)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8::jsonb,$9)
         ON CONFLICT (id) DO UPDATE SET name_vi = excluded.name_vi, name_en = excluded.name_en,
           kind = excluded.kind, department_id = excluded.department_id,
           indicator_id = excluded.indicator_id, severity = excluded.severity,
           params = excluded.params, enabled = excluded.enabled`,
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
        ],
      );
    }
  },

  async listRules(): Promise<Rule[]> {
    return (await q.query<RuleRow>('SELECT * FROM rules ORDER BY id')).map(toRule);
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
  async loadStates(ruleIds: readonly string[]): Promise<Map<string, RuleState>> {
    const out = new Map<string, RuleState>();
    if (ruleIds.length === 0) return out;
    const rows = await q.query<{
      rule_id: string;
      subject_id: string;
      state: RuleState['state'];
      since: unknown;
      last_value: number | null;
      last_at: unknown;
    }>(
      `SELECT rule_id, subject_id, state, since, last_value, last_at FROM rule_states
       WHERE rule_id = ANY($1::text[]) FOR UPDATE`,
      [ruleIds],
    );
    for (const r of rows) {
      out.set(stateKey(r.rule_id, r.subject_id), {
        state: r.state,
        since: toIso(r.since),
        lastValue: r.last_value,
        lastAt: toIso(r.last_at),
      });
    }
    return out;
  },

  async saveStates(states: ReadonlyMap<string, RuleState>) {
    const entries = [...states.entries()];
    for (const part of chunk(entries, 1_000)) {
      await q.query(
        `INSERT INTO rule_states (rule_id, subject_id, state, since, last_value, last_at)
         VALUES ${valuesPlaceholders(part.length, 6, ['', '', '', '::timestamptz', '::float8', '::timestamptz'])}
         ON CONFLICT (rule_id, subject_id) DO UPDATE SET state = excluded.state,
           since = excluded.since, last_value = excluded.last_value, last_at = excluded.last_at`,
        part.flatMap(([key, s]) => {
          const [ruleId, subjectId] = splitStateKey(key);
          return [ruleId, subjectId, s.state, s.since, s.lastValue, s.lastAt];
        }),
      );
    }
  },
});
export type RuleRepository = ReturnType<typeof createRuleRepository>;

const splitStateKey = (key: string): [string, string] => {
  const i = key.indexOf('\u0000');
  return [key.slice(0, i), key.slice(i + 1)];
};
