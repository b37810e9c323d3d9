import {
  type Rule,
  type RuleInput,
  type RuleKind,
  RuleKindSchema,
  RuleSchema,
  type Severity,
  SeveritySchema,
  type SiteKind,
} from '@city-ioc/shared';
import type { z } from 'zod';
import type { MessageKey, MessageParams } from '../../../lib/i18n';

/**
 * The rule form as the administrator types it: numbers stay text until sent, so a half-typed
 * value is kept as typed. Fields of every kind are kept, so switching the kind while editing
 * loses nothing; only the fields the kind uses are sent. Pure conversions only.
 */

export const RULE_KINDS: readonly RuleKind[] = RuleKindSchema.options;
export const SEVERITIES: readonly Severity[] = SeveritySchema.options;

export interface SopRow {
  /** Stable React key of the row (rows move and are removed). */
  key: number;
  vi: string;
  en: string;
}

export interface RuleForm {
  id: string;
  nameVi: string;
  nameEn: string;
  kind: RuleKind;
  departmentId: string;
  indicatorId: string;
  severity: Severity;
  enabled: boolean;
  operator: 'above' | 'below';
  threshold: string;
  clearThreshold: string;
  /** No data: the silence that fires, in minutes (the rule stores seconds). */
  silenceMinutes: string;
  pendingSeconds: string;
  keepFiringSeconds: string;
  /** Rate of change and area, in minutes (the rule stores seconds). */
  windowMinutes: string;
  baselineDays: string;
  minSamples: string;
  /** Area: count only readings above/below a value; empty value counts every reading. */
  matchOperator: 'above' | 'below';
  matchValue: string;
  siteKinds: SiteKind[];
  areaIds: string[];
  /** One subject id a line. */
  subjectIds: string;
  sop: SopRow[];
  hasEscalation: boolean;
  escalationMinutes: string;
  /** Empty: the severity stays. */
  escalationRaiseTo: '' | Severity;
  remindEveryMinutes: string;
}

/** Which optional fields a kind shows and sends. */
export const kindUses = (kind: RuleKind) => ({
  operator: kind !== 'no_data',
  clearThreshold: kind !== 'no_data',
  silence: kind === 'no_data',
  keepFiring: kind !== 'no_data',
  window: kind === 'rate_of_change' || kind === 'area',
  baseline: kind === 'anomaly',
  match: kind === 'area',
});

export const emptyRuleForm = (): RuleForm => ({
  id: 'rule:',
  nameVi: '',
  nameEn: '',
  kind: 'threshold',
  departmentId: '',
  indicatorId: '',
  severity: 'Moderate',
  enabled: true,
  operator: 'above',
  threshold: '',
  clearThreshold: '',
  silenceMinutes: '10',
  pendingSeconds: '0',
  keepFiringSeconds: '0',
  windowMinutes: '15',
  baselineDays: '28',
  minSamples: '12',
  matchOperator: 'below',
  matchValue: '',
  siteKinds: [],
  areaIds: [],
  subjectIds: '',
  sop: [],
  hasEscalation: false,
  escalationMinutes: '30',
  escalationRaiseTo: '',
  remindEveryMinutes: '',
});

const text = (n: number | undefined | null) => (n === undefined || n === null ? '' : String(n));

export const ruleFormFromRule = (rule: Rule): RuleForm => {
  const p = rule.params;
  const base = emptyRuleForm();
  return {
    ...base,
    id: rule.id,
    nameVi: rule.name.vi,
    nameEn: rule.name.en ?? '',
    kind: rule.kind,
    departmentId: rule.departmentId,
    indicatorId: rule.indicatorId,
    severity: rule.severity,
    enabled: rule.enabled,
    operator: p.operator,
    threshold: text(p.threshold),
    clearThreshold: text(p.clearThreshold),
    silenceMinutes: rule.kind === 'no_data' ? text(p.threshold / 60) : base.silenceMinutes,
    pendingSeconds: text(p.pendingSeconds),
    keepFiringSeconds: text(p.keepFiringSeconds ?? 0),
    windowMinutes: p.windowSeconds ? text(p.windowSeconds / 60) : base.windowMinutes,
    baselineDays: text(p.baselineDays ?? 28),
    minSamples: text(p.minSamples ?? 12),
    matchOperator: p.match?.operator ?? base.matchOperator,
    matchValue: text(p.match?.value),
    siteKinds: [...rule.scope.siteKinds],
    areaIds: [...rule.scope.areaIds],
    subjectIds: rule.scope.subjectIds.join('\n'),
    sop: rule.sop.map((step, i) => ({ key: i + 1, vi: step.vi, en: step.en ?? '' })),
    hasEscalation: rule.escalation !== null,
    escalationMinutes: text(rule.escalation?.afterMinutes ?? 30),
    escalationRaiseTo: rule.escalation?.raiseTo ?? '',
    remindEveryMinutes: text(rule.remindEveryMinutes),
  };
};

