import {
  type Rule,
  type RuleBacktestResult,
  type RuleKind,
  type Severity,
  SiteKindSchema,
} from '@city-ioc/shared';
import { type FormEvent, useId, useMemo, useState } from 'react';
import { CheckboxGroup } from '../../../components/checkbox-group';
import { ApiError } from '../../../lib/api-client';
import { type MessageKey, useI18n } from '../../../lib/i18n';
import { useBacktestRule } from '../api/backtest-rule';
import { useSaveRule } from '../api/save-rule';
import {
  kindUses,
  moveStep,
  RULE_KINDS,
  type RuleForm as RuleFormState,
  restartsEvaluation,
  ruleInputFromForm,
  SEVERITIES,
  validateRuleForm,
} from '../model/rule-form';
import { BacktestResultView } from './backtest-result';
import { type Option, SelectInput, TextInput } from './field';

export interface RuleFormProps {
  initial: RuleFormState;
  /** The stored rule being edited; null when creating. */
  stored: Rule | null;
  departments: readonly Option[];
  indicators: readonly Option[];
  areas: readonly Option[];
  timeZone: string;
  onSaved: (name: string) => void;
  onClose: () => void;
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * Create or edit one alert rule. The form is checked with the shared schema as it is typed;
 * "Chạy thử 24 giờ" replays the last day of readings through it on the server (nothing saved),
 * "Lưu" stores it. Only the fields the chosen kind uses are shown and sent.
 */
export const RuleForm = ({
  initial,
  stored,
  departments,
  indicators,
  areas,
  timeZone,
  onSaved,
  onClose,
}: RuleFormProps) => {
  const { t } = useI18n();
  const titleId = useId();
  const [form, setForm] = useState(initial);
  const [isDirty, setIsDirty] = useState(false);
  const [nextKey, setNextKey] = useState(initial.sop.length + 1);
  const [tested, setTested] = useState<{ result: RuleBacktestResult; form: RuleFormState } | null>(
    null,
  );
  const save = useSaveRule();
  const backtest = useBacktestRule();
  const isCreating = stored === null;

  const { rule, errors: allErrors } = useMemo(() => validateRuleForm(form), [form]);
  // A new form is not told it is empty before anything was typed.
  const errors = isDirty || !isCreating ? allErrors : {};
  const uses = kindUses(form.kind);
  const restarts = stored !== null && restartsEvaluation(stored, ruleInputFromForm(form));

  const update = (patch: Partial<RuleFormState>) => {
    setForm((current) => ({ ...current, ...patch }));
    setIsDirty(true);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setIsDirty(true);
    if (!rule) return;
    save.mutate({ rule, isNew: isCreating }, { onSuccess: () => onSaved(rule.name.vi) });
  };
  const runBacktest = () => {
    setIsDirty(true);
    if (!rule) return;
    const sent = form;
    backtest.mutate(rule, { onSuccess: (result) => setTested({ result, form: sent }) });
  };

  const kindOptions = RULE_KINDS.map((kind) => ({ value: kind, label: t(`ruleKind.${kind}`) }));
  const severityOptions = SEVERITIES.map((s) => ({ value: s, label: t(`severity.${s}`) }));
  const operatorOptions = [
    { value: 'above', label: t('ruleForm.operator.above') },
    { value: 'below', label: t('ruleForm.operator.below') },
  ];
  const hasErrors = Object.keys(allErrors).length > 0;
  const thresholdHint = (kind: RuleKind): MessageKey | null =>
    kind === 'no_data' ? null : `ruleForm.thresholdHint.${kind}`;
  const hint = thresholdHint(form.kind);

  return (
    <form
      className="feed-form rule-form"
      aria-labelledby={titleId}
      data-testid="rule-form"
      noValidate
      onSubmit={submit}
    >
      <div className="feed-form__header">
        <h2 id={titleId}>
          {isCreating
            ? t('ruleForm.createTitle')
            : t('ruleForm.editTitle', { name: initial.nameVi })}
        </h2>
        <button type="button" className="button button--quiet" onClick={onClose}>
          {t('ruleForm.close')}
        </button>
      </div>

      <fieldset className="form-section">
        <legend>{t('ruleForm.general')}</legend>
        <div className="form-grid">
          <TextInput
            label={t('ruleForm.id')}
            path="id"
            errors={errors}
            hint={isCreating ? t('ruleForm.idHint') : undefined}
            value={form.id}
            isReadOnly={!isCreating}
            onChange={(id) => update({ id })}
          />
          <SelectInput
            label={t('ruleForm.kind')}
            path="kind"
            errors={errors}
            value={form.kind}
            options={kindOptions}
            onChange={(kind) => update({ kind: kind as RuleKind })}
          />
          <p className="form-section__hint field--wide" data-testid="rule-kind-hint">
            {t(`ruleForm.kindHint.${form.kind}`)}
          </p>
          <TextInput
            label={t('ruleForm.nameVi')}
            path="name.vi"
            errors={errors}
            isWide
            value={form.nameVi}
            onChange={(nameVi) => update({ nameVi })}
          />
          <TextInput
            label={t('ruleForm.nameEn')}
            path="name.en"
            errors={errors}
            isWide
            value={form.nameEn}
            onChange={(nameEn) => update({ nameEn })}
          />
          <SelectInput
            label={t('ruleForm.department')}
            path="departmentId"
            errors={errors}
            value={form.departmentId}
            options={departments}
            placeholder={t('ruleForm.chooseDepartment')}
            onChange={(departmentId) => update({ departmentId })}
          />
          <SelectInput
            label={t('ruleForm.indicator')}
            path="indicatorId"
            errors={errors}
            value={form.indicatorId}
            options={indicators}
            placeholder={t('ruleForm.chooseIndicator')}
            onChange={(indicatorId) => update({ indicatorId })}
          />
          <SelectInput
            label={t('ruleForm.severity')}
            path="severity"
            errors={errors}
            value={form.severity}
            options={severityOptions}
            onChange={(severity) => update({ severity: severity as Severity })}
          />
          <label className="checkbox field--center" data-field="enabled">
            <input
              type="checkbox"
              checked={form.enabled}
              onChange={(event) => update({ enabled: event.target.checked })}
            />
            {t('ruleForm.enabled')}
          </label>
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t('ruleForm.condition')}</legend>
        <div className="form-grid">
          {uses.operator ? (
            <SelectInput
              label={t('ruleForm.operator')}
              path="params.operator"
              errors={errors}
              value={form.operator}
              options={operatorOptions}
              onChange={(operator) => update({ operator: operator as 'above' | 'below' })}
            />
          ) : null}
          {uses.silence ? (
            <TextInput
              label={t('ruleForm.silence')}
              path="params.silence"
              errors={errors}
              hint={t('ruleForm.silenceHint')}
              inputMode="decimal"
              value={form.silenceMinutes}
              onChange={(silenceMinutes) => update({ silenceMinutes })}
            />
          ) : (
            <TextInput
              label={t('ruleForm.threshold')}
              path="params.threshold"
              errors={errors}
              hint={hint ? t(hint) : undefined}
              inputMode="decimal"
              value={form.threshold}
              onChange={(threshold) => update({ threshold })}
            />
          )}
          {uses.clearThreshold ? (
            <TextInput
              label={t('ruleForm.clearThreshold')}
              path="params.clearThreshold"
              errors={errors}
              hint={t('ruleForm.clearHint')}
              inputMode="decimal"
              value={form.clearThreshold}
              onChange={(clearThreshold) => update({ clearThreshold })}
            />
          ) : null}
          <TextInput
            label={t('ruleForm.pending')}
            path="params.pendingSeconds"
            errors={errors}
            hint={t('ruleForm.pendingHint')}
            inputMode="numeric"
            value={form.pendingSeconds}
            onChange={(pendingSeconds) => update({ pendingSeconds })}
          />
          {uses.keepFiring ? (
            <TextInput
              label={t('ruleForm.keepFiring')}
              path="params.keepFiringSeconds"
              errors={errors}
              hint={t('ruleForm.keepFiringHint')}
              inputMode="numeric"
              value={form.keepFiringSeconds}
              onChange={(keepFiringSeconds) => update({ keepFiringSeconds })}
            />
          ) : null}
          {uses.window ? (
            <TextInput
              label={t('ruleForm.window')}
              path="params.windowSeconds"
              errors={errors}
              hint={t(
                form.kind === 'area'
                  ? 'ruleForm.windowHint.area'
                  : 'ruleForm.windowHint.rate_of_change',
              )}
              inputMode="decimal"
              value={form.windowMinutes}
              onChange={(windowMinutes) => update({ windowMinutes })}
            />
          ) : null}
          {uses.baseline ? (
            <>
              <TextInput
                label={t('ruleForm.baselineDays')}
                path="params.baselineDays"
                errors={errors}
                inputMode="numeric"
                value={form.baselineDays}
                onChange={(baselineDays) => update({ baselineDays })}
              />
              <TextInput
                label={t('ruleForm.minSamples')}
                path="params.minSamples"
                errors={errors}
                inputMode="numeric"
                value={form.minSamples}
                onChange={(minSamples) => update({ minSamples })}
              />
            </>
          ) : null}
          {uses.match ? (
            <>
              <SelectInput
                label={t('ruleForm.match')}
                path="params.match.operator"
                errors={errors}
                value={form.matchOperator}
                options={operatorOptions}
                onChange={(matchOperator) =>
                  update({ matchOperator: matchOperator as 'above' | 'below' })
                }
              />
              <TextInput
                label={t('ruleForm.matchValue')}
                path="params.match"
                errors={errors}
                hint={t('ruleForm.matchHint')}
                inputMode="decimal"
                value={form.matchValue}
                onChange={(matchValue) => update({ matchValue })}
              />
            </>
          ) : null}
        </div>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t('ruleForm.scope')}</legend>
        <p className="form-section__hint">{t('ruleForm.scopeHint')}</p>
        <CheckboxGroup
          legend={t('ruleForm.siteKinds')}
          path="scope.siteKinds"
          options={SiteKindSchema.options.map((kind) => ({
            value: kind,
            label: t(`siteKind.${kind}`),
          }))}
          selected={form.siteKinds}
          onChange={(siteKinds) => update({ siteKinds: siteKinds as RuleFormState['siteKinds'] })}
        />
        {areas.length > 0 ? (
          <CheckboxGroup
            legend={t('ruleForm.areas')}
            path="scope.areaIds"
            options={areas}
            selected={form.areaIds}
            onChange={(areaIds) => update({ areaIds })}
          />
        ) : null}
        <Subjects
          value={form.subjectIds}
          error={errors['scope.subjectIds']}
          onChange={(subjectIds) => update({ subjectIds })}
        />
      </fieldset>

