import { type Observation, type Rule, type RuleInput, RuleSchema } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import {
  type AreaReading,
  baselineKey,
  countInWindow,
  emptyContext,
  evaluateBatch,
  evaluateTick,
  hourOfWeek,
  type RuleContext,
  type SiteInfo,
} from './evaluate-batch';
import type { RuleState } from './rules';

const T0 = Date.UTC(2026, 10, 23, 3, 0, 0); // 10:00 in Ho Chi Minh City, a Monday
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const rule = (o: Partial<RuleInput>): Rule =>
  RuleSchema.parse({
    id: 'rule:x',
    name: { vi: 'Quy tắc' },
    kind: 'threshold',
    departmentId: 'dept:TNMT',
    indicatorId: 'ind',
    severity: 'Moderate',
    params: { operator: 'above', threshold: 10, clearThreshold: 5, pendingSeconds: 0 },
    enabled: true,
    ...o,
  });
const obs = (minute: number, value: number, subjectId = 'site:a'): Observation => ({
  indicatorId: 'ind',
  subjectId,
  observedAt: at(minute),
  value,
});
const sites = (entries: Record<string, Partial<SiteInfo>>): Map<string, SiteInfo> =>
  new Map(
    Object.entries(entries).map(([id, s]) => [
      id,
      { kind: 'air_sensor', areaId: null, capacity: null, ...s },
    ]),
  );
const transitions = (r: { decisions: { subjectId: string; transition: string; at: string }[] }) =>
  r.decisions.map((d) => [d.subjectId, d.transition, d.at]);

describe('hourOfWeek', () => {
  it('counts local hours (UTC+7) and repeats every week', () => {
    expect(hourOfWeek(at(0))).toBe(hourOfWeek(new Date(T0 + 7 * 86_400_000).toISOString()));
    expect(hourOfWeek(at(60))).toBe((hourOfWeek(at(0)) + 1) % 168);
    // 23:30 UTC is 06:30 the next local day: one hour later than 22:30 UTC.
    expect(hourOfWeek('2026-11-23T23:30:00Z') - hourOfWeek('2026-11-23T22:30:00Z')).toBe(1);
  });
});

describe('keep-firing-for', () => {
  const keep = rule({
    params: {
      operator: 'above',
      threshold: 10,
      clearThreshold: 5,
      pendingSeconds: 0,
      keepFiringSeconds: 600,
    },
  });

  it.each([
    // [case, readings (minute, value), expected transitions]
    [
      'a flapping signal keeps one alert',
      [
        [0, 12],
        [2, 3],
        [4, 12],
        [6, 3],
        [8, 12],
      ],
      ['fire'],
    ],
    [
      'resolves once clear for the whole period',
      [
        [0, 12],
        [2, 3],
        [8, 4],
        [12, 4],
      ],
      ['fire', 'resolve'],
    ],
    [
      'a breach during the period restarts it',
      [
        [0, 12],
        [2, 3],
        [9, 12],
        [13, 3],
        [20, 4],
      ],
      ['fire'],
    ],
  ] as const)('%s', (_, readings, expected) => {
    const result = evaluateBatch(
      [keep],
      new Map(),
      readings.map(([m, v]) => obs(m, v)),
    );
    expect(result.decisions.map((d) => d.transition)).toEqual(expected);
  });

  it('the clock resolves it when no reading comes after the period', () => {
    const fired = evaluateBatch([keep], new Map(), [obs(0, 12), obs(2, 3)]);
    expect(
      evaluateTick([keep], fired.states, at(11), { ...emptyContext(), lastSeen: new Map() })
        .decisions,
    ).toEqual([]);
    const later = evaluateTick([keep], fired.states, at(13), {
      ...emptyContext(),
      lastSeen: new Map(),
    });
    expect(transitions(later)).toEqual([['site:a', 'resolve', at(13)]]);
    // And only once.
    const again = evaluateTick([keep], later.states, at(14), {
      ...emptyContext(),
      lastSeen: new Map(),
    });
    expect(again.decisions).toEqual([]);
  });
});