/** A typed number: empty is missing (undefined), anything else a number (NaN when not one). */
const num = (value: string): number | undefined => {
  const trimmed = value.trim().replace(',', '.');
  return trimmed === '' ? undefined : Number(trimmed);
};
const scaled = (value: string, factor: number) => {
  const n = num(value);
  return n === undefined ? undefined : Math.round(n * factor);
};

/** What the form sends: the rule input, with only the fields its kind uses. Pure. */
export const ruleInputFromForm = (form: RuleForm): RuleInput => {
  const uses = kindUses(form.kind);
  const silence = scaled(form.silenceMinutes, 60);
  const params: Record<string, unknown> = {
    operator: uses.operator ? form.operator : 'above',
    threshold: uses.silence ? silence : num(form.threshold),
    // A silence clears at the same age (a fresh reading takes the age back to zero anyway).
    clearThreshold: uses.clearThreshold ? num(form.clearThreshold) : silence,
    pendingSeconds: num(form.pendingSeconds) ?? 0,
  };
  if (uses.keepFiring && (num(form.keepFiringSeconds) ?? 0) !== 0)
    params.keepFiringSeconds = num(form.keepFiringSeconds);
  if (uses.window) params.windowSeconds = scaled(form.windowMinutes, 60);
  if (uses.baseline) {
    params.baselineDays = num(form.baselineDays);
    params.minSamples = num(form.minSamples);
  }
  if (uses.match && form.matchValue.trim() !== '')
    params.match = { operator: form.matchOperator, value: num(form.matchValue) };
  const nameEn = form.nameEn.trim();
  return {
    id: form.id.trim(),
    name: nameEn ? { vi: form.nameVi.trim(), en: nameEn } : { vi: form.nameVi.trim() },
    kind: form.kind,
    departmentId: form.departmentId,
    indicatorId: form.indicatorId,
    severity: form.severity,
    params: params as RuleInput['params'],
    scope: {
      siteKinds: form.siteKinds,
      areaIds: form.areaIds,
      subjectIds: form.subjectIds
        .split(/\s+/)
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    },
    sop: form.sop
      .filter((step) => step.vi.trim() !== '' || step.en.trim() !== '')
      .map((step) =>
        step.en.trim() ? { vi: step.vi.trim(), en: step.en.trim() } : { vi: step.vi.trim() },
      ),
    escalation: form.hasEscalation
      ? {
          afterMinutes: num(form.escalationMinutes) as number,
          ...(form.escalationRaiseTo ? { raiseTo: form.escalationRaiseTo } : {}),
        }
      : null,
    remindEveryMinutes: num(form.remindEveryMinutes) ?? null,
    enabled: form.enabled,
  };
};

/** A field's problem as a dictionary message, translated when shown. */
export interface FieldError {
  key: MessageKey;
  params?: MessageParams;
}
/** Problems by field path (`params.threshold`, `sop.0.vi`). */
export type FieldErrors = Readonly<Record<string, FieldError>>;

type Issue = z.core.$ZodIssue;

const valueAt = (root: unknown, path: readonly PropertyKey[]): unknown => {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
};

