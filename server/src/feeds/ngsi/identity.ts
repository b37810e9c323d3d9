import type { NgsiEntity, NgsiNotification } from './parse';

/**
 * Idempotency keys for NGSI notifications, so that a notification delivered twice (broker
 * retries, a subscription registered twice) is ingested once. Pure: no crypto module, which
 * would be I/O-free but platform-specific; FNV-1a is enough to tell deliveries apart, and the
 * key is not a security boundary (a sender who can forge content can forge anything).
 */

// FNV-1a 64-bit, computed in four 16-bit limbs so every intermediate stays an exact integer
// below 2^31 (BigInt would be ~50× slower on large notifications).
// Offset basis 0xcbf29ce484222325; prime 0x100000001b3 = 2^40 + 0x1b3.
const fnvStep = (h: number[], byte: number): void => {
  const h0 = (h[0] ?? 0) ^ byte;
  const h1 = h[1] ?? 0;
  const h2 = h[2] ?? 0;
  const h3 = h[3] ?? 0;
  const t0 = h0 * 0x1b3;
  const t1 = h1 * 0x1b3 + (t0 >>> 16);
  const t2 = h2 * 0x1b3 + (h0 << 8) + (t1 >>> 16);
  const t3 = h3 * 0x1b3 + (h1 << 8) + (t2 >>> 16);
  h[0] = t0 & 0xffff;
  h[1] = t1 & 0xffff;
  h[2] = t2 & 0xffff;
  h[3] = t3 & 0xffff;
};

/**
 * FNV-1a 64-bit hash of a string's UTF-8 bytes, as 16 lower-case hex digits. Lone surrogates
 * are hashed as U+FFFD, as TextEncoder would encode them.
 */
export const fnv1a64Hex = (text: string): string => {
  const h = [0x2325, 0x8422, 0x9ce4, 0xcbf2];
  for (let i = 0; i < text.length; i += 1) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i += 1;
      } else {
        code = 0xfffd;
      }
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      code = 0xfffd;
    }
    if (code < 0x80) {
      fnvStep(h, code);
    } else if (code < 0x800) {
      fnvStep(h, 0xc0 | (code >> 6));
      fnvStep(h, 0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      fnvStep(h, 0xe0 | (code >> 12));
      fnvStep(h, 0x80 | ((code >> 6) & 0x3f));
      fnvStep(h, 0x80 | (code & 0x3f));
    } else {
      fnvStep(h, 0xf0 | (code >> 18));
      fnvStep(h, 0x80 | ((code >> 12) & 0x3f));
      fnvStep(h, 0x80 | ((code >> 6) & 0x3f));
      fnvStep(h, 0x80 | (code & 0x3f));
    }
  }
  return [h[3], h[2], h[1], h[0]].map((limb) => (limb ?? 0).toString(16).padStart(4, '0')).join('');
};

/**
 * Past this many emitted tokens the serialisation stops: far more than a request body the
 * server accepts can hold, so only a cyclic live object (never JSON.parse output) gets there.
 */
const MAX_CANONICAL_TOKENS = 5_000_000;

type Work = { text: string } | { value: unknown };

/**
 * JSON with object keys sorted, so that equal values serialise equally whatever their key
 * order. Iterative (no recursion), so arbitrarily deep values cannot overflow the stack.
 * Values JSON cannot represent are written as JSON.stringify would inside an array (`null`),
 * bigints as their decimal text. Never throws.
 */
export const canonicalJson = (value: unknown): string => {
  const out: string[] = [];
  const stack: Work[] = [{ value }];
  let tokens = 0;
  while (stack.length > 0) {
    tokens += 1;
    if (tokens > MAX_CANONICAL_TOKENS) {
      out.push('"…"');
      break;
    }
    const work = stack.pop() as Work;
    if ('text' in work) {
      out.push(work.text);
      continue;
    }
    const v = work.value;
    if (typeof v === 'string') out.push(JSON.stringify(v));
    else if (typeof v === 'number') out.push(Number.isFinite(v) ? JSON.stringify(v) : 'null');
    else if (typeof v === 'boolean') out.push(v ? 'true' : 'false');
    else if (typeof v === 'bigint') out.push(v.toString());
    else if (v === null || typeof v !== 'object') out.push('null');
    else if (Array.isArray(v)) {
      // Pushed in reverse: the stack pops '[' first and ']' last.
      stack.push({ text: ']' });
      for (let i = v.length - 1; i >= 0; i -= 1) {
        stack.push({ value: v[i] });
        if (i > 0) stack.push({ text: ',' });
      }
      stack.push({ text: '[' });
    } else {
      const record = v as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      stack.push({ text: '}' });
      for (let i = keys.length - 1; i >= 0; i -= 1) {
        const key = keys[i] as string;
        stack.push({ value: record[key] });
        stack.push({ text: `${i > 0 ? ',' : ''}${JSON.stringify(key)}:` });
      }
      stack.push({ text: '{' });
    }
  }
  return out.join('');
};

const canonicalEntity = (entity: NgsiEntity): string =>
  canonicalJson({
    id: entity.id,
    type: entity.type,
    attributes: Object.fromEntries(
      Object.entries(entity.attributes).map(([name, a]) => [name, [a.value, a.observedAt]]),
    ),
  });

/**
 * A stable idempotency key for "the same notification delivered twice". NGSI-LD notifications
 * carry a unique id, used as is (`ngsi-ld:<id>`). Otherwise (NGSI v2) the key is the FNV-1a
 * 64-bit hash of the subscription id and the entities' ids, types and attribute values and
 * times (`fnv1a64:<16 hex>`): a retried delivery repeats them, a new update changes at least one
 * value or time. Entity order and key order do not matter; `notifiedAt` and unit codes do not
 * take part. A v2 notification without time metadata whose readings did not change has the
 * same key as the previous one: Orion sends such a repeat only as a retry or with `forcedUpdate`,
 * so keep seen keys for a bounded window (minutes), not forever.
 */
export const ngsiNotificationKey = (notification: NgsiNotification): string => {
  if (notification.notificationId !== null) return `ngsi-ld:${notification.notificationId}`;
  const entities = notification.entities.map(canonicalEntity).sort();
  return `fnv1a64:${fnv1a64Hex(
    `${canonicalJson(notification.subscriptionId)}\n${entities.join('\n')}`,
  )}`;
};
