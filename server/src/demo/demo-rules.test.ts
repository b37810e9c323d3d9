import type { Observation, Rule, RuleKind } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { backtestRule } from '../alerts/backtest';
import { baselinesFromReadings, emptyContext, type SiteInfo } from '../alerts/evaluate-batch';
import { sampleTraining, sampleWater } from '../simulator/models';
import { rainMessages, rostersOf, SIMULATOR_SEED } from '../simulator/payloads';
import { sampleTraffic } from '../simulator/traffic';
import { buildDemoCity } from './city';
import { portalHistory } from './history';

/**
 * The demo's rules replayed over the simulator's own readings (the very code the live engine
 * runs, through the back-test): every kind of rule fires on the simulated city.
 */
const city = buildDemoCity();
const rosters = rostersOf(city, SIMULATOR_SEED);
const sites = new Map<string, SiteInfo>(
  city.sites.map((s) => [s.id, { kind: s.kind, areaId: s.areaId, capacity: s.capacity }]),
);
const MINUTE = 60_000;
// A working Monday in the rainy season, 06:00–12:00 local time.
const FROM = Date.parse('2026-06-08T23:00:00Z');
const TO = FROM + 6 * 60 * MINUTE;
const range = (stepMs: number, from = FROM - 60 * MINUTE, to = TO) => {
  const out: Date[] = [];
  for (let t = from; t <= to; t += stepMs) out.push(new Date(t));
  return out;
};
const ruleOf = (kind: RuleKind, id: string): Rule => {
  const rule = city.rules.find((r) => r.id === id);
  if (!rule || rule.kind !== kind) throw new Error(`no ${kind} rule ${id} in the demo`);
  return rule;
};
const fires = (rule: Rule, readings: Observation[], context = { ...emptyContext(), sites }) =>
  backtestRule(rule, readings, context, {
    from: new Date(FROM).toISOString(),
    to: new Date(TO).toISOString(),
    tickSeconds: 30,
  }).decisions.filter((d) => d.transition === 'fire');

const trafficSpeeds = range(10_000).flatMap((now) =>
  sampleTraffic(now, SIMULATOR_SEED).map((r) => ({
    indicatorId: 'traffic.speed_kmh',
    subjectId: `traffic:${r.segmentId}`,
    observedAt: now.toISOString(),
    value: r.averageVehicleSpeed,
  })),
);

describe('every kind of demo rule fires on the simulator’s data', () => {
  it('threshold: congestion below 10 km/h', () => {
    expect(fires(ruleOf('threshold', 'rule:traffic-jam'), trafficSpeeds).length).toBeGreaterThan(0);
  });

  it('area: a ward where traffic stays jammed, the ward as subject', () => {
    const found = fires(ruleOf('area', 'rule:traffic-ward-jammed'), trafficSpeeds);
    expect(found.length).toBeGreaterThan(0);
    for (const d of found) expect(city.areas.some((a) => a.id === d.subjectId)).toBe(true);
  });

  it('no data: a rain gauge gone quiet', () => {
    const readings = range(10_000).flatMap((now) =>
      rainMessages(now, rosters.water_sensor).map((m) => ({
        indicatorId: 'weather.rainfall_mm',
        subjectId: `site:${m.topic.split('/').at(-1)}`,
        observedAt: now.toISOString(),
        value: m.payload.rainfallMm,
      })),
    );
    const found = fires(ruleOf('no_data', 'rule:rain-gauge-silent'), readings);
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found.map((d) => d.subjectId)).size).toBeLessThan(
      rosters.water_sensor.sites.length,
    );
  });

  it('rate of change: water rising fast', () => {
    const readings = range(MINUTE).flatMap((now) =>
      rosters.water_sensor.sites.map((site) => ({
        indicatorId: 'water.level_cm',
        subjectId: site.id,
        observedAt: now.toISOString(),
        value: sampleWater(now, site, rosters.water_sensor.ctx).levelCm,
      })),
    );
    expect(
      fires(ruleOf('rate_of_change', 'rule:water-rising-fast'), readings).length,
    ).toBeGreaterThan(0);
  });

  it('utilisation: a training centre above 95% of its seats', () => {
    const readings = range(MINUTE).flatMap((now) =>
      rosters.training_centre.sites.map((site) => ({
        indicatorId: 'training.enrolled',
        subjectId: site.id,
        observedAt: now.toISOString(),
        value: sampleTraining(now, site, rosters.training_centre.ctx).enrolled,
      })),
    );
    expect(
      fires(ruleOf('utilisation', 'rule:training-utilisation-high'), readings).length,
    ).toBeGreaterThan(0);
  });

  it('anomaly: portal errors unusual for the hour of the week, against eight days of history', () => {
    const rule = ruleOf('anomaly', 'rule:portal-errors-unusual');
    const history = portalHistory(new Date(FROM), SIMULATOR_SEED);
    const baselines = baselinesFromReadings(
      history,
      rule.indicatorId,
      new Date(FROM).toISOString(),
      28,
    );
    const live = portalHistory(new Date(TO), SIMULATOR_SEED, { days: 0.3, stepMinutes: 1 });
    const found = fires(rule, live, { ...emptyContext(), sites, baselines });
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((d) => d.subjectId === '')).toBe(true);
  });
});
