import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema } from './common';
import { JsonMappingSchema } from './json-mapping';
import { MqttConfigSchema } from './mqtt';
import { NgsiMappingSchema } from './ngsi-mapping';

/**
 * When a feed's data is due, so that silence can be told apart from a quiet city:
 * every N seconds (sensors, portals), or once a day before a local time in Asia/Ho_Chi_Minh
 * (the provincial data-sharing platform's "before 17:00" daily reports).
 */
export const FeedCadenceSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('interval'),
    seconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 86_400),
  }),
  z.object({
    kind: z.literal('daily-before'),
    localTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm, 24-hour'),
  }),
]);
export type FeedCadence = z.infer<typeof FeedCadenceSchema>;

/** What an HTTP poll answers: JSON mapped by paths, CSV rows by column names, GeoJSON features. */
export const HttpPollFormatSchema = z.enum(['json', 'csv', 'geojson']);
export type HttpPollFormat = z.infer<typeof HttpPollFormatSchema>;

/** An HTTP header name (RFC 9110 token), never one the poller sets itself. */
const HeaderNameSchema = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/, 'a header name: letters, digits and - only')
  .refine(
    (name) =>
      ![
        'host',
        'content-length',
        'transfer-encoding',
        'connection',
        'if-none-match',
        'if-modified-since',
      ].includes(name.toLowerCase()),
    'this header is set by the poller itself',
  );
/** Header values cannot carry line breaks (header injection). */
const HeaderValueSchema = z
  .string()
  .min(1)
  .max(4_096)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'no line breaks or control characters');

/**
 * How a polled source wants to be authenticated. Secrets (header value, password, token) are
 * write-only: the API answers only which kind is set, and logs never show them.
 */
export const HttpAuthSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('header'), name: HeaderNameSchema, value: HeaderValueSchema }),
  z.object({
    kind: z.literal('basic'),
    username: z
      .string()
      .min(1)
      .max(256)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
      .regex(/^[^:\u0000-\u001f]*$/, 'a user name without ":" or control characters'),
    password: HeaderValueSchema,
  }),
  z.object({ kind: z.literal('bearer'), token: HeaderValueSchema }),
]);
export type HttpAuth = z.infer<typeof HttpAuthSchema>;

/**
 * A cron expression in Asia/Ho_Chi_Minh: five fields (minute hour day month weekday), e.g.
 * "30 16 * * 1-5" for 16:30 on working days. Checked in depth by the server at save.
 */
export const CronSchema = z
  .string()
  .trim()
  .regex(/^\S+(\s+\S+){4}$/, 'five fields: minute hour day-of-month month day-of-week');

export const HttpPollConfigSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  /** Poll period; with `cron`, the base of the retry backoff after a failure. */
  intervalSeconds: z.number().int().min(1).max(86_400),
  /** Poll at these local times instead of every interval (e.g. a daily report at 16:30). */
  cron: CronSchema.optional(),
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  format: HttpPollFormatSchema.default('json'),
  auth: HttpAuthSchema.default({ kind: 'none' }),
  mapping: JsonMappingSchema,
});
export type HttpPollConfig = z.infer<typeof HttpPollConfigSchema>;

/**
 * A department pushes JSON to `POST /api/ingest/webhook/:feedId`, signed the Standard Webhooks
 * way. One secret, or two while the sender rotates. Secrets are write-only: never answered.
 */
export const WebhookConfigSchema = z.object({
  secrets: z.array(z.string().min(16).max(200)).min(1).max(2),
  mapping: JsonMappingSchema,
});
export type WebhookConfig = z.infer<typeof WebhookConfigSchema>;

/**
 * A bearer token a pushing system must send (`Authorization: Bearer …`), for senders that
 * cannot sign (CAP publishers, context brokers). Write-only like every secret.
 */
const PushTokenSchema = z.string().min(24).max(200);

/** Polling settings shared by every adapter that polls. */
const PollSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  intervalSeconds: z.number().int().min(1).max(86_400),
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
});

/**
 * CAP 1.2 warnings: pushed as XML to `POST /api/ingest/cap/:feedId`, or polled from an Atom/RSS
 * feed. They become IOC alerts of the feed's department, with their area drawn on the map.
 */
