import type { Site, SiteKind } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { buildDemoCity } from '../demo/city';
import { mulberry32 } from '../demo/prng';
import {
  ANOMALY_SLOT_MS,
  anomalyAt,
  aqiFromPm25,
  localTime,
  type ModelContext,
  observedAtOf,
  sampleAir,
  samplePublicService,
  sampleRain,
  sampleTraining,
  sampleWater,
} from './models';

const SEED = 168;
const city = buildDemoCity();
const rosterOf = (kind: SiteKind): { sites: Site[]; ctx: ModelContext } => {
  const sites = city.sites.filter((s) => s.kind === kind);
  return { sites, ctx: { seed: SEED, roster: sites.map((s) => s.id) } };
};
const air = rosterOf('air_sensor');
const water = rosterOf('water_sensor');
const training = rosterOf('training_centre');
const services = rosterOf('service_centre');

/** A Date at the given local (UTC+7) wall-clock time. */
const hcmc = (iso: string) => new Date(`${iso}+07:00`);
const HOUR = 3_600_000;
const WEEK_START = hcmc('2025-11-03T00:00:00').getTime(); // a Monday in the high-tide season

/** Sample instants over a week: random ones plus the moments around each anomaly hand-over. */
const sampleTimes = (() => {
  const random = mulberry32(42);
  const times: number[] = [];
  for (let i = 0; i < 400; i++) times.push(WEEK_START + Math.floor(random() * 7 * 24 * HOUR));
  const firstSlot = Math.ceil(WEEK_START / ANOMALY_SLOT_MS);
  for (let slot = firstSlot; slot < firstSlot + 7 * 288; slot += 11) {
    for (const offset of [-1_000, 0, 30_000, 59_000, 61_000, 150_000]) {
      times.push(slot * ANOMALY_SLOT_MS + offset);
    }
  }
  return times.map((t) => new Date(t));
})();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN;

describe('localTime', () => {
  it('reads the wall clock in Ho Chi Minh City (UTC+7, no DST)', () => {
    const t = localTime(Date.parse('2025-01-06T01:30:00Z'));
    expect(t.hour).toBe(8.5);
    expect(t.dayOfWeek).toBe(1);
    expect(localTime(Date.parse('2025-07-06T17:00:00Z')).dayOfWeek).toBe(1);
  });
});

describe('aqiFromPm25', () => {
  it.each([
    [0, 0],
    [25, 50],
    [37.5, 75],
    [50, 100],
    [80, 150],
    [95, 161],
    [150, 200],
    [250, 300],
    [600, 500],
  ])('turns PM2.5 %d µg/m³ into VN_AQI %d', (pm25, aqi) => {
    expect(aqiFromPm25(pm25)).toBe(aqi);
  });
});

describe('anomalyAt', () => {
  it.each([
    ['air', 'an AQI above 160', air, (s: Site, now: Date) => sampleAir(now, s, air.ctx).aqi > 160],
    [
      'water',
      'a level above 170 cm',
      water,
      (s: Site, now: Date) => sampleWater(now, s, water.ctx).levelCm > 170,
    ],
    [
      'training',
      'utilisation above 96%',
      training,
      (s: Site, now: Date) => sampleTraining(now, s, training.ctx).utilisationPct > 96,
    ],
    [
      'public-service',
      'an overdue rate above 6%',
      services,
      (s: Site, now: Date) => samplePublicService(now, s, services.ctx).overdueRatePct > 6,
    ],
  ])(
    'keeps at least one %s site with %s at every sampled instant of a week',
    (_, __, group, isAlarming) => {
      for (const now of sampleTimes) {
        expect(group.sites.some((s) => isAlarming(s, now))).toBe(true);
      }
    },
  );

  it('ends every anomaly: each site is anomalous only a small part of the week', () => {
    for (const site of water.sites) {
      const share =
        sampleTimes.filter((now) => anomalyAt(now.getTime(), site.id, water.ctx).level > 0).length /
        sampleTimes.length;
      expect(share).toBeLessThan(0.4);
    }
  });

  it('rotates through every site of the roster within a day', () => {
    const seen = new Set<string>();
    for (let t = WEEK_START; t < WEEK_START + 24 * HOUR; t += ANOMALY_SLOT_MS) {
      for (const site of training.sites) {
        if (anomalyAt(t + 150_000, site.id, training.ctx).level === 1) seen.add(site.id);
      }
    }
    expect(seen.size).toBe(training.sites.length);
  });
});

