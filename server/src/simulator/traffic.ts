import type { LngLat } from '@city-ioc/shared';
import { hashUnit } from '../demo/prng';
import { HCMC_WARD_ROWS } from '../demo/wards';
import { localTime, sampleTimeMs, valueNoise } from './models';

/**
 * The Department of Transport's traffic counters on the city's main roads, as a pure model:
 * what each road segment's sensor reports at `now` for a seed. Values follow the local
 * (UTC+7) clock: morning (6:30–8:30) and evening (16:30–19:00) peaks on working days, lighter
 * weekends, a quiet night. Speed falls as the flow nears the road's capacity.
 */

/** One monitored road segment. */
export interface TrafficSegment {
  /** Short id, used in the NGSI-LD entity id and (with "traffic:") as the IOC subject. */
  id: string;
  /** Vietnamese name of the road and section. */
  name: string;
  /** Code of the ward the counter stands in (HCMC_WARD_ROWS). */
  wardCode: string;
  /** That ward's full name, e.g. "Phường Thạnh Mỹ Tây". */
  wardName: string;
  /** Where the counter stands, [lng, lat]. */
  location: LngLat;
  /** Free-flow speed in km/h. */
  freeFlowKmh: number;
  /** Vehicles per 5 minutes the section carries at saturation (motorbikes included). */
  capacityPer5Min: number;
}

/** What one counter reports. */
export interface TrafficReading {
  segmentId: string;
  /** Vehicles counted over the last 5 minutes. */
  intensity: number;
  /** km/h, one decimal. */
  averageVehicleSpeed: number;
  /** Share of time the detector is occupied, 0–1, two decimals. */
  occupancy: number;
  /** Speed below 40% of free flow. */
  congested: boolean;
  /** A jam from an incident (speed under 10 km/h). */
  isJam: boolean;
}

const wardRow = (name: string) => {
  const row = HCMC_WARD_ROWS.find((w) => w.name === name);
  if (!row) throw new Error(`Unknown ward ${name}`);
  return row;
};

const segment = (
  id: string,
  name: string,
  ward: string,
  location: LngLat,
  freeFlowKmh: number,
  capacityPer5Min: number,
): TrafficSegment => ({
  id,
  name,
  wardCode: wardRow(ward).code,
  wardName: wardRow(ward).name,
  location,
  freeFlowKmh,
  capacityPer5Min,
});

/** The twelve monitored segments, each in the ward (HCMC_WARD_ROWS) it lies in. */
export const TRAFFIC_SEGMENTS: readonly TrafficSegment[] = [
  segment(
    'dien-bien-phu-hang-xanh',
    'Điện Biên Phủ – nút giao Hàng Xanh',
    'Phường Thạnh Mỹ Tây',
    [106.7113, 10.8012],
    40,
    900,
  ),
  segment(
    'vo-van-kiet-cau-ong-lanh',
    'Đại lộ Võ Văn Kiệt – đoạn cầu Ông Lãnh',
    'Phường Cầu Ông Lãnh',
    [106.6972, 10.7626],
    60,
    1_300,
  ),
  segment(
    'xa-lo-ha-noi-binh-thai',
    'Xa lộ Hà Nội – nút giao Bình Thái',
    'Phường Phước Long',
    [106.7691, 10.8268],
    60,
    1_500,
  ),
  segment(
    'nguyen-van-linh-tan-phong',
    'Nguyễn Văn Linh – đoạn Tân Phong',
    'Phường Tân Mỹ',
    [106.7196, 10.7287],
    60,
    1_200,
  ),
  segment(
    'cong-hoa-etown',
    'Cộng Hòa – đoạn Etown',
    'Phường Tân Bình',
    [106.6412, 10.8014],
    40,
    850,
  ),
  segment(
    'truong-chinh-tan-ky-tan-quy',
    'Trường Chinh – nút giao Tân Kỳ Tân Quý',
    'Phường Tây Thạnh',
    [106.6265, 10.8151],
    45,
    950,
  ),
  segment(
    'quoc-lo-13-hiep-binh',
    'Quốc lộ 13 – đoạn Hiệp Bình',
    'Phường Hiệp Bình',
    [106.7165, 10.8392],
    45,
    1_000,
  ),
  segment(
    'pham-van-dong-binh-loi-trung',
    'Phạm Văn Đồng – đoạn Bình Lợi Trung',
    'Phường Bình Lợi Trung',
    [106.6921, 10.8262],
    60,
    1_300,
  ),
  segment(
    'mai-chi-tho-thu-thiem',
    'Mai Chí Thọ – hầm Thủ Thiêm',
    'Phường An Khánh',
    [106.7228, 10.7801],
    60,
    1_100,
  ),
  segment(
    'kinh-duong-vuong-an-lac',
    'Kinh Dương Vương – vòng xoay An Lạc',
    'Phường An Lạc',
    [106.6178, 10.7367],
    40,
    900,
  ),
  segment(
    'nguyen-huu-tho-nha-be',
    'Nguyễn Hữu Thọ – đoạn Nhà Bè',
    'Xã Nhà Bè',
    [106.7008, 10.7028],
    50,
    800,
  ),
  segment(
    'dai-lo-binh-duong-lai-thieu',
    'Đại lộ Bình Dương – đoạn Lái Thiêu',
    'Phường Lái Thiêu',
    [106.6934, 10.9051],
    60,
    1_200,
  ),
];

