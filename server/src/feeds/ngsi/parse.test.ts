import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compactNgsiName,
  NGSI_LIMITS,
  type NgsiEntity,
  type NgsiParseResult,
  parseNgsiNotification,
} from './parse';

// Real samples live in the shared fixture tree beside the repository (/work/main/../shared).
const FIXTURES = fileURLToPath(new URL('../../../../../shared/fixtures/ngsi/', import.meta.url));
const hasFixtures = fs.existsSync(FIXTURES);
if (!hasFixtures) console.warn(`NGSI fixture tests SKIPPED: ${FIXTURES} is absent`);

const readFixture = (relative: string): unknown =>
  JSON.parse(fs.readFileSync(path.join(FIXTURES, relative), 'utf8'));

/** Smart Data Models examples are single entities; a broker would deliver them like this. */
const wrapInNotification = (file: string, entity: unknown): unknown =>
  file.endsWith('.jsonld')
    ? {
        id: 'urn:ngsi-ld:Notification:test-1',
        type: 'Notification',
        subscriptionId: 'urn:ngsi-ld:Subscription:test',
        notifiedAt: '2024-05-01T00:00:00.000Z',
        data: [entity],
      }
    : { subscriptionId: 'test-subscription', data: [entity] };

/** Every model/file pair of the Smart Data Models fixtures except the GeoJSON-feature ones. */
const smartDataModelFiles = (): [string, string][] => {
  const root = path.join(FIXTURES, 'smart-data-models');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .sort()
    .flatMap((model) =>
      fs
        .readdirSync(path.join(root, model))
        .filter((file) => /^example(-normalized)?\.json(ld)?$/.test(file))
        .sort()
        .map((file): [string, string] => [model, file]),
    );
};

const parseFixtureEntity = (model: string, file: string): NgsiEntity => {
  const raw = readFixture(`smart-data-models/${model}/${file}`);
  const result = parseNgsiNotification(wrapInNotification(file, raw));
  if (!result.ok) throw new Error(`${model}/${file}: ${result.reason}`);
  const [entity] = result.entities;
  if (!entity) throw new Error(`${model}/${file}: no entity`);
  return entity;
};

const entityBody = (attributes: Record<string, unknown>) => ({
  subscriptionId: 'sub-1',
  data: [{ id: 'e1', type: 'T', ...attributes }],
});

const reasonOf = (result: NgsiParseResult): string => (result.ok ? '(accepted)' : result.reason);

