import { type Observation, type Rule, type RuleInput, RuleSchema } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { emptyContext, evaluateBatch } from './evaluate-batch';

const rule = (overrides: Partial<RuleInput> = {}): Rule =>
  RuleSchema.parse({
    id: 'rule:water',
    name: { vi: 'Mực nước cao', en: 'High water' },
    kind: 'threshold',
    departmentId: 'dept:TNMT',
    indicatorId: 'water.level_cm',
    severity: 'Severe',
    params: { operator: 'above', threshold: 160, clearThreshold: 150, pendingSeconds: 10 },
    enabled: true,
    ...overrides,
  });
const obs = (second: number, value: number, subjectId = 'site:wl-01'): Observation => ({
  indicatorId: 'water.level_cm',
  subjectId,
  observedAt: new Date(Date.UTC(2026, 10, 23, 3, 0, second)).toISOString(),
  value,
});

describe('evaluateBatch', () => {
  it('decides one fire for a sustained breach, whatever order the batch arrives in', () => {
    const batch = [obs(0, 170), obs(5, 171), obs(12, 172), obs(20, 173)];
    const forward = evaluateBatch([rule()], new Map(), batch);
    const reversed = evaluateBatch([rule()], new Map(), [...batch].reverse());
    expect(forward.decisions.map((d) => d.transition)).toEqual(['fire']);
    expect(reversed.decisions).toEqual(forward.decisions);
  });

  it('is idempotent: the same batch applied to its own result decides nothing more', () => {
    const batch = [obs(0, 170), obs(12, 172)];
    const first = evaluateBatch([rule()], new Map(), batch);
    const second = evaluateBatch([rule()], first.states, batch);
    expect(second.decisions).toEqual([]);
    expect(second.changed.size).toBe(0);
  });

  it('keeps subjects apart', () => {
    const result = evaluateBatch(
      [
        rule({
          params: { operator: 'above', threshold: 160, clearThreshold: 150, pendingSeconds: 0 },
        }),
      ],
      new Map(),
      [obs(0, 170, 'site:wl-01'), obs(0, 100, 'site:wl-02')],
    );
    expect(result.decisions.map((d) => d.subjectId)).toEqual(['site:wl-01']);
  });

  it('ignores observations of indicators no rule watches', () => {
    const other = { ...obs(0, 999), indicatorId: 'air.aqi' };
    expect(evaluateBatch([rule()], new Map(), [other]).decisions).toEqual([]);
  });
});

describe('rule kinds', () => {
  const atMinute = (minute: number, value: number, subjectId = 'site:wl-01'): Observation => ({
    indicatorId: 'water.level_cm',
    subjectId,
    observedAt: new Date(Date.UTC(2026, 10, 23, 3, minute)).toISOString(),
    value,
  });

  it('fires a rate of change on how fast the value moves (units per hour), between readings', () => {
    const rising = rule({
      id: 'rule:rising',
      kind: 'rate_of_change',
      params: {
        operator: 'above',
        threshold: 30,
        clearThreshold: 10,
        pendingSeconds: 0,
        windowSeconds: 600,
      },
    });
    // 100 → 105 in 15 min is 20 cm/h; → 115 in 10 min is 60 cm/h; → 116 in 30 min is 2 cm/h.
    // A reading 2 min after the last (noise, 125) is not a rate yet: the window is 10 min.
    const batch = [
      atMinute(0, 100),
      atMinute(15, 105),
      atMinute(25, 115),
      atMinute(27, 125),
      atMinute(55, 116),
    ];
    const { decisions, states } = evaluateBatch([rising], new Map(), batch);
    expect(decisions.map((d) => [d.transition, d.value])).toEqual([
      ['fire', 60],
      ['resolve', 2],
    ]);
    // The state remembers the last reading itself, not the rate.
    expect([...states.values()][0]?.lastValue).toBe(116);
  });

  it('needs an earlier reading before a rate can fire, even across batches', () => {
    const rising = rule({
      kind: 'rate_of_change',
      params: { operator: 'above', threshold: 30, clearThreshold: 10, pendingSeconds: 0 },
    });
    const first = evaluateBatch([rising], new Map(), [atMinute(0, 100)]);
    expect(first.decisions).toEqual([]);
    // Within the default 15-minute window: no rate yet, the reference stays.
    const early = evaluateBatch([rising], first.states, [atMinute(6, 110)]);
    expect(early.decisions).toEqual([]);
    const second = evaluateBatch([rising], early.states, [atMinute(20, 130)]);
    expect(second.decisions.map((d) => [d.transition, d.value])).toEqual([['fire', 90]]);
  });

  it('fires a utilisation rule on the value as a share of the site capacity', () => {
    const full = rule({
      kind: 'utilisation',
      indicatorId: 'water.level_cm',
      params: { operator: 'above', threshold: 95, clearThreshold: 90, pendingSeconds: 0 },
    });
    const sites = new Map([['site:a', { kind: 'training_centre', areaId: null, capacity: 400 }]]);
    const { decisions } = evaluateBatch(
      [full],
      new Map(),
      [atMinute(0, 370, 'site:a'), atMinute(5, 384, 'site:a'), atMinute(6, 999, 'site:unknown')],
      { ...emptyContext(), sites },
    );
    // 370/400 = 92.5 %: nothing; 384/400 = 96 %: fire; no capacity known: nothing.
    expect(decisions.map((d) => [d.subjectId, d.transition, d.value])).toEqual([
      ['site:a', 'fire', 96],
    ]);
  });
});
