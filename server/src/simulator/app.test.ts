import { type HttpPollFeed, IsoDateTimeSchema, readPath } from '@city-ioc/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoCity, buildDemoFeeds } from '../demo/city';
import { createSimulator } from './app';

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
