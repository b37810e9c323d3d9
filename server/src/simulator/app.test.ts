import { type HttpPollFeed, IsoDateTimeSchema, readPath } from '@city-ioc/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoCity, buildDemoFeeds } from '../demo/city';
import { parseCapAlert } from '../feeds/cap/parse';
import { parseCapFeed } from '../feeds/cap/parse-feed';
import { ngsiEntitiesToObservations } from '../feeds/ngsi/map';
import { parseNgsiNotification } from '../feeds/ngsi/parse';
import { createSimulator } from './app';
import { capWarningsAt } from './cap-warnings';
import { ngsiLdEntities, TRAFFIC_NGSI_MAPPING, TRAFFIC_SEGMENTS } from './ngsi-payloads';
import { SIMULATOR_SEED } from './payloads';
import { sampleTraffic } from './traffic';

const city = buildDemoCity();
const NOW = new Date('2025-11-04T03:15:42.250Z'); // 10:15 on a Tuesday in Ho Chi Minh City
const OBSERVED_AT = '2025-11-04T03:15:42Z';
let simulator: FastifyInstance;

beforeAll(async () => {
  simulator = createSimulator({ city, clock: () => NOW });
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

describe('the demo feeds against the simulator', () => {
  const siteIds = new Set(city.sites.map((s) => s.id));

  it.each(buildDemoFeeds('http://127.0.0.1:8090').map((feed) => [feed.id, feed] as const))(
    '%s maps every record of the simulator’s answer to a known site and finite values',
    async (_, feed: HttpPollFeed) => {
      const { mapping } = feed.config;
      const body = await getJson(new URL(feed.config.url).pathname);
      const items = readPath(body, mapping.itemsPath);
      expect(Array.isArray(items)).toBe(true);
      expect((items as unknown[]).length).toBeGreaterThan(0);
      for (const item of items as unknown[]) {
        const subject = `${mapping.subjectPrefix ?? ''}${String(readPath(item, mapping.subjectPath ?? ''))}`;
        expect(siteIds).toContain(subject);
        expect(IsoDateTimeSchema.safeParse(readPath(item, mapping.timePath ?? '')).success).toBe(
          true,
        );
        for (const value of mapping.values) {
          const v = readPath(item, value.path);
          expect(typeof v === 'number' && Number.isFinite(v), `${subject} ${value.path}`).toBe(
            true,
          );
        }
      }
    },
  );
});
