import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema } from '../schemas/common';

export const IndicatorSeriesParamsSchema = z.object({ id: IdSchema });
export const IndicatorSeriesQuerySchema = z.object({
  /** The subject (site id, or empty for a city-wide figure). */
  subjectId: z.string().max(128).default(''),
  /** How far back, in days (1 to 90); 30 by default. */
  days: z.coerce.number().int().min(1).max(90).default(30),
});

/** One indicator's values for one subject over the last days, evened out for a sparkline. */
export const IndicatorSeriesSchema = z.object({
  indicatorId: IdSchema,
  subjectId: z.string(),
  from: IsoDateTimeSchema,
  to: IsoDateTimeSchema,
  points: z.array(z.object({ at: IsoDateTimeSchema, value: z.number() })),
});
export type IndicatorSeries = z.infer<typeof IndicatorSeriesSchema>;
