import {
  type Area,
  type CapFeed,
  type Department,
  type HttpPollFeed,
  type Indicator,
  type JsonMapping,
  type LngLat,
  type MqttFeed,
  type NgsiFeed,
  type Rule,
  RuleSchema,
  type Site,
  type SiteKind,
  type WebhookFeed,
} from '@city-ioc/shared';
import { TRAINING_REPORT_PERIOD_MS } from '../simulator/format-payloads';
import { TRAFFIC_NGSI_MAPPING } from '../simulator/ngsi-payloads';
import { RAIN_TOPIC_PREFIX } from '../simulator/payloads';
import { TRAFFIC_SEGMENTS } from '../simulator/traffic';
import { isPointInRing, offsetKm, roundLngLat } from './geometry';
import { hash32, mulberry32, type Random, randomInt, shuffled } from './prng';
import { buildDemoAreas, HCMC_WARD_ROWS, shortWardName, type WardRow } from './wards';

/** Everything the demo seeds into an empty store, apart from feeds (see buildDemoFeeds). */
export interface DemoCity {
  departments: Department[];
  areas: Area[];
  sites: Site[];
  indicators: Indicator[];
  rules: Rule[];
}

/** Poll intervals of the demo feeds; indicators promise the same cadence. */
export interface DemoIntervals {
  /** Air and water sensors. Default 10 s. */
  sensorIntervalSeconds?: number;
  /** Training centres and public services. Default 30 s. */
  slowIntervalSeconds?: number;
}

export const DEFAULT_SENSOR_INTERVAL_SECONDS = 10;
export const DEFAULT_SLOW_INTERVAL_SECONDS = 30;
/** The public-service portal pushes its usage every 15 s (a signed webhook, not a poll). */
export const PORTAL_PUSH_SECONDS = 15;
export const PORTAL_FEED_ID = 'feed:sim-portal';
/** The traffic context broker notifies every 15 s; the IOC reconciles every 5 minutes. */
export const TRAFFIC_PUSH_SECONDS = 15;
export const TRAFFIC_FEED_ID = 'feed:sim-traffic';
export const CAP_FEED_ID = 'feed:sim-cap';
/** The rain gauges publish over MQTT every sensor interval. */
export const RAIN_FEED_ID = 'feed:sim-rain';

/**
 * The training centres' report is regenerated every 5 minutes (polls in between are answered
 * 304), so new enrolment figures are due that often, however often the feed polls.
 */
export const trainingCadenceSeconds = (slowIntervalSeconds: number): number =>
  Math.max(slowIntervalSeconds, TRAINING_REPORT_PERIOD_MS / 1000);

/** Seed of the demo city's placement: change it and every site moves. */
export const DEMO_SEED = 20_250_701;

const dept = (code: string) => `dept:${code}`;

/** Departments named in the product brief; English names from its glossary. */
const DEPARTMENTS: readonly Department[] = [
  {
    code: 'TTTT',
    vi: 'Sở Thông tin và Truyền thông',
    en: 'Department of Information and Communications',
  },
  { code: 'GDDT', vi: 'Sở Giáo dục và Đào tạo', en: 'Department of Education and Training' },
  {
    code: 'LDTBXH',
    vi: 'Sở Lao động – Thương binh và Xã hội',
    en: 'Department of Labour, Invalids and Social Affairs',
  },
  { code: 'YTE', vi: 'Sở Y tế', en: 'Department of Health' },
  { code: 'GTVT', vi: 'Sở Giao thông vận tải', en: 'Department of Transport' },
  {
    code: 'TNMT',
    vi: 'Sở Tài nguyên và Môi trường',
    en: 'Department of Natural Resources and Environment',
  },
  { code: 'NOIVU', vi: 'Sở Nội vụ', en: 'Department of Home Affairs' },
  {
    // PA05, the city police's cyber-security and high-tech crime division.
    code: 'ANM',
    vi: 'Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao – Công an Thành phố',
    en: 'Cyber Security and High-Tech Crime Prevention Division – City Police',
  },
].map(({ code, vi, en }) => ({ id: dept(code), code, name: { vi, en } }));

/** Air-quality stations: the urban core, the industrial north (ex-Bình Dương) and the coast. */
const AIR_SENSOR_WARDS: readonly string[] = [
  'Phường Sài Gòn',
  'Phường Bến Thành',
  'Phường Tân Sơn Nhất',
  'Phường Gò Vấp',
  'Phường Thủ Đức',
  'Phường Bình Thạnh',
  'Phường Chợ Lớn',
  'Phường Bình Tân',
  'Phường Tân Phú',
  'Phường Phú Nhuận',
  'Phường Dĩ An',
  'Phường Thuận An',
  'Phường Thủ Dầu Một',
  'Phường Tân Uyên',
  'Phường Bà Rịa',
  'Phường Vũng Tàu',
  'Phường Phú Mỹ',
  'Phường Cát Lái',
  'Phường Tân Thuận',
  'Xã Củ Chi',
];

