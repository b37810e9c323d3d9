import { describe, expect, it } from 'vitest';
import { distanceKm } from '../demo/geometry';
import { mulberry32 } from '../demo/prng';
import { HCMC_WARD_ROWS } from '../demo/wards';
import {
  isPeakHour,
  sampleTraffic,
  TRAFFIC_BOTTLENECK_SLOT_MS,
  TRAFFIC_SEGMENTS,
  type TrafficReading,
} from './traffic';

const SEED = 168;
const HOUR = 3_600_000;
const hcmc = (iso: string) => new Date(`${iso}+07:00`);
const WEEK_START = hcmc('2025-11-03T00:00:00').getTime(); // a Monday

/** Every 5 minutes over a week, each shifted by a random second, plus every bottleneck hand-over. */
const weekTimes = (() => {
  const random = mulberry32(11);
  const times: number[] = [];
  for (let t = WEEK_START; t < WEEK_START + 7 * 24 * HOUR; t += 5 * 60_000) {
    times.push(t + Math.floor(random() * 300) * 1000);
  }
  for (let t = WEEK_START; t < WEEK_START + 7 * 24 * HOUR; t += TRAFFIC_BOTTLENECK_SLOT_MS) {
    times.push(t - 1_000, t);
  }
  return times.map((t) => new Date(t));
})();
const week = weekTimes.map((now) => ({ now, readings: sampleTraffic(now, SEED) }));

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('TRAFFIC_SEGMENTS', () => {
  it('lists a dozen main-road segments, each in a known ward near its counter', () => {
    expect(TRAFFIC_SEGMENTS).toHaveLength(12);
    expect(new Set(TRAFFIC_SEGMENTS.map((s) => s.id)).size).toBe(12);
    for (const s of TRAFFIC_SEGMENTS) {
      expect(s.id).toMatch(/^[a-z0-9-]+$/);
      const ward = HCMC_WARD_ROWS.find((w) => w.code === s.wardCode);
      expect(ward?.name).toBe(s.wardName);
      expect(distanceKm(ward?.centroid ?? [0, 0], s.location)).toBeLessThan(3);
    }
    const names = TRAFFIC_SEGMENTS.map((s) => s.name).join(' | ');
    for (const road of [
      'Điện Biên Phủ',
      'Võ Văn Kiệt',
      'Xa lộ Hà Nội',
      'Nguyễn Văn Linh',
      'Cộng Hòa',
      'Trường Chinh',
      'Quốc lộ 13',
      'Phạm Văn Đồng',
    ]) {
      expect(names).toContain(road);
    }
  });
});

