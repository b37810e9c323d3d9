import { RuleSchema } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import {
  emptyRuleForm,
  moveStep,
  type RuleForm,
  restartsEvaluation,
  ruleFormFromRule,
  ruleInputFromForm,
  validateRuleForm,
} from './rule-form';

const filled = (o: Partial<RuleForm> = {}): RuleForm => ({
  ...emptyRuleForm(),
  id: 'rule:water',
  nameVi: 'Mực nước cao',
  departmentId: 'dept:TNMT',
  indicatorId: 'water.level_cm',
  threshold: '160',
  clearThreshold: '150',
  ...o,
});

describe('rule form', () => {
  it('sends only the fields of its kind', () => {
    const threshold = ruleInputFromForm(filled({ windowMinutes: '30', matchValue: '5' }));
    expect(threshold.params).toEqual({
      operator: 'above',
      threshold: 160,
      clearThreshold: 150,
      pendingSeconds: 0,
    });
    const area = ruleInputFromForm(
      filled({ kind: 'area', threshold: '3', clearThreshold: '1', matchValue: '10' }),
    );
    expect(area.params).toMatchObject({
      windowSeconds: 900,
      match: { operator: 'below', value: 10 },
    });
  });

  it('turns the silence of a no-data rule, in minutes, into its threshold in seconds', () => {
    const { rule } = validateRuleForm(
      filled({ kind: 'no_data', silenceMinutes: '15', operator: 'below', threshold: '' }),
    );
    expect(rule?.params).toMatchObject({ operator: 'above', threshold: 900, clearThreshold: 900 });
    const tooShort = validateRuleForm(filled({ kind: 'no_data', silenceMinutes: '0.5' }));
    expect(tooShort.errors['params.silence']).toEqual({ key: 'ruleForm.error.silenceMin' });
  });

  it('names each invalid field with a message of the dictionary', () => {
    const { rule, errors } = validateRuleForm(
      filled({ nameVi: '', threshold: 'abc', clearThreshold: '170', departmentId: '' }),
    );
    expect(rule).toBeNull();
    expect(errors['name.vi']).toEqual({ key: 'validation.required' });
    expect(errors['params.threshold']).toEqual({ key: 'validation.number' });
    expect(errors.departmentId).toEqual({ key: 'validation.required' });
    const backwards = validateRuleForm(filled({ clearThreshold: '170' }));
    expect(backwards.errors['params.clearThreshold']).toEqual({
      key: 'ruleForm.error.clearAbove',
    });
    expect(validateRuleForm(filled({ id: 'rule:' })).errors.id).toEqual({
      key: 'ruleForm.error.idSuffix',
    });
  });

  it('round-trips a stored rule, SOP, escalation and reminders included', () => {
    const stored = RuleSchema.parse({
      id: 'rule:jam',
      name: { vi: 'Ùn tắc', en: 'Jam' },
      kind: 'area',
      departmentId: 'dept:GTVT',
      indicatorId: 'traffic.speed_kmh',
      severity: 'Severe',
      params: {
        operator: 'above',
        threshold: 30,
        clearThreshold: 5,
        pendingSeconds: 0,
        windowSeconds: 900,
        match: { operator: 'below', value: 10 },
      },
      scope: { siteKinds: ['traffic_sensor'], areaIds: ['ward:1'], subjectIds: ['site:a'] },
      sop: [{ vi: 'Xem camera', en: 'Check cameras' }, { vi: 'Điều CSGT' }],
      escalation: { afterMinutes: 30, raiseTo: 'Extreme' },
      remindEveryMinutes: 15,
      enabled: true,
    });
    const again = validateRuleForm(ruleFormFromRule(stored));
    expect(again.rule).toEqual(stored);
    expect(restartsEvaluation(stored, ruleInputFromForm(ruleFormFromRule(stored)))).toBe(false);
    const edited = ruleInputFromForm({ ...ruleFormFromRule(stored), threshold: '40' });
    expect(restartsEvaluation(stored, edited)).toBe(true);
    const renamed = ruleInputFromForm({ ...ruleFormFromRule(stored), nameVi: 'Kẹt xe' });
    expect(restartsEvaluation(stored, renamed)).toBe(false);
  });

  it('moves SOP steps within bounds', () => {
    const rows = [
      { key: 1, vi: 'a', en: '' },
      { key: 2, vi: 'b', en: '' },
    ];
    expect(moveStep(rows, 1, -1).map((r) => r.vi)).toEqual(['b', 'a']);
    expect(moveStep(rows, 0, -1).map((r) => r.vi)).toEqual(['a', 'b']);
  });
});