/**
 * Water-level stations on the Saigon, Nhà Bè, Soài Rạp and Đồng Nai rivers, the inner-city
 * canals and the coast. Phú An is the city's reference tide station (alarm levels 1.5/1.6/1.7 m).
 */
const WATER_SENSORS: readonly { name: string; ward: string }[] = [
  { name: 'Trạm Phú An (sông Sài Gòn)', ward: 'Phường An Khánh' },
  { name: 'Trạm Nhà Bè (sông Nhà Bè)', ward: 'Xã Nhà Bè' },
  { name: 'Trạm Thủ Dầu Một (sông Sài Gòn)', ward: 'Phường Thủ Dầu Một' },
  { name: 'Trạm Vũng Tàu (cửa biển)', ward: 'Phường Vũng Tàu' },
  { name: 'Trạm Cần Giờ (ven biển)', ward: 'Xã Cần Giờ' },
  { name: 'Sông Sài Gòn – bến Bạch Đằng', ward: 'Phường Sài Gòn' },
  { name: 'Kênh Nhiêu Lộc – Thị Nghè', ward: 'Phường Nhiêu Lộc' },
  { name: 'Sông Sài Gòn – bán đảo Thanh Đa', ward: 'Phường Bình Quới' },
  { name: 'Sông Đồng Nai – Cát Lái', ward: 'Phường Cát Lái' },
  { name: 'Kênh Tàu Hủ – Chánh Hưng', ward: 'Phường Chánh Hưng' },
  { name: 'Kênh Tân Hoá – Lò Gốm', ward: 'Phường Bình Tiên' },
  { name: 'Sông Sài Gòn – Lái Thiêu', ward: 'Phường Lái Thiêu' },
  { name: 'Sông Soài Rạp – Hiệp Phước', ward: 'Xã Hiệp Phước' },
  { name: 'Sông Sài Gòn – Hiệp Bình (Thủ Đức)', ward: 'Phường Hiệp Bình' },
  { name: 'Sông Lòng Tàu – Bình Khánh', ward: 'Xã Bình Khánh' },
];

/** Kinds of training centre: name pattern, owning department and seat range. */
const TRAINING_CENTRE_TYPES: readonly {
  name: (ward: string) => string;
  department: string;
  seats: [number, number];
}[] = [
  {
    name: (w) => `Trung tâm Giáo dục nghề nghiệp – GDTX ${w}`,
    department: 'GDDT',
    seats: [400, 1_200],
  },
  { name: (w) => `Trường Cao đẳng nghề ${w}`, department: 'LDTBXH', seats: [1_500, 3_000] },
  { name: (w) => `Trường Trung cấp nghề ${w}`, department: 'LDTBXH', seats: [800, 1_800] },
  { name: (w) => `Trung tâm Dạy nghề ${w}`, department: 'LDTBXH', seats: [300, 900] },
  { name: (w) => `Trung tâm Đào tạo kỹ năng số ${w}`, department: 'LDTBXH', seats: [300, 700] },
  { name: (w) => `Trung tâm Ngoại ngữ – Tin học ${w}`, department: 'GDDT', seats: [300, 1_000] },
];

const TRAINING_CENTRE_COUNT = { wards: 30, communes: 10 };
const SERVICE_CENTRE_COUNT = { wards: 22, communes: 8 };

interface Ward {
  row: WardRow;
  area: Area;
}

/**
 * Builds the demo city of Ho Chi Minh City: departments, the 168 wards (approximate
 * geometry), 105 sites (40 training centres, 30 one-stop desks, 20 air and 15 water
 * sensors), the indicators they report and the alert rules over them. Deterministic: every
 * call returns the same city.
 */
export const buildDemoCity = (intervals: DemoIntervals = {}): DemoCity => {
  const sensorCadence = intervals.sensorIntervalSeconds ?? DEFAULT_SENSOR_INTERVAL_SECONDS;
  const slowCadence = intervals.slowIntervalSeconds ?? DEFAULT_SLOW_INTERVAL_SECONDS;
  const areas = buildDemoAreas(HCMC_WARD_ROWS);
  const wards: Ward[] = HCMC_WARD_ROWS.map((row, i) => ({ row, area: areas[i] as Area }));
  return {
    departments: DEPARTMENTS.map((d) => ({ ...d, name: { ...d.name } })),
    areas,
    sites: [...buildSites(wards), ...buildTrafficSites(areas)],
    indicators: buildIndicators(sensorCadence, slowCadence, trainingCadenceSeconds(slowCadence)),
    rules: buildRules(),
  };
};