describe('normal readings', () => {
  it('stay on the normal side of every rule’s clear threshold when no anomaly is running', {
    timeout: 30_000,
  }, () => {
    for (const now of sampleTimes) {
      for (const s of air.sites) {
        const r = sampleAir(now, s, air.ctx);
        if (!r.isAnomalous) expect(r.aqi).toBeLessThan(130);
      }
      for (const s of water.sites) {
        const r = sampleWater(now, s, water.ctx);
        if (!r.isAnomalous) expect(r.levelCm).toBeLessThan(150);
        expect(r.levelCm).toBeGreaterThan(10);
      }
      for (const s of training.sites) {
        const r = sampleTraining(now, s, training.ctx);
        if (!r.isAnomalous) expect(r.utilisationPct).toBeLessThan(90);
      }
      for (const s of services.sites) {
        const r = samplePublicService(now, s, services.ctx);
        if (!r.isAnomalous) expect(r.overdueRatePct).toBeLessThan(4);
      }
    }
  });
});

describe('sampleAir', () => {
  const medianPm25 = (hour: string) =>
    median(
      ['2025-11-04', '2025-11-05', '2025-11-06'].flatMap((day) =>
        air.sites
          .map((s) => sampleAir(hcmc(`${day}T${hour}`), s, air.ctx))
          .filter((r) => !r.isAnomalous)
          .map((r) => r.pm25),
      ),
    );

  it.each([
    ['08:00:00', '13:00:00'],
    ['18:00:00', '13:00:00'],
    ['08:00:00', '03:00:00'],
    ['18:00:00', '03:00:00'],
  ])('is dirtier at the %s rush hour than at %s', (rush, quiet) => {
    expect(medianPm25(rush)).toBeGreaterThan(medianPm25(quiet) * 1.4);
  });

  it('reports an AQI consistent with its PM2.5', () => {
    const site = air.sites[0] as Site;
    const r = sampleAir(hcmc('2025-11-04T08:00:00'), site, air.ctx);
    expect(r.aqi).toBe(aqiFromPm25(r.pm25));
  });
});

describe('sampleWater', () => {
  const site = water.sites[0] as Site;
  const reading = (t: number) => sampleWater(new Date(t), site, water.ctx);
  /** Correlation of the normal (non-anomalous) level with itself `lagMs` later. */
  const correlation = (lagMs: number) => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let t = WEEK_START; t < WEEK_START + 7 * 24 * HOUR; t += HOUR / 2) {
      const [x, y] = [reading(t), reading(t + lagMs)];
      if (x.isAnomalous || y.isAnomalous) continue;
      xs.push(x.levelCm);
      ys.push(y.levelCm);
    }
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const mx = mean(xs);
    const my = mean(ys);
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    xs.forEach((x, i) => {
      const y = ys[i] as number;
      sxy += (x - mx) * (y - my);
      sxx += (x - mx) ** 2;
      syy += (y - my) ** 2;
    });
    return sxy / Math.sqrt(sxx * syy);
  };

  it('follows a semi-diurnal tide: high again after 12.42 h, low after half of that', () => {
    expect(correlation(12.42 * HOUR)).toBeGreaterThan(0.5);
    expect(correlation(6.21 * HOUR)).toBeLessThan(-0.3);
  });

  it('runs higher in October–December than in April–June', () => {
    const meanOver = (startIso: string) => {
      let sum = 0;
      let n = 0;
      const start = hcmc(startIso).getTime();
      for (let t = start; t < start + 30 * 24 * HOUR; t += 3 * HOUR + 17 * 60_000) {
        for (const s of water.sites) {
          const r = sampleWater(new Date(t), s, water.ctx);
          if (!r.isAnomalous) {
            sum += r.levelCm;
            n++;
          }
        }
      }
      return sum / n;
    };
    expect(meanOver('2025-11-01T00:00:00')).toBeGreaterThan(meanOver('2025-05-01T00:00:00') + 10);
  });
});

