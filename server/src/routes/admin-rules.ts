import {
  type AdminRule,
  AdminRuleSchema,
  AdminRulesResponseSchema,
  ErrorResponseSchema,
  type Observation,
  RULE_BACKTEST_MAX_DECISIONS,
  RULE_BACKTEST_MAX_READINGS,
  type Rule,
  RuleBacktestRequestSchema,
  type RuleBacktestResult,
  RuleBacktestResultSchema,
  RuleEnabledBodySchema,
  RuleIdParamsSchema,
  RuleSchema,
} from '@city-ioc/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { backtestRule, backtestWarmupMs, firesPerHour } from '../alerts/backtest';
import { loadBaselines, loadSites } from '../alerts/context';
import { DEFAULT_BASELINE_DAYS, emptyContext } from '../alerts/evaluate-batch';
import { actorOf } from '../auth/actor';
import { createAuditRepository } from '../store/audit-repository';
import type { Db, Queryable } from '../store/db';
import { toIso } from '../store/rows';
import { createRuleRepository } from '../store/rule-repository';
import { httpError } from './http-error';

export interface AdminRuleRoutesOptions {
  db: Db;
  clock: () => Date;
}

const DAY_MS = 86_400_000;

/** JSON with sorted keys, so that two equal definitions compare equal whatever their key order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

/** Whether an edit changes what the rule measures: its states would no longer mean anything. */
export const changesEvaluation = (before: Rule, after: Rule) =>
  canonical([before.kind, before.indicatorId, before.params, before.scope]) !==
  canonical([after.kind, after.indicatorId, after.params, after.scope]);

/** Names of sites, or of wards for area rules; the id itself when unknown. */
const subjectNames = async (q: Queryable, ids: readonly string[]) => {
  const names = new Map<string, string>();
  if (ids.length === 0) return names;
  const rows = await q.query<{ id: string; name: string }>(
    'SELECT id, name FROM sites WHERE id = ANY($1::text[]) UNION ALL SELECT id, name FROM areas WHERE id = ANY($1::text[])',
    [ids],
  );
  for (const r of rows) if (!names.has(r.id)) names.set(r.id, r.name);
  return names;
};

