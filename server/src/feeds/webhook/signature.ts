import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks symmetric signatures (https://www.standardwebhooks.com/, spec 1.0.0):
 *
 * - headers `webhook-id`, `webhook-timestamp` (integer unix seconds) and `webhook-signature`,
 *   a space-separated list of `v1,<base64 HMAC-SHA256>` (other versions, such as the
 *   asymmetric `v1a`, are ignored);
 * - the signed content is the bytes of `${id}.${timestamp}.` followed by the raw body, exactly
 *   as received (never a re-serialised JSON);
 * - secrets are written `whsec_<base64 of 24 to 64 random bytes>`.
 *
 * Pure: the caller passes the clock (`nowSeconds`) and, for new secrets, the random bytes.
 */

const SECRET_PREFIX = 'whsec_';
const SIGNATURE_VERSION = 'v1';
const DEFAULT_TOLERANCE_SECONDS = 300;
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;
// Ten digits cover dates up to the year 2286; twelve leave room without admitting nonsense.
const TIMESTAMP_PATTERN = /^\d{1,12}$/;
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

export interface SignWebhookInput {
  /** The message id; the spec forbids `.` in it (it would make the signed content ambiguous). */
  id: string;
  /** Unix seconds. */
  timestamp: number;
  body: Buffer | string;
  secret: string;
}

export interface VerifyWebhookInput {
  /** Request headers; names are matched case-insensitively. */
  headers: Record<string, string | string[] | undefined>;
  /** The raw body exactly as received. */
  body: Buffer;
  /** One secret, or two while a secret is being rotated; any of them may have signed. */
  secrets: readonly string[];
  nowSeconds: number;
  /** How far `webhook-timestamp` may be from `nowSeconds`, either way. Defaults to 300. */
  toleranceSeconds?: number;
}

export type WebhookRefusal =
  | 'missing_headers'
  | 'bad_timestamp'
  | 'timestamp_out_of_window'
  | 'bad_signature';

export type WebhookVerification =
  | { ok: true; id: string; timestamp: number }
  | { ok: false; reason: WebhookRefusal; message: string };

/**
 * The HMAC key of a secret. `whsec_<base64>` is decoded as the spec says. Any other string is
 * used as its raw UTF-8 bytes, so a secret an upstream shows as plain text works as is. (The
 * reference libraries base64-decode an unprefixed secret instead: paste such a secret with its
 * `whsec_` prefix.) Throws on an empty or malformed secret, so configuration can be checked at
 * startup by calling this.
 */
export const decodeWebhookSecret = (secret: string): Buffer => {
  if (secret.startsWith(SECRET_PREFIX)) {
    const encoded = secret.slice(SECRET_PREFIX.length);
    if (encoded === '' || !BASE64_PATTERN.test(encoded))
      throw new RangeError('webhook secret: the part after "whsec_" is not base64');
    return Buffer.from(encoded, 'base64');
  }
  if (secret === '') throw new RangeError('webhook secret is empty');
  return Buffer.from(secret, 'utf8');
};

const signatureBytes = (key: Buffer, id: string, timestamp: number, body: Buffer): Buffer =>
  createHmac('sha256', key).update(`${id}.${timestamp}.`, 'utf8').update(body).digest();

const toBuffer = (body: Buffer | string): Buffer =>
  typeof body === 'string' ? Buffer.from(body, 'utf8') : body;

/**
 * Signs a webhook and returns the `webhook-signature` header value (`v1,<base64>`). To sign
 * with two secrets during a rotation, join two calls' results with a space.
 */
export const signWebhook = ({ id, timestamp, body, secret }: SignWebhookInput): string => {
  if (id === '' || id.includes('.'))
    throw new RangeError('webhook id must be non-empty, without "."');
  if (!Number.isSafeInteger(timestamp) || timestamp < 0)
    throw new RangeError('webhook timestamp must be whole unix seconds');
  const digest = signatureBytes(decodeWebhookSecret(secret), id, timestamp, toBuffer(body));
  return `${SIGNATURE_VERSION},${digest.toString('base64')}`;
};

/** Builds a new `whsec_` secret from caller-supplied random bytes (24 to 64 of them). */
export const generateWebhookSecret = (randomBytes: Buffer): string => {
  if (randomBytes.length < MIN_SECRET_BYTES || randomBytes.length > MAX_SECRET_BYTES)
    throw new RangeError(
      `a webhook secret needs ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} random bytes, got ${randomBytes.length}`,
    );
  return `${SECRET_PREFIX}${randomBytes.toString('base64')}`;
};

type HeaderValue = string | string[] | undefined;

const headerValues = (headers: Record<string, HeaderValue>, name: string): string[] => {
  const values: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    values.push(...(Array.isArray(value) ? value : [value]));
  }
  return values.map((value) => value.trim()).filter((value) => value !== '');
};

