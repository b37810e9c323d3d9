import type { Silence } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import {
  describeMatchers,
  emptyMaintenanceForm,
  maintenanceRequest,
  splitSilences,
  vietnamLocalToIso,
} from './silence-form';

describe('vietnamLocalToIso', () => {
  it.each([
    ['2026-11-23T14:00', '2026-11-23T07:00:00.000Z'],
    ['2026-11-24T03:30', '2026-11-23T20:30:00.000Z'],
    ['', null],
    ['23/11/2026 14:00', null],
  ])('%s → %s', (value, expected) => {
    expect(vietnamLocalToIso(value)).toBe(expected);
  });
});

describe('maintenanceRequest', () => {
  const form = {
    ...emptyMaintenanceForm,
    departmentId: 'dept:TNMT',
    startsAt: '2026-11-23T22:00',
    endsAt: '2026-11-24T02:00',
    reason: ' Bảo trì trạm bơm ',
  };
  it('builds the request in UTC with only the matchers given', () => {
    expect(maintenanceRequest({ ...form, areaId: 'ward:1' })).toEqual({
      matchers: { departmentId: 'dept:TNMT', areaId: 'ward:1' },
      startsAt: '2026-11-23T15:00:00.000Z',
      endsAt: '2026-11-23T19:00:00.000Z',
      reason: 'Bảo trì trạm bơm',
    });
  });
  it.each([
    ['without a department', { departmentId: '' }],
    ['without a reason', { reason: '  ' }],
    ['ending before it starts', { endsAt: '2026-11-23T21:00' }],
    ['without an end', { endsAt: '' }],
  ])('refuses a form %s', (_what, change) => {
    expect(maintenanceRequest({ ...form, ...change })).toBeNull();
  });
});

describe('splitSilences', () => {
  const s = (id: string, state: Silence['state'], startsAt: string, endsAt: string) =>
    ({ id, state, startsAt, endsAt }) as Silence;
  it('puts scheduled and active first by start, ended ones after by end, newest first', () => {
    const { current, past } = splitSilences([
      s('a', 'expired', '2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z'),
      s('b', 'scheduled', '2026-01-03T00:00:00Z', '2026-01-03T01:00:00Z'),
      s('c', 'active', '2026-01-02T00:00:00Z', '2026-01-04T01:00:00Z'),
      s('d', 'cancelled', '2026-01-01T00:00:00Z', '2026-01-02T01:00:00Z'),
    ]);
    expect(current.map((x) => x.id)).toEqual(['c', 'b']);
    expect(past.map((x) => x.id)).toEqual(['d', 'a']);
  });
});

describe('describeMatchers', () => {
  it('names the department and lists the other matchers', () => {
    expect(
      describeMatchers({ departmentId: 'd', ruleId: 'rule:x', severities: ['Minor'] }, () => 'Sở'),
    ).toBe('Sở · rule:x · Minor');
  });
});
