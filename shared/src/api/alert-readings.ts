import { z } from 'zod';
import { IsoDateTimeSchema } from '../schemas/common';
import { RuleKindSchema } from '../schemas/rule';

/** One subject's readings around an alert, evened out to at most a few hundred points. */
export const AlertReadingSeriesSchema = z.object({
  subjectId: z.string(),
  name: z.string(),
  points: z.array(z.object({ at: IsoDateTimeSchema, value: z.number() })),
});
export type AlertReadingSeries = z.infer<typeof AlertReadingSeriesSchema>;

/**
 * The indicator's readings around an alert (its subject's, or for a ward the wards' sites'),
 * for the drill-down chart. `threshold` and `clearThreshold` are drawn only for rules that
 * compare the reading itself (threshold kind); other kinds compare a derived number.
 */
export const AlertReadingsSchema = z.object({
  indicatorId: z.string().nullable(),
  unit: z.string(),
  from: IsoDateTimeSchema,
  to: IsoDateTimeSchema,
  ruleKind: RuleKindSchema.nullable(),
  threshold: z.number().nullable(),
  clearThreshold: z.number().nullable(),
  series: z.array(AlertReadingSeriesSchema),
});
export type AlertReadings = z.infer<typeof AlertReadingsSchema>;