describe('samplePublicService', () => {
  const site = services.sites[0] as Site;
  const at = (iso: string) => samplePublicService(hcmc(iso), site, services.ctx);

  it('receives nothing at the desk before office hours', () => {
    expect(at('2025-11-03T07:00:00').applicationsInPerson).toBe(0);
  });

  it('receives applications at the desk during office hours', () => {
    expect(at('2025-11-03T10:00:00').applicationsInPerson).toBeGreaterThan(0);
  });

  it('stops desk applications at lunch and after 17:00', () => {
    expect(at('2025-11-03T12:30:00').applicationsInPerson).toBe(
      at('2025-11-03T11:30:00').applicationsInPerson,
    );
    expect(at('2025-11-03T21:00:00').applicationsInPerson).toBe(
      at('2025-11-03T17:00:00').applicationsInPerson,
    );
  });

  it('opens the desk on Saturday morning only and not on Sunday', () => {
    expect(at('2025-11-08T11:00:00').applicationsInPerson).toBeGreaterThan(0);
    expect(at('2025-11-08T16:00:00').applicationsInPerson).toBe(
      at('2025-11-08T11:30:00').applicationsInPerson,
    );
    expect(at('2025-11-09T15:00:00').applicationsInPerson).toBe(0);
  });

  it('never lowers the day’s counts before midnight', () => {
    let previous = { online: 0, inPerson: 0 };
    for (let minute = 0; minute < 24 * 60; minute += 7) {
      const r = samplePublicService(new Date(WEEK_START + minute * 60_000), site, services.ctx);
      expect(r.applicationsOnline).toBeGreaterThanOrEqual(previous.online);
      expect(r.applicationsInPerson).toBeGreaterThanOrEqual(previous.inPerson);
      previous = { online: r.applicationsOnline, inPerson: r.applicationsInPerson };
    }
  });

  it('receives 55–85% of applications online', () => {
    for (const s of services.sites) {
      const r = samplePublicService(hcmc('2025-11-04T16:59:00'), s, services.ctx);
      expect(r.onlineSharePct).toBeGreaterThanOrEqual(55);
      expect(r.onlineSharePct).toBeLessThanOrEqual(85);
      const share = r.applicationsOnline / (r.applicationsOnline + r.applicationsInPerson);
      expect(share).toBeGreaterThan(0.5);
      expect(share).toBeLessThan(0.9);
    }
  });
});

describe('sampleTraining', () => {
  it('keeps enrolment close to capacity and consistent with the utilisation', () => {
    for (const s of training.sites) {
      const r = sampleTraining(hcmc('2025-11-04T10:00:00'), s, training.ctx);
      expect(r.capacity).toBe(s.capacity);
      expect(r.utilisationPct).toBeGreaterThan(60);
      expect(r.utilisationPct).toBeLessThanOrEqual(101);
      expect(r.utilisationPct).toBeCloseTo((100 * r.enrolled) / r.capacity, 1);
    }
  });

  it('drifts slowly: a minute later enrolment moves by at most 1% of the seats', () => {
    for (const s of training.sites) {
      const a = sampleTraining(hcmc('2025-11-04T10:00:00'), s, training.ctx);
      const b = sampleTraining(hcmc('2025-11-04T10:01:00'), s, training.ctx);
      if (!a.isAnomalous && !b.isAnomalous) {
        expect(Math.abs(a.enrolled - b.enrolled)).toBeLessThanOrEqual(Math.ceil(a.capacity / 100));
      }
    }
  });
});

