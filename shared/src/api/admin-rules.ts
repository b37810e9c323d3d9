import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema } from '../schemas/common';
import { RuleSchema } from '../schemas/rule';

export const RuleIdParamsSchema = z.object({ id: IdSchema });

/** A rule as administrators see it: the definition and how many subjects stand where. */
export const AdminRuleSchema = z.object({
  rule: RuleSchema,
  states: z.object({
    pending: z.number().int().min(0),
    firing: z.number().int().min(0),
  }),
});
export type AdminRule = z.infer<typeof AdminRuleSchema>;

export const AdminRulesResponseSchema = z.array(AdminRuleSchema);

export const RuleEnabledBodySchema = z.object({ enabled: z.boolean() });
export type RuleEnabledBody = z.infer<typeof RuleEnabledBodySchema>;

/** The back-test takes a rule as it would be saved (it need not be saved). */
export const RuleBacktestRequestSchema = RuleSchema;

export const RuleBacktestDecisionSchema = z.object({
  subjectId: z.string(),
  /** The site's or ward's name; the id when the city does not know it. */
  subjectName: z.string(),
  transition: z.enum(['fire', 'resolve']),
  value: z.number(),
  at: IsoDateTimeSchema,
});
export type RuleBacktestDecision = z.infer<typeof RuleBacktestDecisionSchema>;

/** What a rule would have decided over the last 24 hours of stored readings. */
export const RuleBacktestResultSchema = z.object({
  from: IsoDateTimeSchema,
  to: IsoDateTimeSchema,
  /** Readings considered, the warm-up before `from` included. */
  evaluated: z.number().int().min(0),
  /** Distinct subjects among them that the rule watches. */
  subjects: z.number().int().min(0),
  /** Alerts it would have raised within [from, to]. */
  fires: z.number().int().min(0),
  resolves: z.number().int().min(0),
  /** Subjects still firing at `to`. */
  firingAtEnd: z.array(z.object({ subjectId: z.string(), subjectName: z.string() })),
  /** The newest decisions first would hide the start of a storm: oldest first, at most 500. */
  decisions: z.array(RuleBacktestDecisionSchema),
  /** Whether `decisions` was cut at 500. */
  truncated: z.boolean(),
  /** Fires per hour over the range, for a small chart. */
  perHour: z.array(z.object({ hour: IsoDateTimeSchema, fires: z.number().int().min(0) })),
});
export type RuleBacktestResult = z.infer<typeof RuleBacktestResultSchema>;

/** The most readings a back-test loads; above it the request is refused (400). */
export const RULE_BACKTEST_MAX_READINGS = 500_000;
/** The most decisions a back-test answers with. */
export const RULE_BACKTEST_MAX_DECISIONS = 500;
