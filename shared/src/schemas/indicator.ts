import { z } from 'zod';
import { IdSchema, LocalizedTextSchema } from './common';

/** Whether a higher value is better (e.g. online share) or worse (e.g. overdue rate). */
export const TargetDirectionSchema = z.enum(['higher_is_better', 'lower_is_better', 'none']);

/** A measured quantity with a unit, a target and the cadence its feed promises. */
export const IndicatorSchema = z.object({
  id: IdSchema,
  departmentId: IdSchema,
  name: LocalizedTextSchema,
  unit: z.string().max(32),
  target: z.number().nullable(),
  targetDirection: TargetDirectionSchema,
  /** How often a fresh value is expected; data older than this is stale on screen. */
  cadenceSeconds: z.number().int().positive(),
});
export type Indicator = z.infer<typeof IndicatorSchema>;
