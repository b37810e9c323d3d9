import { z } from 'zod';
import { LngLatSchema } from '../schemas/geo';

export const HealthResponseSchema = z.object({ status: z.literal('ok') });

export const ReadyResponseSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.enum(['ok', 'unreachable']),
  storage: z.enum(['pglite', 'postgres']),
});
export type ReadyResponse = z.infer<typeof ReadyResponseSchema>;

/** Runtime settings the dashboard reads at start, so one build serves every city. */
export const ClientConfigSchema = z.object({
  cityName: z.object({ vi: z.string(), en: z.string() }),
  center: LngLatSchema,
  zoom: z.number(),
  /** An online MapLibre style URL, or null for the built-in offline dark style. */
  mapStyleUrl: z.string().nullable(),
  timeZone: z.string(),
  protocolVersion: z.number().int(),
  isDemo: z.boolean(),
  version: z.string(),
  /**
   * The entry script of the dashboard build the server serves now (e.g. /assets/index-3f2a.js);
   * an open screen running another one reloads itself. Null when no build is served.
   */
  clientBuild: z.string().nullable().default(null),
});
export type ClientConfig = z.infer<typeof ClientConfigSchema>;

/** The one error body every failing HTTP request answers with. */
export const ErrorResponseSchema = z.object({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;
