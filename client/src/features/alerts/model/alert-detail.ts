import type { Alert, AlertComment, AlertDetail } from '@city-ioc/shared';

/**
 * Pure helpers of the alert drill-down panel: which version of the alert to show, when the
 * fetched detail is out of date, and what the forms may send.
 */

/**
 * Whether the detail on screen is older than a version of the alert seen since (in the live
 * log or a live event): then it is fetched again. Nothing to compare yet means no.
 */
export const isDetailStale = (
  detailVersion: number | undefined,
  seenVersion: number | undefined,
): boolean =>
  detailVersion !== undefined && seenVersion !== undefined && seenVersion > detailVersion;

/**
 * The newest of the fetched alert and the one in the live log (which a live event may already
 * have moved on while the detail is being fetched again).
 */
export const newestAlert = (detailAlert: Alert, liveAlert: Alert | undefined): Alert =>
  liveAlert && liveAlert.id === detailAlert.id && liveAlert.version > detailAlert.version
    ? liveAlert
    : detailAlert;

/** The detail with an answer's alert in it, if that is newer; the same object otherwise. */
export const withDetailAlert = (
  detail: AlertDetail | undefined,
  alert: Alert,
): AlertDetail | undefined => {
  if (!detail || detail.alert.id !== alert.id || detail.alert.version >= alert.version) {
    return detail;
  }
  return { ...detail, alert };
};

/** The detail with a just-posted comment at the end, once (a refetch may have brought it). */
export const withComment = (
  detail: AlertDetail | undefined,
  comment: AlertComment,
): AlertDetail | undefined => {
  if (!detail || detail.comments.some((existing) => existing.id === comment.id)) return detail;
  return { ...detail, comments: [...detail.comments, comment] };
};

/** Longest comment the server takes (after trimming). */
export const COMMENT_MAX_LENGTH = 2_000;

export type CommentProblem = 'empty' | 'tooLong';

/** Why a comment cannot be sent as typed, or null when it can. Counts what the server keeps. */
export const commentProblem = (body: string): CommentProblem | null => {
  const trimmed = body.trim();
  if (trimmed === '') return 'empty';
  if (trimmed.length > COMMENT_MAX_LENGTH) return 'tooLong';
  return null;
};

/** The optional note of an action: undefined when only blanks were typed. */
export const optionalComment = (body: string): string | undefined => {
  const trimmed = body.trim();
  return trimmed === '' ? undefined : trimmed;
};

export interface AssigneeChoice {
  userId: string;
  name: string;
}

/**
 * The people the assignee select offers, by name: who may act on the alert's department, plus
 * the current assignee even if they no longer may (so the select can still show them).
 */
export const assigneeChoices = (
  people: readonly AssigneeChoice[],
  current: Alert['assignee'],
  locale: string,
): AssigneeChoice[] => {
  const byId = new Map<string, AssigneeChoice>();
  for (const { userId, name } of people) byId.set(userId, { userId, name });
  if (current && !byId.has(current.userId)) {
    byId.set(current.userId, { userId: current.userId, name: current.name });
  }
  return [...byId.values()].sort(
    (a, b) =>
      a.name.localeCompare(b.name, locale) ||
      (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0),
  );
};