const refuse = (reason: WebhookRefusal, message: string): WebhookVerification => ({
  ok: false,
  reason,
  message,
});

/** The base64 part of every `v1,` entry in the signature header(s). */
const v1Signatures = (values: readonly string[]): string[] =>
  values
    .flatMap((value) => value.split(/\s+/))
    .map((entry) => {
      const comma = entry.indexOf(',');
      if (comma === -1 || entry.slice(0, comma) !== SIGNATURE_VERSION) return null;
      // A proxy that folds repeated headers joins them with ", ", leaving a trailing comma.
      return entry.slice(comma + 1).replace(/,+$/, '');
    })
    .filter((signature): signature is string => signature !== null && signature !== '');

/**
 * Verifies a Standard Webhooks request: all three headers present, the timestamp within
 * `toleranceSeconds` of `nowSeconds`, and at least one `v1` signature matching at least one of
 * `secrets` (compared in constant time). `message` never contains a signature or a secret.
 * The caller should still remember accepted ids for the tolerance window to refuse replays.
 * Throws (RangeError) only on a misconfigured secret list.
 */
export const verifyWebhook = ({
  headers,
  body,
  secrets,
  nowSeconds,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
}: VerifyWebhookInput): WebhookVerification => {
  if (secrets.length === 0) throw new RangeError('verifyWebhook needs at least one secret');
  const keys = secrets.map(decodeWebhookSecret);

  const ids = headerValues(headers, 'webhook-id');
  const timestamps = headerValues(headers, 'webhook-timestamp');
  const signatureValues = headerValues(headers, 'webhook-signature');
  const missing = [
    ids.length === 0 ? 'webhook-id' : null,
    timestamps.length === 0 ? 'webhook-timestamp' : null,
    signatureValues.length === 0 ? 'webhook-signature' : null,
  ].filter((name) => name !== null);
  if (missing.length > 0) return refuse('missing_headers', `missing header: ${missing.join(', ')}`);
  const [id] = ids;
  const [timestampText] = timestamps;
  if (ids.length > 1 || id === undefined)
    return refuse('missing_headers', 'expected exactly one webhook-id header');
  if (timestamps.length > 1 || timestampText === undefined)
    return refuse('bad_timestamp', 'expected exactly one webhook-timestamp header');

  if (!TIMESTAMP_PATTERN.test(timestampText))
    return refuse('bad_timestamp', 'webhook-timestamp is not whole unix seconds');
  const timestamp = Number(timestampText);
  const skewSeconds = nowSeconds - timestamp;
  if (Math.abs(skewSeconds) > toleranceSeconds) {
    const direction = skewSeconds > 0 ? 'in the past' : 'in the future';
    return refuse(
      'timestamp_out_of_window',
      `webhook-timestamp is ${Math.abs(skewSeconds)} s ${direction}; the tolerance is ${toleranceSeconds} s`,
    );
  }

  // The spec forbids "." in the id: "a.1" + "2" would sign the same bytes as "a" + "1" + "2.…".
  if (id.includes('.')) return refuse('bad_signature', 'webhook-id contains "."');
  const candidates = v1Signatures(signatureValues).map((text) => Buffer.from(text, 'utf8'));
  if (candidates.length === 0)
    return refuse('bad_signature', 'webhook-signature holds no v1 signature');

  for (const key of keys) {
    const expected = Buffer.from(signatureBytes(key, id, timestamp, body).toString('base64'));
    // timingSafeEqual needs equal lengths; the length of a base64 SHA-256 is public anyway.
    if (candidates.some((c) => c.length === expected.length && timingSafeEqual(c, expected)))
      return { ok: true, id, timestamp };
  }
  return refuse('bad_signature', 'no v1 signature matches the configured secret(s)');
};
