import { type Rule, RuleSchema } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { dueFollowUps, type OpenAlert } from './follow-ups';
import { planIncident } from './incidents';

const T0 = Date.UTC(2026, 10, 23, 3, 0, 0);
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const rule = (o: Partial<Rule>): Rule =>
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
const alert = (o: Partial<OpenAlert> = {}): OpenAlert => ({
  id: 'a1',
  ruleId: 'rule:x',
  severity: 'Moderate',
  firstAt: at(0),
  escalationLevel: 0,
  remindedAt: null,
  ...o,
});
const rules = (r: Rule) => new Map([[r.id, r]]);

describe('dueFollowUps', () => {
  const escalating = rule({ escalation: { afterMinutes: 15, raiseTo: 'Severe' } });
  const reminding = rule({ remindEveryMinutes: 10 });

  it.each([
    ['nothing before the escalation time', escalating, alert(), 14, []],
    [
      'escalates once the time passed, raising the severity',
      escalating,
      alert(),
      15,
      [{ alertId: 'a1', kind: 'escalate', severity: 'Severe' }],
    ],
    [
      'never lowers a severity',
      escalating,
      alert({ severity: 'Extreme' }),
      20,
      [{ alertId: 'a1', kind: 'escalate', severity: 'Extreme' }],
    ],
    ['escalates only once', escalating, alert({ escalationLevel: 1 }), 60, []],
    ['not while silenced', escalating, alert({ silencedUntil: at(30) }), 20, []],
    [
      'after the silence it escalates',
      escalating,
      alert({ silencedUntil: at(30) }),
      31,
      [{ alertId: 'a1', kind: 'escalate', severity: 'Severe' }],
    ],
    ['reminds after the period', reminding, alert(), 10, [{ alertId: 'a1', kind: 'remind' }]],
    ['counts the period from the last reminder', reminding, alert({ remindedAt: at(10) }), 19, []],
    [
      'reminds again a period later',
      reminding,
      alert({ remindedAt: at(10) }),
      20,
      [{ alertId: 'a1', kind: 'remind' }],
    ],
    ['nothing for a rule without either', rule({}), alert(), 600, []],
    ['nothing for an alert without a rule', reminding, alert({ ruleId: null }), 600, []],
  ] as const)('%s', (_, r, a, minute, expected) => {
    expect(dueFollowUps([a], rules(r), at(minute))).toEqual(expected);
  });
});

describe('planIncident', () => {
  const n = (id: string, minute: number, incidentId: string | null = null) => ({
    id,
    incidentId,
    lastAt: at(minute),
  });

  it.each([
    ['alone in its ward: no incident', [], { kind: 'none' }],
    ['a neighbour outside the window: no incident', [n('b', -31)], { kind: 'none' }],
    [
      'a neighbour within the window opens one for both',
      [n('b', -10)],
      { kind: 'open', attach: ['a', 'b'] },
    ],
    [
      'joins the incident its neighbours share',
      [n('b', -10, 'inc:1'), n('c', -5)],
      { kind: 'join', incidentId: 'inc:1', attach: ['a', 'c'] },
    ],
    [
      'the newest incident wins',
      [n('b', -20, 'inc:1'), n('c', -5, 'inc:2')],
      { kind: 'join', incidentId: 'inc:2', attach: ['a'] },
    ],
  ] as const)('%s', (_, neighbours, expected) => {
    expect(planIncident({ id: 'a', at: at(0) }, neighbours)).toEqual(expected);
  });
});
