import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema } from '../schemas/common';
import {
  CapConfigSchema,
  FeedCadenceSchema,
  FeedStatusSchema,
  HttpAuthSchema,
  HttpPollConfigSchema,
  NgsiConfigSchema,
  WebhookConfigSchema,
} from '../schemas/feed';
import { JsonMappingSchema } from '../schemas/json-mapping';
import { MqttConfigSchema } from '../schemas/mqtt';
import { NgsiMappingSchema } from '../schemas/ngsi-mapping';
import { ObservationSchema } from '../schemas/observation';

const FeedInputBase = {
  id: IdSchema,
  name: z.string().trim().min(1).max(200),
  departmentId: IdSchema,
  enabled: z.boolean().default(true),
  cadence: FeedCadenceSchema.optional(),
};

const [NoAuth, HeaderAuth, BasicAuth, BearerAuth] = HttpAuthSchema.options;

/** Poll credentials as an administrator sends them: a secret left out keeps the stored one. */
export const HttpAuthInputSchema = z.discriminatedUnion('kind', [
  NoAuth,
  HeaderAuth.extend({ value: HeaderAuth.shape.value.optional() }),
  BasicAuth.extend({ password: BasicAuth.shape.password.optional() }),
  BearerAuth.extend({ token: BearerAuth.shape.token.optional() }),
]);
export type HttpAuthInput = z.infer<typeof HttpAuthInputSchema>;

/** Poll credentials as the API shows them: which kind, never the secret. */
export const HttpAuthViewSchema = z.discriminatedUnion('kind', [
  NoAuth,
  HeaderAuth.omit({ value: true }),
  BasicAuth.omit({ password: true }),
  BearerAuth.omit({ token: true }),
]);
export type HttpAuthView = z.infer<typeof HttpAuthViewSchema>;

/**
 * What an administrator sends to create or edit a feed. Secrets (webhook secrets, push tokens,
 * poll credentials, broker passwords) are write-only: an edit without them keeps the stored ones.
 */
export const FeedInputSchema = z.discriminatedUnion('adapter', [
  z.object({
    ...FeedInputBase,
    adapter: z.literal('http-poll'),
    config: HttpPollConfigSchema.extend({
      auth: HttpAuthInputSchema.default({ kind: 'none' }),
    }),
  }),
  z.object({
    ...FeedInputBase,
    adapter: z.literal('webhook'),
    config: WebhookConfigSchema.extend({ secrets: WebhookConfigSchema.shape.secrets.optional() }),
  }),
  z.object({
    ...FeedInputBase,
    adapter: z.literal('cap'),
    config: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('push'), token: z.string().min(24).max(200).optional() }),
      CapConfigSchema.options[1],
    ]),
  }),
  z.object({
    ...FeedInputBase,
    adapter: z.literal('ngsi'),
    config: NgsiConfigSchema.extend({ token: NgsiConfigSchema.shape.token.optional() }),
  }),
  z.object({
    ...FeedInputBase,
    adapter: z.literal('mqtt'),
    /** An edit without `password` keeps the stored one; `password: null` removes it. */
    config: MqttConfigSchema.extend({
      password: MqttConfigSchema.shape.password.nullable(),
    }),
  }),
]);
export type FeedInput = z.infer<typeof FeedInputSchema>;

/** A feed as the API shows it: everything but secrets, which are only counted. */
export const FeedViewSchema = z.discriminatedUnion('adapter', [
  z.object({
    ...FeedInputBase,
    enabled: z.boolean(),
    adapter: z.literal('http-poll'),
    config: HttpPollConfigSchema.extend({ auth: HttpAuthViewSchema }),
  }),
  z.object({
    ...FeedInputBase,
    enabled: z.boolean(),
    adapter: z.literal('webhook'),
    config: z.object({ mapping: JsonMappingSchema, secretCount: z.number().int().min(0).max(2) }),
  }),
  z.object({
    ...FeedInputBase,
    enabled: z.boolean(),
    adapter: z.literal('cap'),
    config: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('push'), hasToken: z.boolean() }),
      CapConfigSchema.options[1],
    ]),
  }),
  z.object({
    ...FeedInputBase,
    enabled: z.boolean(),
    adapter: z.literal('ngsi'),
    config: z.object({
      mapping: NgsiMappingSchema,
      reconcile: NgsiConfigSchema.shape.reconcile,
      hasToken: z.boolean(),
    }),
  }),
  z.object({
    ...FeedInputBase,
    enabled: z.boolean(),
    adapter: z.literal('mqtt'),
    config: MqttConfigSchema.omit({ password: true }).extend({ hasPassword: z.boolean() }),
  }),
]);
export type FeedView = z.infer<typeof FeedViewSchema>;

export const AdminFeedSchema = z.object({
  feed: FeedViewSchema,
  status: FeedStatusSchema.nullable(),
});
export type AdminFeed = z.infer<typeof AdminFeedSchema>;
export const AdminFeedsResponseSchema = z.array(AdminFeedSchema);

export const FeedIdParamsSchema = z.object({ id: IdSchema });

/**
 * Runs a feed once without saving anything: polls its URL (http-poll) or maps `sample`
 * (webhook), and shows the observations it would store.
 */
export const FeedTestRequestSchema = z.object({
  feed: FeedInputSchema,
  sample: z.unknown().optional(),
});
export type FeedTestRequest = z.infer<typeof FeedTestRequestSchema>;

export const FeedTestResultSchema = z.object({
  ok: z.boolean(),
  /** Why the run failed as a whole (unreachable, refused address, not JSON, no items). */
  error: z.string().nullable(),
  total: z.number().int().nonnegative(),
  /** The first observations, at most 200. */
  observations: z.array(ObservationSchema),
  problems: z.array(z.string()),
  /** Indicator ids the mapping names that do not exist. */
  unknownIndicators: z.array(z.string()),
  unknownSubjects: z.array(z.string()),
  /** CAP feeds: the warnings the run found and whether each would show as live. */
  capMessages: z
    .array(
      z.object({
        identity: z.string(),
        msgType: z.string(),
        status: z.string(),
        isLive: z.boolean(),
        headline: z.string(),
        severity: z.string(),
        areaCount: z.number().int(),
      }),
    )
    .default([]),
});
export type FeedTestResult = z.infer<typeof FeedTestResultSchema>;

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export const AuditResponseSchema = z.array(AuditEntrySchema);

/**
 * Filters of the audit viewer; each one left out matches everything. `action` is a prefix
 * (`auth.` lists every sign-in event), `actor` and `target` match exactly, `from` and `to`
 * bound the entry's time (inclusive). Newest first, at most `limit`.
 */
export const AuditQuerySchema = z.object({
  action: z.string().trim().min(1).max(100).optional(),
  actor: z.string().trim().min(1).max(200).optional(),
  target: z.string().trim().min(1).max(200).optional(),
  from: IsoDateTimeSchema.optional(),
  to: IsoDateTimeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(200),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;
