import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeWebhookSecret,
  generateWebhookSecret,
  signWebhook,
  type VerifyWebhookInput,
  verifyWebhook,
} from './signature';

// The official vector of the Standard Webhooks reference library
// (standard-webhooks/standard-webhooks, libraries/javascript/src/webhook.test.ts, "sign function
// works"); the same values appear in its other language libraries.
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1_614_265_330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const NOW = 1_800_000_000;
const SECRET = generateWebhookSecret(Buffer.alloc(32, 7));
const OLD_SECRET = generateWebhookSecret(Buffer.alloc(24, 9));
const BODY = Buffer.from('{"type":"reading.created","data":{"aqi":151}}');

/** A correctly signed request at NOW, with overrides. */
const request = (overrides: Partial<VerifyWebhookInput> = {}): VerifyWebhookInput => ({
  headers: {
    'webhook-id': 'msg_1',
    'webhook-timestamp': String(NOW),
    'webhook-signature': signWebhook({ id: 'msg_1', timestamp: NOW, body: BODY, secret: SECRET }),
  },
  body: BODY,
  secrets: [SECRET],
  nowSeconds: NOW,
  ...overrides,
});

const withHeaders = (headers: VerifyWebhookInput['headers']): Partial<VerifyWebhookInput> => ({
  headers: { ...request().headers, ...headers },
});

