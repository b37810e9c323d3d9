import type { RuleParams } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { evaluateThreshold, type RuleState } from './rules';

const above: RuleParams = {
  operator: 'above',
  threshold: 160,
  clearThreshold: 150,
  pendingSeconds: 20,
};
const below: RuleParams = {
  operator: 'below',
  threshold: 10,
  clearThreshold: 15,
  pendingSeconds: 0,
};

const t = (s: number) => new Date(Date.UTC(2026, 10, 23, 3, 0, s)).toISOString();
const state = (overrides: Partial<RuleState> = {}): RuleState => ({
  state: 'normal',
  since: t(0),
  lastValue: null,
  lastAt: t(0),
  ...overrides,
});

describe('evaluateThreshold', () => {
  it.each([
    // [case, params, previous, value, at, expected state, expected transition]
    ['stays normal under the threshold', above, undefined, 120, 1, 'normal', 'none'],
    ['does not fire on a value equal to the threshold', above, undefined, 160, 1, 'normal', 'none'],
    ['starts pending on the first breach', above, undefined, 170, 1, 'pending', 'pending'],
    [
      'stays pending before the pending period ends',
      above,
      state({ state: 'pending', since: t(1), lastAt: t(1) }),
      171,
      15,
      'pending',
      'none',
    ],
    [
      'fires once the breach lasted the pending period',
      above,
      state({ state: 'pending', since: t(1), lastAt: t(15) }),
      172,
      21,
      'firing',
      'fire',
    ],
    [
      'cancels a pending breach that ends early',
      above,
      state({ state: 'pending', since: t(1), lastAt: t(1) }),
      155,
      10,
      'normal',
      'cancel',
    ],
    [
      'keeps firing between the clear level and the threshold (hysteresis)',
      above,
      state({ state: 'firing', since: t(21), lastAt: t(21) }),
      155,
      30,
      'firing',
      'none',
    ],
    [
      'resolves once the value is back past the clear level',
      above,
      state({ state: 'firing', since: t(21), lastAt: t(21) }),
      149,
      40,
      'normal',
      'resolve',
    ],
    ['fires at once when there is no pending period', below, undefined, 5, 1, 'firing', 'fire'],
    [
      'resolves a below-rule above its clear level',
      below,
      state({ state: 'firing', since: t(1), lastAt: t(1) }),
      16,
      5,
      'normal',
      'resolve',
    ],
    [
      'keeps a below-rule firing under its clear level',
      below,
      state({ state: 'firing', since: t(1), lastAt: t(1) }),
      12,
      5,
      'firing',
      'none',
    ],
  ] as const)('%s', (_name, params, previous, value, at, expectedState, expectedTransition) => {
    const result = evaluateThreshold(params, previous, { value, observedAt: t(at) });
    expect(result.next.state).toBe(expectedState);
    expect(result.transition).toBe(expectedTransition);
  });

  it('ignores an observation older than the last one evaluated, so a replay fires nothing', () => {
    const previous = state({ state: 'pending', since: t(1), lastAt: t(30) });
    const result = evaluateThreshold(above, previous, { value: 500, observedAt: t(25) });
    expect(result).toEqual({ next: previous, transition: 'none' });
  });

  it('fires exactly once over a long breach', () => {
    let current: RuleState | undefined;
    const transitions: string[] = [];
    for (let s = 0; s <= 60; s += 5) {
      const r = evaluateThreshold(above, current, { value: 180, observedAt: t(s) });
      current = r.next;
      transitions.push(r.transition);
    }
    expect(transitions.filter((x) => x === 'fire')).toHaveLength(1);
    expect(current?.state).toBe('firing');
  });
});