/**
 * The Department of Transport's traffic counters, one per road segment of the simulator. Each
 * belongs to the generated ward cell that contains its position (cells are approximate, so
 * that can be a neighbour of the ward the road is named after), else to that named ward.
 */
const buildTrafficSites = (areas: readonly Area[]): Site[] =>
  TRAFFIC_SEGMENTS.map((segment) => {
    const containing = areas.find(
      (a) =>
        a.geometry.type === 'Polygon' &&
        isPointInRing(segment.location, a.geometry.coordinates[0] as LngLat[]),
    );
    return {
      id: `traffic:${segment.id}`,
      kind: 'traffic_sensor',
      name: segment.name,
      departmentId: dept('GTVT'),
      areaId: containing?.id ?? `area:${segment.wardCode}`,
      position: segment.location,
      capacity: null,
    };
  });

const buildSites = (wards: readonly Ward[]): Site[] => {
  const byName = new Map(wards.map((w) => [w.row.name, w]));
  const named = (name: string): Ward => {
    const ward = byName.get(name);
    if (!ward) throw new Error(`Unknown ward "${name}" in the demo site list`);
    return ward;
  };
  const pick = (stream: string, counts: { wards: number; communes: number }): Ward[] => {
    const random = mulberry32(hash32(DEMO_SEED, stream));
    const urban = wards.filter((w) => w.row.kind === 'ward');
    const rural = wards.filter((w) => w.row.kind === 'commune');
    return [
      ...shuffled(random, urban).slice(0, counts.wards),
      ...shuffled(random, rural).slice(0, counts.communes),
    ].sort((a, b) => a.row.code.localeCompare(b.row.code));
  };

  const training = pick('training-centres', TRAINING_CENTRE_COUNT).map((ward, i) => {
    const id = siteId('tc', i);
    const random = mulberry32(hash32(DEMO_SEED, id));
    const type = TRAINING_CENTRE_TYPES[randomInt(random, 0, TRAINING_CENTRE_TYPES.length - 1)];
    if (!type) throw new Error('unreachable: empty training centre types');
    const short = shortWardName(ward.row.name);
    return site(id, 'training_centre', type.name(short), type.department, ward, random, {
      capacity: Math.round(randomInt(random, type.seats[0], type.seats[1]) / 10) * 10,
    });
  });

  const services = pick('service-centres', SERVICE_CENTRE_COUNT).map((ward, i) => {
    const id = siteId('sc', i);
    const random = mulberry32(hash32(DEMO_SEED, id));
    return site(
      id,
      'service_centre',
      `Bộ phận Một cửa UBND ${ward.row.name}`,
      'NOIVU',
      ward,
      random,
    );
  });

  const air = AIR_SENSOR_WARDS.map((name, i) => {
    const id = siteId('air', i);
    const ward = named(name);
    const label = `Trạm quan trắc không khí ${shortWardName(ward.row.name)}`;
    return site(id, 'air_sensor', label, 'TNMT', ward, mulberry32(hash32(DEMO_SEED, id)));
  });

  const water = WATER_SENSORS.map((station, i) => {
    const id = siteId('wl', i);
    const ward = named(station.ward);
    return site(id, 'water_sensor', station.name, 'TNMT', ward, mulberry32(hash32(DEMO_SEED, id)));
  });

  return [...training, ...services, ...air, ...water];
};

const siteId = (short: string, index: number) =>
  `site:${short}-${String(index + 1).padStart(2, '0')}`;

const site = (
  id: string,
  kind: SiteKind,
  name: string,
  departmentCode: string,
  ward: Ward,
  random: Random,
  extra: { capacity?: number } = {},
): Site => ({
  id,
  kind,
  name,
  departmentId: dept(departmentCode),
  areaId: ward.area.id,
  position: placeInWard(ward, random),
  capacity: extra.capacity ?? null,
});

/**
 * A point near the ward's centroid and inside its generated polygon, so that the site's
 * areaId agrees with what the map draws. Falls back to the centroid after a few misses.
 */
const placeInWard = (ward: Ward, random: Random): LngLat => {
  const geometry = ward.area.geometry;
  const ring = (geometry.type === 'Polygon' ? geometry.coordinates[0] : []) as LngLat[];
  const maxOffsetKm = Math.min(0.4 * Math.sqrt(ward.row.areaKm2 / Math.PI), 2);
  for (let attempt = 0; attempt < 20; attempt++) {
    const angle = 2 * Math.PI * random();
    const distance = maxOffsetKm * Math.sqrt(random());
    const candidate = roundLngLat(
      offsetKm(ward.row.centroid, distance * Math.cos(angle), distance * Math.sin(angle)),
      5,
    );
    if (isPointInRing(candidate, ring)) return candidate;
  }
  return ward.row.centroid;
};