export const CapConfigSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('push'), token: PushTokenSchema }),
  z.object({ mode: z.literal('poll'), poll: PollSchema }),
]);
export type CapConfig = z.infer<typeof CapConfigSchema>;

/**
 * FIWARE context broker notifications (NGSI v2 / NGSI-LD) pushed to
 * `POST /api/ingest/ngsi/:feedId`, plus an optional periodic reconciliation query (brokers do
 * not retry a failed notification).
 */
export const NgsiConfigSchema = z.object({
  token: PushTokenSchema,
  mapping: NgsiMappingSchema,
  reconcile: PollSchema.optional(),
});
export type NgsiConfig = z.infer<typeof NgsiConfigSchema>;

export const FeedHealthStateSchema = z.enum(['OK', 'NoData', 'Error', 'Disabled', 'Pending']);
export type FeedHealthState = z.infer<typeof FeedHealthStateSchema>;

const FeedBase = {
  id: IdSchema,
  name: z.string().min(1).max(200),
  departmentId: IdSchema,
  enabled: z.boolean(),
  /** When data is due; defaults to the poll interval (poll feeds) or must be given (push feeds). */
  cadence: FeedCadenceSchema.optional(),
};

/** A configured data feed: one adapter per protocol, the department's specifics in `config`. */
export const FeedSchema = z.discriminatedUnion('adapter', [
  z.object({ ...FeedBase, adapter: z.literal('http-poll'), config: HttpPollConfigSchema }),
  z.object({ ...FeedBase, adapter: z.literal('webhook'), config: WebhookConfigSchema }),
  z.object({ ...FeedBase, adapter: z.literal('cap'), config: CapConfigSchema }),
  z.object({ ...FeedBase, adapter: z.literal('ngsi'), config: NgsiConfigSchema }),
  z.object({ ...FeedBase, adapter: z.literal('mqtt'), config: MqttConfigSchema }),
]);
export type Feed = z.infer<typeof FeedSchema>;
export type FeedAdapter = Feed['adapter'];
export type HttpPollFeed = Extract<Feed, { adapter: 'http-poll' }>;
export type WebhookFeed = Extract<Feed, { adapter: 'webhook' }>;
export type CapFeed = Extract<Feed, { adapter: 'cap' }>;
export type NgsiFeed = Extract<Feed, { adapter: 'ngsi' }>;
export type MqttFeed = Extract<Feed, { adapter: 'mqtt' }>;

/** How often a feed is polled, if it is polled at all (poll feeds, CAP polls, NGSI reconciliation). */
export const feedPollIntervalSeconds = (feed: Feed): number | null => {
  switch (feed.adapter) {
    case 'http-poll':
      return feed.config.intervalSeconds;
    case 'cap':
      return feed.config.mode === 'poll' ? feed.config.poll.intervalSeconds : null;
    case 'ngsi':
      return feed.config.reconcile?.intervalSeconds ?? null;
    case 'webhook':
    case 'mqtt':
      return null;
  }
};

/** The cadence a feed promises: its own, else its poll interval. */
export const feedCadence = (feed: Feed): FeedCadence | null =>
  feed.cadence ??
  // A cron-scheduled poll declares its own cadence (the server asks for one at save).
  (feed.adapter === 'http-poll' && feed.config.cron === undefined
    ? { kind: 'interval', seconds: feed.config.intervalSeconds }
    : null);

/** What operators see of a feed's health: never its credentials. */
export const FeedStatusSchema = z.object({
  feedId: IdSchema,
  name: z.string(),
  departmentId: IdSchema,
  adapter: z.string(),
  state: FeedHealthStateSchema,
  /** Poll interval in seconds; 0 for push feeds. */
  intervalSeconds: z.number().int(),
  cadence: FeedCadenceSchema.nullable(),
  lastSuccessAt: IsoDateTimeSchema.nullable(),
  /** Last time the source answered without new data (HTTP 304, an unchanged body, a broker connection). */
  lastCheckedAt: IsoDateTimeSchema.nullable(),
  lastErrorAt: IsoDateTimeSchema.nullable(),
  lastError: z.string().nullable(),
  consecutiveFailures: z.number().int().nonnegative(),
  observationsTotal: z.number().int().nonnegative(),
  errorsTotal: z.number().int().nonnegative(),
});
export type FeedStatus = z.infer<typeof FeedStatusSchema>;
