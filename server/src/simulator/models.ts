import type { Site } from '@city-ioc/shared';
import { hash32, hashUnit, mulberry32, shuffled } from '../demo/prng';

/**
 * Pure models of what the city's sensors and offices would report at a given instant. Every
 * function takes `now`, a site and a seed (through ModelContext) and returns numbers: same
 * inputs, same outputs. Values are computed at `now` truncated to the second, the instant the
 * simulator reports as `observedAt`.
 */

/** What a model needs besides the time and the site. */
export interface ModelContext {
  seed: number;
  /**
   * Ids of every site of the same kind, in a fixed order. The anomaly schedule walks this
   * roster so that one of them is always anomalous.
   */
  roster: readonly string[];
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving time). */
const HCMC_OFFSET_MS = 7 * HOUR_MS;

/** Truncates to the second: the sampling instant every model uses. */
export const sampleTimeMs = (now: Date): number => Math.floor(now.getTime() / 1000) * 1000;

/** The sampling time formatted as ISO-8601 UTC without milliseconds. */
export const observedAtOf = (now: Date): string =>
  new Date(sampleTimeMs(now)).toISOString().replace('.000Z', 'Z');

/** Wall-clock time in Ho Chi Minh City. */
export interface LocalTime {
  /** Fractional hour of the day, 0 ≤ hour < 24. */
  hour: number;
  /** 0 = Sunday … 6 = Saturday. */
  dayOfWeek: number;
  /** 0-based day of the year. */
  dayOfYear: number;
  /** Days since 1970-01-01 in local time: a key for per-day variation. */
  dayIndex: number;
  /** Milliseconds since local midnight. */
  msOfDay: number;
}

/** Local (UTC+7) calendar and clock fields of an instant given in epoch milliseconds. */
export const localTime = (timeMs: number): LocalTime => {
  const local = timeMs + HCMC_OFFSET_MS;
  const date = new Date(local);
  const dayIndex = Math.floor(local / DAY_MS);
  const msOfDay = local - dayIndex * DAY_MS;
  const startOfYear = Date.UTC(date.getUTCFullYear(), 0, 1);
  return {
    hour: msOfDay / HOUR_MS,
    dayOfWeek: date.getUTCDay(),
    dayOfYear: Math.floor((local - startOfYear) / DAY_MS),
    dayIndex,
    msOfDay,
  };
};

/**
 * Smooth noise in [-1, 1): random knots every `periodMs`, joined by a smoothstep. Keyed by
 * its parts, so each site gets its own independent wiggle.
 */
export const valueNoise = (
  timeMs: number,
  periodMs: number,
  ...key: readonly (string | number)[]
): number => {
  const k = Math.floor(timeMs / periodMs);
  const u = timeMs / periodMs - k;
  const s = u * u * (3 - 2 * u);
  const a = hashUnit(...key, k);
  const b = hashUnit(...key, k + 1);
  return 2 * (a + (b - a) * s) - 1;
};

/** A bell bump centred on `centre` hours, for rush-hour shapes. */
const bump = (hour: number, centre: number, width: number) =>
  Math.exp(-(((hour - centre) / width) ** 2) / 2);

const round1 = (value: number) => Math.round(value * 10) / 10;
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
const lerp = (from: number, to: number, t: number) => from + (to - from) * t;

// ─── Anomalies ────────────────────────────────────────────────────────────────────────────

/** A new guaranteed anomaly starts every slot and lasts two slots: they overlap by one. */
export const ANOMALY_SLOT_MS = 5 * MINUTE_MS;
const ANOMALY_SLOTS = 2;
/** Anomalies ramp up and down; ≤ half a slot keeps one anomaly at full strength at any time. */
const ANOMALY_RAMP_MS = MINUTE_MS;
/** Extra, unscheduled anomalies: each site, each window, with this probability. */
const EXTRA_WINDOW_MS = 10 * MINUTE_MS;
const EXTRA_PROBABILITY = 0.03;

/** How anomalous a site is at an instant. */
export interface AnomalyState {
  /** 0 = normal, 1 = fully anomalous; in between while ramping. */
  level: number;
  /** Strength of the current anomaly in [0, 1): how far beyond the alarm it goes. */
  intensity: number;
}

