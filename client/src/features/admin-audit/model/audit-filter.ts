import type { MessageKey } from '../../../lib/i18n';
import type { FieldErrors } from '../../admin-feeds/model/form-errors';

/** The families of audit actions the viewer filters by: each is a prefix of `action`. */
export const AUDIT_ACTION_GROUPS = [
  { prefix: '', labelKey: 'auditPage.group.all' },
  { prefix: 'auth.', labelKey: 'auditPage.group.auth' },
  { prefix: 'feed.', labelKey: 'auditPage.group.feed' },
  { prefix: 'user.', labelKey: 'auditPage.group.user' },
  { prefix: 'display_token.', labelKey: 'auditPage.group.display_token' },
  { prefix: 'alert.', labelKey: 'auditPage.group.alert' },
] as const satisfies readonly { prefix: string; labelKey: MessageKey }[];

export type AuditActionPrefix = (typeof AUDIT_ACTION_GROUPS)[number]['prefix'];

/** The filter as the form holds it; dates are calendar days (`YYYY-MM-DD`) in the city. */
export interface AuditFilter {
  action: AuditActionPrefix;
  actor: string;
  from: string;
  to: string;
}

export const emptyAuditFilter = (): AuditFilter => ({ action: '', actor: '', from: '', to: '' });

/** How many entries the viewer asks for; the server allows up to 1 000. */
export const AUDIT_PAGE_LIMIT = 500;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** How far ahead of UTC `timeZone` is at an instant, in ms (Vietnam: 7 hours). */
const offsetMs = (utcMs: number, timeZone: string): number => {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  for (const part of format.formatToParts(new Date(utcMs))) parts[part.type] = part.value;
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return asUtc - Math.floor(utcMs / 1_000) * 1_000;
};

/**
 * The instant a calendar day starts in `timeZone` (ms since the epoch), or null for a date
 * that is not `YYYY-MM-DD`. `dayOffset` moves the day (1: the next one). Pure.
 */
export const zonedDayStart = (date: string, timeZone: string, dayOffset = 0): number | null => {
  const match = DATE.exec(date);
  if (!match) return null;
  const guess = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + dayOffset);
  if (Number.isNaN(guess)) return null;
  // Twice: the offset at the guess may differ from the offset at the answer (DST changes).
  const first = guess - offsetMs(guess, timeZone);
  return guess - offsetMs(first, timeZone);
};

/** What is wrong with the filter, by field: only a range that ends before it starts. Pure. */
export const auditFilterProblems = (filter: AuditFilter): FieldErrors =>
  filter.from !== '' && filter.to !== '' && filter.from > filter.to
    ? { to: { key: 'validation.dateRange' } }
    : {};

/**
 * The query string of `GET /api/admin/audit` for a filter: the action prefix, the actor
 * (exact), and the days from/to as instants (the whole of the `to` day included), in the
 * city's time zone. Empty fields are left out. Pure.
 */
export const auditQueryString = (
  filter: AuditFilter,
  timeZone: string,
  limit = AUDIT_PAGE_LIMIT,
): string => {
  const params = new URLSearchParams();
  if (filter.action !== '') params.set('action', filter.action);
  const actor = filter.actor.trim();
  if (actor !== '') params.set('actor', actor);
  const from = zonedDayStart(filter.from, timeZone);
  if (from !== null) params.set('from', new Date(from).toISOString());
  const nextDay = zonedDayStart(filter.to, timeZone, 1);
  if (nextDay !== null) params.set('to', new Date(nextDay - 1).toISOString());
  params.set('limit', String(limit));
  return params.toString();
};

const DETAILS_MAX_LENGTH = 300;

/**
 * An entry's details as one line of text (`ip: 10.0.0.5 · reason: invalid`), never markup.
 * Long values are cut. Pure.
 */
export const describeAuditDetails = (details: Readonly<Record<string, unknown>>): string => {
  const text = Object.entries(details)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const shown = typeof value === 'string' ? value : JSON.stringify(value);
      return `${key}: ${shown}`;
    })
    .join(' · ');
  return text.length > DETAILS_MAX_LENGTH ? `${text.slice(0, DETAILS_MAX_LENGTH - 1)}…` : text;
};
