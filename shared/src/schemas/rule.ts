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
  })
  .refine(
    (p) =>
      p.operator === 'above' ? p.clearThreshold <= p.threshold : p.clearThreshold >= p.threshold,
    { message: 'clearThreshold must be on the normal side of threshold', path: ['clearThreshold'] },
  );
export type ThresholdParams = z.infer<typeof ThresholdParamsSchema>;

export const RuleSchema = z.object({
  id: IdSchema,
  name: LocalizedTextSchema,
  kind: z.literal('threshold'),
  departmentId: IdSchema,
  indicatorId: IdSchema,
  severity: SeveritySchema,
  params: ThresholdParamsSchema,
  enabled: z.boolean(),
});
export type Rule = z.infer<typeof RuleSchema>;
