import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema } from './common';

/**
 * One measured value. `subjectId` is the site or area it describes, or '' for the whole city.
 * (indicatorId, subjectId, observedAt) identifies it: storing it twice stores it once.
 */
export const ObservationSchema = z.object({
  indicatorId: IdSchema,
  subjectId: z.union([IdSchema, z.literal('')]),
  observedAt: IsoDateTimeSchema,
  value: z.number().refine(Number.isFinite, 'value must be a finite number'),
});
export type Observation = z.infer<typeof ObservationSchema>;

/** The latest value of an indicator for one subject, with its age information. */
export const LatestValueSchema = ObservationSchema.extend({
  receivedAt: IsoDateTimeSchema,
  feedId: IdSchema.nullable(),
});
export type LatestValue = z.infer<typeof LatestValueSchema>;