const indicator = (
  id: string,
  departmentCode: string,
  vi: string,
  en: string,
  unit: string,
  cadenceSeconds: number,
  target: { value: number; direction: 'higher_is_better' | 'lower_is_better' } | null = null,
): Indicator => ({
  id,
  departmentId: dept(departmentCode),
  name: { vi, en },
  unit,
  target: target?.value ?? null,
  targetDirection: target?.direction ?? 'none',
  cadenceSeconds,
});

/** The programme's secretariat reports once a day. */
export const PROGRAMME_CADENCE_SECONDS = 86_400;

const buildIndicators = (
  sensorCadence: number,
  slowCadence: number,
  trainingCadence: number,
): Indicator[] => [
  // The digital-transformation programme, reported once a day (figures from the seeds).
  indicator(
    'dx.digital_economy_grdp_pct',
    'TTTT',
    'Tỷ trọng kinh tế số trong GRDP',
    'Digital economy share of GRDP',
    '%',
    PROGRAMME_CADENCE_SECONDS,
    { value: 40, direction: 'higher_is_better' },
  ),
  indicator(
    'dx.budget_share_pct',
    'TTTT',
    'Tỷ lệ chi ngân sách cho chuyển đổi số',
    'Budget share for digital transformation',
    '%',
    PROGRAMME_CADENCE_SECONDS,
    { value: 1, direction: 'higher_is_better' },
  ),
  indicator(
    'dx.civil_servants_trained',
    'NOIVU',
    'Cán bộ, công chức được đào tạo kỹ năng số',
    'Civil servants trained in digital skills',
    'người',
    PROGRAMME_CADENCE_SECONDS,
    { value: 4_000, direction: 'higher_is_better' },
  ),
  indicator(
    'dx.tasks_on_schedule',
    'TTTT',
    'Nhiệm vụ chương trình đúng tiến độ',
    'Programme tasks on schedule',
    'nhiệm vụ',
    PROGRAMME_CADENCE_SECONDS,
    { value: 18, direction: 'higher_is_better' },
  ),
  indicator(
    'dx.tasks_in_progress',
    'TTTT',
    'Nhiệm vụ chương trình đang thực hiện',
    'Programme tasks in progress',
    'nhiệm vụ',
    PROGRAMME_CADENCE_SECONDS,
  ),
  indicator(
    'dx.tasks_not_updated',
    'TTTT',
    'Nhiệm vụ chương trình chưa cập nhật',
    'Programme tasks not updated',
    'nhiệm vụ',
    PROGRAMME_CADENCE_SECONDS,
    { value: 0, direction: 'lower_is_better' },
  ),
  indicator(
    'training.enrolled',
    'LDTBXH',
    'Học viên đang theo học',
    'Learners enrolled',
    'học viên',
    trainingCadence,
  ),
  indicator(
    'training.utilisation_pct',
    'LDTBXH',
    'Tỉ lệ sử dụng chỗ học',
    'Seat utilisation',
    '%',
    trainingCadence,
    { value: 80, direction: 'higher_is_better' },
  ),
  indicator(
    'ps.applications_online',
    'NOIVU',
    'Hồ sơ trực tuyến tiếp nhận trong ngày',
    'Online applications received today',
    'hồ sơ',
    slowCadence,
  ),
  indicator(
    'ps.applications_in_person',
    'NOIVU',
    'Hồ sơ trực tiếp tiếp nhận trong ngày',
    'In-person applications received today',
    'hồ sơ',
    slowCadence,
  ),
  indicator(
    'ps.online_share_pct',
    'NOIVU',
    'Tỉ lệ hồ sơ trực tuyến (7 ngày)',
    'Online share of applications (7 days)',
    '%',
    slowCadence,
    { value: 80, direction: 'higher_is_better' },
  ),
  indicator(
    'ps.overdue_rate_pct',
    'NOIVU',
    'Tỉ lệ hồ sơ trễ hạn (30 ngày)',
    'Overdue application rate (30 days)',
    '%',
    slowCadence,
    { value: 5, direction: 'lower_is_better' },
  ),
  indicator(
    'ps.avg_processing_hours',
    'NOIVU',
    'Thời gian xử lý hồ sơ trung bình (7 ngày)',
    'Average processing time (7 days)',
    'h',
    slowCadence,
    { value: 24, direction: 'lower_is_better' },
  ),
  indicator(
    'air.aqi',
    'TNMT',
    'Chỉ số chất lượng không khí (VN_AQI)',
    'Air quality index (VN_AQI)',
    'VN_AQI',
    sensorCadence,
    // VN_AQI 0–100 is "good" or "moderate"; above 100 the air is poor for sensitive groups.
    { value: 100, direction: 'lower_is_better' },
  ),
  indicator(
    'air.pm25',
    'TNMT',
    'Bụi mịn PM2,5',
    'Fine particulate matter (PM2.5)',
    'µg/m³',
    sensorCadence,
    // QCVN 05:2023/BTNMT 24-hour limit for PM2.5.
    { value: 50, direction: 'lower_is_better' },
  ),
  indicator(
    'portal.active_users',
    'TTTT',
    'Người dùng đang truy cập Cổng dịch vụ công',
    'Active users on the public-service portal',
    'người dùng',
    PORTAL_PUSH_SECONDS,
  ),
  indicator(
    'portal.submissions_per_min',
    'TTTT',
    'Hồ sơ nộp trực tuyến mỗi phút',
    'Online submissions per minute',
    'hồ sơ/phút',
    PORTAL_PUSH_SECONDS,
  ),
  indicator(
    'portal.error_rate_pct',
    'TTTT',
    'Tỉ lệ lỗi của Cổng dịch vụ công',
    'Public-service portal error rate',
    '%',
    PORTAL_PUSH_SECONDS,
    { value: 1, direction: 'lower_is_better' },
  ),
  indicator(
    'traffic.intensity',
    'GTVT',
    'Lưu lượng xe',
    'Traffic intensity',
    'xe/5 phút',
    TRAFFIC_PUSH_SECONDS,
  ),
  indicator(
    'traffic.speed_kmh',
    'GTVT',
    'Tốc độ trung bình',
    'Average speed',
    'km/h',
    TRAFFIC_PUSH_SECONDS,
  ),
  indicator(
    'traffic.occupancy_pct',
    'GTVT',
    'Tỉ lệ chiếm dụng làn',
    'Lane occupancy',
    '%',
    TRAFFIC_PUSH_SECONDS,
  ),
  indicator('weather.rainfall_mm', 'TNMT', 'Lượng mưa', 'Rainfall', 'mm/h', sensorCadence),
  indicator(
    'water.level_cm',
    'TNMT',
    'Mực nước',
    'Water level',
    'cm',
    sensorCadence,
    // Alarm level I at the Phú An tide station (1.5 m).
    { value: 150, direction: 'lower_is_better' },
  ),
];

