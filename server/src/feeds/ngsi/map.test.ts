import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Observation, ObservationSchema } from '@city-ioc/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_PROBLEMS,
  type NgsiMapping,
  NgsiMappingSchema,
  ngsiEntitiesToObservations,
} from './map';
import { type NgsiAttribute, type NgsiEntity, parseNgsiNotification } from './parse';

const FIXTURES = fileURLToPath(new URL('../../../../../shared/fixtures/ngsi/', import.meta.url));
const hasFixtures = fs.existsSync(FIXTURES);
if (!hasFixtures) console.warn(`NGSI fixture tests SKIPPED: ${FIXTURES} is absent`);

const NOW = '2026-11-23T03:00:00.000Z';

const attribute = (value: unknown, overrides: Partial<NgsiAttribute> = {}): NgsiAttribute => ({
  value,
  observedAt: null,
  unitCode: null,
  ...overrides,
});

const makeEntity = (overrides: Partial<NgsiEntity> = {}): NgsiEntity => ({
  id: 'station-1',
  type: 'FloodMonitoring',
  attributes: { currentLevel: attribute(1.25) },
  location: null,
  ...overrides,
});

const makeMapping = (overrides: Partial<NgsiMapping> = {}): NgsiMapping => ({
  attributes: [{ attribute: 'currentLevel', indicatorId: 'flood.level' }],
  ...overrides,
});

const observation = (overrides: Partial<Observation> = {}): Observation => ({
  indicatorId: 'flood.level',
  subjectId: 'station-1',
  observedAt: NOW,
  value: 1.25,
  ...overrides,
});

