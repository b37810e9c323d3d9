import { z } from 'zod';
import { IdSchema, LocalizedTextSchema } from './common';
import { SeveritySchema } from './severity';

/**
 * Threshold rule: fires when the value stays beyond `threshold` for `pendingSeconds`,
 * and clears only when it comes back past `clearThreshold` (hysteresis).
 */
export const ThresholdParamsSchema = z
  .object({
    operator: z.enum(['above', 'below']),
    threshold: z.number(),
    clearThreshold: z.number(),
    pendingSeconds: z.number().int().min(0).max(86_400),
    /**
     * Rate of change only: the shortest span a rate is measured over (15 min by default), so
     * that sensor noise between two close readings is not taken for a surge.
     */
    windowSeconds: z.number().int().min(60).max(86_400).optional(),
  })
  .refine(
    (p) =>
      p.operator === 'above' ? p.clearThreshold <= p.threshold : p.clearThreshold >= p.threshold,
    { message: 'clearThreshold must be on the normal side of threshold', path: ['clearThreshold'] },
  );
export type ThresholdParams = z.infer<typeof ThresholdParamsSchema>;

/**
 * What a rule compares with its thresholds:
 * - threshold: the value itself;
 * - rate_of_change: how fast it moves, in units per hour, between two readings of a subject
 *   (e.g. a water level rising 30 cm/h);
 * - utilisation: the value as a percentage of the site's capacity (e.g. enrolment over 95% of
 *   a training centre's seats).
 */
export const RuleKindSchema = z.enum(['threshold', 'rate_of_change', 'utilisation']);
export type RuleKind = z.infer<typeof RuleKindSchema>;

export const RuleSchema = z.object({
  id: IdSchema,
  name: LocalizedTextSchema,
  kind: RuleKindSchema,
  departmentId: IdSchema,
  indicatorId: IdSchema,
  severity: SeveritySchema,
  params: ThresholdParamsSchema,
  enabled: z.boolean(),
});
export type Rule = z.infer<typeof RuleSchema>;
