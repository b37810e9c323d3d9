import { z } from 'zod';
import { AreaSchema } from '../schemas/area';
import { DepartmentSchema } from '../schemas/department';
import { IndicatorSchema } from '../schemas/indicator';
import { LatestValueSchema } from '../schemas/observation';
import { SiteSchema } from '../schemas/site';

export const DepartmentsResponseSchema = z.array(DepartmentSchema);
export const AreasResponseSchema = z.array(AreaSchema);
export const SitesResponseSchema = z.array(SiteSchema);
export const IndicatorsResponseSchema = z.array(IndicatorSchema);
export const LatestValuesResponseSchema = z.array(LatestValueSchema);

/** Import body: a GeoJSON FeatureCollection of ward polygons. */
export const AreaImportRequestSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z
    .array(
      z.object({
        type: z.literal('Feature'),
        id: z.union([z.string(), z.number()]).optional(),
        properties: z.record(z.string(), z.unknown()).nullable(),
        geometry: z.object({ type: z.string(), coordinates: z.unknown() }).nullable(),
      }),
    )
    .min(1)
    .max(10_000),
});
export type AreaImportRequest = z.infer<typeof AreaImportRequestSchema>;

export const AreaImportResponseSchema = z.object({
  imported: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
});
