import { z } from 'zod';
import { IdSchema } from './common';
import { LngLatSchema } from './geo';

export const SiteKindSchema = z.enum([
  'training_centre',
  'service_centre',
  'air_sensor',
  'water_sensor',
  'traffic_sensor',
]);
export type SiteKind = z.infer<typeof SiteKindSchema>;

/** A point on the map that produces observations: a centre, a desk or a sensor. */
export const SiteSchema = z.object({
  id: IdSchema,
  kind: SiteKindSchema,
  name: z.string().min(1).max(200),
  departmentId: IdSchema,
  areaId: IdSchema.nullable(),
  position: LngLatSchema,
  /** Seats for a training centre; null where capacity means nothing. */
  capacity: z.number().int().nonnegative().nullable(),
});
export type Site = z.infer<typeof SiteSchema>;
