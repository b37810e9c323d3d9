import { z } from 'zod';
import { JsonMappingSchema } from './json-mapping';

/** Longest topic filter accepted. MQTT allows 65,535 bytes; a department's filter is short. */
const MAX_FILTER_LENGTH = 256;

/**
 * Why `filter` is not a valid MQTT topic filter (MQTT 5 §4.7), or null when it is valid:
 * not empty, no NUL or control characters, `#` only as the whole last level, `+` only as a
 * whole level. Shared subscriptions (`$share/…`) are refused: one feed owns its session.
 */
export const topicFilterProblem = (filter: string): string | null => {
  if (filter.length === 0) return 'a topic filter cannot be empty';
  if (filter.length > MAX_FILTER_LENGTH) {
    return `a topic filter is at most ${MAX_FILTER_LENGTH} characters`;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f-\u009f]/.test(filter)) {
    return 'a topic filter cannot contain control characters';
  }
  if (filter.startsWith('$share/')) return 'shared subscriptions ($share/…) are not supported';
  const levels = filter.split('/');
  for (const [index, level] of levels.entries()) {
    if (level.includes('#')) {
      if (level !== '#') return "'#' must occupy a whole topic level";
      if (index !== levels.length - 1) return "'#' must be the last topic level";
    }
    if (level.includes('+') && level !== '+') return "'+' must occupy a whole topic level";
  }
  return null;
};

/**
 * Whether a topic name matches a topic filter, as a broker decides it (MQTT 5 §4.7): `+`
 * matches exactly one level (an empty one too), `#` matches the parent level and any number of
 * levels below it, and a topic starting with `$` (`$SYS/…`) is never matched by a filter whose
 * first level is a wildcard. A topic name containing a wildcard is not a topic name: no match.
 * Pure.
 */
export const topicMatches = (filter: string, topic: string): boolean => {
  if (topic === '' || topic.includes('+') || topic.includes('#')) return false;
  const filterLevels = filter.split('/');
  const topicLevels = topic.split('/');
  if (topic.startsWith('$') && (filterLevels[0] === '+' || filterLevels[0] === '#')) return false;
  for (const [index, level] of filterLevels.entries()) {
    if (level === '#') return index === filterLevels.length - 1;
    const actual = topicLevels[index];
    if (actual === undefined) return false;
    if (level !== '+' && level !== actual) return false;
  }
  return filterLevels.length === topicLevels.length;
};

const TopicFilterSchema = z.string().superRefine((filter, ctx) => {
  const problem = topicFilterProblem(filter);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** One subscription of an MQTT feed: which topics, and how their JSON becomes observations. */
export const MqttTopicSchema = z
  .object({
    filter: TopicFilterSchema,
    mapping: JsonMappingSchema,
    /**
     * Topic level (0-based) that names the subject when the payload carries none, e.g. 2 for
     * `hcmc/water/wl-01/level`; the mapping's `subjectPrefix` is put before it ("site:wl-01").
     */
    subjectFromTopicLevel: z.number().int().min(0).max(31).optional(),
  })
  .superRefine((topic, ctx) => {
    const level = topic.subjectFromTopicLevel;
    if (level === undefined) return;
    const levels = topic.filter.split('/');
    // Below a trailing '#' any depth may exist; otherwise the level must be in the filter.
    const isOpenEnded = levels.at(-1) === '#';
    if (level >= levels.length && !isOpenEnded) {
      ctx.addIssue({
        code: 'custom',
        path: ['subjectFromTopicLevel'],
        message: `the filter has ${levels.length} level(s); level ${level} never exists`,
      });
    }
  });
export type MqttTopic = z.infer<typeof MqttTopicSchema>;

/**
 * An MQTT feed: a persistent session on a department's broker under a stable client id, QoS 1
 * subscriptions, each topic's JSON mapped to observations. `password` is write-only like every
 * feed secret: never answered, never logged. Credentials go in `username`/`password`, never in
 * the URL, so the URL can be shown.
 */
export const MqttConfigSchema = z.object({
  url: z
    .url({
      protocol: /^mqtts?$/,
      hostname: /^\S+$/,
      error: 'a broker URL: mqtt://host:port or mqtts://host:port',
    })
    .refine((raw) => !/^[a-z]+:\/\/[^/?#]*@/i.test(raw), {
      message: 'put credentials in username and password, not in the URL',
    }),
  /**
   * The broker keeps the session (subscriptions and unacknowledged messages) under this id, so
   * it must stay the same across restarts and be used by one connection only.
   */
  clientId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/, 'client id may contain letters, digits, dash and underscore'),
  /**
   * MQTT 5 by default (session expiry, reason codes); 4 (MQTT 3.1.1) for brokers that only
   * speak that. Both keep the session with `clean: false` and get the PUBACK after the commit.
   */
  protocolVersion: z.union([z.literal(4), z.literal(5)]).default(5),
  username: z.string().min(1).max(256).optional(),
  password: z.string().min(1).max(256).optional(),
  topics: z
    .array(MqttTopicSchema)
    .min(1)
    .max(20)
    .superRefine((topics, ctx) => {
      const seen = new Set<string>();
      for (const [index, topic] of topics.entries()) {
        if (seen.has(topic.filter)) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'filter'],
            message: `topic filter "${topic.filter}" is listed twice`,
          });
        }
        seen.add(topic.filter);
      }
    }),
});
export type MqttConfig = z.infer<typeof MqttConfigSchema>;