describe('no-data rule', () => {
  const silent = rule({
    kind: 'no_data',
    params: { operator: 'above', threshold: 900, clearThreshold: 900, pendingSeconds: 0 },
  });
  const tick = (
    states: ReadonlyMap<string, RuleState>,
    minute: number,
    last: Record<string, number>,
  ) =>
    evaluateTick([silent], states, at(minute), {
      ...emptyContext(),
      lastSeen: new Map([['ind', new Map(Object.entries(last).map(([s, m]) => [s, at(m)]))]]),
    });

  it('fires for a subject silent longer than the threshold and resolves when it reports', () => {
    const t1 = tick(new Map(), 10, { 'site:a': 0, 'site:b': 9 });
    expect(t1.decisions).toEqual([]);
    const t2 = tick(t1.states, 16, { 'site:a': 0, 'site:b': 15 });
    expect(transitions(t2)).toEqual([['site:a', 'fire', at(16)]]);
    expect(t2.decisions[0]?.value).toBe(960);
    const t3 = tick(t2.states, 20, { 'site:a': 0, 'site:b': 19 });
    expect(t3.decisions).toEqual([]);
    const t4 = tick(t3.states, 21, { 'site:a': 21, 'site:b': 20 });
    expect(transitions(t4)).toEqual([['site:a', 'resolve', at(21)]]);
  });

  it('is not evaluated on readings (the clock decides)', () => {
    expect(evaluateBatch([silent], new Map(), [obs(0, 1)]).changed.size).toBe(0);
  });

  it('watches only the subjects in its scope', () => {
    const scoped = rule({ ...silent, scope: { subjectIds: ['site:b'] } });
    const result = evaluateTick([scoped], new Map(), at(60), {
      ...emptyContext(),
      lastSeen: new Map([
        [
          'ind',
          new Map([
            ['site:a', at(0)],
            ['site:b', at(0)],
          ]),
        ],
      ]),
    });
    expect(result.decisions.map((d) => d.subjectId)).toEqual(['site:b']);
  });
});

describe('anomaly rule', () => {
  const unusual = rule({
    kind: 'anomaly',
    params: {
      operator: 'above',
      threshold: 3,
      clearThreshold: 1.5,
      pendingSeconds: 0,
      minSamples: 12,
    },
  });
  const baselineAt = (minute: number, stats: { n: number; mean: number; std: number }) =>
    new Map([[baselineKey('ind', 'site:a'), new Map([[hourOfWeek(at(minute)), stats]])]]);

  it.each([
    ['far above the usual value fires', { n: 40, mean: 100, std: 10 }, 140, ['fire']],
    ['within the usual spread does not', { n: 40, mean: 100, std: 10 }, 125, []],
    ['too few samples cannot judge', { n: 5, mean: 100, std: 10 }, 400, []],
    ['a value that never varies cannot judge', { n: 40, mean: 0, std: 0 }, 5, []],
  ] as const)('%s', (_, stats, value, expected) => {
    const context: RuleContext = { ...emptyContext(), baselines: baselineAt(0, stats) };
    const result = evaluateBatch([unusual], new Map(), [obs(0, value)], context);
    expect(result.decisions.map((d) => d.transition)).toEqual(expected);
  });

  it('reports the score in standard deviations, and a drop for a "below" rule', () => {
    const drop = rule({
      kind: 'anomaly',
      params: { operator: 'below', threshold: -3, clearThreshold: -1.5, pendingSeconds: 0 },
    });
    const context: RuleContext = {
      ...emptyContext(),
      baselines: baselineAt(0, { n: 60, mean: 50, std: 5 }),
    };
    const result = evaluateBatch(
      [unusual, { ...drop, id: 'rule:drop' }],
      new Map(),
      [obs(0, 20)],
      context,
    );
    expect(result.decisions.map((d) => [d.rule.id, d.value])).toEqual([['rule:drop', -6]]);
  });
});

