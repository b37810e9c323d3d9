import { type HttpPollFeed, IsoDateTimeSchema } from '@city-ioc/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDemoCity,
  buildDemoFeeds,
  buildDemoMqttFeed,
  buildDemoProgrammeFeed,
} from '../demo/city';
import { parseCapAlert } from '../feeds/cap/parse';
import { parseCapFeed } from '../feeds/cap/parse-feed';
import { mapPollBody } from '../feeds/http-poll/decode';
import { mqttMessageToObservations } from '../feeds/mqtt/handle-message';
import { ngsiEntitiesToObservations } from '../feeds/ngsi/map';
import { parseNgsiNotification } from '../feeds/ngsi/parse';
import { createSimulator } from './app';
import { capWarningsAt } from './cap-warnings';
import { ngsiLdEntities, TRAFFIC_NGSI_MAPPING, TRAFFIC_SEGMENTS } from './ngsi-payloads';
import { rainMessages, rostersOf, SIMULATOR_SEED, trainingPayload } from './payloads';
import { sampleTraffic } from './traffic';

const city = buildDemoCity();
const NOW = new Date('2025-11-04T03:15:42.250Z'); // 10:15 on a Tuesday in Ho Chi Minh City
const OBSERVED_AT = '2025-11-04T03:15:42Z';
/** The training report's 5-minute period containing NOW, and its HTTP date. */
const REPORT_AT = '2025-11-04T03:15:00Z';
const REPORT_HTTP_DATE = 'Tue, 04 Nov 2025 03:15:00 GMT';
const API_KEY = 'sim-api-key-for-tests';
/** Stamps records without a time of their own: no simulator record should get it. */
const FALLBACK_TIME = '2030-01-01T00:00:00.000Z';
const rosters = rostersOf(city, SIMULATOR_SEED);
let simulator: FastifyInstance;

beforeAll(async () => {
  simulator = createSimulator({ city, clock: () => NOW, apiKey: API_KEY });
  await simulator.ready();
});
afterAll(async () => {
  await simulator.close();
});

const getJson = async (url: string) => {
  const response = await simulator.inject({ method: 'GET', url });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  return response.json();
};

