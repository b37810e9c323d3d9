import {
  type DisplayToken,
  type DisplayTokenInput,
  DisplayTokenInputSchema,
} from '@city-ioc/shared';
import { ROUTE_PATHS } from '../../../config/routes';
import { formatAge, formatDateTime, type Language, translate } from '../../../lib/i18n';
import { type FieldErrors, fieldErrorsFromIssues } from '../../admin-feeds/model/form-errors';

/** The create form of a wall screen's token. */
export interface DisplayTokenFormState {
  name: string;
  departmentIds: readonly string[];
}

export const emptyDisplayTokenForm = (): DisplayTokenFormState => ({ name: '', departmentIds: [] });

/** Checks the form with the server's schema; every scene is allowed (none listed). Pure. */
export const validateDisplayTokenForm = (
  form: DisplayTokenFormState,
): { ok: true; input: DisplayTokenInput } | { ok: false; errors: FieldErrors } => {
  const candidate = { name: form.name, departmentIds: [...form.departmentIds], scenes: [] };
  const parsed = DisplayTokenInputSchema.safeParse(candidate);
  if (!parsed.success) {
    return { ok: false, errors: fieldErrorsFromIssues(parsed.error.issues, candidate) };
  }
  return { ok: true, input: parsed.data };
};

/**
 * The link a wall screen opens to sign in: `${origin}/display?token=…`. The sign-in page
 * takes the token out of the address bar at once. Pure.
 */
export const displaySignInUrl = (origin: string, token: string): string =>
  `${origin.replace(/\/+$/, '')}${ROUTE_PATHS.display}?token=${encodeURIComponent(token)}`;

/** Screens in use first, newest first within each group. Pure. */
export const sortDisplayTokens = (tokens: readonly DisplayToken[]): DisplayToken[] =>
  [...tokens].sort(
    (a, b) =>
      Number(a.revokedAt !== null) - Number(b.revokedAt !== null) ||
      b.createdAt.localeCompare(a.createdAt),
  );

/**
 * When the screen was last seen: "3 phút trước", with the exact time as a title; "never
 * connected" when it has not been. Pure.
 */
export const describeLastSeen = (
  lastSeenAt: string | null,
  nowMs: number,
  language: Language,
  timeZone: string,
): { text: string; title: string | undefined } =>
  lastSeenAt === null
    ? { text: translate(language, 'displays.neverSeen'), title: undefined }
    : {
        text: formatAge(lastSeenAt, nowMs, language),
        title: formatDateTime(lastSeenAt, language, timeZone),
      };