describe('parseNgsiNotification', () => {
  describe.skipIf(!hasFixtures)('with the broker notification fixtures', () => {
    const room = (temperature: unknown, humidity: unknown): NgsiEntity => ({
      id: 'Room1',
      type: 'Room',
      attributes: {
        temperature: { value: temperature, observedAt: null, unitCode: null },
        humidity: { value: humidity, observedAt: null, unitCode: null },
      },
      location: null,
    });

    it.each<[string, NgsiParseResult]>([
      [
        'ngsild_notification_keyValues_orion-ld.json',
        {
          ok: true,
          format: 'ngsi-ld',
          subscriptionId: 'urn:ngsi-ld:Subscription:5fd0ee554eb81930c97005c1',
          notificationId: 'urn:ngsi-ld:Notification:5fd0f3824eb81930c97005d8',
          notifiedAt: '2020-12-09T15:55:46.520Z',
          entities: [
            {
              id: 'urn:ngsi-ld:Device:filling001',
              type: 'FillingLevelSensor',
              attributes: {
                controlledAsset: {
                  value: 'urn:ngsi-ld:Building:farm001',
                  observedAt: null,
                  unitCode: null,
                },
                filling: { value: 0.59, observedAt: null, unitCode: null },
              },
              location: null,
            },
          ],
        },
      ],
      [
        'ngsild_notification_normalized_orion-ld.json',
        {
          ok: true,
          format: 'ngsi-ld',
          subscriptionId: 'urn:ngsi-ld:Subscription:5fd0f69b4eb81930c97005db',
          notificationId: 'urn:ngsi-ld:Notification:5fd0fa684eb81930c97005f3',
          notifiedAt: '2020-12-09T16:25:12.193Z',
          entities: [
            {
              id: 'urn:ngsi-ld:Device:filling001',
              type: 'FillingLevelSensor',
              attributes: {
                filling: { value: 0.25, observedAt: '2020-12-09T16:25:12.000Z', unitCode: 'C62' },
                controlledAsset: {
                  value: 'urn:ngsi-ld:Building:farm001',
                  observedAt: '2020-12-09T16:25:12.000Z',
                  unitCode: null,
                },
              },
              location: null,
            },
          ],
        },
      ],
      [
        'orion-ld_notification_x-ngsiv2-normalized.json',
        {
          ok: true,
          format: 'ngsi-v2',
          subscriptionId: 'urn:ngsi-ld:Subscription:5fd1f31e8b9b83697b855a5d',
          notificationId: null,
          notifiedAt: null,
          entities: [
            {
              id: 'urn:ngsi-ld:Device:filling001',
              type: 'FillingLevelSensor',
              attributes: {
                fillingLevel: {
                  value: 0.33,
                  observedAt: '2020-12-10T10:11:57.000Z',
                  unitCode: 'C62',
                },
                controlledAsset: {
                  value: 'urn:ngsi-ld:Building:farm001',
                  observedAt: '2020-12-10T10:11:57.000Z',
                  unitCode: null,
                },
              },
              location: null,
            },
          ],
        },
      ],
      [
        'ngsiv2_notification_normalized.json',
        {
          ok: true,
          format: 'ngsi-v2',
          subscriptionId: '12345',
          notificationId: null,
          notifiedAt: null,
          entities: [room(23, 70)],
        },
      ],
      [
        'ngsiv2_notification_keyValues.json',
        {
          ok: true,
          format: 'ngsi-v2',
          subscriptionId: '12345',
          notificationId: null,
          notifiedAt: null,
          entities: [room(23, 70)],
        },
      ],
      [
        'ngsiv2_notification_simplifiedNormalized.json',
        {
          ok: true,
          format: 'ngsi-v2',
          subscriptionId: null,
          notificationId: null,
          notifiedAt: null,
          entities: [room(23, 70)],
        },
      ],
      [
        'ngsiv2_notification_simplifiedKeyValues.json',
        {
          ok: true,
          format: 'ngsi-v2',
          subscriptionId: null,
          notificationId: null,
          notifiedAt: null,
          entities: [room(23, 70)],
        },
      ],
      [
        'ngsiv2_notification_values.json',
        {
          ok: false,
          reason:
            'attrsFormat "values" carries neither entity ids nor attribute names; subscribe with attrsFormat "normalized" or "keyValues"',
        },
      ],
    ])('parses %s exactly', (file, expected) => {
      expect(parseNgsiNotification(readFixture(`notifications/${file}`))).toEqual(expected);
    });
  });

  describe.skipIf(!hasFixtures)('with the Smart Data Models examples in an envelope', () => {
    // NGSI-LD system members (KeyPerformanceIndicator's jsonld examples carry modifiedAt).
    const NON_ATTRIBUTES = new Set([
      'id',
      'type',
      '@context',
      'createdAt',
      'modifiedAt',
      'deletedAt',
      'scope',
    ]);

    it.each(smartDataModelFiles())(
      'parses %s/%s into one entity with every attribute',
      (model, file) => {
        const raw = readFixture(`smart-data-models/${model}/${file}`) as Record<string, unknown>;
        const entity = parseFixtureEntity(model, file);
        expect(entity.id).toBe(raw.id);
        expect(entity.type).toBe(raw.type);
        expect(Object.keys(entity.attributes).sort()).toEqual(
          Object.keys(raw)
            .filter((key) => !NON_ATTRIBUTES.has(key))
            .sort(),
        );
      },
    );

    it.each<[string, string, string, unknown, string | null, string | null]>([
      // model, file, attribute, value, observedAt, unitCode
      ['AirQualityObserved', 'example.json', 'co', 500, null, null],
      ['AirQualityObserved', 'example.json', 'so2', 11, null, null],
      ['AirQualityObserved', 'example.json', 'dateObserved', '2016-03-15T11:00:00', null, null],
      ['AirQualityObserved', 'example-normalized.json', 'no2', 69, null, 'GQ'],
      ['AirQualityObserved', 'example-normalized.json', 'co', 500, null, 'GP'],
      ['AirQualityObserved', 'example.jsonld', 'no2', 69, null, null],
      ['AirQualityObserved', 'example-normalized.jsonld', 'no2', 69, null, 'GQ'],
      [
        'AirQualityObserved',
        'example-normalized.jsonld',
        'refPointOfInterest',
        'urn:ngsi-ld:PointOfInterest:28079004-Pza.deEspanya',
        null,
        null,
      ],
      ['TrafficFlowObserved', 'example.json', 'intensity', 197, null, null],
      ['TrafficFlowObserved', 'example-normalized.json', 'intensity', 197, null, null],
      ['TrafficFlowObserved', 'example.jsonld', 'intensity', 197, null, null],
      ['TrafficFlowObserved', 'example-normalized.jsonld', 'intensity', 197, null, null],
      ['OffStreetParking', 'example.json', 'availableSpotNumber', 132, null, null],
      // v2 normalized carries the time in the "timestamp" metadata.
      [
        'OffStreetParking',
        'example-normalized.json',
        'availableSpotNumber',
        132,
        '2018-09-21T12:00:00.000Z',
        null,
      ],
      ['OffStreetParking', 'example.jsonld', 'availableSpotNumber', 132, null, null],
      [
        'OffStreetParking',
        'example-normalized.jsonld',
        'availableSpotNumber',
        132,
        '2018-09-21T12:00:00.000Z',
        null,
      ],
      ['FloodMonitoring', 'example.json', 'currentLevel', 0.98, null, null],
      ['FloodMonitoring', 'example-normalized.json', 'currentLevel', 1.98, null, null],
      ['FloodMonitoring', 'example.jsonld', 'currentLevel', 0.98, null, null],
      ['FloodMonitoring', 'example-normalized.jsonld', 'currentLevel', 1.98, null, 'MTR'],
      // Upstream writes this attribute as {"type": "string", …}: still read by its value.
      ['FloodMonitoring', 'example-normalized.jsonld', 'floodLevelStatus', 'Normal', null, null],
      ['WaterObserved', 'example.json', 'waterLevel', 2.4, null, null],
      ['WaterObserved', 'example-normalized.json', 'height', 3.52, null, null],
      // Upstream writes dateObserved as a Relationship: its object is the value.
      [
        'WaterObserved',
        'example-normalized.jsonld',
        'dateObserved',
        '2020-03-17T08:45:00.209Z',
        null,
        null,
      ],
      ['WaterQualityObserved', 'example.json', 'pH', 7.4, null, null],
      ['WaterQualityObserved', 'example-normalized.json', 'NO2', 0.09, null, null],
      ['WaterQualityObserved', 'example-normalized.jsonld', 'NO2', 0.09, null, null],
      ['NoiseLevelObserved', 'example.json', 'LAeq', 67.8, null, null],
      ['WeatherObserved', 'example.json', 'temperature', 3.3, null, null],
      ['KeyPerformanceIndicator', 'example.json', 'kpiValue', 20, null, null],
      ['QueueMonitor', 'example.json', 'ticketsToServe', 12, null, null],
      // Upstream writes a Relationship's target in `value` here, as x-ngsiv2-normalized does.
      [
        'PublicService',
        'example-normalized.jsonld',
        'hasCompetentAuthority',
        'urn:ngsi-ld:CPSV-AP:PublicOrganization:8566c45a-8b9e-46d5-8371-81c8ad002362',
        null,
        null,
      ],
      [
        'PublicService',
        'example-normalized.jsonld',
        'processingTime',
        { '@type': 'Date-time', '@value': 'P2Y9M5DT6H5M20S' },
        null,
        null,
      ],
    ])('reads %s/%s attribute %s', (model, file, attribute, value, observedAt, unitCode) => {
      expect(parseFixtureEntity(model, file).attributes[attribute]).toEqual({
        value,
        observedAt,
        unitCode,
      });
    });

    it.each<[string, string, [number, number] | null]>([
      ['AirQualityObserved', 'example.json', [-3.712247222222222, 40.423852777777775]],
      ['AirQualityObserved', 'example-normalized.json', [-3.712247222222222, 40.423852777777775]],
      ['AirQualityObserved', 'example.jsonld', [-3.712247222222222, 40.423852777777775]],
      ['AirQualityObserved', 'example-normalized.jsonld', [-3.712247222222222, 40.423852777777775]],
      ['OffStreetParking', 'example-normalized.jsonld', [-8.60961198807, 41.150691773]],
      ['WaterQualityObserved', 'example-normalized.json', [-5.993307, 37.362882]],
      // Upstream swapped lat/lon here (SOURCES.md); both fit the ranges, so it passes through.
      ['WaterObserved', 'example.json', [43.66481, 7.196545]],
      // A LineString is not a point: no location.
      ['TrafficFlowObserved', 'example.json', null],
      ['TrafficFlowObserved', 'example-normalized.jsonld', null],
      ['FloodMonitoring', 'example.json', null],
    ])('takes the location of %s/%s', (model, file, location) => {
      expect(parseFixtureEntity(model, file).location).toEqual(location);
    });
  });

  describe('with hand-made notifications', () => {
    it('shortens expanded NGSI-LD type and attribute names', () => {
      const result = parseNgsiNotification({
        id: 'urn:ngsi-ld:Notification:1',
        type: 'Notification',
        subscriptionId: 'urn:ngsi-ld:Subscription:1',
        notifiedAt: '2026-01-05T03:00:00Z',
        data: [
          {
            id: 'urn:ngsi-ld:AirQualityObserved:HCMC-Q1',
            type: 'https://smartdatamodels.org/dataModel.Environment/AirQualityObserved',
            'https://smartdatamodels.org/dataModel.Environment/pm25': {
              type: 'Property',
              value: 38.2,
              unitCode: 'GQ',
              observedAt: '2026-01-05T09:45:00+07:00',
            },
          },
        ],
      });
      expect(result).toEqual({
        ok: true,
        format: 'ngsi-ld',
        subscriptionId: 'urn:ngsi-ld:Subscription:1',
        notificationId: 'urn:ngsi-ld:Notification:1',
        notifiedAt: '2026-01-05T03:00:00.000Z',
        entities: [
          {
            id: 'urn:ngsi-ld:AirQualityObserved:HCMC-Q1',
            type: 'AirQualityObserved',
            attributes: {
              pm25: { value: 38.2, observedAt: '2026-01-05T02:45:00.000Z', unitCode: 'GQ' },
            },
            location: null,
          },
        ],
      });
    });

    it('keeps a short name when an expanded name would shorten onto it', () => {
      const result = parseNgsiNotification(
        entityBody({ 'https://example.org/ns#pm25': 1, pm25: 2 }),
      );
      expect(result.ok && result.entities[0]?.attributes.pm25?.value).toBe(2);
    });

    it.each([
      ['TimeInstant', { TimeInstant: { type: 'DateTime', value: '2026-01-05T02:00:00Z' } }],
      ['dateObserved', { dateObserved: { type: 'DateTime', value: '2026-01-05T02:00:00Z' } }],
      ['observedAt', { observedAt: { type: 'DateTime', value: '2026-01-05T09:00:00+07:00' } }],
      ['timestamp', { timestamp: { type: 'DateTime', value: '2026-01-05T02:00:00Z' } }],
    ])('flattens %s metadata into observedAt', (_name, metadata) => {
      const result = parseNgsiNotification(
        entityBody({ level: { type: 'Number', value: 1.2, metadata } }),
      );
      expect(result.ok && result.entities[0]?.attributes.level?.observedAt).toBe(
        '2026-01-05T02:00:00.000Z',
      );
    });

    it('prefers observedAt over TimeInstant metadata', () => {
      const result = parseNgsiNotification(
        entityBody({
          level: {
            type: 'Number',
            value: 1.2,
            metadata: {
              TimeInstant: { type: 'DateTime', value: '2026-01-05T01:00:00Z' },
              observedAt: { type: 'DateTime', value: '2026-01-05T02:00:00Z' },
            },
          },
        }),
      );
      expect(result.ok && result.entities[0]?.attributes.level?.observedAt).toBe(
        '2026-01-05T02:00:00.000Z',
      );
    });

    it('reads the default instance of an NGSI-LD multi-attribute', () => {
      const result = parseNgsiNotification(
        entityBody({
          level: [
            { type: 'Property', value: 1, datasetId: 'urn:ngsi-ld:Dataset:radar' },
            { type: 'Property', value: 2 },
          ],
        }),
      );
      expect(result.ok && result.entities[0]?.attributes.level?.value).toBe(2);
    });

    it.each<[string, Record<string, unknown>, [number, number] | null]>([
      [
        'a keyValues GeoJSON point',
        { location: { type: 'Point', coordinates: [106.7, 10.78] } },
        [106.7, 10.78],
      ],
      [
        'an NGSI-LD GeoProperty',
        {
          location: {
            type: 'GeoProperty',
            value: { type: 'Point', coordinates: [106.7, 10.78, 5] },
          },
        },
        [106.7, 10.78],
      ],
      [
        'a v2 geo:json point',
        { location: { type: 'geo:json', value: { type: 'Point', coordinates: [106.7, 10.78] } } },
        [106.7, 10.78],
      ],
      [
        'a v2 geo:point text (lat, lng)',
        { location: { type: 'geo:point', value: '10.78, 106.7' } },
        [106.7, 10.78],
      ],
      [
        'an expanded location name',
        {
          'https://uri.etsi.org/ngsi-ld/location': {
            type: 'GeoProperty',
            value: { type: 'Point', coordinates: [106.7, 10.78] },
          },
        },
        [106.7, 10.78],
      ],
      ['a point out of range', { location: { type: 'Point', coordinates: [200, 10] } }, null],
      [
        'a point with text coordinates',
        { location: { type: 'Point', coordinates: ['106', '10'] } },
        null,
      ],
      [
        'a polygon',
        {
          location: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [0, 1],
                [0, 0],
              ],
            ],
          },
        },
        null,
      ],
      ['no location', {}, null],
    ])('takes the location from %s', (_label, attributes, expected) => {
      const result = parseNgsiNotification(entityBody(attributes));
      expect(result.ok && result.entities[0]?.location).toEqual(expected);
    });

    it('keeps "__proto__" and "constructor" as ordinary attribute names', () => {
      const body = JSON.parse(
        '{"subscriptionId":"s","data":[{"id":"constructor","type":"T","__proto__":{"value":1,"type":"Number"},"constructor":5}]}',
      );
      const result = parseNgsiNotification(body);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const entity = result.entities[0];
      expect(Object.hasOwn(entity?.attributes ?? {}, '__proto__')).toBe(true);
      expect(Object.getPrototypeOf(entity?.attributes)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(entity?.attributes, '__proto__')?.value).toEqual({
        value: 1,
        observedAt: null,
        unitCode: null,
      });
      expect(Object.getOwnPropertyDescriptor(entity?.attributes, 'constructor')?.value).toEqual({
        value: 5,
        observedAt: null,
        unitCode: null,
      });
    });

    it('takes the first type of a multi-typed NGSI-LD entity', () => {
      const result = parseNgsiNotification({
        subscriptionId: 's',
        data: [{ id: 'e1', type: ['FloodMonitoring', 'Device'] }],
      });
      expect(result.ok && result.entities[0]?.type).toBe('FloodMonitoring');
    });

    it('accepts the maximum number of entities and attributes', () => {
      const attributes = Object.fromEntries(
        Array.from({ length: NGSI_LIMITS.maxAttributesPerEntity }, (_, i) => [`a${i}`, i]),
      );
      const data = Array.from({ length: NGSI_LIMITS.maxEntities }, (_, i) => ({
        id: `e${i}`,
        type: 'T',
        ...(i === 0 ? attributes : {}),
      }));
      const result = parseNgsiNotification({ subscriptionId: 's', data });
      expect(result.ok && result.entities.length).toBe(NGSI_LIMITS.maxEntities);
    });
  });

  describe('with hostile or malformed input', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `e${i}`, type: 'T' }));

    it.each<[string, unknown, string]>([
      ['null', null, 'body is not a JSON object'],
      ['a number', 42, 'body is not a JSON object'],
      ['raw JSON text', '{"subscriptionId":"s","data":[]}', 'body is not a JSON object'],
      ['an array', [{ id: 'e', type: 'T' }], 'body is an array; a notification is one JSON object'],
      ['an empty object', {}, 'not an NGSI notification'],
      [
        'a v2 envelope whose data is not an array',
        { subscriptionId: 's', data: {} },
        'not an array',
      ],
      [
        'a numeric subscriptionId',
        { subscriptionId: 7, data: [] },
        'subscriptionId is not a string',
      ],
      [
        'an NGSI-LD notification without subscriptionId',
        { id: 'n', type: 'Notification', data: [] },
        'no subscriptionId',
      ],
      [
        'an NGSI-LD notification with a numeric id',
        { id: 1, type: 'Notification', subscriptionId: 's', data: [] },
        'notification id is not a string',
      ],
      [
        'too many entities',
        { subscriptionId: 's', data: many(NGSI_LIMITS.maxEntities + 1) },
        'at most 1000',
      ],
      [
        'an entity that is not an object',
        { subscriptionId: 's', data: ['Room1'] },
        'entity 0 is not an object',
      ],
      [
        'an entity without id',
        { subscriptionId: 's', data: [{ type: 'T' }] },
        'entity 0 has no id',
      ],
      [
        'an entity with a numeric id',
        { subscriptionId: 's', data: [{ id: 5, type: 'T' }] },
        'entity 0 has no id',
      ],
      [
        'an entity id too long',
        { subscriptionId: 's', data: [{ id: 'x'.repeat(257), type: 'T' }] },
        'entity 0 has no id',
      ],
      [
        'an entity without type',
        { subscriptionId: 's', data: [{ id: 'e' }] },
        'entity 0 has no type',
      ],
      [
        'an empty type list',
        { subscriptionId: 's', data: [{ id: 'e', type: [] }] },
        'entity 0 has no type',
      ],
      [
        'too many attributes',
        {
          subscriptionId: 's',
          data: [
            {
              id: 'e',
              type: 'T',
              ...Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`a${i}`, i])),
            },
          ],
        },
        'at most 200',
      ],
      ['an empty attribute name', entityBody({ '': 1 }), 'attribute name that is empty'],
      ['an attribute name too long', entityBody({ ['n'.repeat(257)]: 1 }), 'longer than 256'],
      ['a GeoJSON FeatureCollection', { type: 'FeatureCollection', features: [] }, 'GeoJSON'],
      ['attrsFormat values', { subscriptionId: 's', data: [[23, 70]] }, 'attrsFormat "values"'],
    ])('refuses %s with a reason', (_label, body, reason) => {
      expect(reasonOf(parseNgsiNotification(body))).toContain(reason);
    });

    it('turns a throwing getter into a reason', () => {
      const body = {
        subscriptionId: 's',
        get data(): unknown {
          throw new Error('boom');
        },
      };
      expect(parseNgsiNotification(body)).toEqual({
        ok: false,
        reason: 'unreadable notification: boom',
      });
    });

    const checkShape = (result: NgsiParseResult) => {
      if (!result.ok) {
        expect(typeof result.reason).toBe('string');
        return;
      }
      expect(result.entities.length).toBeLessThanOrEqual(NGSI_LIMITS.maxEntities);
      for (const entity of result.entities) {
        expect(typeof entity.id).toBe('string');
        expect(typeof entity.type).toBe('string');
        if (entity.location) {
          const [lng, lat] = entity.location;
          expect(Math.abs(lng)).toBeLessThanOrEqual(180);
          expect(Math.abs(lat)).toBeLessThanOrEqual(90);
        }
        for (const attribute of Object.values(entity.attributes)) {
          if (attribute.observedAt !== null) expect(attribute.observedAt).toMatch(/Z$/);
        }
      }
    };

    it('never throws on arbitrary JSON values', () => {
      fc.assert(
        fc.property(fc.jsonValue(), (body) => checkShape(parseNgsiNotification(body))),
        { numRuns: 500 },
      );
    });

    it('never throws on arbitrary envelopes of arbitrary entities', () => {
      const attributeValue = fc.oneof(
        fc.jsonValue(),
        fc.record(
          {
            type: fc.constantFrom(
              'Property',
              'GeoProperty',
              'Relationship',
              'Number',
              'geo:point',
              'geo:json',
            ),
            value: fc.jsonValue(),
            object: fc.jsonValue(),
            observedAt: fc.oneof(fc.string(), fc.jsonValue()),
            unitCode: fc.jsonValue(),
            metadata: fc.dictionary(fc.string(), fc.jsonValue()),
          },
          { requiredKeys: ['type'] },
        ),
      );
      const entity = fc
        .record(
          {
            id: fc.oneof(fc.string(), fc.jsonValue()),
            type: fc.oneof(fc.string(), fc.array(fc.string()), fc.jsonValue()),
            location: attributeValue,
          },
          { requiredKeys: [] },
        )
        .chain((base) =>
          fc
            .dictionary(fc.string(), attributeValue)
            .map((attributes) => ({ ...attributes, ...base })),
        );
      const body = fc.record(
        {
          id: fc.oneof(fc.string(), fc.jsonValue()),
          type: fc.constantFrom('Notification', 'Feature', 'x'),
          subscriptionId: fc.oneof(fc.string(), fc.jsonValue()),
          notifiedAt: fc.oneof(fc.string(), fc.jsonValue()),
          data: fc.oneof(fc.array(entity), fc.jsonValue()),
        },
        { requiredKeys: [] },
      );
      fc.assert(
        fc.property(body, (b) => checkShape(parseNgsiNotification(b))),
        { numRuns: 500 },
      );
    });

    it('never throws on very deep attribute values', () => {
      let deep: unknown = 1;
      for (let i = 0; i < 100_000; i += 1)
        deep = i % 2 ? [deep] : { value: deep, type: 'Property' };
      const result = parseNgsiNotification(entityBody({ deep, location: deep }));
      expect(result.ok).toBe(true);
    });

    it('never throws on a huge attribute array', () => {
      const huge = Array.from({ length: 1_000_000 }, (_, i) => i);
      const result = parseNgsiNotification(entityBody({ huge }));
      expect(result.ok && result.entities[0]?.attributes.huge?.value).toBe(huge);
    });
  });
});

describe('compactNgsiName', () => {
  it.each([
    ['https://smartdatamodels.org/dataModel.Environment/pm25', 'pm25'],
    ['https://w3id.org/saref#fillingLevel', 'fillingLevel'],
    ['https://uri.etsi.org/ngsi-ld/default-context/FillingLevelSensor', 'FillingLevelSensor'],
    ['pm25', 'pm25'],
    ['urn:ngsi-ld:Device:1', 'urn:ngsi-ld:Device:1'],
    ['https://example.org/ns/', 'https://example.org/ns/'],
  ])('shortens %s to %s', (name, expected) => {
    expect(compactNgsiName(name)).toBe(expected);
  });
});
