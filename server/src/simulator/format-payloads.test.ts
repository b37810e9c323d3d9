import type { Site } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { buildDemoCity } from '../demo/city';
import { parseCsv } from '../feeds/http-poll/csv';
import { geoJsonRecords } from '../feeds/http-poll/geojson';
import {
  airGeoJson,
  csvField,
  decimalComma,
  hcmcIsoTime,
  isNotModified,
  reportBucketStart,
  strongEtag,
  TRAINING_CSV_COLUMNS,
  trainingCentresCsv,
} from './format-payloads';
import {
  airPayload,
  type KindRoster,
  rostersOf,
  SIMULATOR_SEED,
  trainingPayload,
} from './payloads';

const city = buildDemoCity();
const rosters = rostersOf(city, SIMULATOR_SEED);
const NOW = new Date('2025-11-04T03:17:42.250Z');
const BUCKET = new Date('2025-11-04T03:15:00Z');

describe('reportBucketStart', () => {
  it.each([
    ['2025-11-04T03:17:42.250Z', '2025-11-04T03:15:00.000Z'],
    ['2025-11-04T03:15:00.000Z', '2025-11-04T03:15:00.000Z'],
    ['2025-11-04T03:19:59.999Z', '2025-11-04T03:15:00.000Z'],
    ['2025-11-04T03:20:00.000Z', '2025-11-04T03:20:00.000Z'],
  ])('puts %s in the 5-minute period starting %s', (now, start) => {
    expect(reportBucketStart(new Date(now)).toISOString()).toBe(start);
  });
});

describe('hcmcIsoTime', () => {
  it('writes local time with its +07:00 offset, to the second', () => {
    expect(hcmcIsoTime(new Date('2025-11-04T03:15:00.900Z'))).toBe('2025-11-04T10:15:00+07:00');
    expect(hcmcIsoTime(new Date('2025-11-04T20:00:00Z'))).toBe('2025-11-05T03:00:00+07:00');
    expect(Date.parse(hcmcIsoTime(BUCKET))).toBe(BUCKET.getTime());
  });
});

describe('csvField and decimalComma', () => {
  it.each([
    ['tc-01', 'tc-01'],
    ['Trung tâm Dạy nghề Gò Vấp', 'Trung tâm Dạy nghề Gò Vấp'],
    ['Cơ sở 1; cơ sở 2', '"Cơ sở 1; cơ sở 2"'],
    ['Trường "Kỹ năng số"', '"Trường ""Kỹ năng số"""'],
    ['hai\r\ndòng', '"hai\r\ndòng"'],
    ['a,b', 'a,b'],
  ])('writes %j as %j', (value, field) => {
    expect(csvField(value)).toBe(field);
  });

  it('writes numbers with a decimal comma and no thousands separator', () => {
    expect(decimalComma(82.5)).toBe('82,5');
    expect(decimalComma(1500)).toBe('1500');
    expect(decimalComma(0)).toBe('0');
  });
});

describe('trainingCentresCsv', () => {
  const body = trainingCentresCsv(NOW, rosters.training_centre);

  it('starts with a UTF-8 BOM and ends every line with CRLF', () => {
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = body.toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(42); // header, 40 rows, the empty rest
  });

  it('holds the numbers trainingPayload gives at the start of the period', () => {
    const parsed = parseCsv(body.toString('utf8'));
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.columns).toEqual([...TRAINING_CSV_COLUMNS]);
    expect(parsed.problems).toEqual([]);
    const { centres } = trainingPayload(BUCKET, rosters.training_centre);
    expect(parsed.records).toEqual(
      centres.map((c) => ({
        ma_co_so: c.centreId,
        ten_co_so: c.name,
        thoi_diem: '2025-11-04T10:15:00+07:00',
        so_cho: String(c.capacity),
        so_hoc_vien: String(c.enrolled),
        ty_le_su_dung: String(c.utilisationPct).replace('.', ','),
      })),
    );
  });

  it('gives the same bytes throughout a period', () => {
    const later = trainingCentresCsv(new Date('2025-11-04T03:19:59Z'), rosters.training_centre);
    expect(later.equals(body)).toBe(true);
    const next = trainingCentresCsv(new Date('2025-11-04T03:20:00Z'), rosters.training_centre);
    expect(next.equals(body)).toBe(false);
  });

  it('quotes a name holding the delimiter or quotes, and reads back intact', () => {
    const [first] = rosters.training_centre.sites as [Site];
    const odd: Site = { ...first, name: 'Trung tâm "Sao Mai"; cơ sở 2' };
    const roster: KindRoster = { sites: [odd], ctx: rosters.training_centre.ctx };
    const text = trainingCentresCsv(NOW, roster).toString('utf8');
    expect(text).toContain(';"Trung tâm ""Sao Mai""; cơ sở 2";');
    const parsed = parseCsv(text);
    expect(parsed.ok && parsed.records[0]?.ten_co_so).toBe(odd.name);
  });
});

describe('strongEtag', () => {
  it('is a quoted hash of the bytes: same bytes, same tag', () => {
    expect(strongEtag('a')).toBe(strongEtag(Buffer.from('a')));
    expect(strongEtag('a')).not.toBe(strongEtag('b'));
    expect(strongEtag('a')).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
  });
});

describe('isNotModified', () => {
  const validators = { etag: '"abc"', lastModified: new Date('2025-11-04T03:15:00.000Z') };
  it.each([
    [{}, false],
    [{ ifNoneMatch: '"abc"' }, true],
    [{ ifNoneMatch: 'W/"abc"' }, true],
    [{ ifNoneMatch: '"x", "abc"' }, true],
    [{ ifNoneMatch: '*' }, true],
    [{ ifNoneMatch: '"x"' }, false],
    [{ ifNoneMatch: '"x"', ifModifiedSince: 'Wed, 05 Nov 2025 00:00:00 GMT' }, false],
    [{ ifModifiedSince: 'Tue, 04 Nov 2025 03:15:00 GMT' }, true],
    [{ ifModifiedSince: 'Tue, 04 Nov 2025 03:16:00 GMT' }, true],
    [{ ifModifiedSince: 'Tue, 04 Nov 2025 03:14:59 GMT' }, false],
    [{ ifModifiedSince: 'yesterday' }, false],
  ])('with %j answers %s', (headers, expected) => {
    expect(isNotModified(headers, validators)).toBe(expected);
  });
});

describe('airGeoJson', () => {
  const collection = airGeoJson(NOW, rosters.air_sensor);

  it('has one Point feature per station, at its site, with the readings of airPayload', () => {
    const { stations } = airPayload(NOW, rosters.air_sensor);
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features).toHaveLength(stations.length);
    collection.features.forEach((feature, i) => {
      const site = rosters.air_sensor.sites[i] as Site;
      expect(feature).toEqual({
        type: 'Feature',
        id: stations[i]?.stationId,
        geometry: { type: 'Point', coordinates: site.position },
        properties: stations[i],
      });
    });
  });

  it('reads back through the IOC’s GeoJSON decoding with the right positions', () => {
    const records = geoJsonRecords(JSON.parse(JSON.stringify(collection)));
    if (!records.ok) throw new Error(records.reason);
    expect(records.records.map((r) => [r.id, r.lon, r.lat])).toEqual(
      rosters.air_sensor.sites.map((s) => [s.id.replace('site:', ''), ...s.position]),
    );
  });
});
