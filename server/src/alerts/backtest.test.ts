import { type Observation, type Rule, type RuleInput, RuleSchema } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { backtestRule, backtestWarmupMs, firesPerHour } from './backtest';
import { baselineKey, emptyContext, hourOfWeek, type RuleContext } from './evaluate-batch';

const T0 = Date.UTC(2026, 10, 23, 0, 0);
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();
const FROM = at(0);
const TO = at(24 * 60);

const rule = (overrides: Partial<RuleInput> = {}): Rule =>
  RuleSchema.parse({
    id: 'rule:water',
    name: { vi: 'Mực nước cao', en: 'High water' },
    kind: 'threshold',
    departmentId: 'dept:TNMT',
    indicatorId: 'water.level_cm',
    severity: 'Severe',
    params: { operator: 'above', threshold: 160, clearThreshold: 150, pendingSeconds: 600 },
    enabled: true,
    ...overrides,
  });

const obs = (minute: number, value: number, subjectId = 'site:wl-01'): Observation => ({
  indicatorId: 'water.level_cm',
  subjectId,
  observedAt: at(minute),
  value,
});

/** A reading every `step` minutes over [start, end), the value from `f(minute)`. */
const series = (
  start: number,
  end: number,
  step: number,
  f: (minute: number) => number,
  subjectId = 'site:wl-01',
) => {
  const out: Observation[] = [];
  for (let m = start; m < end; m += step) out.push(obs(m, f(m), subjectId));
  return out;
};

const brief = (r: ReturnType<typeof backtestRule>) =>
  r.decisions.map((d) => [d.transition, d.subjectId, d.at]);

