import type { Observation, Rule } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { evaluateBatch } from './evaluate-batch';

const rule = (overrides: Partial<Rule> = {}): Rule => ({
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
