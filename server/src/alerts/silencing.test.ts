import type { Alert } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { maySilence, takesOver } from './silencing';

const now = new Date('2026-11-23T04:00:00.000Z');
const alert = (o: Partial<Alert> = {}) =>
  ({
    departmentId: 'dept:TNMT',
    ruleId: 'rule:w',
    indicatorId: 'water.level_cm',
    areaId: null,
    subjectId: 'site:1',
    severity: 'Moderate',
    silencedUntil: null,
    ...o,
  }) as Alert;
const silence = { matchers: { departmentId: 'dept:TNMT' }, endsAt: '2026-11-23T06:00:00.000Z' };

describe('takesOver', () => {
  it.each([
    ['an alert nobody silenced', {}, true],
    ['an alert whose silence ended', { silencedUntil: '2026-11-23T03:00:00.000Z' }, true],
    ['an alert silenced until earlier', { silencedUntil: '2026-11-23T05:00:00.000Z' }, true],
    ['not an alert silenced until later', { silencedUntil: '2026-11-23T07:00:00.000Z' }, false],
    ['not an alert silenced until the same time', { silencedUntil: silence.endsAt }, false],
    ['not an alert of another department', { departmentId: 'dept:GTVT' }, false],
    ['never an Extreme alert', { severity: 'Extreme' }, false],
  ] as const)('takes over %s', (_what, o, expected) => {
    expect(takesOver(silence, alert(o as Partial<Alert>), now)).toBe(expected);
  });
});

describe('maySilence', () => {
  const head = { all: false, departmentIds: ['dept:TNMT'] } as const;
  it.each([
    ['the city-wide scope, anything', { all: true } as const, { areaId: 'ward:1' }, true],
    ['a head, their own department', head, { departmentId: 'dept:TNMT', ruleId: 'r' }, true],
    ['a head, not another department', head, { departmentId: 'dept:GTVT' }, false],
    ['a head, not matchers without a department', head, { ruleId: 'rule:w' }, false],
  ])('allows %s', (_what, scope, matchers, expected) => {
    expect(maySilence(scope, matchers)).toBe(expected);
  });
});