describe('sampleRain', () => {
  const MINUTE = 60_000;
  const DAY = 24 * HOUR;
  /** Every gauge every `stepMs` over `days` local days from `fromIso` (local midnight). */
  const scan = (fromIso: string, days: number, stepMs: number) => {
    const start = hcmc(`${fromIso}T00:00:00`).getTime();
    const readings: { t: number; site: Site; rainfallMm: number; isCloudburst: boolean }[] = [];
    for (let t = start; t < start + days * DAY; t += stepMs) {
      for (const site of water.sites) {
        readings.push({ t, site, ...sampleRain(new Date(t), site, water.ctx) });
      }
    }
    return readings;
  };
  const localHour = (t: number) => localTime(t).hour;
  // June–September, every 5 minutes: the heart of the rainy season.
  let rainySeason: ReturnType<typeof scan> | null = null;
  const rainy = () => {
    rainySeason ??= scan('2025-06-01', 122, 5 * MINUTE);
    return rainySeason;
  };
  const shareOf = <T>(items: T[], predicate: (item: T) => boolean) =>
    items.filter(predicate).length / items.length;

  it('is dry most of the time, even in the rainy season', { timeout: 30_000 }, () => {
    const year = scan('2025-01-01', 365, 37 * MINUTE);
    expect(shareOf(year, (r) => r.rainfallMm === 0)).toBeGreaterThan(0.95);
    const wetShare = shareOf(rainy(), (r) => r.rainfallMm > 0);
    expect(wetShare).toBeGreaterThan(0.01);
    expect(wetShare).toBeLessThan(0.1);
  });

  it('hardly rains in the dry season (January–March)', () => {
    const dry = scan('2025-01-01', 90, 20 * MINUTE);
    expect(shareOf(dry, (r) => r.rainfallMm > 0)).toBeLessThan(0.005);
  });

  it('rains mostly in the afternoon and early evening', { timeout: 30_000 }, () => {
    const wet = rainy().filter((r) => r.rainfallMm > 0);
    expect(shareOf(wet, (r) => localHour(r.t) >= 13 && localHour(r.t) < 20)).toBeGreaterThan(0.6);
    expect(shareOf(wet, (r) => localHour(r.t) >= 6 && localHour(r.t) < 12)).toBe(0);
  });

  it('has occasional cloudbursts above 50 mm/h, and only cloudbursts go that high', {
    timeout: 30_000,
  }, () => {
    const readings = rainy();
    const heavy = readings.filter((r) => r.rainfallMm > 50);
    const heavyDays = new Set(heavy.map((r) => localTime(r.t).dayIndex));
    // Some days of the season, not most of them.
    expect(heavyDays.size).toBeGreaterThan(5);
    expect(heavyDays.size).toBeLessThan(80);
    expect(heavy.every((r) => r.isCloudburst)).toBe(true);
    // Checked in bulk (half a million readings): one expect each would take seconds.
    const odd = readings.filter(
      (r) =>
        !(r.rainfallMm >= 0 && r.rainfallMm < 150) ||
        Math.round(r.rainfallMm * 10) / 10 !== r.rainfallMm ||
        (!r.isCloudburst && r.rainfallMm >= 50),
    );
    expect(odd).toEqual([]);
  });

  it('lets a cloudburst pass: below the 40 mm/h clear threshold three hours later', {
    timeout: 30_000,
  }, () => {
    for (const r of rainy().filter((reading) => reading.rainfallMm > 50)) {
      expect(sampleRain(new Date(r.t + 3 * HOUR), r.site, water.ctx).rainfallMm).toBeLessThan(40);
    }
  });

  it('falls at different rates at different gauges during a storm', { timeout: 30_000 }, () => {
    const byTime = new Map<number, number[]>();
    for (const r of rainy()) byTime.set(r.t, [...(byTime.get(r.t) ?? []), r.rainfallMm]);
    const stormy = [...byTime.values()].filter((rates) => rates.filter((x) => x > 0).length >= 3);
    expect(stormy.length).toBeGreaterThan(0);
    expect(stormy.some((rates) => rates.includes(0))).toBe(true);
    expect(stormy.some((rates) => new Set(rates).size > 3)).toBe(true);
  });

  it('is deterministic, to the second, and depends on the seed', { timeout: 30_000 }, () => {
    const wet = rainy().find((r) => r.rainfallMm > 0);
    if (!wet) throw new Error('no rain in the rainy season');
    const at = new Date(wet.t + 400);
    expect(sampleRain(at, wet.site, water.ctx)).toEqual(
      sampleRain(new Date(wet.t), wet.site, water.ctx),
    );
    const other = { ...water.ctx, seed: SEED + 1 };
    const days = (ctx: ModelContext) =>
      water.sites.flatMap((s) =>
        Array.from(
          { length: 72 },
          (_, i) =>
            sampleRain(new Date(hcmc('2025-07-01T00:00:00').getTime() + i * HOUR), s, ctx)
              .rainfallMm,
        ),
      );
    expect(days(other)).not.toEqual(days(water.ctx));
  });
});

describe('determinism', () => {
  const now = new Date('2025-11-04T01:23:45.678Z');

  it('returns the same readings for the same instant and seed', () => {
    for (const s of air.sites)
      expect(sampleAir(now, s, air.ctx)).toEqual(sampleAir(now, s, air.ctx));
    for (const s of services.sites) {
      expect(samplePublicService(now, s, services.ctx)).toEqual(
        samplePublicService(new Date(now), s, services.ctx),
      );
    }
  });

  it('samples at the second: milliseconds do not change the readings', () => {
    const truncated = new Date('2025-11-04T01:23:45Z');
    for (const s of water.sites) {
      expect(sampleWater(now, s, water.ctx)).toEqual(sampleWater(truncated, s, water.ctx));
    }
    expect(observedAtOf(now)).toBe('2025-11-04T01:23:45Z');
  });

  it('gives other readings with another seed', () => {
    const other = { ...water.ctx, seed: SEED + 1 };
    const levels = (ctx: ModelContext) => water.sites.map((s) => sampleWater(now, s, ctx).levelCm);
    expect(levels(other)).not.toEqual(levels(water.ctx));
  });
});

describe('anomaly rotation', () => {
  it.each([1, 2, 3, 5])('with %i sites, always has one site fully anomalous', (n) => {
    const roster = Array.from({ length: n }, (_, i) => `site:x-${i}`);
    const ctx = { seed: SEED, roster };
    for (let t = WEEK_START; t < WEEK_START + 6 * HOUR; t += 41_000) {
      expect(roster.some((id) => anomalyAt(t, id, ctx).level === 1)).toBe(true);
    }
  });
});
