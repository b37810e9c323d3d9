import { z } from 'zod';
import { AlertsSyncResultSchema } from '../realtime/events';
import { AlertSchema } from '../schemas/alert';
import { IdSchema } from '../schemas/common';

export const AlertsQuerySchema = z.object({
  status: z.enum(['active', 'all']).default('active'),
  limit: z.coerce.number().int().positive().max(5_000).default(1_000),
});

/** A consistent snapshot: every alert as of event `asOfSeq`, read in one transaction. */
export const AlertsSnapshotSchema = z.object({
  alerts: z.array(AlertSchema),
  asOfSeq: z.number().int().nonnegative(),
});
export type AlertsSnapshot = z.infer<typeof AlertsSnapshotSchema>;

export const AlertEventsQuerySchema = z.object({
  afterSeq: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().positive().max(500).default(500),
});
export const AlertEventsResponseSchema = AlertsSyncResultSchema;

export const AlertIdParamsSchema = z.object({ id: IdSchema });