describe('signWebhook', () => {
  it('reproduces the official Standard Webhooks test vector', () => {
    expect(
      signWebhook({
        id: VECTOR.id,
        timestamp: VECTOR.timestamp,
        body: VECTOR.body,
        secret: VECTOR.secret,
      }),
    ).toBe(VECTOR.signature);
  });

  it('agrees with a plain HMAC-SHA256 over id.timestamp.body', () => {
    const key = Buffer.from('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'base64');
    const digest = createHmac('sha256', key)
      .update(`${VECTOR.id}.${VECTOR.timestamp}.${VECTOR.body}`)
      .digest('base64');
    expect(`v1,${digest}`).toBe(VECTOR.signature);
  });

  it('signs a Buffer body and the same string identically', () => {
    const input = { id: 'a', timestamp: 1, secret: SECRET };
    expect(signWebhook({ ...input, body: Buffer.from('héllo') })).toBe(
      signWebhook({ ...input, body: 'héllo' }),
    );
  });

  it('signs non-UTF-8 bytes as bytes', () => {
    const input = { id: 'a', timestamp: 1, secret: SECRET };
    expect(signWebhook({ ...input, body: Buffer.from([0xff, 0xfe]) })).not.toBe(
      signWebhook({ ...input, body: Buffer.from([0xff, 0xfd]) }),
    );
  });

  it.each([
    ['an id with a dot', { id: 'a.b' }],
    ['an empty id', { id: '' }],
    ['a fractional timestamp', { timestamp: 1.5 }],
    ['a negative timestamp', { timestamp: -1 }],
    ['an empty secret', { secret: '' }],
    ['a non-base64 whsec_ secret', { secret: 'whsec_not*base64' }],
  ])('throws on %s', (_, override) => {
    expect(() =>
      signWebhook({ id: 'a', timestamp: 1, body: '', secret: SECRET, ...override }),
    ).toThrow(RangeError);
  });
});

describe('decodeWebhookSecret', () => {
  it('base64-decodes a whsec_ secret', () => {
    expect(decodeWebhookSecret('whsec_AAEC')).toEqual(Buffer.from([0, 1, 2]));
  });

  it('uses a secret without the whsec_ prefix as its UTF-8 bytes', () => {
    expect(decodeWebhookSecret('AAEC')).toEqual(Buffer.from('AAEC', 'utf8'));
  });
});

describe('generateWebhookSecret', () => {
  it('writes the bytes as whsec_ + base64', () => {
    const bytes = Buffer.alloc(24, 1);
    expect(generateWebhookSecret(bytes)).toBe(`whsec_${bytes.toString('base64')}`);
    expect(decodeWebhookSecret(generateWebhookSecret(bytes))).toEqual(bytes);
  });

  it.each([[23], [65], [0]])('refuses %i bytes (the spec asks for 24 to 64)', (length) => {
    expect(() => generateWebhookSecret(Buffer.alloc(length))).toThrow(RangeError);
  });
});

describe('verifyWebhook', () => {
  it('accepts the official test vector at its own time', () => {
    const result = verifyWebhook({
      headers: {
        'webhook-id': VECTOR.id,
        'webhook-timestamp': String(VECTOR.timestamp),
        'webhook-signature': VECTOR.signature,
      },
      body: Buffer.from(VECTOR.body),
      secrets: [VECTOR.secret],
      nowSeconds: VECTOR.timestamp,
    });
    expect(result).toEqual({ ok: true, id: VECTOR.id, timestamp: VECTOR.timestamp });
  });

  it('accepts a correctly signed request', () => {
    expect(verifyWebhook(request())).toEqual({ ok: true, id: 'msg_1', timestamp: NOW });
  });

  it('matches header names case-insensitively', () => {
    const { headers } = request();
    const shouted = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name.toUpperCase(), value]),
    );
    expect(verifyWebhook(request({ headers: shouted })).ok).toBe(true);
  });

  describe('secret rotation', () => {
    const signedWith = (secret: string) =>
      withHeaders({
        'webhook-signature': signWebhook({ id: 'msg_1', timestamp: NOW, body: BODY, secret }),
      });

    it.each([
      ['the new secret', SECRET],
      ['the old secret', OLD_SECRET],
    ])('accepts a request signed with %s while both are configured', (_, secret) => {
      expect(
        verifyWebhook(request({ ...signedWith(secret), secrets: [SECRET, OLD_SECRET] })).ok,
      ).toBe(true);
    });

    it('refuses the old secret once it is removed', () => {
      expect(
        verifyWebhook(request({ ...signedWith(OLD_SECRET), secrets: [SECRET] })),
      ).toMatchObject({
        ok: false,
        reason: 'bad_signature',
      });
    });
  });

  describe('timestamp window', () => {
    it.each([
      ['exactly 300 s old', NOW - 300, true],
      ['exactly 300 s ahead', NOW + 300, true],
      ['301 s old', NOW - 301, false],
      ['301 s ahead', NOW + 301, false],
    ])('a request signed %s is accepted: %s', (_, timestamp, isAccepted) => {
      const headers = {
        'webhook-id': 'msg_1',
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook({ id: 'msg_1', timestamp, body: BODY, secret: SECRET }),
      };
      const result = verifyWebhook(request({ headers }));
      expect(result.ok).toBe(isAccepted);
      if (!result.ok) expect(result.reason).toBe('timestamp_out_of_window');
    });

    it('honours a custom tolerance', () => {
      const headers = {
        'webhook-id': 'msg_1',
        'webhook-timestamp': String(NOW - 61),
        'webhook-signature': signWebhook({
          id: 'msg_1',
          timestamp: NOW - 61,
          body: BODY,
          secret: SECRET,
        }),
      };
      expect(verifyWebhook(request({ headers, toleranceSeconds: 60 }))).toMatchObject({
        ok: false,
        reason: 'timestamp_out_of_window',
        message: 'webhook-timestamp is 61 s in the past; the tolerance is 60 s',
      });
    });
  });

  it.each([
    ['the body', { body: Buffer.from('{"type":"reading.created","data":{"aqi":152}}') }],
    ['the id', withHeaders({ 'webhook-id': 'msg_2' })],
    ['the timestamp', withHeaders({ 'webhook-timestamp': String(NOW - 1) })],
    ['the secret', { secrets: [OLD_SECRET] }],
  ])('refuses a request whose %s was changed after signing', (_, override) => {
    expect(verifyWebhook(request(override))).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('accepts when one of several signatures matches', () => {
    const valid = signWebhook({ id: 'msg_1', timestamp: NOW, body: BODY, secret: SECRET });
    const signature = [
      'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=',
      `v2,${valid.slice(3)}`,
      'v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==',
      valid,
      'v1,short',
    ].join(' ');
    expect(verifyWebhook(request(withHeaders({ 'webhook-signature': signature }))).ok).toBe(true);
  });

  it('accepts signatures spread over repeated or folded headers', () => {
    const valid = signWebhook({ id: 'msg_1', timestamp: NOW, body: BODY, secret: SECRET });
    const bogus = 'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=';
    expect(verifyWebhook(request(withHeaders({ 'webhook-signature': [bogus, valid] }))).ok).toBe(
      true,
    );
    expect(
      verifyWebhook(request(withHeaders({ 'webhook-signature': `${valid}, ${bogus}` }))).ok,
    ).toBe(true);
  });

  it('ignores a valid signature under another version', () => {
    const valid = signWebhook({ id: 'msg_1', timestamp: NOW, body: BODY, secret: SECRET });
    expect(
      verifyWebhook(request(withHeaders({ 'webhook-signature': `v2,${valid.slice(3)}` }))),
    ).toMatchObject({
      ok: false,
      reason: 'bad_signature',
      message: 'webhook-signature holds no v1 signature',
    });
  });

  it.each([
    ['webhook-id', 'missing header: webhook-id'],
    ['webhook-timestamp', 'missing header: webhook-timestamp'],
    ['webhook-signature', 'missing header: webhook-signature'],
  ])('refuses a request without %s', (name, message) => {
    const headers: VerifyWebhookInput['headers'] = { ...request().headers, [name]: undefined };
    expect(verifyWebhook(request({ headers }))).toEqual({
      ok: false,
      reason: 'missing_headers',
      message,
    });
  });

  it('refuses a request without any webhook header, naming all three', () => {
    expect(verifyWebhook(request({ headers: {} }))).toMatchObject({
      reason: 'missing_headers',
      message: 'missing header: webhook-id, webhook-timestamp, webhook-signature',
    });
  });

  it('treats an empty header as missing', () => {
    expect(verifyWebhook(request(withHeaders({ 'webhook-id': '  ' })))).toMatchObject({
      reason: 'missing_headers',
    });
  });

  it.each([['hello'], ['-5'], ['1.5'], ['1e9'], ['0x10'], ['1234567890123']])(
    'refuses the timestamp %s',
    (timestamp) => {
      expect(verifyWebhook(request(withHeaders({ 'webhook-timestamp': timestamp })))).toMatchObject(
        {
          ok: false,
          reason: 'bad_timestamp',
        },
      );
    },
  );

  it('refuses an id containing a dot, which would make the signed content ambiguous', () => {
    expect(verifyWebhook(request(withHeaders({ 'webhook-id': 'msg.1' })))).toMatchObject({
      reason: 'bad_signature',
    });
  });

  it('refuses two different ids', () => {
    expect(verifyWebhook(request(withHeaders({ 'webhook-id': ['msg_1', 'msg_2'] })))).toMatchObject(
      {
        reason: 'missing_headers',
      },
    );
  });

  it('never puts a signature or a secret in its message', () => {
    const result = verifyWebhook(request({ secrets: [OLD_SECRET] }));
    const signature = String(request().headers['webhook-signature']);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).not.toContain(signature.slice(3));
      expect(result.message).not.toContain(OLD_SECRET.slice(6));
    }
  });

  it('throws on an empty secret list, a configuration error', () => {
    expect(() => verifyWebhook(request({ secrets: [] }))).toThrow(RangeError);
  });
});