const rule = (
  name: string,
  vi: string,
  en: string,
  departmentCode: string,
  indicatorId: string,
  severity: Rule['severity'],
  threshold: number,
  clearThreshold: number,
  pendingSeconds: number,
): Rule =>
  RuleSchema.parse({
    id: `rule:${name}`,
    name: { vi, en },
    kind: 'threshold',
    departmentId: dept(departmentCode),
    indicatorId,
    severity,
    // A clear level above the threshold makes a "below" rule (e.g. speed under 10 km/h).
    params: {
      operator: clearThreshold <= threshold ? 'above' : 'below',
      threshold,
      clearThreshold,
      pendingSeconds,
    },
    enabled: true,
  });

/** Thresholds follow HCMC's tide alarm levels at Phú An (1.5/1.6/1.7 m) and VN_AQI bands. */
const buildRules = (): Rule[] => [
  // The rules of the other kinds: a gauge gone quiet, portal errors unusual for the hour of the
  // week, and a ward where traffic stays jammed.
  RuleSchema.parse({
    id: 'rule:rain-gauge-silent',
    name: { vi: 'Trạm đo mưa mất tín hiệu (quá 10 phút)', en: 'Rain gauge silent (over 10 min)' },
    kind: 'no_data',
    departmentId: dept('TNMT'),
    indicatorId: 'weather.rainfall_mm',
    severity: 'Minor',
    params: { operator: 'above', threshold: 600, clearThreshold: 600, pendingSeconds: 0 },
    sop: [
      {
        vi: 'Kiểm tra nguồn điện và kết nối GPRS của trạm',
        en: 'Check the gauge power and GPRS link',
      },
      { vi: 'Báo đơn vị bảo trì nếu quá 1 giờ', en: 'Call maintenance if silent over 1 hour' },
    ],
    enabled: true,
  }),
  RuleSchema.parse({
    id: 'rule:portal-errors-unusual',
    name: {
      vi: 'Lỗi cổng dịch vụ công bất thường so với cùng giờ các tuần trước',
      en: 'Portal errors unusual for this hour of the week',
    },
    kind: 'anomaly',
    departmentId: dept('TTTT'),
    indicatorId: 'portal.error_rate_pct',
    severity: 'Moderate',
    params: {
      operator: 'above',
      threshold: 4,
      clearThreshold: 2,
      pendingSeconds: 60,
      baselineDays: 28,
      minSamples: 12,
    },
    sop: [
      { vi: 'Xem nhật ký lỗi của cổng', en: 'Read the portal error log' },
      { vi: 'Thông báo bộ phận vận hành cổng', en: 'Notify the portal operations team' },
    ],
    escalation: { afterMinutes: 30, raiseTo: 'Severe' },
    enabled: true,
  }),
  RuleSchema.parse({
    id: 'rule:traffic-ward-jammed',
    name: {
      vi: 'Ùn tắc kéo dài trong phường (tốc độ dưới 10 km/h, 15 phút)',
      en: 'Lasting congestion in a ward (speed below 10 km/h, 15 min)',
    },
    kind: 'area',
    departmentId: dept('GTVT'),
    indicatorId: 'traffic.speed_kmh',
    severity: 'Severe',
    params: {
      operator: 'above',
      threshold: 30,
      clearThreshold: 5,
      pendingSeconds: 0,
      windowSeconds: 900,
      match: { operator: 'below', value: 10 },
    },
    sop: [
      { vi: 'Xem camera khu vực', en: 'Check the area cameras' },
      { vi: 'Điều CSGT phân luồng', en: 'Send traffic police to divert' },
      { vi: 'Cập nhật bảng thông tin giao thông', en: 'Update the traffic message signs' },
    ],
    remindEveryMinutes: 15,
    enabled: true,
  }),
  {
    ...rule(
      'water-level-alarm-2',
      'Mực nước vượt báo động II (1,6 m)',
      'Water level above alarm level II (1.6 m)',
      'TNMT',
      'water.level_cm',
      'Severe',
      160,
      150,
      20,
    ),
    sop: [
      { vi: 'Báo Ban Chỉ huy PCTT phường', en: 'Alert the ward disaster-prevention command' },
      { vi: 'Vận hành trạm bơm và van ngăn triều', en: 'Run the pumping stations and tide gates' },
      { vi: 'Cảnh báo người dân khu trũng', en: 'Warn residents of low-lying streets' },
    ],
    escalation: { afterMinutes: 15, raiseTo: 'Extreme' },
    remindEveryMinutes: 10,
  },
  rule(
    'rain-heavy',
    'Mưa rất to (trên 50 mm/h)',
    'Very heavy rain (above 50 mm/h)',
    'TNMT',
    'weather.rainfall_mm',
    'Moderate',
    50,
    40,
    0,
  ),
  {
    ...rule(
      'water-rising-fast',
      'Mực nước lên nhanh (trên 40 cm/giờ)',
      'Water rising fast (above 40 cm/h)',
      'TNMT',
      'water.level_cm',
      'Moderate',
      40,
      15,
      0,
    ),
    kind: 'rate_of_change',
    params: {
      operator: 'above',
      threshold: 40,
      clearThreshold: 15,
      pendingSeconds: 0,
      windowSeconds: 900,
    },
  },
  rule(
    'aqi-bad',
    'Chất lượng không khí xấu (VN_AQI trên 150)',
    'Bad air quality (VN_AQI above 150)',
    'TNMT',
    'air.aqi',
    'Moderate',
    150,
    130,
    20,
  ),
  rule(
    'aqi-very-bad',
    'Chất lượng không khí rất xấu (VN_AQI trên 200)',
    'Very bad air quality (VN_AQI above 200)',
    'TNMT',
    'air.aqi',
    'Severe',
    200,
    180,
    20,
  ),
  {
    // Enrolment as a share of the centre's seats (its capacity in the site register).
    ...rule(
      'training-utilisation-high',
      'Cơ sở đào tạo sử dụng trên 95% chỗ học',
      'Training centre above 95% seat utilisation',
      'LDTBXH',
      'training.enrolled',
      'Minor',
      95,
      90,
      60,
    ),
    kind: 'utilisation',
  },
  rule(
    'portal-error-rate-high',
    'Cổng dịch vụ công lỗi trên 3% yêu cầu',
    'Public-service portal errors above 3% of requests',
    'TTTT',
    'portal.error_rate_pct',
    'Moderate',
    3,
    2,
    30,
  ),
  {
    ...rule(
      'traffic-jam',
      'Ùn tắc nghiêm trọng (tốc độ dưới 10 km/h)',
      'Severe congestion (speed below 10 km/h)',
      'GTVT',
      'traffic.speed_kmh',
      'Moderate',
      10,
      15,
      0,
    ),
    params: { operator: 'below', threshold: 10, clearThreshold: 15, pendingSeconds: 0 },
  },
  rule(
    'overdue-rate-high',
    'Tỉ lệ hồ sơ trễ hạn trên 5%',
    'Overdue application rate above 5%',
    'NOIVU',
    'ps.overdue_rate_pct',
    'Moderate',
    5,
    4,
    60,
  ),
];