/**
 * The roster index that becomes anomalous in `slot`. Each epoch of `n` slots walks a fresh
 * permutation of the roster, so every site gets its turn and two consecutive slots never pick
 * the same site (so the overlapping anomalies are always on two different sites).
 */
const scheduledIndex = (slot: number, n: number, seed: number, kind: number): number => {
  // Below three sites, swapping the first two of an epoch would also move its last one.
  if (n <= 2) return ((slot % n) + n) % n;
  const epoch = Math.floor(slot / n);
  const current = [...rotation(epoch, n, seed, kind)];
  if (current[0] === rotation(epoch - 1, n, seed, kind)[n - 1]) {
    [current[0], current[1]] = [current[1] as number, current[0] as number];
  }
  return current[slot - epoch * n] as number;
};

/**
 * A shuffled rotation of roster indices for one epoch. Memoised: every site of a roster asks
 * for the same few rotations when a payload is built. The cache is a bounded, pure
 * optimisation (same inputs, same array), not state.
 */
const rotation = (epoch: number, n: number, seed: number, kind: number): readonly number[] => {
  const key = `${seed}|${kind}|${n}|${epoch}`;
  let cached = rotationCache.get(key);
  if (!cached) {
    const indices = Array.from({ length: n }, (_, i) => i);
    cached = shuffled(mulberry32(hash32(seed, kind, 'epoch', epoch)), indices);
    if (rotationCache.size >= 256) rotationCache.clear();
    rotationCache.set(key, cached);
  }
  return cached;
};
const rotationCache = new Map<string, readonly number[]>();

/** A number identifying a roster (hash of its ids), memoised per roster array. */
const rosterKey = (roster: readonly string[]): number => {
  let key = rosterKeys.get(roster);
  if (key === undefined) {
    key = hash32(...roster);
    rosterKeys.set(roster, key);
  }
  return key;
};
const rosterKeys = new WeakMap<readonly string[], number>();

const envelope = (timeMs: number, startMs: number, endMs: number): number =>
  timeMs < startMs || timeMs >= endMs
    ? 0
    : Math.min(1, (timeMs - startMs) / ANOMALY_RAMP_MS, (endMs - timeMs) / ANOMALY_RAMP_MS);

/**
 * Whether `siteId` is anomalous at `timeMs`. Two schedules combine:
 * - guaranteed: every 5 minutes one site of the roster (in a shuffled rotation) starts a
 *   10-minute anomaly, so at any instant one site is at full strength and another is starting
 *   or ending. Alerts therefore fire within a minute of start and also resolve over time;
 * - occasional: each site has a 3% chance per 10-minute window of an extra anomaly.
 */
export const anomalyAt = (timeMs: number, siteId: string, ctx: ModelContext): AnomalyState => {
  let best: AnomalyState = { level: 0, intensity: 0 };
  const index = ctx.roster.indexOf(siteId);
  const kind = rosterKey(ctx.roster);
  if (index >= 0) {
    const slot = Math.floor(timeMs / ANOMALY_SLOT_MS);
    for (let s = slot - ANOMALY_SLOTS + 1; s <= slot; s++) {
      if (scheduledIndex(s, ctx.roster.length, ctx.seed, kind) !== index) continue;
      const start = s * ANOMALY_SLOT_MS;
      const level = envelope(timeMs, start, start + ANOMALY_SLOTS * ANOMALY_SLOT_MS);
      if (level > best.level) best = { level, intensity: hashUnit(ctx.seed, siteId, 'slot', s) };
    }
  }
  const window = Math.floor(timeMs / EXTRA_WINDOW_MS);
  if (hashUnit(ctx.seed, siteId, 'extra', window) < EXTRA_PROBABILITY) {
    const start = window * EXTRA_WINDOW_MS;
    const level = envelope(timeMs, start, start + EXTRA_WINDOW_MS);
    if (level > best.level) best = { level, intensity: hashUnit(ctx.seed, siteId, 'x', window) };
  }
  return best;
};

// ─── Air quality ──────────────────────────────────────────────────────────────────────────

/** VN_AQI breakpoints for PM2.5 (Decision 1459/QĐ-TCMT, 2019): concentration → index. */
const PM25_BREAKPOINTS: readonly [number, number][] = [
  [0, 0],
  [25, 50],
  [50, 100],
  [80, 150],
  [150, 200],
  [250, 300],
  [350, 400],
  [500, 500],
];

