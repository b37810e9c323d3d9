import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { geoJsonRecords } from './geojson';

const point = (lon: unknown, lat: unknown) => ({ type: 'Point', coordinates: [lon, lat] });
const feature = (geometry: unknown, extra: Record<string, unknown> = {}) => ({
  type: 'Feature',
  geometry,
  properties: {},
  ...extra,
});
/** The representative point of one feature with this geometry. */
const lonLat = (geometry: unknown) => {
  const result = geoJsonRecords(feature(geometry));
  if (!result.ok) throw new Error(result.reason);
  const [record] = result.records;
  return [record?.lon, record?.lat];
};

describe('geoJsonRecords', () => {
  it('makes one record per feature of a FeatureCollection', () => {
    const geometry = { type: 'Point', coordinates: [106.6875, 10.78125] };
    const line = {
      type: 'LineString',
      coordinates: [
        [105.5, 21],
        [106.5, 20],
      ],
    };
    const document = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: 'tram-pa01',
          properties: { ten_tram: 'Trạm Phú An', muc_nuoc_cm: 12.5 },
          geometry,
        },
        { type: 'Feature', id: 7, properties: null, geometry: line },
        { type: 'Feature', properties: { a: 1 }, geometry: null },
      ],
    };
    expect(geoJsonRecords(document)).toStrictEqual({
      ok: true,
      records: [
        {
          id: 'tram-pa01',
          properties: { ten_tram: 'Trạm Phú An', muc_nuoc_cm: 12.5 },
          geometry,
          lon: 106.6875,
          lat: 10.78125,
        },
        { id: 7, properties: {}, geometry: line, lon: 106, lat: 20.5 },
        { id: undefined, properties: { a: 1 }, geometry: null, lon: null, lat: null },
      ],
      skipped: 0,
    });
  });

  it('makes one record of a single Feature', () => {
    expect(
      geoJsonRecords({ type: 'Feature', id: 0, properties: { x: 'y' }, geometry: point(1, 2) }),
    ).toStrictEqual({
      ok: true,
      records: [{ id: 0, properties: { x: 'y' }, geometry: point(1, 2), lon: 1, lat: 2 }],
      skipped: 0,
    });
  });

  it('accepts an empty FeatureCollection', () => {
    expect(geoJsonRecords({ type: 'FeatureCollection', features: [] })).toStrictEqual({
      ok: true,
      records: [],
      skipped: 0,
    });
  });

  it('keeps properties and geometry as the same objects', () => {
    const properties = { nested: { deep: [1, 2] } };
    const geometry = { type: 'Point', coordinates: [1, 2], bbox: [1, 2, 1, 2] };
    const result = geoJsonRecords({ type: 'Feature', properties, geometry });
    expect(result.ok && result.records[0]?.properties).toBe(properties);
    expect(result.ok && result.records[0]?.geometry).toBe(geometry);
  });

  it('skips and counts features that are not objects, keeping the rest', () => {
    const result = geoJsonRecords({
      type: 'FeatureCollection',
      features: [null, 1, 'Feature', [], feature(point(3, 4)), true, undefined, [feature(null)]],
    });
    expect(result).toStrictEqual({
      ok: true,
      records: [{ id: undefined, properties: {}, geometry: point(3, 4), lon: 3, lat: 4 }],
      skipped: 7,
    });
  });

  it('takes an object in "features" as a feature even without type "Feature"', () => {
    const result = geoJsonRecords({
      type: 'FeatureCollection',
      features: [{ id: 'x', geometry: point(5, 6) }, {}],
    });
    expect(result).toStrictEqual({
      ok: true,
      records: [
        { id: 'x', properties: {}, geometry: point(5, 6), lon: 5, lat: 6 },
        { id: undefined, properties: {}, geometry: null, lon: null, lat: null },
      ],
      skipped: 0,
    });
  });

  it.each<[string, unknown, string | number | undefined]>([
    ['a string', 'a-1', 'a-1'],
    ['an empty string', '', ''],
    ['a number', 42, 42],
    ['zero', 0, 0],
    ['a negative fraction', -1.5, -1.5],
    ['NaN', Number.NaN, undefined],
    ['Infinity', Number.POSITIVE_INFINITY, undefined],
    ['null', null, undefined],
    ['a boolean', true, undefined],
    ['an object', { id: 1 }, undefined],
    ['an array', ['a'], undefined],
    ['missing', undefined, undefined],
  ])('takes %s as id', (_name, id, expected) => {
    const result = geoJsonRecords(feature(null, { id }));
    expect(result.ok && result.records[0]?.id).toBe(expected);
  });

  it.each<[string, unknown, unknown]>([
    ['an object', { a: 1 }, { a: 1 }],
    ['an empty object', {}, {}],
    ['null', null, {}],
    ['missing', undefined, {}],
    ['an array', [1, 2], {}],
    ['a string', 'a=1', {}],
    ['a number', 3, {}],
  ])('takes %s as properties', (_name, properties, expected) => {
    const result = geoJsonRecords(feature(null, { properties }));
    expect(result.ok && result.records[0]?.properties).toStrictEqual(expected);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['missing', undefined],
    ['a string', 'POINT(106 10)'],
    ['an array', [106, 10]],
    ['a number', 1],
  ])('takes %s geometry as null', (_name, geometry) => {
    const result = geoJsonRecords(feature(geometry));
    expect(result.ok && result.records[0]).toStrictEqual({
      id: undefined,
      properties: {},
      geometry: null,
      lon: null,
      lat: null,
    });
  });

  it('keeps an invalid geometry object as it is, with no point', () => {
    const geometry = { type: 'Point', coordinates: ['106', '10'] };
    const result = geoJsonRecords(feature(geometry));
    expect(result.ok && result.records[0]).toStrictEqual({
      id: undefined,
      properties: {},
      geometry,
      lon: null,
      lat: null,
    });
  });

  describe('representative point', () => {
    it.each<[string, unknown, [number, number]]>([
      ['a Point', point(106.7, 10.8), [106.7, 10.8]],
      [
        'a Point with altitude',
        { type: 'Point', coordinates: [105.85, 21.03, 12] },
        [105.85, 21.03],
      ],
      ['a Point on the bounds', point(-180, 90), [-180, 90]],
      ['a Point on the other bounds', point(180, -90), [180, -90]],
      [
        'a MultiPoint',
        {
          type: 'MultiPoint',
          coordinates: [
            [100, 10],
            [104, 2],
            [101, 12],
          ],
        },
        [102, 7],
      ],
      [
        'a one-position MultiPoint',
        { type: 'MultiPoint', coordinates: [[100.25, 10.75]] },
        [100.25, 10.75],
      ],
      [
        'a LineString',
        {
          type: 'LineString',
          coordinates: [
            [106, 10],
            [107, 11],
            [106.5, 12, 5],
          ],
        },
        [106.5, 11],
      ],
      [
        'a Polygon with a hole',
        {
          type: 'Polygon',
          coordinates: [
            [
              [100, 0],
              [104, 0],
              [104, 4],
              [100, 4],
              [100, 0],
            ],
            [
              [101, 1],
              [102, 1],
              [102, 2],
              [101, 1],
            ],
          ],
        },
        [102, 2],
      ],
      [
        'a MultiLineString',
        {
          type: 'MultiLineString',
          coordinates: [
            [
              [-10, -10],
              [-5, -5],
            ],
            [
              [0, 0],
              [10, 20],
            ],
          ],
        },
        [0, 5],
      ],
      [
        'a MultiPolygon',
        {
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [102, 2],
                [103, 2],
                [103, 3],
                [102, 2],
              ],
            ],
            [
              [
                [100, 0],
                [101, 0],
                [101, 1],
                [100, 0],
              ],
            ],
          ],
        },
        [101.5, 1.5],
      ],
      [
        'a GeometryCollection',
        {
          type: 'GeometryCollection',
          geometries: [
            point(100, 0),
            {
              type: 'LineString',
              coordinates: [
                [101, 0],
                [102, 1],
              ],
            },
          ],
        },
        [101, 0.5],
      ],
      [
        'a nested GeometryCollection',
        {
          type: 'GeometryCollection',
          geometries: [
            point(-20, -40),
            { type: 'GeometryCollection', geometries: [point(20, 40)] },
          ],
        },
        [0, 0],
      ],
    ])('of %s', (_name, geometry, expected) => {
      expect(lonLat(geometry)).toEqual(expected);
    });

    it('follows a GeometryCollection up to 8 levels deep, no further', () => {
      const nest = (levels: number): unknown =>
        levels === 0 ? point(1, 2) : { type: 'GeometryCollection', geometries: [nest(levels - 1)] };
      expect(lonLat(nest(8))).toEqual([1, 2]);
      expect(lonLat(nest(9))).toEqual([null, null]);
    });

    it.each<[string, unknown]>([
      ['a Point with a string coordinate', point('106', 10)],
      ['a Point with NaN', point(Number.NaN, 10)],
      ['a Point with Infinity', point(106, Number.POSITIVE_INFINITY)],
      ['a Point with null', point(null, 10)],
      ['a Point east of 180', point(180.000001, 10)],
      ['a Point west of -180', point(-181, 10)],
      ['a Point north of 90', point(106, 90.5)],
      ['a Point south of -90', point(106, -91)],
      ['a Point with lat and lon swapped out of range', point(10, 106)],
      ['a Point with one number', { type: 'Point', coordinates: [106] }],
      ['a Point with no coordinates', { type: 'Point', coordinates: [] }],
      ['a Point without coordinates', { type: 'Point' }],
      ['a Point with nested coordinates', { type: 'Point', coordinates: [[106, 10]] }],
      ['a Point with object coordinates', { type: 'Point', coordinates: { lon: 1, lat: 2 } }],
      ['an empty LineString', { type: 'LineString', coordinates: [] }],
      ['a LineString with a flat position', { type: 'LineString', coordinates: [106, 10] }],
      [
        'a LineString with one bad position',
        {
          type: 'LineString',
          coordinates: [
            [106, 10],
            [200, 10],
          ],
        },
      ],
      [
        'a Polygon one level too shallow',
        {
          type: 'Polygon',
          coordinates: [
            [0, 0],
            [1, 1],
          ],
        },
      ],
      ['a Polygon with an empty ring only', { type: 'Polygon', coordinates: [[]] }],
      ['a MultiPolygon one level too shallow', { type: 'MultiPolygon', coordinates: [[[0, 0]]] }],
      ['an unknown type', { type: 'Circle', coordinates: [106, 10], radius: 5 }],
      ['a lower-case type', { type: 'point', coordinates: [106, 10] }],
      ['an inherited name as type', { type: 'toString', coordinates: [106, 10] }],
      ['no type', { coordinates: [106, 10] }],
      ['a Feature as geometry', feature(point(1, 2))],
      ['an empty GeometryCollection', { type: 'GeometryCollection', geometries: [] }],
      ['a GeometryCollection without geometries', { type: 'GeometryCollection' }],
      [
        'a GeometryCollection with one invalid member',
        { type: 'GeometryCollection', geometries: [point(1, 2), point(1, 200)] },
      ],
      [
        'a GeometryCollection with a null member',
        { type: 'GeometryCollection', geometries: [point(1, 2), null] },
      ],
    ])('is null for %s', (_name, geometry) => {
      expect(lonLat(geometry)).toEqual([null, null]);
    });
  });

  describe('refusals', () => {
    it.each<[string, unknown, string]>([
      ['null', null, 'not GeoJSON: expected an object, found null'],
      ['undefined', undefined, 'not GeoJSON: expected an object, found undefined'],
      ['an array', [feature(null)], 'not GeoJSON: expected an object, found an array'],
      ['a string', 'FeatureCollection', 'not GeoJSON: expected an object, found a string'],
      ['a number', 3, 'not GeoJSON: expected an object, found a number'],
      ['an object without type', { features: [] }, 'not GeoJSON: no "type"'],
      ['a non-string type', { type: 1, features: [] }, 'not GeoJSON: no "type"'],
      [
        'a Point',
        point(1, 2),
        'not GeoJSON: expected a FeatureCollection or a Feature, found type "Point"',
      ],
      [
        'a GeometryCollection',
        { type: 'GeometryCollection', geometries: [] },
        'not GeoJSON: expected a FeatureCollection or a Feature, found type "GeometryCollection"',
      ],
      [
        'a differently cased type',
        { type: 'featurecollection', features: [] },
        'not GeoJSON: expected a FeatureCollection or a Feature, found type "featurecollection"',
      ],
      [
        'a long type, shortened',
        { type: `${'x'.repeat(100)}` },
        `not GeoJSON: expected a FeatureCollection or a Feature, found type "${'x'.repeat(40)}"`,
      ],
      [
        'a type with a quote, escaped',
        { type: 'a"b' },
        'not GeoJSON: expected a FeatureCollection or a Feature, found type "a\\"b"',
      ],
      [
        'a FeatureCollection without features',
        { type: 'FeatureCollection' },
        'not GeoJSON: a FeatureCollection without a "features" array',
      ],
      [
        'a FeatureCollection with an object as features',
        { type: 'FeatureCollection', features: { 0: feature(null) } },
        'not GeoJSON: a FeatureCollection without a "features" array',
      ],
    ])('refuses %s', (_name, document, reason) => {
      expect(geoJsonRecords(document)).toStrictEqual({ ok: false, reason });
    });

    it('allows 100 000 features and refuses more', () => {
      const accepted = geoJsonRecords({
        type: 'FeatureCollection',
        features: [...Array.from({ length: 99_999 }, () => null), feature(point(1, 2))],
      });
      expect(accepted.ok && accepted.skipped).toBe(99_999);
      expect(accepted.ok && accepted.records).toHaveLength(1);
      expect(
        geoJsonRecords({ type: 'FeatureCollection', features: new Array(100_001).fill({}) }),
      ).toStrictEqual({ ok: false, reason: 'more than 100000 features' });
    });
  });

  it('never throws, and gives either both coordinates in range or neither', () => {
    const position = fc.array(fc.oneof(fc.double(), fc.integer({ min: -200, max: 200 })), {
      maxLength: 3,
    });
    const geometry = fc.letrec((tie) => ({
      geometry: fc.oneof(
        { depthSize: 'small' },
        fc.record({
          type: fc.constantFrom(
            'Point',
            'MultiPoint',
            'LineString',
            'MultiLineString',
            'Polygon',
            'MultiPolygon',
          ),
          coordinates: fc.oneof(
            position,
            fc.array(position),
            fc.array(fc.array(position)),
            fc.array(fc.array(fc.array(position))),
          ),
        }),
        fc.record({
          type: fc.constant('GeometryCollection'),
          geometries: fc.array(tie('geometry')),
        }),
        fc.jsonValue(),
      ),
    })).geometry;
    const anyFeature = fc.oneof(
      fc.record({
        type: fc.constant('Feature'),
        id: fc.jsonValue(),
        geometry,
        properties: fc.jsonValue(),
      }),
      fc.jsonValue(),
    );
    const document = fc.oneof(
      fc.record({ type: fc.constant('FeatureCollection'), features: fc.array(anyFeature) }),
      anyFeature,
    );
    fc.assert(
      fc.property(document, (doc) => {
        const result = geoJsonRecords(doc);
        if (!result.ok) {
          expect(result.reason).toMatch(/^not GeoJSON: /);
          return;
        }
        for (const record of result.records) {
          if (record.lon === null || record.lat === null) {
            expect([record.lon, record.lat]).toEqual([null, null]);
          } else {
            expect(Math.abs(record.lon)).toBeLessThanOrEqual(180);
            expect(Math.abs(record.lat)).toBeLessThanOrEqual(90);
          }
        }
      }),
    );
  });
});
