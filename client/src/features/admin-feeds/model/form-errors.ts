import { topicFilterProblem } from '@city-ioc/shared';
import type { z } from 'zod';
import type { MessageKey, MessageParams } from '../../../lib/i18n';

/** A field's problem as a dictionary message, translated when shown. */
export interface FieldError {
  key: MessageKey;
  params?: MessageParams;
}

/** Problems by input path (`name`, `config.url`, `config.mapping.values.0.indicatorId`). */
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

const isMissing = (value: unknown) =>
  value === undefined || (typeof value === 'string' && value.trim() === '');

// Patterns of the shared schemas that only allow id characters (IdSchema, NGSI subjectPrefix).
const ID_CHARACTERS = 'A-Za-z0-9._:-';

/**
 * The message for one schema issue. `candidate` is what was validated: an issue on an empty
 * value reads "required", whatever the schema's own wording. Zod's messages are English and
 * technical; the administrator reads them in the UI language instead.
 */
export const describeIssue = (issue: Issue, candidate: unknown): FieldError => {
  const field = String(issue.path.at(-1) ?? '');
  const path = issue.path.map(String).join('.');
  const value = valueAt(candidate, issue.path);
  const isMqtt = valueAt(candidate, ['adapter']) === 'mqtt';
  switch (issue.code) {
    case 'invalid_type':
      if (isMissing(value)) return { key: 'validation.required' };
      if (issue.expected === 'number') return { key: 'validation.number' };
      if (issue.expected === 'int') return { key: 'validation.integer' };
      break;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') {
        return isMissing(value) && min <= 1
          ? { key: 'validation.required' }
          : { key: 'validation.minLength', params: { min } };
      }
      if (issue.origin === 'array') return { key: 'validation.minItems', params: { min } };
      if (issue.origin === 'number') return { key: 'validation.min', params: { min } };
      break;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return { key: 'validation.maxLength', params: { max } };
      if (issue.origin === 'array') return { key: 'validation.maxItems', params: { max } };
      if (issue.origin === 'number') return { key: 'validation.max', params: { max } };
      break;
    }
    case 'invalid_format':
      if (isMissing(value)) return { key: 'validation.required' };
      if (issue.format === 'url') {
        return { key: isMqtt && path === 'config.url' ? 'validation.brokerUrl' : 'validation.url' };
      }
      if (field === 'localTime') return { key: 'validation.time' };
      if (path === 'config.cron') return { key: 'validation.cron' };
      if (path === 'config.clientId') return { key: 'validation.clientId' };
      if (path === 'config.auth.name') return { key: 'validation.headerName' };
      if (path === 'config.auth.username') return { key: 'validation.username' };
      if (path.startsWith('config.auth.')) return { key: 'validation.noControlCharacters' };
      if (issue.format === 'regex' && issue.pattern?.includes(ID_CHARACTERS)) {
        return { key: 'validation.id' };
      }
      break;
    case 'custom':
      if (field === 'idPattern') return { key: 'validation.regex' };
      if (field === 'scale') return { key: 'validation.notZero' };
      if (path === 'config.auth.name') return { key: 'validation.headerReserved' };
      if (isMqtt && path === 'config.url') return { key: 'validation.brokerUrlCredentials' };
      if (isMqtt && field === 'filter' && typeof value === 'string') {
        // The filter is valid on its own, so the issue is about the list: a repeated filter.
        return topicFilterProblem(value) === null
          ? { key: 'validation.topicDuplicate' }
          : { key: 'validation.topicFilter' };
      }
      if (isMqtt && field === 'subjectFromTopicLevel') {
        const filter = valueAt(candidate, [...issue.path.slice(0, -1), 'filter']);
        const levels = typeof filter === 'string' ? filter.split('/').length : 0;
        return { key: 'validation.topicLevel', params: { levels, max: Math.max(levels - 1, 0) } };
      }
      break;
  }
  return { key: 'validation.invalid', params: { message: issue.message } };
};

/** The first problem of each field, keyed by its dotted path. */
export const fieldErrorsFromIssues = (
  issues: readonly Issue[],
  candidate: unknown,
): FieldErrors => {
  const errors: Record<string, FieldError> = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    errors[path] ??= describeIssue(issue, candidate);
  }
  return errors;
};

/**
 * The server's field issues (already dotted paths, English messages) as field errors; shown
 * as the server wrote them, since only it knows what it meant.
 */
export const fieldErrorsFromServer = (
  issues: readonly { path: string; message: string }[] | undefined,
): FieldErrors => {
  const errors: Record<string, FieldError> = {};
  for (const issue of issues ?? []) {
    errors[issue.path] ??= { key: 'validation.invalid', params: { message: issue.message } };
  }
  return errors;
};

/** Errors at `prefix` and below it (a whole section, such as `config.mapping.values`). */
export const hasErrorsUnder = (errors: FieldErrors, prefix: string): boolean =>
  Object.keys(errors).some((path) => path === prefix || path.startsWith(`${prefix}.`));