const MINUTE_MS = 60_000;
/** A guaranteed bottleneck changes every quarter hour during the working-day peaks. */
export const TRAFFIC_BOTTLENECK_SLOT_MS = 15 * MINUTE_MS;
/** Incidents: each half hour, with this probability, one segment jams for 15–25 minutes. */
const INCIDENT_WINDOW_MS = 30 * MINUTE_MS;
const INCIDENT_PROBABILITY = 0.25;
/** Without an incident, speed stays above both of these (km/h, share of free flow). */
const MIN_MOVING_KMH = 11;
const MIN_MOVING_RATIO = 0.25;
/** Congested below this share of the free-flow speed. */
export const CONGESTED_SPEED_RATIO = 0.4;

/** Working-day peak windows in local hours: morning 6:30–8:30, evening 16:30–19:00. */
export const isPeakHour = (now: Date): boolean => {
  const { hour, dayOfWeek } = localTime(sampleTimeMs(now));
  const isWorkday = dayOfWeek >= 1 && dayOfWeek <= 5;
  return isWorkday && ((hour >= 6.5 && hour < 8.5) || (hour >= 16.5 && hour < 19));
};

/** A smooth plateau: 1 inside [from, to] hours, falling off over `edge` hours. */
const plateau = (hour: number, from: number, to: number, edge: number) => {
  const rise = Math.min(1, Math.max(0, (hour - from + edge) / edge));
  const fall = Math.min(1, Math.max(0, (to + edge - hour) / edge));
  const s = (x: number) => x * x * (3 - 2 * x);
  return s(rise) * s(fall);
};

/** Demand as a share of capacity at a local hour (before per-segment noise). */
const demandShape = (hour: number, dayOfWeek: number): number => {
  const isWorkday = dayOfWeek >= 1 && dayOfWeek <= 5;
  const night = 0.08;
  const day = 0.5 * plateau(hour, 6, 21, 1);
  const peaks = isWorkday
    ? 0.36 * plateau(hour, 6.75, 8.25, 0.5) + 0.4 * plateau(hour, 16.75, 18.75, 0.5)
    : 0.15 * plateau(hour, 9, 11, 1) + 0.2 * plateau(hour, 17, 20, 1);
  const weekend = dayOfWeek === 0 ? 0.8 : dayOfWeek === 6 ? 0.9 : 1;
  return night + (day + peaks) * weekend;
};