/** Warnings of the Southern Regional Hydro-Meteorological Station, polled as a CAP Atom feed. */
export const buildDemoCapFeed = (simulatorBaseUrl: string, intervalSeconds = 60): CapFeed => ({
  id: CAP_FEED_ID,
  name: 'Mô phỏng – Cảnh báo KTTV khu vực Nam Bộ (CAP)',
  adapter: 'cap',
  departmentId: dept('TNMT'),
  enabled: true,
  config: {
    mode: 'poll',
    poll: {
      url: `${simulatorBaseUrl.replace(/\/+$/, '')}/sim/cap/warnings.atom`,
      intervalSeconds,
      timeoutMs: 10_000,
    },
  },
});

/**
 * The Department of Transport's FIWARE broker pushes TrafficFlowObserved notifications; the IOC
 * also reconciles by querying the broker. `token` is generated at each start.
 */
export const buildDemoNgsiFeed = (simulatorBaseUrl: string, token: string): NgsiFeed => ({
  id: TRAFFIC_FEED_ID,
  name: 'Mô phỏng – Giao thông (FIWARE NGSI-LD)',
  adapter: 'ngsi',
  departmentId: dept('GTVT'),
  enabled: true,
  cadence: { kind: 'interval', seconds: TRAFFIC_PUSH_SECONDS },
  config: {
    token,
    mapping: TRAFFIC_NGSI_MAPPING,
    reconcile: {
      url: `${simulatorBaseUrl.replace(/\/+$/, '')}/sim/ngsi-ld/v1/entities?type=TrafficFlowObserved&limit=100`,
      intervalSeconds: 300,
      timeoutMs: 10_000,
    },
  },
});

