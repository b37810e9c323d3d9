import {
  type JsonMapping,
  type MqttConfig,
  type MqttTopic,
  type Observation,
  ObservationSchema,
  readPath,
  topicMatches,
} from '@city-ioc/shared';
import { mapJsonDocument, type ParseResult } from '../http-poll/parse';

export type MqttMessageResult =
  | {
      ok: true;
      observations: Observation[];
      /** Records or values that could not be mapped, with the reason; at most 20 kept. */
      problems: string[];
      /** How many values were refused in all. */
      rejected: number;
      /**
       * Always null. An MQTT message has no identity that survives a redelivery: the packet
       * id is per connection and reused, and MQTT 5 defines no message id. A message is
       * redelivered when the connection drops before our PUBACK (a failed or interrupted store),
       * and the broker may deliver one message once per overlapping subscription. Idempotency
       * therefore comes from the observations' natural key (indicator, subject, time): a
       * repeated value stores nothing. That holds when the payload carries its own time
       * (`mapping.timePath`); without one the receive time stamps it, and a rare redelivery
       * can store the same reading again a moment later.
       */
      receiptKey: string | null;
    }
  | { ok: false; reason: string };

const SAMPLE_LENGTH = 40;

/**
 * One MQTT message → observations, by the first configured topic whose filter matches the
 * topic: the payload must be UTF-8 JSON, mapped like an HTTP JSON document. A payload that
 * can never be stored (no matching filter, not JSON, no subject level in the topic) is
 * `ok: false`; a bad record or value is skipped and reported. `fallbackTime` stamps records
 * without a time of their own. Pure.
 */
export const mqttMessageToObservations = (
  topic: string,
  payload: Buffer,
  config: Pick<MqttConfig, 'topics'>,
  fallbackTime: string,
): MqttMessageResult => {
  const entry = config.topics.find((t) => topicMatches(t.filter, topic));
  if (!entry) return { ok: false, reason: `no configured topic filter matches "${topic}"` };

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
  } catch {
    return { ok: false, reason: 'payload is not UTF-8 text' };
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return {
      ok: false,
      reason: `payload is not valid JSON (starts with ${JSON.stringify(text.slice(0, SAMPLE_LENGTH))})`,
    };
  }

  const parsed = mapWithTopicSubject(document, entry, topic, fallbackTime);
  if (!parsed.ok) return parsed;
  return { ok: true, ...parsed.result, receiptKey: null };
};

const mapWithTopicSubject = (
  document: unknown,
  { mapping, subjectFromTopicLevel }: MqttTopic,
  topic: string,
  fallbackTime: string,
): ParseResult => {
  if (subjectFromTopicLevel === undefined) return mapJsonDocument(document, mapping, fallbackTime);
  const level = topic.split('/')[subjectFromTopicLevel];
  const subject = level === undefined || level === '' ? null : level;

  if (!mapping.subjectPath) {
    // Every record of the message is about the topic's subject.
    if (subject === null) {
      return { ok: false, reason: `topic "${topic}" has no level ${subjectFromTopicLevel}` };
    }
    const subjectId = `${mapping.subjectPrefix ?? ''}${subject}`;
    if (!ObservationSchema.shape.subjectId.safeParse(subjectId).success) {
      return {
        ok: false,
        reason: `topic level ${subjectFromTopicLevel} ("${subject}") is not a valid subject id`,
      };
    }
    const mapped = mapJsonDocument(document, mapping, fallbackTime);
    if (!mapped.ok) return mapped;
    const observations = mapped.result.observations.map((o) => ({ ...o, subjectId }));
    return { ok: true, result: { ...mapped.result, observations } };
  }

  // A record's own subject wins. A record without one takes the topic's, written at
  // `subjectPath` into a copy of the record, so that the shared mapping does the rest (prefix,
  // validation, problems) exactly as for HTTP feeds.
  const subjectPath = mapping.subjectPath;
  const records = recordsOf(document, mapping);
  if (!records || subject === null) return mapJsonDocument(document, mapping, fallbackTime);
  const completed = records.map((record) => {
    const own = readPath(record, subjectPath);
    return typeof own === 'string' || typeof own === 'number'
      ? record
      : withValueAt(record, subjectPath, subject);
  });
  return mapJsonDocument(completed, { ...mapping, itemsPath: '' }, fallbackTime);
};

/** The records `mapJsonDocument` would map, or null when the items are not an array. */
const recordsOf = (document: unknown, mapping: JsonMapping): unknown[] | null => {
  const items = readPath(document, mapping.itemsPath);
  const isWhole = mapping.itemsPath === '' || mapping.itemsPath === '$';
  const records = isWhole && !Array.isArray(items) ? [items] : items;
  return Array.isArray(records) ? records : null;
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A copy of `record` with `value` at the dot `path`, creating missing objects on the way. The
 * payload is never overwritten: when the path runs through a value that is not an object (nor
 * null), or ends on a value that is there (an object, a boolean), the record is returned unchanged and
 * the mapping reports its missing subject as usual. Copies have no prototype, so a path step
 * such as `__proto__` is an ordinary key.
 */
const withValueAt = (record: unknown, path: string, value: string): unknown => {
  const steps = path.replace(/^\$\.?/, '').split('.');
  if (steps[0] === '' || !isPlainObject(record)) return record;
  const copyOf = (o: Record<string, unknown>): Record<string, unknown> =>
    Object.assign(Object.create(null), o);
  const copy = copyOf(record);
  let current = copy;
  for (const [index, step] of steps.entries()) {
    const existing = Object.hasOwn(current, step) ? current[step] : undefined;
    if (index === steps.length - 1) {
      if (existing !== undefined && existing !== null) return record;
      current[step] = value;
      break;
    }
    if (existing !== undefined && existing !== null && !isPlainObject(existing)) return record;
    const next = copyOf(isPlainObject(existing) ? existing : {});
    current[step] = next;
    current = next;
  }
  return copy;
};
