import {
  AreaSchema,
  DepartmentSchema,
  FeedSchema,
  feedCadence,
  IndicatorSchema,
  type LngLat,
  RuleSchema,
  SiteSchema,
} from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { buildDemoCity, buildDemoFeeds, buildDemoMqttFeed, RAIN_FEED_ID } from './city';
import { isPointInRing } from './geometry';

const city = buildDemoCity();
const API_KEY = 'the-simulator-api-key';
const feeds = buildDemoFeeds('http://127.0.0.1:8090', { simulatorApiKey: API_KEY });
const mqttFeed = buildDemoMqttFeed('mqtt://127.0.0.1:1883', 10);

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
      const promised = feedCadence(feed);
      for (const v of feed.config.mapping.values) {
        expect(cadence.get(v.indicatorId)).toBe(
          promised?.kind === 'interval' ? promised.seconds : null,
        );
      }
    }
    for (const topic of mqttFeed.config.topics) {
      for (const v of topic.mapping.values) {
        expect(cadence.get(v.indicatorId)).toBe(
          mqttFeed.cadence?.kind === 'interval' ? mqttFeed.cadence.seconds : null,
        );
      }
    }
  });

  it('alerts on very heavy rain above 50 mm/h, clearing below 40', () => {
    const rule = city.rules.find((r) => r.id === 'rule:rain-heavy');
    expect(rule).toMatchObject({
      indicatorId: 'weather.rainfall_mm',
      departmentId: 'dept:TNMT',
      severity: 'Moderate',
      params: { operator: 'above', threshold: 50, clearThreshold: 40, pendingSeconds: 0 },
    });
    expect(city.indicators.find((i) => i.id === 'weather.rainfall_mm')).toMatchObject({
      departmentId: 'dept:TNMT',
      name: { vi: 'Lượng mưa', en: 'Rainfall' },
      unit: 'mm/h',
      cadenceSeconds: 10,
    });
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
      simulatorApiKey: API_KEY,
    });
    expect(custom.map((f) => f.config.intervalSeconds)).toEqual([2, 2, 5, 5]);
  });

  it('points at the simulator, whatever the trailing slash', () => {
    expect(
      buildDemoFeeds('http://127.0.0.1:8090/', { simulatorApiKey: API_KEY }).map(
        (f) => f.config.url,
      ),
    ).toEqual([
      'http://127.0.0.1:8090/sim/air',
      'http://127.0.0.1:8090/sim/water',
      'http://127.0.0.1:8090/sim/training-centres.csv',
      'http://127.0.0.1:8090/sim/public-services',
    ]);
  });

  it('expects training data every 5 minutes (the report’s refresh), the others every poll', () => {
    expect(feeds.map((f) => feedCadence(f))).toEqual([
      { kind: 'interval', seconds: 10 },
      { kind: 'interval', seconds: 10 },
      { kind: 'interval', seconds: 300 },
      { kind: 'interval', seconds: 30 },
    ]);
    const slowerThanTheReport = buildDemoFeeds('http://sim', {
      slowIntervalSeconds: 600,
      simulatorApiKey: API_KEY,
    });
    expect(slowerThanTheReport.find((f) => f.id === 'feed:sim-training')?.cadence).toEqual({
      kind: 'interval',
      seconds: 600,
    });
  });

  it('reads the training report as CSV with the API key, the others as open JSON', () => {
    expect(feeds.map((f) => [f.id, f.config.format, f.config.auth])).toEqual([
      ['feed:sim-air', 'json', { kind: 'none' }],
      ['feed:sim-water', 'json', { kind: 'none' }],
      ['feed:sim-training', 'csv', { kind: 'header', name: 'X-Api-Key', value: API_KEY }],
      ['feed:sim-services', 'json', { kind: 'none' }],
    ]);
    expect(feeds.find((f) => f.id === 'feed:sim-training')?.config.mapping).toEqual({
      itemsPath: '',
      subjectPath: 'ma_co_so',
      subjectPrefix: 'site:',
      timePath: 'thoi_diem',
      values: [
        { indicatorId: 'training.enrolled', path: 'so_hoc_vien' },
        { indicatorId: 'training.utilisation_pct', path: 'ty_le_su_dung' },
      ],
    });
  });

  it('maps only to indicators the city defines, with subjects prefixed as site ids', () => {
    const indicators = new Set(city.indicators.map((i) => i.id));
    for (const f of feeds) {
      expect(f.config.mapping.subjectPrefix).toBe('site:');
      for (const v of f.config.mapping.values) expect(indicators).toContain(v.indicatorId);
    }
  });
});

describe('buildDemoMqttFeed', () => {
  it('subscribes to the rain gauges over MQTT 3.1.1, valid against FeedSchema', () => {
    expect(FeedSchema.safeParse(mqttFeed).error).toBeUndefined();
    expect(mqttFeed).toMatchObject({
      id: RAIN_FEED_ID,
      adapter: 'mqtt',
      departmentId: 'dept:TNMT',
      cadence: { kind: 'interval', seconds: 10 },
      config: {
        url: 'mqtt://127.0.0.1:1883',
        clientId: 'city-ioc-feed-sim-rain',
        protocolVersion: 4,
        topics: [
          {
            filter: 'hcmc/tnmt/rain/+',
            subjectFromTopicLevel: 3,
            mapping: {
              itemsPath: '',
              subjectPrefix: 'site:',
              timePath: 'at',
              values: [{ indicatorId: 'weather.rainfall_mm', path: 'rainfallMm' }],
            },
          },
        ],
      },
    });
    expect(RAIN_FEED_ID).toBe('feed:sim-rain');
    expect(mqttFeed.config).not.toHaveProperty('username');
  });

  it('signs in when given credentials, and follows the sensor interval', () => {
    const feed = buildDemoMqttFeed('mqtt://127.0.0.1:1884', 3, {
      username: 'ioc',
      password: 'the-broker-password',
    });
    expect(FeedSchema.safeParse(feed).error).toBeUndefined();
    expect(feed.config).toMatchObject({ username: 'ioc', password: 'the-broker-password' });
    expect(feed.cadence).toEqual({ kind: 'interval', seconds: 3 });
  });

  it('maps only to indicators the city defines', () => {
    const indicators = new Set(city.indicators.map((i) => i.id));
    for (const topic of mqttFeed.config.topics) {
      for (const v of topic.mapping.values) expect(indicators).toContain(v.indicatorId);
    }
  });
});