describe('verifyWebhook properties', () => {
  const secretBytes = fc.uint8Array({ minLength: 24, maxLength: 64 }).map((b) => Buffer.from(b));
  const body = fc.uint8Array({ minLength: 1, maxLength: 512 }).map((b) => Buffer.from(b));
  const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);
  const timestamp = fc.integer({ min: 0, max: 4_000_000_000 });

  it('verifies whatever it signed', () => {
    fc.assert(
      fc.property(secretBytes, body, id, timestamp, (bytes, payload, msgId, ts) => {
        const secret = generateWebhookSecret(bytes);
        const headers = {
          'webhook-id': msgId,
          'webhook-timestamp': String(ts),
          'webhook-signature': signWebhook({ id: msgId, timestamp: ts, body: payload, secret }),
        };
        expect(
          verifyWebhook({ headers, body: payload, secrets: [secret], nowSeconds: ts }),
        ).toEqual({ ok: true, id: msgId, timestamp: ts });
      }),
    );
  });

  it('refuses the body after any single-byte change', () => {
    fc.assert(
      fc.property(
        secretBytes,
        body,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (bytes, payload, position, delta) => {
          const secret = generateWebhookSecret(bytes);
          const headers = {
            'webhook-id': 'msg_1',
            'webhook-timestamp': String(NOW),
            'webhook-signature': signWebhook({
              id: 'msg_1',
              timestamp: NOW,
              body: payload,
              secret,
            }),
          };
          const tampered = Buffer.from(payload);
          const at = position % tampered.length;
          tampered[at] = ((tampered[at] ?? 0) + delta) % 256;
          expect(
            verifyWebhook({ headers, body: tampered, secrets: [secret], nowSeconds: NOW }),
          ).toMatchObject({ ok: false, reason: 'bad_signature' });
        },
      ),
    );
  });
});
