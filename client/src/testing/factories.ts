import type { Alert, AlertEvent, AlertEventType, Area, FeedStatus, Site } from '@city-ioc/shared';

/** Test data builders: sensible defaults, override what the test is about. */

export const makeAlert = (overrides: Partial<Alert> = {}): Alert => ({
  id: 'alert-1',
  key: `rule-1:${overrides.id ?? 'alert-1'}`,
  ruleId: 'rule-1',
  departmentId: 'dept-ict',
  indicatorId: 'ind-aqi',
  subjectId: 'site:aq-1',
  areaId: 'ward-ben-thanh',
  position: [106.7, 10.77],
  geometry: null,
  source: 'rule',
  severity: 'Moderate',
  status: 'open',
  title: { vi: 'Chỉ số AQI vượt ngưỡng', en: 'AQI above threshold' },
  value: 152,
  threshold: 150,
  occurrences: 1,
  firstAt: '2025-11-23T05:00:00.000Z',
  lastAt: '2025-11-23T05:00:00.000Z',
  resolvedAt: null,
  updatedAt: '2025-11-23T05:00:00.000Z',
  version: 1,
  assignee: null,
  closedAt: null,
  commentCount: 0,
  sopDone: 0,
  sopTotal: 0,
  silencedUntil: null,
  silenceId: null,
  escalationLevel: 0,
  reminderCount: 0,
  incidentId: null,
  ...overrides,
});

export const makeEvent = (
  seq: number,
  alert: Partial<Alert> = {},
  type: AlertEventType = 'raised',
): AlertEvent => ({
  seq,
  type,
  at: '2025-11-23T05:00:00.000Z',
  alert: makeAlert({ id: `alert-${seq}`, ...alert }),
});

export const makeArea = (overrides: Partial<Area> = {}): Area => ({
  id: 'ward-ben-thanh',
  code: '26734',
  kind: 'ward',
  name: 'Phường Bến Thành',
  nameEn: 'Ben Thanh Ward',
  centroid: [106.695, 10.772],
  isApproximate: true,
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [106.69, 10.77],
        [106.7, 10.77],
        [106.7, 10.78],
        [106.69, 10.78],
        [106.69, 10.77],
      ],
    ],
  },
  ...overrides,
});

export const makeSite = (overrides: Partial<Site> = {}): Site => ({
  id: 'site:aq-1',
  kind: 'air_sensor',
  name: 'Trạm quan trắc Bến Thành',
  departmentId: 'dept-tnmt',
  areaId: 'ward-ben-thanh',
  position: [106.698, 10.773],
  capacity: null,
  ...overrides,
});

export const makeFeedStatus = (overrides: Partial<FeedStatus> = {}): FeedStatus => ({
  feedId: 'feed-aqi',
  name: 'AQI stations',
  departmentId: 'dept-tnmt',
  adapter: 'http-poll',
  state: 'OK',
  intervalSeconds: 60,
  cadence: { kind: 'interval', seconds: 60 },
  lastSuccessAt: '2025-11-23T05:00:00.000Z',
  lastCheckedAt: null,
  lastErrorAt: null,
  lastError: null,
  consecutiveFailures: 0,
  observationsTotal: 10,
  errorsTotal: 0,
  ...overrides,
});