/** VN_AQI sub-index of a PM2.5 concentration in µg/m³ (linear between breakpoints). */
export const aqiFromPm25 = (pm25: number): number => {
  for (let i = 1; i < PM25_BREAKPOINTS.length; i++) {
    const [c1, i1] = PM25_BREAKPOINTS[i] as [number, number];
    const [c0, i0] = PM25_BREAKPOINTS[i - 1] as [number, number];
    if (pm25 <= c1) return Math.round(i0 + ((i1 - i0) * (Math.max(0, pm25) - c0)) / (c1 - c0));
  }
  return 500;
};

export interface AirReading {
  /** VN_AQI, computed from PM2.5 (the pollutant that dominates in HCMC). */
  aqi: number;
  /** µg/m³, one decimal. */
  pm25: number;
  isAnomalous: boolean;
}

/** Normal PM2.5 never exceeds this (AQI 120), so bad-air alerts clear below 130. */
const PM25_NORMAL_MAX = 62;

/**
 * PM2.5 with traffic peaks at 7–9 and 17–19 local time, a smaller late-evening bump
 * (inversion), cleaner weekends and a dirtier dry season (December–April). An anomaly (a
 * pollution episode) pushes PM2.5 to 100–180 µg/m³, i.e. VN_AQI ≈ 164–214.
 */
export const sampleAir = (now: Date, site: Site, ctx: ModelContext): AirReading => {
  const t = sampleTimeMs(now);
  const local = localTime(t);
  const base = 15 + 11 * hashUnit(ctx.seed, site.id, 'pm25-base');
  const season = 1.05 + 0.2 * Math.cos((2 * Math.PI * (local.dayOfYear - 15)) / 365);
  const shape =
    0.75 +
    0.8 * bump(local.hour, 8, 1) +
    0.9 * bump(local.hour, 18, 1) +
    0.15 * bump(local.hour, 22.5, 1.5);
  const week = local.dayOfWeek === 0 ? 0.85 : local.dayOfWeek === 6 ? 0.92 : 1;
  const noise =
    1 +
    0.12 * valueNoise(t, 5 * MINUTE_MS, ctx.seed, site.id, 'pm25-slow') +
    0.05 * valueNoise(t, MINUTE_MS, ctx.seed, site.id, 'pm25-fast');
  const normal = clamp(base * season * shape * week * noise, 3, PM25_NORMAL_MAX);

  const anomaly = anomalyAt(t, site.id, ctx);
  const episode =
    100 + 80 * anomaly.intensity + 4 * valueNoise(t, MINUTE_MS, ctx.seed, site.id, 'ep');
  const pm25 = round1(lerp(normal, Math.max(normal, episode), anomaly.level));
  return { aqi: aqiFromPm25(pm25), pm25, isAnomalous: anomaly.level > 0 };
};

// ─── Water level ──────────────────────────────────────────────────────────────────────────

const M2_PERIOD_MS = 12.42 * HOUR_MS;
const K1_PERIOD_MS = 23.93 * HOUR_MS;
const SPRING_NEAP_PERIOD_MS = 14.77 * DAY_MS;

export interface WaterReading {
  /** Water level in cm, integer. */
  levelCm: number;
  isAnomalous: boolean;
}

/**
 * A mixed, mainly semi-diurnal tide (M2 12.42 h plus a diurnal K1 term) with a spring–neap
 * cycle, higher from October to December (the high-tide season), and a station-specific
 * mean, range and lag. Normal levels stay roughly within 20–145 cm, below alarm level I
 * (150 cm); an anomaly (storm surge or a king tide with rain) lifts the level to 175–190 cm.
 */