describe('backtestRule', () => {
  it('fires a threshold with a pending period once over a long breach, and resolves it', () => {
    // 100 cm all day, but 170 cm from 10:00 to 12:00.
    const readings = series(-60, 24 * 60, 5, (m) => (m >= 600 && m < 720 ? 170 : 100));
    const result = backtestRule(rule(), readings, emptyContext(), { from: FROM, to: TO });
    expect(brief(result)).toEqual([
      ['fire', 'site:wl-01', at(610)],
      ['resolve', 'site:wl-01', at(720)],
    ]);
    expect(result).toMatchObject({ evaluated: readings.length, subjects: 1, firingAtEnd: [] });
  });

  it('does not fire a breach shorter than the pending period', () => {
    const readings = series(0, 120, 5, (m) => (m === 30 || m === 35 ? 170 : 100));
    expect(
      backtestRule(rule(), readings, emptyContext(), { from: FROM, to: at(120) }).decisions,
    ).toEqual([]);
  });

  it('reports only decisions within the range; warm-up readings start the pending period', () => {
    // The breach began 5 min before `from`: it fires 10 min later at 00:05 (not at 00:10, as
    // it would without the warm-up).
    const readings = series(-60, 60, 5, (m) => (m >= -5 ? 170 : 100));
    const result = backtestRule(rule(), readings, emptyContext(), { from: FROM, to: at(60) });
    expect(brief(result)).toEqual([['fire', 'site:wl-01', at(5)]]);
    expect(result.firingAtEnd).toEqual(['site:wl-01']);
    // A breach entirely in the warm-up fires before `from`: not reported, but still firing.
    const early = backtestRule(
      rule(),
      series(-60, 60, 5, (m) => (m >= -50 ? 170 : 100)),
      emptyContext(),
      { from: FROM, to: at(60) },
    );
    expect(early.decisions).toEqual([]);
    expect(early.firingAtEnd).toEqual(['site:wl-01']);
  });

  it('fires no_data when a subject goes silent longer than the threshold, and resolves when it reports again', () => {
    const silent = rule({
      kind: 'no_data',
      params: { operator: 'above', threshold: 900, clearThreshold: 60, pendingSeconds: 0 },
    });
    // Every 5 min, silent from 01:00 to 02:00, then reporting again.
    const readings = series(-60, 180, 5, (m) => m).filter((o) => {
      const m = (Date.parse(o.observedAt) - T0) / 60_000;
      return m < 60 || m >= 120;
    });
    const result = backtestRule(silent, readings, emptyContext(), { from: FROM, to: at(180) });
    // Last reading 00:55; silent more than 15 min at 01:11 (the first tick past 01:10); a
    // reading at 02:00 and the tick at 02:00 measure an age of 0 again.
    expect(brief(result)).toEqual([
      ['fire', 'site:wl-01', at(71)],
      ['resolve', 'site:wl-01', at(120)],
    ]);
  });

  it('counts an area rule per ward within its window, and lets the surge age out', () => {
    const crowd = rule({
      id: 'rule:slow',
      kind: 'area',
      indicatorId: 'water.level_cm',
      params: {
        operator: 'above',
        threshold: 3,
        clearThreshold: 2,
        pendingSeconds: 0,
        windowSeconds: 600,
        match: { operator: 'below', value: 15 },
      },
    });
    const sites = new Map([
      ['site:a', { kind: 'traffic_sensor', areaId: 'ward:1', capacity: null }],
      ['site:b', { kind: 'traffic_sensor', areaId: 'ward:1', capacity: null }],
      ['site:c', { kind: 'traffic_sensor', areaId: 'ward:2', capacity: null }],
    ]);
    const readings = [
      obs(100, 10, 'site:a'),
      obs(101, 10, 'site:b'),
      obs(102, 40, 'site:a'), // not slow: not counted
      obs(103, 12, 'site:a'),
      obs(104, 11, 'site:b'), // fourth slow reading in ward 1 within 10 min
      obs(104, 5, 'site:c'), // ward 2 has one
    ];
    const result = backtestRule(
      crowd,
      readings,
      { ...emptyContext(), sites },
      { from: FROM, to: at(180) },
    );
    // Fires at 01:44 on 4 readings; the clock recounts the 10-min window: 3 at 01:51, 2 at
    // 01:52 (not yet below the clear level), 1 at 01:53: resolved.
    expect(result.decisions.map((d) => [d.transition, d.subjectId, d.value])).toEqual([
      ['fire', 'ward:1', 4],
      ['resolve', 'ward:1', 1],
    ]);
    expect(result.decisions[0]?.at).toBe(at(104));
    expect(result.decisions[1]?.at).toBe(at(113));
  });

  it('judges an anomaly against the given baseline', () => {
    const unusual = rule({
      kind: 'anomaly',
      params: { operator: 'above', threshold: 3, clearThreshold: 1, pendingSeconds: 0 },
    });
    const readings = series(0, 180, 10, (m) => (m >= 60 && m < 90 ? 200 : 100));
    const byHour = new Map<number, { n: number; mean: number; std: number }>();
    for (let m = 0; m < 180; m += 60) byHour.set(hourOfWeek(at(m)), { n: 28, mean: 100, std: 10 });
    const context: RuleContext = {
      ...emptyContext(),
      baselines: new Map([[baselineKey('water.level_cm', 'site:wl-01'), byHour]]),
    };
    const result = backtestRule(unusual, readings, context, { from: FROM, to: at(180) });
    expect(result.decisions.map((d) => [d.transition, d.value, d.at])).toEqual([
      ['fire', 10, at(60)],
      ['resolve', 0, at(90)],
    ]);
    // Without a baseline nothing is judged.
    expect(
      backtestRule(unusual, readings, emptyContext(), { from: FROM, to: at(180) }).decisions,
    ).toEqual([]);
  });

  it('keeps firing for the keep-firing period, then resolves on the clock', () => {
    const sticky = rule({
      params: {
        operator: 'above',
        threshold: 160,
        clearThreshold: 150,
        pendingSeconds: 0,
        keepFiringSeconds: 1_800,
      },
    });
    // A flapping signal: over, under, over within the keep-firing period, then normal.
    const readings = [obs(10, 170), obs(20, 100), obs(30, 170), obs(40, 100), obs(50, 100)];
    const result = backtestRule(sticky, readings, emptyContext(), { from: FROM, to: at(180) });
    expect(brief(result)).toEqual([
      ['fire', 'site:wl-01', at(10)],
      // Came back at 00:40; 30 min later the tick at 01:10 resolves it.
      ['resolve', 'site:wl-01', at(70)],
    ]);
  });

  it('measures a rate of change between readings, warm-up included', () => {
    const rising = rule({
      kind: 'rate_of_change',
      params: { operator: 'above', threshold: 30, clearThreshold: 10, pendingSeconds: 0 },
    });
    const readings = series(-60, 120, 15, (m) => (m < 30 ? 100 : 100 + (m - 15) * 1));
    const result = backtestRule(rising, readings, emptyContext(), { from: FROM, to: at(120) });
    // From 00:30 the level rises 15 cm every 15 min: 60 cm/h.
    expect(result.decisions.map((d) => [d.transition, d.value, d.at])).toEqual([
      ['fire', 60, at(30)],
    ]);
  });

  it('stays within its scope and its indicator', () => {
    const scoped = rule({ scope: { subjectIds: ['site:wl-02'] } });
    const readings = [
      ...series(0, 60, 5, () => 170, 'site:wl-01'),
      { ...obs(30, 999, 'site:wl-02'), indicatorId: 'air.aqi' },
    ];
    const result = backtestRule(scoped, readings, emptyContext(), { from: FROM, to: at(60) });
    expect(result).toMatchObject({ decisions: [], subjects: 0, evaluated: 12 });
  });
});

describe('backtestWarmupMs', () => {
  it('covers the window, the pending period (and silence) and at least an hour, at most a day', () => {
    expect(backtestWarmupMs(rule())).toBe(3_600_000);
    expect(
      backtestWarmupMs(
        rule({
          params: { operator: 'above', threshold: 1, clearThreshold: 0, pendingSeconds: 7_200 },
        }),
      ),
    ).toBe(7_200_000);
    expect(
      backtestWarmupMs(
        rule({
          kind: 'no_data',
          params: { operator: 'above', threshold: 86_000, clearThreshold: 60, pendingSeconds: 600 },
        }),
      ),
    ).toBe(86_400_000);
  });
});

describe('firesPerHour', () => {
  it('counts fires in hourly buckets over the range', () => {
    const buckets = firesPerHour(
      [
        { subjectId: 'a', transition: 'fire', value: 1, at: at(5) },
        { subjectId: 'b', transition: 'fire', value: 1, at: at(59) },
        { subjectId: 'a', transition: 'resolve', value: 1, at: at(61) },
        { subjectId: 'a', transition: 'fire', value: 1, at: at(150) },
      ],
      FROM,
      at(180),
    );
    expect(buckets.map((b) => b.fires)).toEqual([2, 0, 1]);
    expect(buckets[0]?.hour).toBe(FROM);
  });
});