describe('createSimulator', () => {
  it('answers /sim/health with ok', async () => {
    expect(await getJson('/sim/health')).toEqual({ status: 'ok' });
  });

  it('serves one reading per air station on /sim/air', async () => {
    const body = await getJson('/sim/air');
    expect(body.generatedAt).toBe(OBSERVED_AT);
    expect(body.stations).toHaveLength(20);
    expect(body.stations[0]).toEqual({
      stationId: 'air-01',
      name: 'Trạm quan trắc không khí Sài Gòn',
      observedAt: OBSERVED_AT,
      aqi: expect.any(Number),
      pm25: expect.any(Number),
    });
  });

  it('serves one level per water station on /sim/water', async () => {
    const body = await getJson('/sim/water');
    expect(body.stations).toHaveLength(15);
    expect(body.stations[0]).toEqual({
      stationId: 'wl-01',
      name: 'Trạm Phú An (sông Sài Gòn)',
      observedAt: OBSERVED_AT,
      levelCm: expect.any(Number),
    });
  });

  it('serves enrolment per centre on /sim/training-centres', async () => {
    const body = await getJson('/sim/training-centres');
    expect(body.centres).toHaveLength(40);
    expect(body.centres[0]).toEqual({
      centreId: 'tc-01',
      name: city.sites.find((s) => s.id === 'site:tc-01')?.name,
      observedAt: OBSERVED_AT,
      enrolled: expect.any(Number),
      capacity: city.sites.find((s) => s.id === 'site:tc-01')?.capacity,
      utilisationPct: expect.any(Number),
    });
  });

  it('serves application counts and rates per desk on /sim/public-services', async () => {
    const body = await getJson('/sim/public-services');
    expect(body.centres).toHaveLength(30);
    expect(body.centres[0]).toEqual({
      centreId: 'sc-01',
      name: city.sites.find((s) => s.id === 'site:sc-01')?.name,
      observedAt: OBSERVED_AT,
      applicationsOnline: expect.any(Number),
      applicationsInPerson: expect.any(Number),
      onlineSharePct: expect.any(Number),
      overdueRatePct: expect.any(Number),
      avgProcessingHours: expect.any(Number),
    });
  });

  it('answers the same readings for the same clock', async () => {
    const other = createSimulator({ city, clock: () => new Date(NOW) });
    const response = await other.inject({ method: 'GET', url: '/sim/water' });
    expect(response.json()).toEqual(await getJson('/sim/water'));
    await other.close();
  });

  it('answers 500 on /sim/broken?mode=error', async () => {
    const response = await simulator.inject({ method: 'GET', url: '/sim/broken?mode=error' });
    expect(response.statusCode).toBe(500);
  });

  it('answers malformed JSON on /sim/broken?mode=malformed', async () => {
    const response = await simulator.inject({ method: 'GET', url: '/sim/broken?mode=malformed' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(() => JSON.parse(response.body)).toThrow();
  });

  it('fails on /sim/broken without a mode, one way or the other', async () => {
    const response = await simulator.inject({ method: 'GET', url: '/sim/broken' });
    const isMalformed = response.statusCode === 200 && !isJson(response.body);
    expect(response.statusCode === 500 || isMalformed).toBe(true);
  });
});

describe('the CAP warning service', () => {
  it('serves the warnings of the last 24 hours as an Atom feed of CAP alerts', async () => {
    const response = await simulator.inject({ method: 'GET', url: '/sim/cap/warnings.atom' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/atom\+xml/);
    const feed = parseCapFeed(response.body);
    if (!feed.ok) throw new Error(feed.errors.join('; '));
    expect(feed.entries.map((e) => e.alert?.identifier).sort()).toEqual(
      capWarningsAt(NOW, SIMULATOR_SEED)
        .map((w) => w.identifier)
        .sort(),
    );
    for (const entry of feed.entries) {
      // Absolute, on the host the request came to (inject's is localhost).
      expect(entry.link).toBe(`http://localhost/sim/cap/alerts/${entry.alert?.identifier}.xml`);
    }
  });

  it('serves each message of the feed at its link', async () => {
    const feed = parseCapFeed(
      (await simulator.inject({ method: 'GET', url: '/sim/cap/warnings.atom' })).body,
    );
    if (!feed.ok) throw new Error(feed.errors.join('; '));
    for (const entry of feed.entries.slice(0, 5)) {
      const response = await simulator.inject({
        method: 'GET',
        url: new URL(entry.link ?? '').pathname,
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/cap\+xml/);
      const alert = parseCapAlert(response.body);
      expect(alert.ok && alert.alert).toEqual(entry.alert);
    }
  });

  it('answers 404 for an unknown or not yet sent message', async () => {
    for (const url of [
      '/sim/cap/alerts/VN-KTTVNB-20251104-999.xml',
      '/sim/cap/alerts/VN-KTTVNB-20251130-001.xml',
      '/sim/cap/alerts/nonsense.xml',
    ]) {
      expect((await simulator.inject({ method: 'GET', url })).statusCode).toBe(404);
    }
  });
});

describe('the traffic context broker', () => {
  const url = '/sim/ngsi-ld/v1/entities?type=TrafficFlowObserved';

  it('answers the entity query with the same entities it notifies', async () => {
    const body = await getJson(url);
    expect(body).toEqual(
      JSON.parse(JSON.stringify(ngsiLdEntities(sampleTraffic(NOW, SIMULATOR_SEED), NOW))),
    );
    const response = await simulator.inject({ method: 'GET', url });
    expect(response.headers.link).toContain('rel="http://www.w3.org/ns/json-ld#context"');
  });

  it('answers what the IOC’s reconciliation maps to observations of every segment', async () => {
    const body = await getJson(url);
    // A broker answers a bare array. Wrapped with a subscription id: parseNgsiNotification
    // refuses a bare `{ data: [...] }` (no subscriptionId), the shape poll-runners.ts builds.
    expect(Array.isArray(body)).toBe(true);
    const parsed = parseNgsiNotification({ subscriptionId: 'reconciliation', data: body });
    if (!parsed.ok) throw new Error(parsed.reason);
    const { observations, problems } = ngsiEntitiesToObservations(
      parsed.entities,
      TRAFFIC_NGSI_MAPPING,
      NOW.toISOString(),
    );
    expect(problems).toEqual([]);
    expect(new Set(observations.map((o) => o.subjectId))).toEqual(
      new Set(TRAFFIC_SEGMENTS.map((s) => `traffic:${s.id}`)),
    );
    expect(observations.every((o) => Date.parse(o.observedAt) === Date.parse(OBSERVED_AT))).toBe(
      true,
    );
  });

  it('pages with limit and offset, and answers other types with nothing', async () => {
    const all = await getJson(url);
    expect(await getJson(`${url}&limit=5&offset=10`)).toEqual(all.slice(10, 15));
    expect(await getJson('/sim/ngsi-ld/v1/entities?type=ParkingSpot')).toEqual([]);
  });

  it('refuses a query without a type or with a bad limit, as a broker does', async () => {
    for (const bad of ['/sim/ngsi-ld/v1/entities', `${url}&limit=0`, `${url}&limit=abc`]) {
      const response = await simulator.inject({ method: 'GET', url: bad });
      expect(response.statusCode).toBe(400);
      expect(response.json().type).toBe('https://uri.etsi.org/ngsi-ld/errors/BadRequestData');
    }
  });
});

const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

const CSV_URL = '/sim/training-centres.csv';
const getCsv = (headers: Record<string, string> = {}, app = simulator) =>
  app.inject({ method: 'GET', url: CSV_URL, headers: { 'x-api-key': API_KEY, ...headers } });

describe('the training centres’ CSV report', () => {
  it('exports one row per centre the provincial way: BOM, `;`, CRLF, decimal comma', async () => {
    const response = await getCsv();
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const bytes = response.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.slice(0, -2).split('\r\n');
    expect(lines[0]).toBe('ma_co_so;ten_co_so;thoi_diem;so_cho;so_hoc_vien;ty_le_su_dung');
    expect(lines).toHaveLength(41);
    expect(text).not.toMatch(/[^\r]\n/);
    const first = trainingPayload(new Date(REPORT_AT), rosters.training_centre).centres[0];
    expect(lines[1]).toBe(
      [
        'tc-01',
        first?.name,
        '2025-11-04T10:15:00+07:00',
        first?.capacity,
        first?.enrolled,
        String(first?.utilisationPct).replace('.', ','),
      ].join(';'),
    );
  });

  it('sends a strong ETag and the period’s start as Last-Modified', async () => {
    const response = await getCsv();
    expect(response.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(response.headers['last-modified']).toBe(REPORT_HTTP_DATE);
  });

  it('answers the same bytes throughout a 5-minute period, other bytes in the next one', async () => {
    const at = async (iso: string) => {
      const other = createSimulator({ city, clock: () => new Date(iso), apiKey: API_KEY });
      const response = await getCsv({}, other);
      await other.close();
      return response;
    };
    const ours = await getCsv();
    for (const iso of ['2025-11-04T03:15:00Z', '2025-11-04T03:19:59.999Z']) {
      const same = await at(iso);
      expect(same.rawPayload.equals(ours.rawPayload)).toBe(true);
      expect(same.headers.etag).toBe(ours.headers.etag);
    }
    const next = await at('2025-11-04T03:20:00Z');
    expect(next.headers.etag).not.toBe(ours.headers.etag);
    expect(next.headers['last-modified']).toBe('Tue, 04 Nov 2025 03:20:00 GMT');
  });

  it('answers 304 without a body when If-None-Match matches', async () => {
    const { etag } = (await getCsv()).headers;
    for (const ifNoneMatch of [String(etag), `"other", W/${etag}`, '*']) {
      const response = await getCsv({ 'if-none-match': ifNoneMatch });
      expect(response.statusCode, ifNoneMatch).toBe(304);
      expect(response.rawPayload).toHaveLength(0);
      expect(response.headers.etag).toBe(etag);
    }
  });

  it('answers in full when If-None-Match does not match, whatever If-Modified-Since says', async () => {
    const response = await getCsv({
      'if-none-match': '"an-older-report"',
      'if-modified-since': 'Wed, 05 Nov 2025 00:00:00 GMT',
    });
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.length).toBeGreaterThan(1000);
  });

  it('answers 304 to If-Modified-Since at or after the period’s start, in full otherwise', async () => {
    const status = async (since: string) =>
      (await getCsv({ 'if-modified-since': since })).statusCode;
    expect(await status(REPORT_HTTP_DATE)).toBe(304);
    expect(await status('Tue, 04 Nov 2025 03:17:00 GMT')).toBe(304);
    expect(await status('Tue, 04 Nov 2025 03:14:59 GMT')).toBe(200);
    expect(await status('not a date')).toBe(200);
  });

  it('answers 401 JSON without the API key or with a wrong one, before any 304', async () => {
    const { etag } = (await getCsv()).headers;
    for (const headers of [
      {},
      { 'x-api-key': 'wrong' },
      { 'x-api-key': '' },
      { 'if-none-match': String(etag) },
    ]) {
      const response = await simulator.inject({ method: 'GET', url: CSV_URL, headers });
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.json()).toEqual({ error: expect.any(String) });
    }
  });

  it('is open when the simulator has no API key', async () => {
    const open = createSimulator({ city, clock: () => NOW });
    const response = await open.inject({ method: 'GET', url: CSV_URL });
    await open.close();
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals((await getCsv()).rawPayload)).toBe(true);
  });
});

describe('the air stations’ GeoJSON layer', () => {
  it('serves a FeatureCollection of points with the readings of /sim/air', async () => {
    const response = await simulator.inject({ method: 'GET', url: '/sim/air.geojson' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/geo\+json/);
    const body = response.json();
    const air = await getJson('/sim/air');
    expect(body.type).toBe('FeatureCollection');
    expect(body.features).toHaveLength(20);
    const sites = city.sites.filter((s) => s.kind === 'air_sensor');
    body.features.forEach((feature: Record<string, unknown>, i: number) => {
      expect(feature).toEqual({
        type: 'Feature',
        id: air.stations[i].stationId,
        geometry: { type: 'Point', coordinates: sites[i]?.position },
        properties: air.stations[i],
      });
    });
  });

  it('maps through the IOC’s GeoJSON decoding to every air station', async () => {
    const response = await simulator.inject({ method: 'GET', url: '/sim/air.geojson' });
    const parsed = mapPollBody(
      response.rawPayload,
      'geojson',
      {
        itemsPath: '',
        subjectPath: 'id',
        subjectPrefix: 'site:',
        timePath: 'properties.observedAt',
        values: [{ indicatorId: 'air.aqi', path: 'properties.aqi' }],
      },
      FALLBACK_TIME,
    );
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.result.problems).toEqual([]);
    expect(parsed.result.observations.map((o) => o.subjectId)).toEqual(
      city.sites.filter((s) => s.kind === 'air_sensor').map((s) => s.id),
    );
  });
});

describe('the demo feeds against the simulator', () => {
  const siteIds = new Set(city.sites.map((s) => s.id));
  const feeds = buildDemoFeeds('http://127.0.0.1:8090', { simulatorApiKey: API_KEY });
  const kindOfFeed: Record<string, string> = {
    'feed:sim-air': 'air_sensor',
    'feed:sim-water': 'water_sensor',
    'feed:sim-training': 'training_centre',
    'feed:sim-services': 'service_centre',
  };

  it.each(feeds.map((feed) => [feed.id, feed] as const))(
    '%s maps the simulator’s answer, through the IOC’s decoding, to every site of its kind',
    async (_, feed: HttpPollFeed) => {
      const { url, format, auth, mapping } = feed.config;
      const headers = auth.kind === 'header' ? { [auth.name]: auth.value } : {};
      const response = await simulator.inject({
        method: 'GET',
        url: new URL(url).pathname,
        headers,
      });
      expect(response.statusCode).toBe(200);
      const parsed = mapPollBody(response.rawPayload, format, mapping, FALLBACK_TIME);
      if (!parsed.ok) throw new Error(parsed.reason);
      const { observations, problems, rejected } = parsed.result;
      expect(problems).toEqual([]);
      expect(rejected).toBe(0);
      const expected = city.sites.filter((s) => s.kind === kindOfFeed[feed.id]).map((s) => s.id);
      expect(observations).toHaveLength(expected.length * mapping.values.length);
      expect(new Set(observations.map((o) => o.subjectId))).toEqual(new Set(expected));
      for (const o of observations) {
        expect(siteIds).toContain(o.subjectId);
        expect(IsoDateTimeSchema.safeParse(o.observedAt).success).toBe(true);
        expect(o.observedAt).not.toBe(FALLBACK_TIME);
        expect(Number.isFinite(o.value), `${o.subjectId} ${o.indicatorId}`).toBe(true);
      }
    },
  );

  it('feed:sim-programme maps the daily programme report to six city-wide indicators', async () => {
    const feed = buildDemoProgrammeFeed('http://127.0.0.1:8090/');
    const response = await simulator.inject({
      method: 'GET',
      url: new URL(feed.config.url).pathname,
    });
    expect(response.statusCode).toBe(200);
    const parsed = mapPollBody(response.rawPayload, 'json', feed.config.mapping, FALLBACK_TIME);
    if (!parsed.ok) throw new Error(parsed.reason);
    const { observations, problems } = parsed.result;
    expect(problems).toEqual([]);
    const indicatorIds = new Set(city.indicators.map((i) => i.id));
    expect(observations.map((o) => [o.indicatorId, o.subjectId])).toEqual(
      feed.config.mapping.values.map((v) => [v.indicatorId, '']),
    );
    for (const o of observations) {
      expect(indicatorIds.has(o.indicatorId)).toBe(true);
      // The report of 4 November 2025, local midnight.
      expect(o.observedAt).toBe('2025-11-03T17:00:00.000Z');
    }
  });

  it('reads the CSV report’s numbers, decimal commas included, as trainingPayload gives them', async () => {
    const feed = feeds.find((f) => f.id === 'feed:sim-training') as HttpPollFeed;
    const parsed = mapPollBody(
      (await getCsv()).rawPayload,
      'csv',
      feed.config.mapping,
      NOW.toISOString(),
    );
    if (!parsed.ok) throw new Error(parsed.reason);
    const expected = trainingPayload(new Date(REPORT_AT), rosters.training_centre).centres.flatMap(
      (c) => [
        { indicatorId: 'training.enrolled', subjectId: `site:${c.centreId}`, value: c.enrolled },
        {
          indicatorId: 'training.utilisation_pct',
          subjectId: `site:${c.centreId}`,
          value: c.utilisationPct,
        },
      ],
    );
    expect(parsed.result.observations).toEqual(
      expected.map((e) => ({ ...e, observedAt: new Date(REPORT_AT).toISOString() })),
    );
    expect(parsed.result.observations.some((o) => !Number.isInteger(o.value))).toBe(true);
  });

  it('feed:sim-rain maps every rain gauge’s MQTT message to its water station', () => {
    const feed = buildDemoMqttFeed('mqtt://127.0.0.1:1883', 10);
    const waterSites = city.sites.filter((s) => s.kind === 'water_sensor').map((s) => s.id);
    const messages = rainMessages(NOW, rosters.water_sensor);
    expect(messages).toHaveLength(waterSites.length);
    const subjects: string[] = [];
    for (const { topic, payload } of messages) {
      const result = mqttMessageToObservations(
        topic,
        Buffer.from(JSON.stringify(payload)),
        feed.config,
        FALLBACK_TIME,
      );
      if (!result.ok) throw new Error(result.reason);
      expect(result.problems).toEqual([]);
      expect(result.observations).toEqual([
        {
          indicatorId: 'weather.rainfall_mm',
          subjectId: expect.any(String),
          observedAt: new Date(OBSERVED_AT).toISOString(),
          value: payload.rainfallMm,
        },
      ]);
      subjects.push(result.observations[0]?.subjectId ?? '');
    }
    expect(subjects).toEqual(waterSites);
  });
});