/**
 * The public-service portal (Department of Information and Communications) pushes its usage
 * to the IOC as signed webhooks. `secret` is generated at each start, never a fixed value.
 */
export const buildDemoWebhookFeed = (secret: string): WebhookFeed => ({
  id: PORTAL_FEED_ID,
  name: 'Mô phỏng – Cổng dịch vụ công (webhook)',
  adapter: 'webhook',
  departmentId: dept('TTTT'),
  enabled: true,
  cadence: { kind: 'interval', seconds: PORTAL_PUSH_SECONDS },
  config: {
    secrets: [secret],
    mapping: {
      itemsPath: '',
      timePath: 'observedAt',
      values: [
        { indicatorId: 'portal.active_users', path: 'activeUsers' },
        { indicatorId: 'portal.submissions_per_min', path: 'submissionsPerMinute' },
        { indicatorId: 'portal.error_rate_pct', path: 'errorRatePct' },
      ],
    },
  },
});

/**
 * The Department of Natural Resources and Environment's automatic rain gauges publish to an
 * MQTT broker (in the demo, the embedded aedes broker, which speaks MQTT 3.1.1): one message per
 * gauge on `hcmc/tnmt/rain/<station code>`, the subject taken from the topic. `credentials`
 * when the broker asks clients to sign in.
 */