describe('area rule', () => {
  const jam = rule({
    kind: 'area',
    params: {
      operator: 'above',
      threshold: 2,
      clearThreshold: 1,
      pendingSeconds: 0,
      windowSeconds: 900,
      match: { operator: 'below', value: 15 },
    },
  });
  const siteMap = sites({
    'site:a': { areaId: 'ward:1' },
    'site:b': { areaId: 'ward:1' },
    'site:c': { areaId: 'ward:1' },
    'site:d': { areaId: 'ward:2' },
  });
  const readings = (list: [number, string][]): AreaReading[] =>
    list.map(([m, s]) => ({ subjectId: s, areaId: siteMap.get(s)?.areaId ?? '', at: at(m) }));

  it('counts distinct readings of a ward within the window', () => {
    const r = readings([
      [0, 'site:a'],
      [0, 'site:a'],
      [5, 'site:b'],
      [20, 'site:c'],
      [5, 'site:d'],
    ]);
    expect(countInWindow(r, 'ward:1', at(10), 900)).toBe(2);
    expect(countInWindow(r, 'ward:1', at(20), 900)).toBe(1); // those at 0 and 5 aged out
    expect(countInWindow(r, 'ward:2', at(10), 900)).toBe(1);
  });

  it('fires for the ward, not the site, once enough matching readings came in', () => {
    const batch = [
      obs(0, 8, 'site:a'),
      obs(3, 40, 'site:b'),
      obs(4, 9, 'site:b'),
      obs(6, 5, 'site:c'),
      obs(6, 3, 'site:d'),
    ];
    const area = readings([
      [0, 'site:a'],
      [4, 'site:b'],
      [6, 'site:c'],
      [6, 'site:d'],
    ]);
    const context: RuleContext = {
      ...emptyContext(),
      sites: siteMap,
      areaReadings: new Map([[jam.id, area]]),
    };
    const result = evaluateBatch([jam], new Map(), batch, context);
    expect(transitions(result)).toEqual([['ward:1', 'fire', at(6)]]);
    expect(result.decisions[0]?.value).toBe(3);
    // The clock resolves it once the readings aged out of the window.
    const tickContext = { ...context, lastSeen: new Map() };
    expect(evaluateTick([jam], result.states, at(12), tickContext).decisions).toEqual([]);
    const later = evaluateTick([jam], result.states, at(22), tickContext);
    expect(transitions(later)).toEqual([['ward:1', 'resolve', at(22)]]);
  });

  it('leaves out wards outside its scope', () => {
    const scoped = rule({
      ...jam,
      scope: { areaIds: ['ward:2'] },
      params: { ...jam.params, threshold: 0, clearThreshold: 0 },
    });
    const area = readings([
      [0, 'site:a'],
      [1, 'site:b'],
      [2, 'site:c'],
      [2, 'site:d'],
    ]);
    const context: RuleContext = {
      ...emptyContext(),
      sites: siteMap,
      areaReadings: new Map([[jam.id, area]]),
    };
    const batch = [
      obs(0, 8, 'site:a'),
      obs(1, 9, 'site:b'),
      obs(2, 5, 'site:c'),
      obs(2, 3, 'site:d'),
    ];
    const result = evaluateBatch([scoped], new Map(), batch, context);
    expect(transitions(result)).toEqual([['ward:2', 'fire', at(2)]]);
  });
});

describe('scope', () => {
  it('filters subjects by site kind and ward', () => {
    const byKind = rule({ scope: { siteKinds: ['water_sensor'] } });
    const byWard = rule({ id: 'rule:ward', scope: { areaIds: ['ward:2'] } });
    const context: RuleContext = {
      ...emptyContext(),
      sites: sites({
        'site:a': { kind: 'water_sensor', areaId: 'ward:1' },
        'site:b': { kind: 'air_sensor', areaId: 'ward:2' },
      }),
    };
    const result = evaluateBatch(
      [byKind, byWard],
      new Map(),
      [obs(0, 20, 'site:a'), obs(0, 20, 'site:b'), obs(0, 20, 'site:unknown')],
      context,
    );
    expect(result.decisions.map((d) => [d.rule.id, d.subjectId])).toEqual([
      ['rule:x', 'site:a'],
      ['rule:ward', 'site:b'],
    ]);
  });
});

describe('rule schema', () => {
  it.each([
    [
      'a no-data rule below an age',
      {
        kind: 'no_data',
        params: { operator: 'below', threshold: 900, clearThreshold: 1000, pendingSeconds: 0 },
      },
    ],
    [
      'a no-data rule under a minute',
      {
        kind: 'no_data',
        params: { operator: 'above', threshold: 30, clearThreshold: 0, pendingSeconds: 0 },
      },
    ],
    [
      'an area rule with a negative count',
      {
        kind: 'area',
        params: { operator: 'above', threshold: -1, clearThreshold: -2, pendingSeconds: 0 },
      },
    ],
    [
      'a match on a non-area rule',
      {
        params: {
          operator: 'above',
          threshold: 1,
          clearThreshold: 0,
          pendingSeconds: 0,
          match: { operator: 'above', value: 1 },
        },
      },
    ],
    [
      'a clear level on the wrong side',
      { params: { operator: 'above', threshold: 1, clearThreshold: 2, pendingSeconds: 0 } },
    ],
  ] as const)('refuses %s', (_, o) => {
    expect(() => rule(o as Partial<RuleInput>)).toThrow();
  });

  it('fills defaults for scope, SOP, escalation and reminders', () => {
    const r = rule({});
    expect([r.scope, r.sop, r.escalation, r.remindEveryMinutes]).toEqual([
      { siteKinds: [], areaIds: [], subjectIds: [] },
      [],
      null,
      null,
    ]);
  });
});