/** Administrators' alert rules: CRUD with an audit trail, and a 24-hour back-test. */
export const adminRuleRoutes: FastifyPluginAsyncZod<AdminRuleRoutesOptions> = async (
  app,
  { db, clock },
) => {
  const rules = createRuleRepository(db);
  const errors = { 400: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema };

  const stateCounts = async (ruleId?: string) => {
    const rows = await db.query<{ rule_id: string; state: string; n: number }>(
      `SELECT rule_id, state, count(*)::int AS n FROM rule_states
        WHERE state <> 'normal' AND ($1::text IS NULL OR rule_id = $1) GROUP BY 1, 2`,
      [ruleId ?? null],
    );
    const out = new Map<string, AdminRule['states']>();
    for (const r of rows) {
      const counts = out.get(r.rule_id) ?? { pending: 0, firing: 0 };
      if (r.state === 'pending' || r.state === 'firing') counts[r.state] = Number(r.n);
      out.set(r.rule_id, counts);
    }
    return out;
  };
  const view = async (rule: Rule): Promise<AdminRule> => ({
    rule,
    states: (await stateCounts(rule.id)).get(rule.id) ?? { pending: 0, firing: 0 },
  });

  /** Referential checks the schema cannot make. */
  const validate = async (rule: Rule): Promise<string | null> => {
    const dept = await db.query('SELECT 1 FROM departments WHERE id = $1', [rule.departmentId]);
    if (dept.length === 0) return `Unknown department ${rule.departmentId}`;
    const indicator = await db.query('SELECT 1 FROM indicators WHERE id = $1', [rule.indicatorId]);
    if (indicator.length === 0) return `Unknown indicator ${rule.indicatorId}`;
    return null;
  };

  const audit = (tx: Queryable, action: string, actor: string, rule: Rule, extra = {}) =>
    createAuditRepository(tx).record({
      at: clock().toISOString(),
      actor,
      action,
      target: rule.id,
      details: { rule, ...extra },
    });

  app.get(
    '/api/admin/rules',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Every alert rule, with how many subjects are pending or firing',
        response: { 200: AdminRulesResponseSchema },
      },
    },
    async () => {
      const [list, counts] = await Promise.all([rules.listRules(), stateCounts()]);
      return list.map((rule) => ({
        rule,
        states: counts.get(rule.id) ?? { pending: 0, firing: 0 },
      }));
    },
  );

  app.post(
    '/api/admin/rules',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Create an alert rule',
        body: RuleSchema,
        response: { 201: AdminRuleSchema, ...errors },
      },
    },
    async (request, reply) => {
      const rule = request.body;
      if (await rules.findRule(rule.id)) {
        return reply.code(409).send(httpError(409, 'Conflict', `A rule ${rule.id} exists already`));
      }
      const problem = await validate(rule);
      if (problem) return reply.code(400).send(httpError(400, 'Bad Request', problem));
      await db.transaction(async (tx) => {
        await createRuleRepository(tx).upsertRules([rule]);
        await audit(tx, 'rule.created', actorOf(request.principal), rule);
      });
      return reply.code(201).send(await view(rule));
    },
  );

  app.put(
    '/api/admin/rules/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary:
          'Edit an alert rule; a change of kind, indicator, parameters or scope restarts its evaluation (its states are cleared)',
        params: RuleIdParamsSchema,
        body: RuleSchema,
        response: { 200: AdminRuleSchema, ...errors },
      },
    },
    async (request, reply) => {
      const rule = request.body;
      if (rule.id !== request.params.id) {
        return reply
          .code(400)
          .send(httpError(400, 'Bad Request', 'The body id must match the URL'));
      }
      const existing = await rules.findRule(rule.id);
      if (!existing) return reply.code(404).send(httpError(404, 'Not Found', 'No such rule'));
      const problem = await validate(rule);
      if (problem) return reply.code(400).send(httpError(400, 'Bad Request', problem));
      const statesCleared = changesEvaluation(existing, rule);
      await db.transaction(async (tx) => {
        const repo = createRuleRepository(tx);
        await repo.upsertRules([rule]);
        if (statesCleared) await repo.clearStates(rule.id);
        await audit(tx, 'rule.updated', actorOf(request.principal), rule, {
          before: existing,
          statesCleared,
        });
      });
      return view(rule);
    },
  );

  app.post(
    '/api/admin/rules/:id/enabled',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Enable or disable an alert rule',
        params: RuleIdParamsSchema,
        body: RuleEnabledBodySchema,
        response: { 200: AdminRuleSchema, ...errors },
      },
    },
    async (request, reply) => {
      const existing = await rules.findRule(request.params.id);
      if (!existing) return reply.code(404).send(httpError(404, 'Not Found', 'No such rule'));
      const rule = { ...existing, enabled: request.body.enabled };
      await db.transaction(async (tx) => {
        await createRuleRepository(tx).upsertRules([rule]);
        await audit(tx, 'rule.enabled', actorOf(request.principal), rule, {
          enabled: rule.enabled,
        });
      });
      return view(rule);
    },
  );

  app.delete(
    '/api/admin/rules/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Delete an alert rule (its alerts stay, without their rule)',
        params: RuleIdParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const existing = await rules.findRule(request.params.id);
      if (!existing) return reply.code(404).send(httpError(404, 'Not Found', 'No such rule'));
      await db.transaction(async (tx) => {
        await createRuleRepository(tx).deleteRule(existing.id);
        await audit(tx, 'rule.deleted', actorOf(request.principal), existing);
      });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/admin/rules/backtest',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary:
          'Replay the last 24 hours of stored readings through a rule (saved or not) and show what it would have decided, saving nothing',
        body: RuleBacktestRequestSchema,
        response: { 200: RuleBacktestResultSchema, 400: ErrorResponseSchema },
      },
    },
    async (request, reply): Promise<RuleBacktestResult> => {
      const rule = request.body;
      const problem = await validate(rule);
      if (problem) return reply.code(400).send(httpError(400, 'Bad Request', problem));
      const now = clock().getTime();
      const to = new Date(now).toISOString();
      const from = new Date(now - DAY_MS).toISOString();
      const start = new Date(now - DAY_MS - backtestWarmupMs(rule)).toISOString();
      const subjectFilter = rule.scope.subjectIds.length > 0 ? rule.scope.subjectIds : null;
      const where = `indicator_id = $1 AND observed_at >= $2::timestamptz AND observed_at <= $3::timestamptz
        AND ($4::text[] IS NULL OR subject_id = ANY($4::text[]))`;
      const params = [rule.indicatorId, start, to, subjectFilter];
      const [counted] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM observations WHERE ${where}`,
        params,
      );
      const total = Number(counted?.n ?? 0);
      if (total > RULE_BACKTEST_MAX_READINGS) {
        return reply
          .code(400)
          .send(
            httpError(
              400,
              'Bad Request',
              `Too many readings to back-test (${total} > ${RULE_BACKTEST_MAX_READINGS}): narrow the rule's scope`,
            ),
          );
      }
      const rows = await db.query<{ subject_id: string; observed_at: unknown; value: number }>(
        `SELECT subject_id, observed_at, value FROM observations WHERE ${where} ORDER BY observed_at`,
        params,
      );
      const observations: Observation[] = rows.map((r) => ({
        indicatorId: rule.indicatorId,
        subjectId: r.subject_id,
        observedAt: toIso(r.observed_at),
        value: Number(r.value),
      }));
      const subjectIds = [...new Set(observations.map((o) => o.subjectId))];
      const sites = await loadSites(db, subjectIds);
      // One baseline as of `from` for the whole day (per reading would be far too costly).
      const baselines =
        rule.kind === 'anomaly'
          ? await loadBaselines(
              db,
              rule.indicatorId,
              subjectIds,
              from,
              rule.params.baselineDays ?? DEFAULT_BASELINE_DAYS,
            )
          : new Map();
      // Area rules count the matching readings of their wards; they are among `observations`
      // (the same rows `loadAreaRows` would read), so `backtestRule` derives them.
      const result = backtestRule(
        rule,
        observations,
        { ...emptyContext(), sites, baselines },
        { from, to },
      );
      const names = await subjectNames(db, [
        ...new Set([...result.decisions.map((d) => d.subjectId), ...result.firingAtEnd]),
      ]);
      const nameOf = (id: string) => names.get(id) ?? id;
      return {
        from,
        to,
        evaluated: result.evaluated,
        subjects: result.subjects,
        fires: result.decisions.filter((d) => d.transition === 'fire').length,
        resolves: result.decisions.filter((d) => d.transition === 'resolve').length,
        firingAtEnd: result.firingAtEnd.map((id) => ({ subjectId: id, subjectName: nameOf(id) })),
        decisions: result.decisions
          .slice(0, RULE_BACKTEST_MAX_DECISIONS)
          .map((d) => ({ ...d, subjectName: nameOf(d.subjectId) })),
        truncated: result.decisions.length > RULE_BACKTEST_MAX_DECISIONS,
        perHour: firesPerHour(result.decisions, from, to),
      };
    },
  );
};
