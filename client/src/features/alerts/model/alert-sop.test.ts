import { describe, expect, it } from 'vitest';
import { makeAlert } from '../../../testing/factories';
import { canSilence, canTickSop, orderedSop, similarAlertMatchers } from './alert-sop';

describe('canTickSop', () => {
  it.each([
    ['someone who acts, an open alert', true, null, true],
    ['someone who acts, a closed alert', true, '2025-11-23T06:00:00.000Z', false],
    ['a viewer', false, null, false],
  ] as const)('%s → %s', (_what, canAct, closedAt, expected) => {
    expect(canTickSop({ closedAt }, canAct)).toBe(expected);
  });
});

describe('canSilence', () => {
  it.each([
    ['a Moderate active alert', makeAlert(), true, true],
    ['a Severe active alert', makeAlert({ severity: 'Severe' }), true, true],
    ['never an Extreme alert', makeAlert({ severity: 'Extreme' }), true, false],
    ['not a resolved alert', makeAlert({ status: 'resolved' }), true, false],
    ['not for a viewer', makeAlert(), false, false],
  ])('%s', (_what, alert, canAct, expected) => {
    expect(canSilence(alert, canAct)).toBe(expected);
  });
});

describe('similarAlertMatchers', () => {
  it.each([
    [
      'rule, area and department',
      makeAlert(),
      { departmentId: 'dept-ict', ruleId: 'rule-1', areaId: 'ward-ben-thanh' },
    ],
    [
      'the indicator when there is no rule',
      makeAlert({ ruleId: null, areaId: null }),
      { departmentId: 'dept-ict', indicatorId: 'ind-aqi' },
    ],
    [
      'the department alone for a CAP warning',
      makeAlert({ ruleId: null, indicatorId: null, areaId: null }),
      { departmentId: 'dept-ict' },
    ],
  ])('%s', (_what, alert, expected) => {
    expect(similarAlertMatchers(alert)).toEqual(expected);
  });
});

describe('orderedSop', () => {
  it('orders steps by their index', () => {
    const step = (idx: number) => ({ idx, text: { vi: `B${idx}` }, doneBy: null, doneAt: null });
    expect(orderedSop([step(2), step(0), step(1)]).map((s) => s.idx)).toEqual([0, 1, 2]);
  });
});
