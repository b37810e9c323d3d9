import { describe, expect, it } from 'vitest';
import { SilenceCreateSchema, type SilenceMatchers, SilenceMatchersSchema } from '../api/silences';
import type { Alert } from '../schemas/alert';
import { coveringSilence, isSilencedAt, matchesSilence, silenceState } from './silences';

const alert = (o: Partial<Alert> = {}) => ({
  departmentId: 'dept:TNMT',
  ruleId: 'rule:water-high',
  indicatorId: 'water.level_cm',
  areaId: 'ward:1',
  subjectId: 'site:wl-01',
  severity: 'Moderate' as Alert['severity'],
  ...o,
});

describe('matchesSilence', () => {
  it.each<[string, SilenceMatchers, Partial<Alert>, boolean]>([
    ['its department', { departmentId: 'dept:TNMT' }, {}, true],
    ['another department', { departmentId: 'dept:GTVT' }, {}, false],
    ['its rule and area', { ruleId: 'rule:water-high', areaId: 'ward:1' }, {}, true],
    ['its rule in another area', { ruleId: 'rule:water-high', areaId: 'ward:2' }, {}, false],
    ['an area when the alert has none', { areaId: 'ward:1' }, { areaId: null }, false],
    ['its indicator', { indicatorId: 'water.level_cm' }, {}, true],
    ['another subject', { subjectId: 'site:wl-02' }, {}, false],
    ['a rule when the alert came from CAP', { ruleId: 'rule:x' }, { ruleId: null }, false],
    ['its severity in the list', { departmentId: 'dept:TNMT', severities: ['Moderate'] }, {}, true],
    [
      'a list without its severity',
      { departmentId: 'dept:TNMT', severities: ['Minor'] },
      {},
      false,
    ],
    ['a Severe alert', { departmentId: 'dept:TNMT' }, { severity: 'Severe' }, true],
    ['an Extreme alert, never', { departmentId: 'dept:TNMT' }, { severity: 'Extreme' }, false],
    [
      'every matcher at once',
      {
        departmentId: 'dept:TNMT',
        ruleId: 'rule:water-high',
        indicatorId: 'water.level_cm',
        areaId: 'ward:1',
        subjectId: 'site:wl-01',
        severities: ['Minor', 'Moderate'],
      },
      {},
      true,
    ],
  ])('matching %s: %s', (_what, matchers, overrides, expected) => {
    expect(matchesSilence(matchers, alert(overrides))).toBe(expected);
  });
});

describe('SilenceMatchersSchema', () => {
  it('refuses matchers that name nothing but severities (the whole city)', () => {
    expect(SilenceMatchersSchema.safeParse({ severities: ['Minor'] }).success).toBe(false);
    expect(SilenceMatchersSchema.safeParse({}).success).toBe(false);
  });
  it('refuses Extreme among the severities', () => {
    expect(
      SilenceMatchersSchema.safeParse({ departmentId: 'd', severities: ['Extreme'] }).success,
    ).toBe(false);
  });
  it('asks for exactly one of endsAt and durationMinutes', () => {
    const base = { matchers: { departmentId: 'd' }, reason: 'Bảo trì' };
    expect(SilenceCreateSchema.safeParse(base).success).toBe(false);
    expect(SilenceCreateSchema.safeParse({ ...base, durationMinutes: 60 }).success).toBe(true);
    expect(
      SilenceCreateSchema.safeParse({
        ...base,
        durationMinutes: 60,
        endsAt: '2026-01-01T00:00:00Z',
      }).success,
    ).toBe(false);
  });
});

describe('silenceState', () => {
  const s = { startsAt: '2026-01-01T01:00:00Z', endsAt: '2026-01-01T02:00:00Z', cancelledAt: null };
  it.each([
    ['2026-01-01T00:59:59Z', 'scheduled'],
    ['2026-01-01T01:00:00Z', 'active'],
    ['2026-01-01T01:59:59Z', 'active'],
    ['2026-01-01T02:00:00Z', 'expired'],
  ] as const)('at %s is %s', (now, state) => {
    expect(silenceState(s, new Date(now))).toBe(state);
  });
  it('is cancelled once cancelled, whatever the time', () => {
    expect(silenceState({ ...s, cancelledAt: '2026-01-01T01:30:00Z' }, new Date(s.startsAt))).toBe(
      'cancelled',
    );
  });
});

describe('coveringSilence', () => {
  const now = new Date('2026-01-01T01:30:00Z');
  const silence = (id: string, endsAt: string, o: Partial<{ startsAt: string }> = {}) => ({
    id,
    matchers: { departmentId: 'dept:TNMT' },
    startsAt: '2026-01-01T01:00:00Z',
    endsAt,
    cancelledAt: null,
    ...o,
  });
  it('picks the matching silence in force that ends last, whatever the order', () => {
    const a = silence('a', '2026-01-01T02:00:00Z');
    const b = silence('b', '2026-01-01T05:00:00Z');
    const later = silence('c', '2026-01-01T09:00:00Z', { startsAt: '2026-01-01T03:00:00Z' });
    expect(coveringSilence([a, b, later], alert(), now)?.id).toBe('b');
    expect(coveringSilence([later, b, a], alert(), now)?.id).toBe('b');
  });
  it('finds none for an Extreme alert', () => {
    expect(
      coveringSilence([silence('a', '2026-01-01T02:00:00Z')], alert({ severity: 'Extreme' }), now),
    ).toBeNull();
  });
});

describe('isSilencedAt', () => {
  it.each([
    [null, false],
    ['2026-01-01T01:00:00Z', false],
    ['2026-01-01T02:00:00Z', true],
  ] as const)('silencedUntil %s → %s', (silencedUntil, expected) => {
    expect(isSilencedAt({ silencedUntil }, new Date('2026-01-01T01:00:00Z'))).toBe(expected);
  });
});