export const buildDemoMqttFeed = (
  brokerUrl: string,
  sensorIntervalSeconds: number,
  credentials?: { username: string; password: string },
): MqttFeed => ({
  id: RAIN_FEED_ID,
  name: 'Mô phỏng – Đo mưa tự động (MQTT)',
  adapter: 'mqtt',
  departmentId: dept('TNMT'),
  enabled: true,
  cadence: { kind: 'interval', seconds: sensorIntervalSeconds },
  config: {
    url: brokerUrl,
    clientId: 'city-ioc-feed-sim-rain',
    protocolVersion: 4,
    ...(credentials ? { username: credentials.username, password: credentials.password } : {}),
    topics: [
      {
        filter: `${RAIN_TOPIC_PREFIX}/+`,
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

export interface DemoFeedOptions extends DemoIntervals {
  /** API key of the training centres' CSV report (`x-api-key`), fresh at each start. */
  simulatorApiKey: string;
}

/**
 * The demo's feeds: HTTP polls of the city simulator (server/src/simulator), an external
 * source as far as the IOC is concerned. Each mapping matches exactly what the simulator
 * serves; the simulator's tests run these mappings over its answers. The training centres'
 * report is a provincial CSV export behind an API key; the others are JSON.
 */
export const buildDemoFeeds = (
  simulatorBaseUrl: string,
  options: DemoFeedOptions,
): HttpPollFeed[] => {
  const base = simulatorBaseUrl.replace(/\/+$/, '');
  const sensor = options.sensorIntervalSeconds ?? DEFAULT_SENSOR_INTERVAL_SECONDS;
  const slow = options.slowIntervalSeconds ?? DEFAULT_SLOW_INTERVAL_SECONDS;
  const feed = (
    id: string,
    name: string,
    departmentCode: string,
    path: string,
    intervalSeconds: number,
    mapping: JsonMapping,
    source: Pick<HttpPollFeed['config'], 'format' | 'auth'> & { cadenceSeconds?: number } = {
      format: 'json',
      auth: { kind: 'none' },
    },
  ): HttpPollFeed => ({
    id: `feed:${id}`,
    name,
    adapter: 'http-poll',
    departmentId: dept(departmentCode),
    enabled: true,
    // Due as often as polled, unless the source refreshes more slowly than that.
    ...(source.cadenceSeconds !== undefined
      ? { cadence: { kind: 'interval' as const, seconds: source.cadenceSeconds } }
      : {}),
    config: {
      url: `${base}${path}`,
      intervalSeconds,
      timeoutMs: 5_000,
      format: source.format,
      auth: source.auth,
      mapping,
    },
  });
  const values = (pairs: Record<string, string>) =>
    Object.entries(pairs).map(([indicatorId, path]) => ({ indicatorId, path }));

  return [
    feed('sim-air', 'Mô phỏng – Quan trắc không khí tự động', 'TNMT', '/sim/air', sensor, {
      itemsPath: 'stations',
      subjectPath: 'stationId',
      subjectPrefix: 'site:',
      timePath: 'observedAt',
      values: values({ 'air.aqi': 'aqi', 'air.pm25': 'pm25' }),
    }),
    feed('sim-water', 'Mô phỏng – Quan trắc mực nước', 'TNMT', '/sim/water', sensor, {
      itemsPath: 'stations',
      subjectPath: 'stationId',
      subjectPrefix: 'site:',
      timePath: 'observedAt',
      values: values({ 'water.level_cm': 'levelCm' }),
    }),
    // A CSV export (`;`, decimal commas, Vietnamese column names) refreshed every 5 minutes;
    // polls in between are answered 304, so new data is due every 5 minutes, not every poll.
    feed(
      'sim-training',
      'Mô phỏng – Cơ sở giáo dục nghề nghiệp',
      'LDTBXH',
      '/sim/training-centres.csv',
      slow,
      {
        itemsPath: '',
        subjectPath: 'ma_co_so',
        subjectPrefix: 'site:',
        timePath: 'thoi_diem',
        values: values({
          'training.enrolled': 'so_hoc_vien',
          'training.utilisation_pct': 'ty_le_su_dung',
        }),
      },
      {
        format: 'csv',
        auth: { kind: 'header', name: 'X-Api-Key', value: options.simulatorApiKey },
        cadenceSeconds: trainingCadenceSeconds(slow),
      },
    ),
    feed('sim-services', 'Mô phỏng – Bộ phận Một cửa', 'NOIVU', '/sim/public-services', slow, {
      itemsPath: 'centres',
      subjectPath: 'centreId',
      subjectPrefix: 'site:',
      timePath: 'observedAt',
      values: values({
        'ps.applications_online': 'applicationsOnline',
        'ps.applications_in_person': 'applicationsInPerson',
        'ps.online_share_pct': 'onlineSharePct',
        'ps.overdue_rate_pct': 'overdueRatePct',
        'ps.avg_processing_hours': 'avgProcessingHours',
      }),
    }),
  ];
};

/**
 * The digital-transformation programme's daily report (city-wide figures, no subject), polled
 * as JSON; new data is due once a day.
 */
export const buildDemoProgrammeFeed = (
  simulatorBaseUrl: string,
  intervalSeconds = DEFAULT_SLOW_INTERVAL_SECONDS,
): HttpPollFeed => ({
  id: 'feed:sim-programme',
  name: 'Mô phỏng – Báo cáo chương trình chuyển đổi số',
  adapter: 'http-poll',
  departmentId: dept('TTTT'),
  enabled: true,
  cadence: { kind: 'interval', seconds: PROGRAMME_CADENCE_SECONDS },
  config: {
    url: `${simulatorBaseUrl.replace(/\/+$/, '')}/sim/dx-programme`,
    intervalSeconds,
    timeoutMs: 5_000,
    format: 'json',
    auth: { kind: 'none' },
    mapping: {
      itemsPath: '',
      timePath: 'reportedAt',
      values: [
        { indicatorId: 'dx.digital_economy_grdp_pct', path: 'digitalEconomySharePct' },
        { indicatorId: 'dx.budget_share_pct', path: 'dxBudgetSharePct' },
        { indicatorId: 'dx.civil_servants_trained', path: 'civilServantsTrained' },
        { indicatorId: 'dx.tasks_on_schedule', path: 'tasksOnSchedule' },
        { indicatorId: 'dx.tasks_in_progress', path: 'tasksInProgress' },
        { indicatorId: 'dx.tasks_not_updated', path: 'tasksNotUpdated' },
      ],
    },
  },
});