/** The message of one schema issue, in the UI language rather than zod's English. */
const describe = (issue: Issue, form: RuleForm, candidate: unknown): FieldError => {
  const path = issue.path.map(String).join('.');
  const field = String(issue.path.at(-1) ?? '');
  if (issue.code === 'custom') {
    if (path === 'params.clearThreshold')
      return {
        key: form.operator === 'above' ? 'ruleForm.error.clearAbove' : 'ruleForm.error.clearBelow',
      };
    if (path === 'params.threshold' && form.kind === 'no_data')
      return { key: 'ruleForm.error.silenceMin' };
    if (path === 'params.threshold' && form.kind === 'area')
      return { key: 'ruleForm.error.areaMin' };
    if (path === 'params.threshold' && form.kind === 'anomaly')
      return { key: 'ruleForm.error.anomalyMin' };
  }
  if (issue.code === 'invalid_type') {
    if (issue.expected === 'number' && valueAt(candidate, issue.path) == null)
      return { key: 'validation.required' };
    if (issue.expected === 'number') return { key: 'validation.number' };
    return { key: 'validation.required' };
  }
  if (issue.code === 'too_small') {
    const min = Number(issue.minimum);
    if (issue.origin === 'string') return { key: 'validation.required' };
    if (issue.origin === 'number') {
      // Seconds shown as minutes.
      if (path === 'params.windowSeconds') return { key: 'validation.min', params: { min: 1 } };
      if (path === 'params.threshold' && form.kind === 'no_data')
        return { key: 'ruleForm.error.silenceMin' };
      return { key: 'validation.min', params: { min } };
    }
  }
  if (issue.code === 'too_big') {
    const max = Number(issue.maximum);
    if (path === 'params.windowSeconds') return { key: 'validation.max', params: { max: 1440 } };
    if (issue.origin === 'string') return { key: 'validation.maxLength', params: { max } };
    if (issue.origin === 'number') return { key: 'validation.max', params: { max } };
    if (issue.origin === 'array') return { key: 'validation.maxItems', params: { max } };
  }
  if (issue.code === 'invalid_format' && field === 'id') return { key: 'validation.id' };
  if (issue.code === 'invalid_format' && path === 'id') return { key: 'validation.id' };
  if (issue.code === 'invalid_value') return { key: 'validation.required' };
  if (String(issue.message).includes('int')) return { key: 'validation.integer' };
  return { key: 'validation.invalid', params: { message: issue.message } };
};

/** Where an issue is shown: the no-data silence is one field for threshold and clear level. */
const fieldOf = (path: string, form: RuleForm) => {
  if (form.kind === 'no_data' && (path === 'params.threshold' || path === 'params.clearThreshold'))
    return 'params.silence';
  if (path === 'params.match.value') return 'params.match';
  if (path.startsWith('escalation.')) return path;
  return path;
};

/** Validates the form against the shared schema: the rule to send, or errors by field. Pure. */
export const validateRuleForm = (
  form: RuleForm,
): { rule: Rule; errors: FieldErrors } | { rule: null; errors: FieldErrors } => {
  const candidate = ruleInputFromForm(form);
  const parsed = RuleSchema.safeParse(candidate);
  const errors: Record<string, FieldError> = {};
  if (form.departmentId === '') errors.departmentId = { key: 'validation.required' };
  if (form.indicatorId === '') errors.indicatorId = { key: 'validation.required' };
  if (form.id.trim() === 'rule:') errors.id = { key: 'ruleForm.error.idSuffix' };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = fieldOf(issue.path.map(String).join('.'), form);
      errors[path] ??= describe(issue, form, candidate);
    }
  }
  if (parsed.success && Object.keys(errors).length === 0) return { rule: parsed.data, errors };
  return { rule: null, errors };
};

/** Moves SOP step `index` up (-1) or down (+1); unchanged at either end. Pure. */
export const moveStep = (rows: readonly SopRow[], index: number, by: -1 | 1): SopRow[] => {
  const target = index + by;
  if (target < 0 || target >= rows.length) return [...rows];
  const out = [...rows];
  [out[index], out[target]] = [out[target] as SopRow, out[index] as SopRow];
  return out;
};

/** Whether saving `after` over `before` restarts the rule's evaluation (server: clearStates). */
export const restartsEvaluation = (before: Rule, after: RuleInput) => {
  const a = RuleSchema.safeParse(after);
  if (!a.success) return false;
  const pick = (r: Rule) => JSON.stringify([r.kind, r.indicatorId, sortKeys(r.params), r.scope]);
  return pick(before) !== pick(a.data);
};
const sortKeys = (o: object) =>
  Object.fromEntries(Object.entries(o).sort(([x], [y]) => x.localeCompare(y)));
