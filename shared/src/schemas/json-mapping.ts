import { z } from 'zod';
import { IdSchema } from './common';

/**
 * How a JSON document becomes observations. Paths are dot paths ("data.items", "metrics.aqi");
 * `itemsPath` selects the array of records (empty for the document itself as one record).
 */
export const JsonMappingSchema = z.object({
  itemsPath: z.string().max(200),
  subjectPath: z.string().max(200).optional(),
  /** Prefix added to the subject value to form a site/area id, e.g. "site:". */
  subjectPrefix: z.string().max(64).optional(),
  timePath: z.string().max(200).optional(),
  values: z
    .array(z.object({ indicatorId: IdSchema, path: z.string().min(1).max(200) }))
    .min(1)
    .max(50),
});
export type JsonMapping = z.infer<typeof JsonMappingSchema>;
