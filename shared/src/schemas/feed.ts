import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema } from './common';

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

export const HttpPollConfigSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  intervalSeconds: z.number().int().min(1).max(86_400),
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  mapping: JsonMappingSchema,
});
export type HttpPollConfig = z.infer<typeof HttpPollConfigSchema>;

export const FeedHealthStateSchema = z.enum(['OK', 'NoData', 'Error', 'Disabled', 'Pending']);
export type FeedHealthState = z.infer<typeof FeedHealthStateSchema>;

export const FeedSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(200),
  adapter: z.literal('http-poll'),
  departmentId: IdSchema,
  enabled: z.boolean(),
  config: HttpPollConfigSchema,
});
export type Feed = z.infer<typeof FeedSchema>;

/** What operators see of a feed's health: never its credentials. */
export const FeedStatusSchema = z.object({
  feedId: IdSchema,
  name: z.string(),
  departmentId: IdSchema,
  state: FeedHealthStateSchema,
  intervalSeconds: z.number().int(),
  lastSuccessAt: IsoDateTimeSchema.nullable(),
  lastErrorAt: IsoDateTimeSchema.nullable(),
  lastError: z.string().nullable(),
  consecutiveFailures: z.number().int().nonnegative(),
  observationsTotal: z.number().int().nonnegative(),
  errorsTotal: z.number().int().nonnegative(),
});
export type FeedStatus = z.infer<typeof FeedStatusSchema>;
