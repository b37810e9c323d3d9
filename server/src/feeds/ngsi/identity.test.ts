import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, fnv1a64Hex, ngsiNotificationKey } from './identity';
import { type NgsiNotification, parseNgsiNotification } from './parse';

const FIXTURES = fileURLToPath(new URL('../../../../../shared/fixtures/ngsi/', import.meta.url));
const hasFixtures = fs.existsSync(FIXTURES);
if (!hasFixtures) console.warn(`NGSI fixture tests SKIPPED: ${FIXTURES} is absent`);

const parsed = (body: unknown): NgsiNotification => {
  const result = parseNgsiNotification(body);
  if (!result.ok) throw new Error(result.reason);
  return result;
};

const v2Body = (level: unknown = 1.25, observedAt = '2026-11-23T02:00:00Z') => ({
  subscriptionId: 'sub-1',
  data: [
    {
      id: 'station-1',
      type: 'FloodMonitoring',
      currentLevel: {
        type: 'Number',
        value: level,
        metadata: { TimeInstant: { type: 'DateTime', value: observedAt } },
      },
      floodLevelStatus: { type: 'Text', value: 'Normal' },
    },
    { id: 'station-2', type: 'FloodMonitoring', currentLevel: { type: 'Number', value: 0.5 } },
  ],
});

/** Reference FNV-1a 64 over UTF-8 with BigInt: slow, obviously right. */
const referenceFnv = (text: string): string => {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
};

describe('fnv1a64Hex', () => {
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('hashes %j to the published FNV-1a 64 value', (text, expected) => {
    expect(fnv1a64Hex(text)).toBe(expected);
  });

  it('agrees with a BigInt reference on any text, lone surrogates included', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.string({ unit: fc.constantFrom('\ud800', '\udc00', 'a', 'é', 'ế', '€', '😀') }),
        ),
        (text) => {
          expect(fnv1a64Hex(text)).toBe(referenceFnv(text));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('canonicalJson', () => {
  it('writes object keys in sorted order at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}',
    );
  });

  it('writes what JSON cannot represent as null', () => {
    expect(canonicalJson([Number.NaN, Number.POSITIVE_INFINITY, undefined, () => 1])).toBe(
      '[null,null,null,null]',
    );
  });

  it('serialises a value 100,000 levels deep without overflowing the stack', () => {
    let deep: unknown = 0;
    for (let i = 0; i < 100_000; i += 1) deep = { v: [deep] };
    expect(canonicalJson(deep)).toHaveLength(100_000 * 8 + 1);
  });

  it('is JSON that reads back to an equal value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });

  it('does not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(record));
      }),
    );
  });
});

describe('ngsiNotificationKey', () => {
  it('uses the NGSI-LD notification id when there is one', () => {
    const notification = parsed({
      id: 'urn:ngsi-ld:Notification:5fd0f3824eb81930c97005d8',
      type: 'Notification',
      subscriptionId: 'urn:ngsi-ld:Subscription:1',
      data: [{ id: 'e', type: 'T', filling: 0.59 }],
    });
    expect(ngsiNotificationKey(notification)).toBe(
      'ngsi-ld:urn:ngsi-ld:Notification:5fd0f3824eb81930c97005d8',
    );
  });

  it('gives the same key to the same notification delivered twice', () => {
    expect(ngsiNotificationKey(parsed(v2Body()))).toBe(ngsiNotificationKey(parsed(v2Body())));
  });

  it('gives a fnv1a64 key of 16 hex digits to an NGSI v2 notification', () => {
    expect(ngsiNotificationKey(parsed(v2Body()))).toMatch(/^fnv1a64:[0-9a-f]{16}$/);
  });

  it('ignores the order of entities and of their attributes', () => {
    const body = v2Body();
    const reordered = {
      data: [...body.data].reverse().map((e) => Object.fromEntries(Object.entries(e).reverse())),
      subscriptionId: body.subscriptionId,
    };
    expect(ngsiNotificationKey(parsed(reordered))).toBe(ngsiNotificationKey(parsed(body)));
  });

  it('ignores how the same time was written', () => {
    expect(ngsiNotificationKey(parsed(v2Body(1.25, '2026-11-23T09:00:00+07:00')))).toBe(
      ngsiNotificationKey(parsed(v2Body(1.25, '2026-11-23T02:00:00.000Z'))),
    );
  });

  it.each<[string, unknown]>([
    ['a changed value', v2Body(1.26)],
    ['a changed value type', v2Body('1.25')],
    ['a changed observation time', v2Body(1.25, '2026-11-23T02:05:00Z')],
    ['another subscription', { ...v2Body(), subscriptionId: 'sub-2' }],
    ['one entity fewer', { ...v2Body(), data: v2Body().data.slice(0, 1) }],
  ])('gives a different key for %s', (_label, body) => {
    expect(ngsiNotificationKey(parsed(body))).not.toBe(ngsiNotificationKey(parsed(v2Body())));
  });

  it('gives equal keys to equal notifications and different keys when a value changes', () => {
    const entity = fc.record({
      id: fc.string({ minLength: 1, maxLength: 20 }),
      type: fc.constantFrom('FloodMonitoring', 'WaterObserved'),
      level: fc.double({ noNaN: true, noDefaultInfinity: true }),
      extra: fc.jsonValue(),
    });
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.uniqueArray(entity, { minLength: 1, maxLength: 10, selector: (e) => e.id }),
        fc.nat(),
        (subscriptionId, entities, pick) => {
          const body = { subscriptionId, data: entities };
          const again = structuredClone(body);
          const key = ngsiNotificationKey(parsed(body));
          expect(ngsiNotificationKey(parsed(again))).toBe(key);

          const index = pick % entities.length;
          const changed = structuredClone(body);
          const target = changed.data[index];
          if (!target) return;
          // Any value other than the current one (a distinct string, so -0/0 do not coincide).
          target.level = Object.is(target.level, 1) ? 2 : 1;
          expect(ngsiNotificationKey(parsed(changed))).not.toBe(key);
        },
      ),
      { numRuns: 300 },
    );
  });

  describe.skipIf(!hasFixtures)('with the broker notification fixtures', () => {
    const files = hasFixtures
      ? fs
          .readdirSync(path.join(FIXTURES, 'notifications'))
          .filter((file) => file !== 'ngsiv2_notification_values.json')
          .sort()
      : [];

    it.each(files)('gives %s the same key when parsed twice', (file) => {
      const read = () =>
        JSON.parse(fs.readFileSync(path.join(FIXTURES, 'notifications', file), 'utf8'));
      expect(ngsiNotificationKey(parsed(read()))).toBe(ngsiNotificationKey(parsed(read())));
    });

    it('tells the normalized and keyValues v2 fixtures apart only by what differs', () => {
      // Both carry Room1 with 23 and 70 and no times: the same content, hence the same key.
      const read = (file: string) =>
        parsed(JSON.parse(fs.readFileSync(path.join(FIXTURES, 'notifications', file), 'utf8')));
      expect(ngsiNotificationKey(read('ngsiv2_notification_normalized.json'))).toBe(
        ngsiNotificationKey(read('ngsiv2_notification_keyValues.json')),
      );
    });
  });
});
