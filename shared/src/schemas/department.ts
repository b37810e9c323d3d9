import { z } from 'zod';
import { IdSchema, LocalizedTextSchema } from './common';

/** A city department or agency (Sở, ban, ngành) that owns feeds, indicators and alerts. */
export const DepartmentSchema = z.object({
  id: IdSchema,
  code: z.string().min(1).max(32),
  name: LocalizedTextSchema,
});
export type Department = z.infer<typeof DepartmentSchema>;