      <fieldset className="form-section" data-field="sop">
        <legend>{t('ruleForm.sop')}</legend>
        {form.sop.length === 0 ? (
          <p className="form-section__hint">{t('ruleForm.sopEmpty')}</p>
        ) : null}
        <ol className="sop-steps">
          {form.sop.map((step, index) => {
            const n = index + 1;
            return (
              <li key={step.key} className="sop-step" data-testid="sop-step">
                <div className="form-grid">
                  <TextInput
                    label={t('ruleForm.sopVi', { n })}
                    path={`sop.${index}.vi`}
                    errors={errors}
                    value={step.vi}
                    onChange={(vi) =>
                      update({ sop: form.sop.map((s) => (s.key === step.key ? { ...s, vi } : s)) })
                    }
                  />
                  <TextInput
                    label={t('ruleForm.sopEn', { n })}
                    path={`sop.${index}.en`}
                    errors={errors}
                    value={step.en}
                    onChange={(en) =>
                      update({ sop: form.sop.map((s) => (s.key === step.key ? { ...s, en } : s)) })
                    }
                  />
                </div>
                <div className="row-actions">
                  <button
                    type="button"
                    className="button button--quiet"
                    aria-label={t('ruleForm.sopUp', { n })}
                    disabled={index === 0}
                    onClick={() => update({ sop: moveStep(form.sop, index, -1) })}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="button button--quiet"
                    aria-label={t('ruleForm.sopDown', { n })}
                    disabled={index === form.sop.length - 1}
                    onClick={() => update({ sop: moveStep(form.sop, index, 1) })}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="button button--quiet"
                    aria-label={t('ruleForm.sopRemove', { n })}
                    onClick={() => update({ sop: form.sop.filter((s) => s.key !== step.key) })}
                  >
                    ✕
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
        <button
          type="button"
          className="button"
          data-testid="sop-add"
          disabled={form.sop.length >= 30}
          onClick={() => {
            update({ sop: [...form.sop, { key: nextKey, vi: '', en: '' }] });
            setNextKey(nextKey + 1);
          }}
        >
          {t('ruleForm.sopAdd')}
        </button>
      </fieldset>

      <fieldset className="form-section">
        <legend>{t('ruleForm.escalation')}</legend>
        <label className="checkbox" data-field="escalation">
          <input
            type="checkbox"
            checked={form.hasEscalation}
            onChange={(event) => update({ hasEscalation: event.target.checked })}
          />
          {t('ruleForm.escalation')}
        </label>
        {form.hasEscalation ? (
          <div className="form-grid">
            <TextInput
              label={t('ruleForm.escalationMinutes')}
              path="escalation.afterMinutes"
              errors={errors}
              inputMode="numeric"
              value={form.escalationMinutes}
              onChange={(escalationMinutes) => update({ escalationMinutes })}
            />
            <SelectInput
              label={t('ruleForm.raiseTo')}
              path="escalation.raiseTo"
              errors={errors}
              value={form.escalationRaiseTo}
              options={severityOptions}
              placeholder={t('ruleForm.raiseToSame')}
              onChange={(raiseTo) => update({ escalationRaiseTo: raiseTo as '' | Severity })}
            />
          </div>
        ) : null}
        <TextInput
          label={t('ruleForm.remind')}
          path="remindEveryMinutes"
          errors={errors}
          hint={t('ruleForm.remindHint')}
          inputMode="numeric"
          value={form.remindEveryMinutes}
          onChange={(remindEveryMinutes) => update({ remindEveryMinutes })}
        />
      </fieldset>

      {tested ? (
        <BacktestResultView
          result={tested.result}
          timeZone={timeZone}
          isStale={tested.form !== form}
        />
      ) : null}

      <div className="feed-form__footer">
        {restarts ? (
          <p className="form-notice" role="status" data-testid="rule-restart-note">
            {t('ruleForm.restartNote')}
          </p>
        ) : null}
        {isDirty && hasErrors ? (
          <p className="form-alert" role="alert" data-testid="rule-form-invalid">
            {t('ruleForm.hasErrors')}
          </p>
        ) : null}
        {save.isError ? (
          <div className="form-alert" role="alert" data-testid="rule-save-error">
            <p>{t('ruleForm.saveFailed', { message: messageOf(save.error) })}</p>
            {save.error instanceof ApiError && save.error.issues?.length ? (
              <ul className="form-alert__issues">
                {save.error.issues.map((issue) => (
                  <li key={`${issue.path}:${issue.message}`}>
                    {issue.path ? `${issue.path}: ${issue.message}` : issue.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        {backtest.isError ? (
          <p className="form-alert" role="alert" data-testid="backtest-error">
            {t('backtest.failed', { message: messageOf(backtest.error) })}
          </p>
        ) : null}
        <div className="feed-form__actions">
          <button
            type="button"
            className="button"
            data-testid="rule-backtest"
            disabled={backtest.isPending || rule === null}
            onClick={runBacktest}
          >
            {backtest.isPending ? t('backtest.running') : t('backtest.run')}
          </button>
          <button
            type="submit"
            className="button button--primary"
            data-testid="rule-save"
            disabled={save.isPending || rule === null}
          >
            {save.isPending ? t('ruleForm.saving') : t('ruleForm.save')}
          </button>
        </div>
      </div>
    </form>
  );
};

/** Subject ids, one a line. */
const Subjects = ({
  value,
  error,
  onChange,
}: {
  value: string;
  error: { key: MessageKey; params?: Record<string, string | number> } | undefined;
  onChange: (value: string) => void;
}) => {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="field field--wide" data-field="scope.subjectIds">
      <label htmlFor={id} className="field__label">
        {t('ruleForm.subjects')}
      </label>
      <textarea
        id={id}
        className="input input--code"
        rows={3}
        spellCheck={false}
        aria-invalid={Boolean(error)}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
      {error ? <span className="field__error">{t(error.key, error.params)}</span> : null}
    </div>
  );
};
