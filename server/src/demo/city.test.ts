import {
  AreaSchema,
  DepartmentSchema,
  FeedSchema,
  IndicatorSchema,
  type LngLat,
  RuleSchema,
  SiteSchema,
} from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { buildDemoCity, buildDemoFeeds } from './city';
import { isPointInRing } from './geometry';

const city = buildDemoCity();
const feeds = buildDemoFeeds('http://127.0.0.1:8090');

describe('buildDemoCity', () => {
  it.each([
    ['departments', DepartmentSchema, city.departments],
    ['areas', AreaSchema, city.areas],
    ['sites', SiteSchema, city.sites],
    ['indicators', IndicatorSchema, city.indicators],
    ['rules', RuleSchema, city.rules],
  ] as const)('builds %s that pass their shared schema', (_, schema, items) => {
    for (const item of items) expect(schema.safeParse(item).error).toBeUndefined();
  });

  it('has the eight departments with English names', () => {
    expect(city.departments.map((d) => d.id)).toEqual([
      'dept:TTTT',
      'dept:GDDT',
      'dept:LDTBXH',
      'dept:YTE',
      'dept:GTVT',
      'dept:TNMT',
      'dept:NOIVU',
      'dept:ANM',
    ]);
    for (const d of city.departments) expect(d.name.en).toBeTruthy();
  });

  it.each([
    ['training_centre', 40, /^site:tc-\d\d$/],
    ['service_centre', 30, /^site:sc-\d\d$/],
    ['air_sensor', 20, /^site:air-\d\d$/],
    ['water_sensor', 15, /^site:wl-\d\d$/],
  ])('places %s sites (%i) with ids like %s', (kind, count, idPattern) => {
    const sites = city.sites.filter((s) => s.kind === kind);
    expect(sites).toHaveLength(count);
    for (const s of sites) expect(s.id).toMatch(idPattern);
  });

  it('gives every site a unique id and name', () => {
    expect(new Set(city.sites.map((s) => s.id)).size).toBe(city.sites.length);
    expect(new Set(city.sites.map((s) => s.name)).size).toBe(city.sites.length);
  });

  it('places every generated site inside the generated polygon of its own ward', () => {
    const areas = new Map(city.areas.map((a) => [a.id, a]));
    // Traffic counters keep their real road positions (next test); the rest are placed in cells.
    for (const s of city.sites.filter((site) => site.kind !== 'traffic_sensor')) {
      const geometry = areas.get(s.areaId ?? '')?.geometry;
      expect(geometry?.type).toBe('Polygon');
      const ring = geometry?.type === 'Polygon' ? (geometry.coordinates[0] as LngLat[]) : [];
      expect(isPointInRing(s.position, ring)).toBe(true);
    }
  });

  it('keeps traffic counters at their road positions, in the cell containing them where there is one', () => {
    const traffic = city.sites.filter((site) => site.kind === 'traffic_sensor');
    expect(traffic).toHaveLength(12);
    const areas = new Map(city.areas.map((a) => [a.id, a]));
    let inOwnCell = 0;
    for (const s of traffic) {
      const area = areas.get(s.areaId ?? '');
      expect(area, s.id).toBeDefined();
      const ring =
        area?.geometry.type === 'Polygon' ? (area.geometry.coordinates[0] as LngLat[]) : [];
      if (isPointInRing(s.position, ring)) inOwnCell += 1;
      expect(s.departmentId).toBe('dept:GTVT');
    }
    expect(inOwnCell).toBeGreaterThanOrEqual(10);
  });

  it('gives training centres 300–3,000 seats and other sites no capacity', () => {
    for (const s of city.sites) {
      if (s.kind === 'training_centre') {
        expect(s.capacity).toBeGreaterThanOrEqual(300);
        expect(s.capacity).toBeLessThanOrEqual(3_000);
        expect(['dept:LDTBXH', 'dept:GDDT']).toContain(s.departmentId);
      } else {
        expect(s.capacity).toBeNull();
      }
    }
  });

  it('names the Phú An tide station', () => {
    expect(city.sites.find((s) => s.name === 'Trạm Phú An (sông Sài Gòn)')?.kind).toBe(
      'water_sensor',
    );
  });

  it('refers only to known departments and indicators', () => {
    const departments = new Set(city.departments.map((d) => d.id));
    const indicators = new Set(city.indicators.map((i) => i.id));
    for (const x of [...city.sites, ...city.indicators, ...city.rules]) {
      expect(departments).toContain(x.departmentId);
    }
    for (const r of city.rules) expect(indicators).toContain(r.indicatorId);
  });

  it('gives indicators the cadence of the feed that reports them', () => {
    const cadence = new Map(city.indicators.map((i) => [i.id, i.cadenceSeconds]));
    for (const feed of feeds) {
      for (const v of feed.config.mapping.values) {
        expect(cadence.get(v.indicatorId)).toBe(feed.config.intervalSeconds);
      }
    }
  });

  it('is deterministic', () => {
    expect(buildDemoCity()).toEqual(city);
  });
});

describe('buildDemoFeeds', () => {
  it('builds the four simulator feeds, valid against FeedSchema', () => {
    expect(feeds.map((f) => f.id)).toEqual([
      'feed:sim-air',
      'feed:sim-water',
      'feed:sim-training',
      'feed:sim-services',
    ]);
    for (const f of feeds) expect(FeedSchema.safeParse(f).error).toBeUndefined();
  });

  it('polls sensors every 10 s and the others every 30 s by default', () => {
    expect(feeds.map((f) => f.config.intervalSeconds)).toEqual([10, 10, 30, 30]);
  });

  it('uses the intervals it is given', () => {
    const custom = buildDemoFeeds('http://sim', {
      sensorIntervalSeconds: 2,
      slowIntervalSeconds: 5,
    });
    expect(custom.map((f) => f.config.intervalSeconds)).toEqual([2, 2, 5, 5]);
  });

  it('points at the simulator, whatever the trailing slash', () => {
    expect(buildDemoFeeds('http://127.0.0.1:8090/').map((f) => f.config.url)).toEqual([
      'http://127.0.0.1:8090/sim/air',
      'http://127.0.0.1:8090/sim/water',
      'http://127.0.0.1:8090/sim/training-centres',
      'http://127.0.0.1:8090/sim/public-services',
    ]);
  });

  it('maps only to indicators the city defines, with subjects prefixed as site ids', () => {
    const indicators = new Set(city.indicators.map((i) => i.id));
    for (const f of feeds) {
      expect(f.config.mapping.subjectPrefix).toBe('site:');
      for (const v of f.config.mapping.values) expect(indicators).toContain(v.indicatorId);
    }
  });
});