export const sampleWater = (now: Date, site: Site, ctx: ModelContext): WaterReading => {
  const t = sampleTimeMs(now);
  const local = localTime(t);
  const h = (...parts: string[]) => hashUnit(ctx.seed, site.id, ...parts);
  const lagMs = 3 * HOUR_MS * h('lag');
  const tt = t - lagMs;
  const mean = 76 + 8 * h('mean');
  const springNeap = 0.8 + 0.2 * Math.cos((2 * Math.PI * tt) / SPRING_NEAP_PERIOD_MS);
  const m2 =
    36 * (0.85 + 0.15 * h('m2')) * springNeap * Math.cos((2 * Math.PI * tt) / M2_PERIOD_MS);
  const k1 = 12 * Math.cos((2 * Math.PI * tt) / K1_PERIOD_MS + 1.3);
  const season = 10 * Math.cos((2 * Math.PI * (local.dayOfYear - 320)) / 365);
  const noise = 2.5 * valueNoise(t, MINUTE_MS, ctx.seed, site.id, 'level');
  const normal = mean + m2 + k1 + season + noise;

  const anomaly = anomalyAt(t, site.id, ctx);
  const surge =
    175 + 15 * anomaly.intensity + 2.5 * valueNoise(t, MINUTE_MS, ctx.seed, site.id, 'surge');
  const levelCm = Math.round(lerp(normal, Math.max(normal, surge), anomaly.level));
  return { levelCm, isAnomalous: anomaly.level > 0 };
};

// ─── Training centres ─────────────────────────────────────────────────────────────────────

export interface TrainingReading {
  enrolled: number;
  capacity: number;
  /** enrolled / capacity in %, one decimal (may exceed 100 when a centre is overcrowded). */
  utilisationPct: number;
  isAnomalous: boolean;
}

/**
 * Enrolment close to capacity (72–89%), drifting slowly from day to day and within the day.
 * An anomaly (an intake surge) fills 96.6–100.6% of the seats.
 */
export const sampleTraining = (now: Date, site: Site, ctx: ModelContext): TrainingReading => {
  const t = sampleTimeMs(now);
  const capacity = site.capacity ?? 500;
  const base = 72 + 12 * hashUnit(ctx.seed, site.id, 'utilisation');
  const drift =
    3 * valueNoise(t, DAY_MS, ctx.seed, site.id, 'daily') +
    1 * valueNoise(t, 2 * HOUR_MS, ctx.seed, site.id, 'hourly');
  const normal = clamp(base + drift, 60, 89);
  const anomaly = anomalyAt(t, site.id, ctx);
  const surge = 96.6 + 4 * anomaly.intensity;
  const pct = lerp(normal, Math.max(normal, surge), anomaly.level);
  // Round up so that a surge of 96.6% stays above 96% after counting whole learners.
  const enrolled = Math.ceil((capacity * pct) / 100);
  return {
    enrolled,
    capacity,
    utilisationPct: capacity > 0 ? round1((100 * enrolled) / capacity) : 0,
    isAnomalous: anomaly.level > 0,
  };
};

// ─── Public services (one-stop desks) ─────────────────────────────────────────────────────

export interface PublicServiceReading {
  /** Applications received online since local midnight. */
  applicationsOnline: number;
  /** Applications received at the desk since local midnight. */
  applicationsInPerson: number;
  /** Share of applications received online over the last 7 days, %. */
  onlineSharePct: number;
  /** Share of applications due in the last 30 days that were settled late, %. */
  overdueRatePct: number;
  /** Average processing time over the last 7 days, hours. */
  avgProcessingHours: number;
  isAnomalous: boolean;
}

/** Office hours of a ward's one-stop desk in local minutes: weekdays and Saturday morning. */
const officeSessions = (dayOfWeek: number): readonly [number, number][] => {
  if (dayOfWeek === 0) return [];
  if (dayOfWeek === 6) return [[7 * 60 + 30, 11 * 60 + 30]];
  return [
    [7 * 60 + 30, 11 * 60 + 30],
    [13 * 60, 17 * 60],
  ];
};
const OFFICE_MINUTES_PER_WEEKDAY = 480;
/** Online applications keep arriving out of office hours, at this fraction of the office rate. */
const OFF_HOURS_ONLINE_RATE = 0.12;
/** Relative daily volume by day of week (Monday is the busiest). */
const WEEKDAY_VOLUME = [0, 1.2, 1, 1, 1, 0.95, 1] as const;

const overlapMinutes = (a0: number, a1: number, b0: number, b1: number) =>
  Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