/** The segment jammed by an incident at `t`, if any, with the jam's strength in [0, 1). */
const incidentAt = (t: number, seed: number): { index: number; strength: number } | null => {
  const window = Math.floor(t / INCIDENT_WINDOW_MS);
  if (hashUnit(seed, 'traffic-incident', window) >= INCIDENT_PROBABILITY) return null;
  const start =
    window * INCIDENT_WINDOW_MS +
    Math.floor(hashUnit(seed, 'traffic-incident-at', window) * 5) * MINUTE_MS;
  const length = (15 + Math.floor(hashUnit(seed, 'traffic-incident-len', window) * 11)) * MINUTE_MS;
  if (t < start || t >= start + length) return null;
  return {
    index: Math.floor(hashUnit(seed, 'traffic-incident-where', window) * TRAFFIC_SEGMENTS.length),
    strength: hashUnit(seed, 'traffic-incident-strength', window),
  };
};

/** The segment saturated on purpose during a working-day peak quarter hour. */
const bottleneckAt = (t: number, seed: number): number =>
  Math.floor(
    hashUnit(seed, 'traffic-bottleneck', Math.floor(t / TRAFFIC_BOTTLENECK_SLOT_MS)) *
      TRAFFIC_SEGMENTS.length,
  );

const round1 = (value: number) => Math.round(value * 10) / 10;
const round2 = (value: number) => Math.round(value * 100) / 100;
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * Every segment's reading at `now` (to the second) for a seed. Demand (flow ÷ capacity) follows
 * the time-of-day shape with per-segment level and slow noise; speed follows a BPR-like curve,
 * free flow ÷ (1 + 1.2·x⁴), so it drops steeply once demand nears capacity (but stays above
 * 11 km/h and a quarter of free flow); occupancy grows with density (flow ÷ speed), saturating
 * below 0.95. During working-day peaks one segment per quarter hour is pushed past capacity,
 * so at least one is congested; about one half hour in four an incident jams a segment (speed
 * 4–9 km/h, half the flow) for 15–25 minutes, peak or not.
 */
export const sampleTraffic = (now: Date, seed: number): TrafficReading[] => {
  const t = sampleTimeMs(now);
  const { hour, dayOfWeek } = localTime(t);
  const shape = demandShape(hour, dayOfWeek);
  const peak = isPeakHour(new Date(t));
  const bottleneck = peak ? bottleneckAt(t, seed) : -1;
  const incident = incidentAt(t, seed);

  return TRAFFIC_SEGMENTS.map((s, index): TrafficReading => {
    const level = 0.85 + 0.3 * hashUnit(seed, s.id, 'traffic-level');
    const noise =
      1 +
      0.08 * valueNoise(t, 10 * MINUTE_MS, seed, s.id, 'traffic-slow') +
      0.03 * valueNoise(t, MINUTE_MS, seed, s.id, 'traffic-fast');
    let x = shape * level * noise;
    if (index === bottleneck) {
      const slot = Math.floor(t / TRAFFIC_BOTTLENECK_SLOT_MS);
      x = Math.max(x, 1.12 + 0.1 * hashUnit(seed, s.id, 'traffic-bottleneck-load', slot));
    }
    const jitter = 1 + 0.02 * valueNoise(t, 30_000, seed, s.id, 'traffic-speed');

    // Heavy traffic crawls but keeps moving; only an incident brings it under 10 km/h.
    let speed = Math.max(
      (s.freeFlowKmh / (1 + 1.2 * x ** 4)) * jitter,
      Math.max(MIN_MOVING_KMH, MIN_MOVING_RATIO * s.freeFlowKmh),
    );
    let flow = Math.min(x, 1.05) * s.capacityPer5Min;
    const isJam = incident?.index === index;
    if (incident && isJam) {
      speed = 4 + 5 * incident.strength * jitter;
      flow = (0.35 + 0.15 * incident.strength) * s.capacityPer5Min;
    }
    speed = clamp(speed, 3, s.freeFlowKmh);
    const density = (flow / s.capacityPer5Min) * (s.freeFlowKmh / speed);
    const occupancy = 0.95 * (1 - Math.exp(-0.45 * density));
    const averageVehicleSpeed = Math.min(round1(speed), isJam ? 9.9 : s.freeFlowKmh);
    return {
      segmentId: s.id,
      intensity: Math.round(flow),
      averageVehicleSpeed,
      occupancy: round2(occupancy),
      congested: averageVehicleSpeed < CONGESTED_SPEED_RATIO * s.freeFlowKmh,
      isJam,
    };
  });
};