describe('ngsiEntitiesToObservations', () => {
  it('maps a numeric attribute to an observation stamped with the fallback time', () => {
    expect(ngsiEntitiesToObservations([makeEntity()], makeMapping(), NOW)).toEqual({
      observations: [observation()],
      problems: [],
    });
  });

  it.each<[string, unknown, number]>([
    ['a number', 2.5, 2.5],
    ['a negative number', -1, -1],
    ['a numeric string', ' 42 ', 42],
    ['an exponent string', '1.5e2', 150],
    ['a decimal comma', '12,5', 12.5],
    ['a structured { value } object', { value: 7 }, 7],
    ['a structured { value } holding text', { value: '8' }, 8],
    ['a JSON-LD literal', { '@type': 'xsd:double', '@value': '3.25' }, 3.25],
  ])('reads %s as a value', (_label, value, expected) => {
    const entity = makeEntity({ attributes: { currentLevel: attribute(value) } });
    const result = ngsiEntitiesToObservations([entity], makeMapping(), NOW);
    expect(result.observations.map((o) => o.value)).toEqual([expected]);
  });

  it.each<[string, unknown]>([
    ['text', 'high'],
    ['an empty string', ''],
    ['a boolean', true],
    ['null', null],
    ['an array', [1]],
    ['a nested { value: { value } }', { value: { value: 1 } }],
    ['a string that overflows', '1e400'],
    ['a thousands separator', '1,234.5'],
    ['hexadecimal', '0x10'],
    ['NaN text', 'NaN'],
    ['Infinity text', 'Infinity'],
  ])('skips and reports %s', (_label, value) => {
    const entity = makeEntity({ attributes: { currentLevel: attribute(value) } });
    const result = ngsiEntitiesToObservations([entity], makeMapping(), NOW);
    expect(result.observations).toEqual([]);
    expect(result.problems).toEqual([
      expect.stringMatching(/^entity station-1: currentLevel is not a number/),
    ]);
  });

  it.each<[string, Record<string, NgsiAttribute>, NgsiMapping, string]>([
    [
      "the attribute's observedAt first",
      {
        currentLevel: attribute(1.25, { observedAt: '2026-11-23T02:00:00.000Z' }),
        dateObserved: attribute('2026-11-23T01:00:00Z'),
      },
      makeMapping(),
      '2026-11-23T02:00:00.000Z',
    ],
    [
      "the entity's dateObserved next",
      { currentLevel: attribute(1.25), dateObserved: attribute('2026-11-23T08:00:00+07:00') },
      makeMapping(),
      '2026-11-23T01:00:00.000Z',
    ],
    [
      'a configured time attribute',
      {
        currentLevel: attribute(1.25),
        observationDateTime: attribute('2020-09-16T13:30:00+05:30'),
      },
      makeMapping({ timeAttributes: ['observationDateTime'] }),
      '2020-09-16T08:00:00.000Z',
    ],
    [
      'the second configured time attribute when the first is absent',
      { currentLevel: attribute(1.25), dateObservedTo: attribute('2016-12-28T12:00:00.00Z') },
      makeMapping({ timeAttributes: ['dateObserved', 'dateObservedTo'] }),
      '2016-12-28T12:00:00.000Z',
    ],
    ['the fallback time last', { currentLevel: attribute(1.25) }, makeMapping(), NOW],
  ])('takes %s as the time', (_label, attributes, mapping, expected) => {
    const result = ngsiEntitiesToObservations([makeEntity({ attributes })], mapping, NOW);
    expect(result.observations.map((o) => o.observedAt)).toEqual([expected]);
  });

  it('reports an unreadable dateObserved and falls back to the fallback time', () => {
    const entity = makeEntity({
      attributes: { currentLevel: attribute(1.25), dateObserved: attribute('yesterday') },
    });
    expect(ngsiEntitiesToObservations([entity], makeMapping(), NOW)).toEqual({
      observations: [observation()],
      problems: ['entity station-1: dateObserved "yesterday" is not a date-time'],
    });
  });

  it('reports an unreadable fallback time and skips values that need it', () => {
    const result = ngsiEntitiesToObservations([makeEntity()], makeMapping(), 'now');
    expect(result.observations).toEqual([]);
    expect(result.problems).toEqual([
      'fallbackTime "now" is not an ISO date-time',
      'entity station-1: currentLevel has no observation time',
    ]);
  });

  it.each<[string, Partial<NgsiMapping>, string, string]>([
    ['the id itself', {}, 'station-1', 'station-1'],
    ['the prefix and the id', { subjectPrefix: 'site:' }, 'station-1', 'site:station-1'],
    [
      'the subject map before the prefix',
      { subjectPrefix: 'site:', subjectMap: { 'station-1': 'ward-ben-nghe' } },
      'station-1',
      'ward-ben-nghe',
    ],
    ['an empty subject for the whole city', { subjectMap: { 'station-1': '' } }, 'station-1', ''],
    [
      'the capture of idPattern with the prefix',
      { subjectPrefix: 'site:', idPattern: '^urn:ngsi-ld:FloodMonitoring:(.+)$' },
      'urn:ngsi-ld:FloodMonitoring:HCMC-Q7-01',
      'site:HCMC-Q7-01',
    ],
    [
      'the whole match of a pattern without capture',
      { idPattern: 'Q7-\\d+' },
      'urn:ngsi-ld:FloodMonitoring:HCMC-Q7-01',
      'Q7-01',
    ],
    [
      'the id, not an inherited member, for "constructor"',
      { subjectMap: {} },
      'constructor',
      'constructor',
    ],
  ])('takes %s as the subject', (_label, overrides, id, expected) => {
    const result = ngsiEntitiesToObservations([makeEntity({ id })], makeMapping(overrides), NOW);
    expect(result.observations.map((o) => o.subjectId)).toEqual([expected]);
  });

  it('skips and reports an entity whose id does not match idPattern', () => {
    const result = ngsiEntitiesToObservations(
      [makeEntity()],
      makeMapping({ idPattern: '^urn:ngsi-ld:' }),
      NOW,
    );
    expect(result).toEqual({
      observations: [],
      problems: ['entity station-1: id does not match idPattern; entity skipped'],
    });
  });

  it('refuses a mapping with an invalid idPattern without throwing', () => {
    const result = ngsiEntitiesToObservations([makeEntity()], makeMapping({ idPattern: '(' }), NOW);
    expect(result).toEqual({
      observations: [],
      problems: ['idPattern is not a valid regular expression; nothing was mapped'],
    });
  });

  it('reports a subject that is not a valid site id', () => {
    const result = ngsiEntitiesToObservations([makeEntity({ id: 'Room 1' })], makeMapping(), NOW);
    expect(result.observations).toEqual([]);
    expect(result.problems).toEqual([
      expect.stringContaining('entity Room 1: currentLevel: subjectId'),
    ]);
  });

  it('maps only the configured entity types, short or expanded', () => {
    const entities = [
      makeEntity({ id: 'a', type: 'FloodMonitoring' }),
      makeEntity({ id: 'b', type: 'WaterObserved' }),
    ];
    const mapping = makeMapping({
      entityTypes: ['https://smartdatamodels.org/dataModel.Environment/FloodMonitoring'],
    });
    const result = ngsiEntitiesToObservations(entities, mapping, NOW);
    expect(result.observations.map((o) => o.subjectId)).toEqual(['a']);
  });

  it('skips an absent attribute without reporting it', () => {
    const entity = makeEntity({ attributes: { temperature: attribute(30) } });
    expect(ngsiEntitiesToObservations([entity], makeMapping(), NOW)).toEqual({
      observations: [],
      problems: [],
    });
  });

  it('multiplies by scale', () => {
    const mapping = makeMapping({
      attributes: [{ attribute: 'currentLevel', indicatorId: 'flood.level-cm', scale: 100 }],
    });
    const result = ngsiEntitiesToObservations([makeEntity()], mapping, NOW);
    expect(result.observations).toEqual([
      observation({ indicatorId: 'flood.level-cm', value: 125 }),
    ]);
  });

  it('reports a value that overflows once scaled', () => {
    const mapping = makeMapping({
      attributes: [{ attribute: 'currentLevel', indicatorId: 'flood.level', scale: 1e308 }],
    });
    const entity = makeEntity({ attributes: { currentLevel: attribute(1e308) } });
    expect(ngsiEntitiesToObservations([entity], mapping, NOW).problems).toEqual([
      'entity station-1: currentLevel is out of range once scaled',
    ]);
  });

  it(`lists at most ${MAX_PROBLEMS} problems and counts the rest`, () => {
    const entities = Array.from({ length: MAX_PROBLEMS + 7 }, (_, i) =>
      makeEntity({ id: `e${i}`, attributes: { currentLevel: attribute('n/a') } }),
    );
    const { problems } = ngsiEntitiesToObservations(entities, makeMapping(), NOW);
    expect(problems).toHaveLength(MAX_PROBLEMS + 1);
    expect(problems.at(-1)).toBe('… and 7 more problems');
  });

  it('gives the same observations, in entity order, whatever order the entities come in', () => {
    const entities = ['a', 'b', 'c'].map((id, i) =>
      makeEntity({ id, attributes: { currentLevel: attribute(i) } }),
    );
    const forward = ngsiEntitiesToObservations(entities, makeMapping(), NOW).observations;
    const backward = ngsiEntitiesToObservations(
      [...entities].reverse(),
      makeMapping(),
      NOW,
    ).observations;
    expect(backward.reverse()).toEqual(forward);
  });

  it('only ever produces valid observations with finite values, and never throws', () => {
    const value = fc.oneof(
      fc.double(),
      fc.double().map(String),
      fc.jsonValue(),
      fc.record({ value: fc.oneof(fc.double(), fc.string()) }),
    );
    const entity = fc.record({
      id: fc.string({ minLength: 1, maxLength: 40 }),
      type: fc.constantFrom('FloodMonitoring', 'WaterObserved'),
      attributes: fc.record({
        currentLevel: fc.record({
          value,
          observedAt: fc.option(fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
          unitCode: fc.constant(null),
        }),
        dateObserved: fc.record({
          value: fc.oneof(fc.string(), fc.jsonValue()),
          observedAt: fc.constant(null),
          unitCode: fc.constant(null),
        }),
      }),
      location: fc.constant(null),
    });
    const scale = fc.option(
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => n !== 0),
      {
        nil: undefined,
      },
    );
    fc.assert(
      fc.property(fc.array(entity, { maxLength: 20 }), scale, (entities, s) => {
        const mapping = makeMapping({
          subjectPrefix: 'site:',
          attributes: [{ attribute: 'currentLevel', indicatorId: 'flood.level', scale: s }],
        });
        const { observations } = ngsiEntitiesToObservations(entities, mapping, NOW);
        for (const o of observations) {
          expect(Number.isFinite(o.value)).toBe(true);
          expect(ObservationSchema.safeParse(o).success).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  describe.skipIf(!hasFixtures)('with the Smart Data Models examples', () => {
    const readEntity = (model: string, file: string): NgsiEntity => {
      const raw = JSON.parse(
        fs.readFileSync(path.join(FIXTURES, 'smart-data-models', model, file), 'utf8'),
      );
      const body = file.endsWith('.jsonld')
        ? {
            id: 'urn:ngsi-ld:Notification:test-1',
            type: 'Notification',
            subscriptionId: 'urn:ngsi-ld:Subscription:test',
            notifiedAt: NOW,
            data: [raw],
          }
        : { subscriptionId: 'test-subscription', data: [raw] };
      const result = parseNgsiNotification(body);
      if (!result.ok || !result.entities[0]) throw new Error(`${model}/${file} did not parse`);
      return result.entities[0];
    };

    // One mapping per department; the id pattern makes v2 and NGSI-LD ids the same site.
    const MAPPINGS: Record<string, NgsiMapping> = {
      AirQualityObserved: {
        entityTypes: ['AirQualityObserved'],
        subjectPrefix: 'site:',
        idPattern: '^(?:urn:ngsi-ld:AirQualityObserved:)?(.+)$',
        attributes: [
          { attribute: 'pm25', indicatorId: 'air.pm25' },
          { attribute: 'no2', indicatorId: 'air.no2' },
          { attribute: 'co', indicatorId: 'air.co' },
        ],
      },
      TrafficFlowObserved: {
        subjectMap: {
          'TrafficFlowObserved-Valladolid-osm-60821110': 'road-1',
          'urn:ngsi-ld:TrafficFlowObserved:TrafficFlowObserved-Valladolid-osm-60821110': 'road-1',
        },
        attributes: [{ attribute: 'intensity', indicatorId: 'traffic.intensity' }],
      },
      OffStreetParking: {
        subjectMap: {
          'porto-ParkingLot-23889': 'parking-1',
          'urn:ngsi-ld:OffStreetParking:porto-ParkingLot-23889': 'parking-1',
        },
        timeAttributes: ['observationDateTime'],
        attributes: [{ attribute: 'availableSpotNumber', indicatorId: 'parking.available' }],
      },
      FloodMonitoring: {
        subjectPrefix: 'flood:',
        idPattern: '^urn:ngsi-ld:FloodMonitoring:(.+)$',
        timeAttributes: ['observationDateTime'],
        attributes: [{ attribute: 'currentLevel', indicatorId: 'flood.level' }],
      },
      WaterObserved: {
        subjectPrefix: 'river:',
        idPattern: 'MNCA-\\d+$',
        attributes: [
          { attribute: 'height', indicatorId: 'water.height' },
          { attribute: 'waterLevel', indicatorId: 'water.level' },
        ],
      },
      WaterQualityObserved: {
        subjectPrefix: 'wq:',
        idPattern: 'Sevilla:D1$',
        attributes: [
          { attribute: 'pH', indicatorId: 'water.ph' },
          { attribute: 'NO2', indicatorId: 'water.no2' },
        ],
      },
      NoiseLevelObserved: {
        subjectPrefix: 'noise:',
        idPattern: 'Vitoria',
        timeAttributes: ['dateObserved', 'dateObservedTo'],
        attributes: [{ attribute: 'LAeq', indicatorId: 'noise.laeq' }],
      },
      PublicService: {
        attributes: [{ attribute: 'processingTime', indicatorId: 'service.processing-time' }],
      },
    };

    const AQ_SITE = 'site:Madrid-AmbientObserved-28079004-2016-03-15T11:00:00';
    const AQ_TIME = '2016-03-15T11:00:00.000Z';
    // [indicatorId, subjectId, observedAt, value]
    type Row = [string, string, string, number];

    it.each<[string, string, Row[], number]>([
      // No AirQualityObserved example carries pm25; the v2 keyValues one has no no2 either
      // (upstream wrote co2: 69 there), so only co maps.
      ['AirQualityObserved', 'example.json', [['air.co', AQ_SITE, AQ_TIME, 500]], 0],
      [
        'AirQualityObserved',
        'example-normalized.json',
        [
          ['air.no2', AQ_SITE, AQ_TIME, 69],
          ['air.co', AQ_SITE, AQ_TIME, 500],
        ],
        0,
      ],
      [
        'AirQualityObserved',
        'example.jsonld',
        [
          ['air.no2', AQ_SITE, AQ_TIME, 69],
          ['air.co', AQ_SITE, AQ_TIME, 500],
        ],
        0,
      ],
      [
        'AirQualityObserved',
        'example-normalized.jsonld',
        [
          ['air.no2', AQ_SITE, AQ_TIME, 69],
          ['air.co', AQ_SITE, AQ_TIME, 500],
        ],
        0,
      ],
      // dateObserved is the interval 11:10/11:15 in three forms, and 11:10 in the fourth.
      [
        'TrafficFlowObserved',
        'example.json',
        [['traffic.intensity', 'road-1', '2016-12-07T11:15:00.000Z', 197]],
        0,
      ],
      [
        'TrafficFlowObserved',
        'example-normalized.json',
        [['traffic.intensity', 'road-1', '2016-12-07T11:15:00.000Z', 197]],
        0,
      ],
      [
        'TrafficFlowObserved',
        'example.jsonld',
        [['traffic.intensity', 'road-1', '2016-12-07T11:15:00.000Z', 197]],
        0,
      ],
      [
        'TrafficFlowObserved',
        'example-normalized.jsonld',
        [['traffic.intensity', 'road-1', '2016-12-07T11:10:00.000Z', 197]],
        0,
      ],
      // The normalized forms carry the value's own time, which wins over observationDateTime.
      [
        'OffStreetParking',
        'example.json',
        [['parking.available', 'parking-1', '2021-03-11T15:51:02.000Z', 132]],
        0,
      ],
      [
        'OffStreetParking',
        'example-normalized.json',
        [['parking.available', 'parking-1', '2018-09-21T12:00:00.000Z', 132]],
        0,
      ],
      [
        'OffStreetParking',
        'example.jsonld',
        [['parking.available', 'parking-1', '2021-03-11T15:51:02.000Z', 132]],
        0,
      ],
      [
        'OffStreetParking',
        'example-normalized.jsonld',
        [['parking.available', 'parking-1', '2018-09-21T12:00:00.000Z', 132]],
        0,
      ],
      [
        'FloodMonitoring',
        'example.json',
        [['flood.level', 'flood:Pune-NoiseLevelObserved', '2020-09-16T08:00:00.000Z', 0.98]],
        0,
      ],
      [
        'FloodMonitoring',
        'example-normalized.json',
        [['flood.level', 'flood:Pune-NoiseLevelObserved', '2020-09-16T08:00:00.000Z', 1.98]],
        0,
      ],
      [
        'FloodMonitoring',
        'example.jsonld',
        [['flood.level', 'flood:Pune-NoiseLevelObserved', '2020-09-16T08:00:00.000Z', 0.98]],
        0,
      ],
      [
        'FloodMonitoring',
        'example-normalized.jsonld',
        [['flood.level', 'flood:Pune-NoiseLevelObserved', '2020-09-16T08:00:00.000Z', 1.98]],
        0,
      ],
      [
        'WaterObserved',
        'example.json',
        [
          ['water.height', 'river:MNCA-001', '2020-03-17T08:45:00.209Z', 3.52],
          ['water.level', 'river:MNCA-001', '2020-03-17T08:45:00.209Z', 2.4],
        ],
        0,
      ],
      [
        'WaterObserved',
        'example-normalized.json',
        [
          ['water.height', 'river:MNCA-001', '2020-03-17T08:45:00.209Z', 3.52],
          ['water.level', 'river:MNCA-001', '2020-03-17T08:45:00.209Z', 2.4],
        ],
        0,
      ],
      // The NGSI-LD examples have no waterLevel; the normalized one's dateObserved is a Relationship.
      [
        'WaterObserved',
        'example.jsonld',
        [['water.height', 'river:MNCA-001', '2020-03-17T08:45:00.209Z', 3.52]],
        0,
      ],
      [
        'WaterObserved',
        'example-normalized.jsonld',
        [['water.height', 'river:MNCA-001', '2020-03-17T08:45:00.209Z', 3.52]],
        0,
      ],
      ...[
        'example.json',
        'example-normalized.json',
        'example.jsonld',
        'example-normalized.jsonld',
      ].map((file): [string, string, Row[], number] => [
        'WaterQualityObserved',
        file,
        [
          ['water.ph', 'wq:Sevilla:D1', '2017-01-31T06:45:00.000Z', 7.4],
          ['water.no2', 'wq:Sevilla:D1', '2017-01-31T06:45:00.000Z', 0.09],
        ],
        0,
      ]),
      [
        'NoiseLevelObserved',
        'example.json',
        [['noise.laeq', 'noise:Vitoria', '2016-12-28T12:00:00.000Z', 67.8]],
        0,
      ],
      // A duration is not a number: reported, nothing mapped.
      ['PublicService', 'example.json', [], 1],
      ['PublicService', 'example-normalized.jsonld', [], 1],
    ])('maps %s/%s', (model, file, rows, problemCount) => {
      const mapping = MAPPINGS[model];
      if (!mapping) throw new Error(`no mapping for ${model}`);
      expect(NgsiMappingSchema.parse(mapping)).toEqual(mapping);
      const result = ngsiEntitiesToObservations([readEntity(model, file)], mapping, NOW);
      expect(result.observations).toEqual(
        rows.map(([indicatorId, subjectId, observedAt, value]) => ({
          indicatorId,
          subjectId,
          observedAt,
          value,
        })),
      );
      expect(result.problems).toHaveLength(problemCount);
    });
  });
});

describe('NgsiMappingSchema', () => {
  it('accepts a full mapping', () => {
    const mapping = {
      entityTypes: ['AirQualityObserved'],
      subjectPrefix: 'site:',
      idPattern: '^urn:ngsi-ld:AirQualityObserved:(.+)$',
      subjectMap: { 'urn:ngsi-ld:AirQualityObserved:Q1': 'ward-ben-nghe' },
      timeAttributes: ['dateObserved'],
      attributes: [{ attribute: 'pm25', indicatorId: 'air.pm25', scale: 1 }],
    };
    expect(NgsiMappingSchema.parse(mapping)).toEqual(mapping);
  });

  it.each<[string, unknown]>([
    ['no attributes', { attributes: [] }],
    [
      'more than 50 attributes',
      {
        attributes: Array.from({ length: 51 }, (_, i) => ({
          attribute: `a${i}`,
          indicatorId: 'x',
        })),
      },
    ],
    ['an invalid indicator id', { attributes: [{ attribute: 'a', indicatorId: 'air pm25' }] }],
    ['an empty attribute name', { attributes: [{ attribute: '', indicatorId: 'x' }] }],
    ['a zero scale', { attributes: [{ attribute: 'a', indicatorId: 'x', scale: 0 }] }],
    [
      'an invalid idPattern',
      { idPattern: '(', attributes: [{ attribute: 'a', indicatorId: 'x' }] },
    ],
    [
      'a prefix with a space',
      { subjectPrefix: 'site ', attributes: [{ attribute: 'a', indicatorId: 'x' }] },
    ],
    ['an empty type list', { entityTypes: [], attributes: [{ attribute: 'a', indicatorId: 'x' }] }],
    [
      'a subject map to an invalid site id',
      { subjectMap: { e: 'ward 1' }, attributes: [{ attribute: 'a', indicatorId: 'x' }] },
    ],
  ])('rejects %s', (_label, mapping) => {
    expect(NgsiMappingSchema.safeParse(mapping).success).toBe(false);
  });
});