describe('sampleTraffic', () => {
  it('is deterministic for a time and a seed, to the second', () => {
    const now = hcmc('2025-11-04T07:45:12');
    expect(sampleTraffic(now, SEED)).toEqual(sampleTraffic(new Date(now.getTime() + 800), SEED));
    expect(sampleTraffic(now, SEED)).not.toEqual(sampleTraffic(now, SEED + 1));
  });

  it('reports plausible values for every segment', () => {
    const problems: string[] = [];
    for (const { now, readings } of week) {
      expect(readings.map((r) => r.segmentId)).toEqual(TRAFFIC_SEGMENTS.map((s) => s.id));
      readings.forEach((r, i) => {
        const s = TRAFFIC_SEGMENTS[i] as (typeof TRAFFIC_SEGMENTS)[number];
        const ok =
          Number.isInteger(r.intensity) &&
          r.intensity > 0 &&
          r.intensity <= 1.05 * s.capacityPer5Min + 1 &&
          r.averageVehicleSpeed > 0 &&
          r.averageVehicleSpeed <= s.freeFlowKmh &&
          r.occupancy >= 0 &&
          r.occupancy <= 1 &&
          r.congested === r.averageVehicleSpeed < 0.4 * s.freeFlowKmh;
        if (!ok) problems.push(`${now.toISOString()} ${JSON.stringify(r)}`);
      });
    }
    expect(problems).toEqual([]);
  });

  it('has at least one congested segment at every instant of the working-day peaks', () => {
    const peaks = week.filter(({ now }) => isPeakHour(now));
    // 5 working days × 4.5 peak hours × 12 samples an hour, plus the hand-overs.
    expect(peaks.length).toBeGreaterThan(250);
    for (const { now, readings } of peaks) {
      expect(
        readings.some((r) => r.congested),
        now.toISOString(),
      ).toBe(true);
    }
  });

  it('knows the peak windows: 6:30–8:30 and 16:30–19:00 on working days only', () => {
    expect(isPeakHour(hcmc('2025-11-04T06:29:59'))).toBe(false);
    expect(isPeakHour(hcmc('2025-11-04T06:30:00'))).toBe(true);
    expect(isPeakHour(hcmc('2025-11-04T08:29:59'))).toBe(true);
    expect(isPeakHour(hcmc('2025-11-04T08:30:00'))).toBe(false);
    expect(isPeakHour(hcmc('2025-11-04T16:30:00'))).toBe(true);
    expect(isPeakHour(hcmc('2025-11-04T18:59:59'))).toBe(true);
    expect(isPeakHour(hcmc('2025-11-04T19:00:00'))).toBe(false);
    expect(isPeakHour(hcmc('2025-11-08T07:30:00'))).toBe(false); // Saturday
    expect(isPeakHour(hcmc('2025-11-09T17:30:00'))).toBe(false); // Sunday
  });

  it('is busy and slow at the peaks, free-flowing at night', () => {
    const at = (hour: number) =>
      week.filter(({ now }) => {
        const local = new Date(now.getTime() + 7 * HOUR);
        const day = local.getUTCDay();
        return day >= 1 && day <= 5 && local.getUTCHours() === hour;
      });
    const flat = (samples: typeof week) => samples.flatMap((s) => s.readings);
    const morning = flat(at(7));
    const night = flat(at(2));
    expect(mean(morning.map((r) => r.intensity))).toBeGreaterThan(
      5 * mean(night.map((r) => r.intensity)),
    );
    expect(mean(morning.map((r) => r.averageVehicleSpeed))).toBeLessThan(
      0.6 * mean(night.map((r) => r.averageVehicleSpeed)),
    );
    expect(mean(morning.map((r) => r.occupancy))).toBeGreaterThan(
      mean(night.map((r) => r.occupancy)),
    );
    expect(night.filter((r) => r.congested && !r.isJam)).toEqual([]);
  });

  it('slows down as the flow rises, segment by segment', () => {
    TRAFFIC_SEGMENTS.forEach((_, i) => {
      const readings = week
        .map(({ readings }) => readings[i] as TrafficReading)
        .filter((r) => !r.isJam)
        .sort((a, b) => a.intensity - b.intensity);
      const quarter = Math.floor(readings.length / 4);
      const light = readings.slice(0, quarter).map((r) => r.averageVehicleSpeed);
      const heavy = readings.slice(-quarter).map((r) => r.averageVehicleSpeed);
      expect(mean(heavy)).toBeLessThan(mean(light));
    });
  });

  it('jams one segment now and then (speed under 10 km/h), never several at once', () => {
    const jammed = week.filter(({ readings }) => readings.some((r) => r.isJam));
    expect(jammed.length).toBeGreaterThan(week.length * 0.05);
    expect(jammed.length).toBeLessThan(week.length * 0.3);
    for (const { readings } of jammed) {
      const jams = readings.filter((r) => r.isJam);
      expect(jams).toHaveLength(1);
      expect(jams[0]?.averageVehicleSpeed).toBeLessThan(10);
      expect(jams[0]?.congested).toBe(true);
    }
    const slow = week.flatMap(({ readings }) => readings.filter((r) => r.averageVehicleSpeed < 10));
    expect(slow.every((r) => r.isJam)).toBe(true);
  });
});