/**
 * Applications follow office hours (7:30–11:30 and 13:00–17:00 Monday to Friday, Saturday
 * morning); 60–80% arrive online, and online ones trickle in at night and on Sundays too.
 * Counts are cumulative for the local day, so they only grow until midnight. The overdue rate
 * stays at 0.3–3.8% and rises to 6.3–9.3% during an anomaly (a backlog).
 */
export const samplePublicService = (
  now: Date,
  site: Site,
  ctx: ModelContext,
): PublicServiceReading => {
  const t = sampleTimeMs(now);
  const local = localTime(t);
  const h = (...parts: (string | number)[]) => hashUnit(ctx.seed, site.id, ...parts);
  // From a quiet rural commune to a busy urban ward.
  const dailyVolume = 40 + 220 * h('volume');
  const dayVolume =
    dailyVolume * (WEEKDAY_VOLUME[local.dayOfWeek] ?? 1) * (0.85 + 0.3 * h('day', local.dayIndex));
  // Fixed for the day, so that the day's counts (split by this share) never decrease.
  const onlineShare = clamp(
    0.62 + 0.16 * h('share') + 0.06 * (h('share', local.dayIndex) - 0.5),
    0.55,
    0.85,
  );
  const officeRate = dayVolume / OFFICE_MINUTES_PER_WEEKDAY;

  // Integrate arrival rates hour by hour since midnight; each hour gets its own multiplier so
  // that counts are lumpy but never decrease.
  const nowMinute = local.msOfDay / MINUTE_MS;
  const sessions = officeSessions(local.dayOfWeek);
  let online = 0;
  let inPerson = 0;
  for (let hour = 0; hour * 60 < nowMinute; hour++) {
    const from = hour * 60;
    const to = Math.min(nowMinute, from + 60);
    const office = sessions.reduce((sum, [s0, s1]) => sum + overlapMinutes(from, to, s0, s1), 0);
    const offHours = to - from - office;
    const busy = 0.7 + 0.6 * h('hour', local.dayIndex, hour);
    online += busy * officeRate * onlineShare * (office + OFF_HOURS_ONLINE_RATE * offHours);
    inPerson += busy * officeRate * (1 - onlineShare) * office;
  }

  const normalOverdue = clamp(
    0.6 + 2.6 * h('overdue') + 0.6 * valueNoise(t, DAY_MS, ctx.seed, site.id, 'od'),
    0.3,
    3.8,
  );
  const anomaly = anomalyAt(t, site.id, ctx);
  const backlog = 6.3 + 3 * anomaly.intensity;
  const overdueRatePct = round1(lerp(normalOverdue, backlog, anomaly.level));
  const processing =
    18 +
    22 * h('processing') +
    4 * valueNoise(t, DAY_MS, ctx.seed, site.id, 'proc') +
    15 * anomaly.level;
  return {
    applicationsOnline: Math.floor(online),
    applicationsInPerson: Math.floor(inPerson),
    onlineSharePct: round1(onlineShare * 100),
    overdueRatePct,
    avgProcessingHours: round1(processing),
    isAnomalous: anomaly.level > 0,
  };
};

// ─── Rainfall ─────────────────────────────────────────────────────────────────────────────

/**
 * Share of days with rain in Ho Chi Minh City, January to December (about 2, 1, 2, 5, 18, 19,
 * 23, 22, 23, 21, 12 and 7 rain days a month at Tân Sơn Hòa): a dry season from December to
 * April and a rainy season from May to November.
 */
const RAIN_DAY_PROBABILITY = [
  0.08, 0.04, 0.06, 0.18, 0.57, 0.63, 0.74, 0.72, 0.77, 0.67, 0.4, 0.22,
] as const;
/** Rainy days that also get light rain in the night (a trailing stratiform band). */
const NIGHT_RAIN_PROBABILITY = 0.2;
/** Gauges report nothing below this rate (a tipping bucket's resolution). */
const RAIN_RESOLUTION_MM = 0.1;

export interface RainReading {
  /** Rain rate in mm/h, one decimal; 0 when it is dry. */
  rainfallMm: number;
  /** A cloudburst (peak above 50 mm/h) is passing over the gauge. */
  isCloudburst: boolean;
}

/** One rain event at one gauge: when, how long and how hard. */
interface GaugeStorm {
  startMs: number;
  durationMs: number;
  peakMmH: number;
  isCloudburst: boolean;
}

