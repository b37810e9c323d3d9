import { z } from 'zod';
import { IdSchema, LocalizedTextSchema } from './common';
import { SeveritySchema } from './severity';
import { SiteKindSchema } from './site';

/**
 * What a rule compares with its thresholds (`ruleInput` on the server):
 * - threshold: the value itself;
 * - rate_of_change: how fast it moves, in units per hour, between two readings of a subject
 *   (e.g. a water level rising 30 cm/h);
 * - utilisation: the value as a percentage of the site's capacity (e.g. enrolment over 95% of
 *   a training centre's seats);
 * - no_data: the age of a subject's last reading, in seconds (a stale entity);
 * - anomaly: how many standard deviations the value lies from the subject's usual value at the
 *   same hour of the week (rolling baseline over `baselineDays`);
 * - area: how many readings matching `match` the subjects of one ward sent within
 *   `windowSeconds` (the subject of the alert is the ward).
 */
export const RuleKindSchema = z.enum([
  'threshold',
  'rate_of_change',
  'utilisation',
  'no_data',
  'anomaly',
  'area',
]);
export type RuleKind = z.infer<typeof RuleKindSchema>;

/**
 * Every kind runs the same machine: fires when its number stays beyond `threshold` for
 * `pendingSeconds`, clears only when it comes back past `clearThreshold` (hysteresis), and
 * with `keepFiringSeconds` stays firing that long after it cleared (a flapping signal keeps one
 * alert).
 */
export const RuleParamsSchema = z
  .object({
    operator: z.enum(['above', 'below']),
    threshold: z.number(),
    clearThreshold: z.number(),
    pendingSeconds: z.number().int().min(0).max(86_400),
    /**
     * Rate of change: the shortest span a rate is measured over (15 min by default), so that
     * sensor noise between two close readings is not taken for a surge. Area: the counting
     * window (1 h by default).
     */
    windowSeconds: z.number().int().min(60).max(86_400).optional(),
    /** Stay firing this long after the number came back to normal (0 by default). */
    keepFiringSeconds: z.number().int().min(0).max(86_400).optional(),
    /** Anomaly: days of history the baseline looks back over (28 by default). */
    baselineDays: z.number().int().min(7).max(91).optional(),
    /** Anomaly: readings the hour-of-week baseline needs before it judges (12 by default). */
    minSamples: z.number().int().min(3).max(10_000).optional(),
    /** Area: which readings count (e.g. speed below 15 km/h); every reading when absent. */
    match: z.object({ operator: z.enum(['above', 'below']), value: z.number() }).optional(),
  })
  .refine(
    (p) =>
      p.operator === 'above' ? p.clearThreshold <= p.threshold : p.clearThreshold >= p.threshold,
    { message: 'clearThreshold must be on the normal side of threshold', path: ['clearThreshold'] },
  );
export type RuleParams = z.infer<typeof RuleParamsSchema>;

/** Which subjects a rule watches, besides its indicator; an empty list means every one. */
export const RuleScopeSchema = z.object({
  siteKinds: z.array(SiteKindSchema).max(20).default([]),
  areaIds: z.array(IdSchema).max(500).default([]),
  subjectIds: z.array(z.string().min(1).max(128)).max(5_000).default([]),
});
export type RuleScope = z.infer<typeof RuleScopeSchema>;

/** Escalation when nobody acknowledges: raise the severity and notify the next level. */
export const RuleEscalationSchema = z.object({
  afterMinutes: z.number().int().min(1).max(10_080),
  /** The severity it is raised to; unchanged when absent or not higher. */
  raiseTo: SeveritySchema.optional(),
});
export type RuleEscalation = z.infer<typeof RuleEscalationSchema>;

export const RuleSchema = z
  .object({
    id: IdSchema,
    name: LocalizedTextSchema,
    kind: RuleKindSchema,
    departmentId: IdSchema,
    indicatorId: IdSchema,
    severity: SeveritySchema,
    params: RuleParamsSchema,
    scope: RuleScopeSchema.default({ siteKinds: [], areaIds: [], subjectIds: [] }),
    /** Standard operating procedure: the steps an operator ticks off on each alert. */
    sop: z.array(LocalizedTextSchema).max(30).default([]),
    escalation: RuleEscalationSchema.nullable().default(null),
    /** Remind every N minutes while an alert of the rule stays unacknowledged. */
    remindEveryMinutes: z.number().int().min(1).max(10_080).nullable().default(null),
    enabled: z.boolean(),
  })
  .superRefine((rule, ctx) => {
    const p = rule.params;
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    if (rule.kind === 'no_data') {
      if (p.operator !== 'above')
        issue(['params', 'operator'], 'a no-data rule fires above an age');
      if (p.threshold < 60) issue(['params', 'threshold'], 'a no-data rule waits at least 60 s');
    }
    if (rule.kind === 'area' && (p.threshold < 0 || p.operator !== 'above'))
      issue(['params', 'threshold'], 'an area rule fires above a count of readings (0 or more)');
    if (rule.kind === 'anomaly' && Math.abs(p.threshold) < 1)
      issue(['params', 'threshold'], 'an anomaly is at least one standard deviation away');
    if (rule.kind !== 'area' && p.match)
      issue(['params', 'match'], 'only area rules match readings');
  });
export type Rule = z.infer<typeof RuleSchema>;
/** A rule as written by a person or a seed: the defaults may be left out. */
export type RuleInput = z.input<typeof RuleSchema>;
