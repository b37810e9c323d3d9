import { describe, expect, it } from 'vitest';
import { type Alert, AlertSchema } from '../schemas/alert';
import { type AlertListEntry, groupAlerts } from './alert-groups';

let n = 0;
const alert = (o: Partial<Alert> = {}): Alert => {
  n += 1;
  // Parsed, so that fields with defaults need not be spelt out here.
  return AlertSchema.parse({
    id: `a${String(n).padStart(3, '0')}`,
    key: `k${n}`,
    ruleId: 'rule:congestion',
    departmentId: 'dept:GTVT',
    indicatorId: 'traffic.speed_kmh',
    subjectId: `site:${n}`,
    areaId: 'ward:1',
    position: null,
    geometry: null,
    source: 'rule',
    severity: 'Moderate',
    status: 'open',
    title: { vi: 'Kẹt xe' },
    value: 5,
    threshold: 10,
    occurrences: 1,
    firstAt: `2026-01-01T01:${String(n % 60).padStart(2, '0')}:00.000Z`,
    lastAt: '2026-01-01T01:00:00.000Z',
    resolvedAt: null,
    updatedAt: '2026-01-01T01:00:00.000Z',
    version: 1,
    ...o,
  });
};
const many = (count: number, o: Partial<Alert> = {}) =>
  Array.from({ length: count }, () => alert(o));
const shape = (entries: AlertListEntry[]) =>
  entries.map((e) => (e.kind === 'alert' ? e.alert.severity : `group×${e.count}`));

describe('groupAlerts', () => {
  it.each<[string, Alert[], string[]]>([
    ['two alike stay two rows', many(2), ['Moderate', 'Moderate']],
    ['three alike become one group', many(3), ['group×3']],
    [
      'different areas are not grouped',
      [...many(2), ...many(2, { areaId: 'ward:2' })],
      ['Moderate', 'Moderate', 'Moderate', 'Moderate'],
    ],
    [
      'different departments are not grouped',
      [...many(2), alert({ departmentId: 'dept:X' })],
      ['Moderate', 'Moderate', 'Moderate'],
    ],
    [
      'Severe alerts always have their own row',
      many(4, { severity: 'Severe' }),
      ['Severe', 'Severe', 'Severe', 'Severe'],
    ],
    [
      'Extreme alerts always have their own row',
      many(3, { severity: 'Extreme' }),
      ['Extreme', 'Extreme', 'Extreme'],
    ],
    [
      'a Severe one beside a group stays out of it and comes first',
      [...many(3, { severity: 'Minor' }), alert({ severity: 'Severe' })],
      ['Severe', 'group×3'],
    ],
    [
      'resolved alerts are not grouped',
      many(3, { status: 'resolved' }),
      ['Moderate', 'Moderate', 'Moderate'],
    ],
    [
      'CAP warnings without rule or indicator are not grouped',
      many(3, { ruleId: null, indicatorId: null }),
      ['Moderate', 'Moderate', 'Moderate'],
    ],
    [
      'without a rule, the indicator is the type',
      many(3, { ruleId: null, source: 'cap' }),
      ['group×3'],
    ],
  ])('%s', (_what, input, expected) => {
    expect(shape(groupAlerts(input))).toEqual(expected);
  });

  it('gives a group its worst severity and orders it by that', () => {
    const input = [
      alert({ severity: 'Minor' }),
      alert({ severity: 'Moderate' }),
      alert({ severity: 'Minor' }),
      alert({ severity: 'Minor', departmentId: 'dept:X' }),
    ];
    const entries = groupAlerts(input);
    expect(entries[0]).toMatchObject({ kind: 'group', worstSeverity: 'Moderate', count: 3 });
    expect(entries[1]).toMatchObject({ kind: 'alert' });
  });

  it('honours minGroupSize', () => {
    expect(shape(groupAlerts(many(3), { minGroupSize: 4 }))).toEqual([
      'Moderate',
      'Moderate',
      'Moderate',
    ]);
    expect(shape(groupAlerts(many(2), { minGroupSize: 2 }))).toEqual(['group×2']);
  });

  it('orders rows of one severity newest first, and a group lists its alerts newest first', () => {
    const old = alert({ firstAt: '2026-01-01T00:00:00.000Z', departmentId: 'dept:X' });
    const group = many(3, { firstAt: '2026-01-01T02:00:00.000Z' });
    group[1] = { ...(group[1] as Alert), firstAt: '2026-01-01T03:00:00.000Z' };
    const entries = groupAlerts([old, ...group]);
    expect(entries.map((e) => e.kind)).toEqual(['group', 'alert']);
    const first = entries[0];
    expect(first?.kind === 'group' && first.alerts[0]?.firstAt).toBe('2026-01-01T03:00:00.000Z');
  });

  it('does not depend on the order of its input', () => {
    const input = [
      ...many(3),
      ...many(4, { areaId: 'ward:2', severity: 'Minor' }),
      alert({ severity: 'Extreme' }),
      alert({ severity: 'Severe' }),
      alert({ departmentId: 'dept:X' }),
    ];
    const forward = groupAlerts(input);
    expect(groupAlerts([...input].reverse())).toEqual(forward);
    expect(forward.map((e) => (e.kind === 'alert' ? e.alert.id : e.key))).toHaveLength(5);
  });
});