/**
 * The storms of one local day that reach `siteId`. A rainy day (by the month's climatology)
 * has a convective afternoon storm starting 13:30–18:00 and covering 30–90% of the gauges,
 * each at its own time (±40 min: cells drift across the city) for 40 min to 2 h, peaking
 * at 2–40 mm/h, or 60–120 mm/h in a cloudburst (3–15% of the gauges it reaches, more on
 * severe days). Some rainy days add lighter night rain (19:00–02:00, up to 12 mm/h, 1–2.5 h).
 */
const gaugeStormsOfDay = (dayIndex: number, siteId: string, seed: number): GaugeStorm[] => {
  const dayStartMs = dayIndex * DAY_MS - HCMC_OFFSET_MS;
  const month = new Date(dayIndex * DAY_MS).getUTCMonth();
  const day = (...parts: (string | number)[]) => hashUnit(seed, 'rain', dayIndex, ...parts);
  const gauge = (...parts: (string | number)[]) =>
    hashUnit(seed, 'rain', dayIndex, siteId, ...parts);
  if (day('rainy') >= (RAIN_DAY_PROBABILITY[month] ?? 0)) return [];

  const storms: GaugeStorm[] = [];
  const coverage = 0.3 + 0.6 * day('coverage');
  if (gauge('reached') < coverage) {
    const severity = day('severity');
    const isCloudburst = gauge('cloudburst') < 0.03 + 0.12 * severity;
    storms.push({
      startMs:
        dayStartMs + (13.5 + 4.5 * day('start')) * HOUR_MS + (gauge('lag') - 0.5) * 80 * MINUTE_MS,
      durationMs: (40 + 80 * gauge('duration')) * MINUTE_MS,
      peakMmH: isCloudburst ? 60 + 60 * gauge('peak') : 2 + 38 * gauge('peak') ** 2,
      isCloudburst,
    });
  }
  if (day('night') < NIGHT_RAIN_PROBABILITY && gauge('night-reached') < 0.6) {
    storms.push({
      startMs:
        dayStartMs +
        (19 + 7 * day('night-start')) * HOUR_MS +
        (gauge('night-lag') - 0.5) * 60 * MINUTE_MS,
      durationMs: (1 + 1.5 * gauge('night-duration')) * HOUR_MS,
      peakMmH: 1 + 11 * gauge('night-peak'),
      isCloudburst: false,
    });
  }
  return storms;
};

/** A convective hyetograph: a quick rise (first 15%) to the peak, then an exponential tail. */
const stormShape = (x: number): number => {
  if (x < 0 || x >= 1) return 0;
  if (x < 0.15) {
    const u = x / 0.15;
    return u * u * (3 - 2 * u);
  }
  return Math.exp((-2.5 * (x - 0.15)) / 0.85);
};

/**
 * Rain rate at a gauge (mm/h, the "rainfall over the last hour" a rain gauge reports), for the
 * rain gauges co-located with the water-level stations. Mostly 0: it rains on most afternoons
 * of the rainy season (May–November), rarely in the dry season, with occasional night rain;
 * showers peak at 2–40 mm/h and cloudbursts at 60–120 mm/h (above the 50 mm/h of the heavy
 * rain rule only around their peak). Depends only on the second, the site and the seed.
 */
export const sampleRain = (now: Date, site: Site, ctx: ModelContext): RainReading => {
  const t = sampleTimeMs(now);
  const { dayIndex } = localTime(t);
  let rate = 0;
  let isCloudburst = false;
  // Night rain that starts in the evening runs past midnight: look at yesterday's storms too.
  for (const day of [dayIndex - 1, dayIndex]) {
    for (const storm of gaugeStormsOfDay(day, site.id, ctx.seed)) {
      const shape = stormShape((t - storm.startMs) / storm.durationMs);
      if (shape === 0) continue;
      const gust =
        1 + 0.15 * valueNoise(t, 2 * MINUTE_MS, ctx.seed, site.id, 'rain', storm.startMs);
      rate += storm.peakMmH * shape * gust;
      isCloudburst ||= storm.isCloudburst;
    }
  }
  const rainfallMm = rate < RAIN_RESOLUTION_MM ? 0 : round1(rate);
  return { rainfallMm, isCloudburst: isCloudburst && rainfallMm > 0 };
};
