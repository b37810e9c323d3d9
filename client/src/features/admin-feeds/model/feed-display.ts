import type {
  AdminFeed,
  FeedCadence,
  FeedHealthState,
  FeedStatus,
  FeedView,
} from '@city-ioc/shared';
import {
  formatAge,
  formatDateTime,
  formatDuration,
  type Language,
  translate,
} from '../../../lib/i18n';

/**
 * A feed's health as the table shows it. A disabled feed reads "Disabled" even before its
 * status catches up; a feed without a status yet is waiting for its first data.
 */
export const feedHealthState = (
  feed: Pick<FeedView, 'enabled'>,
  status: Pick<FeedStatus, 'state'> | null,
): FeedHealthState => {
  if (!feed.enabled) return 'Disabled';
  return status?.state ?? 'Pending';
};

/**
 * When the feed's data is due: its own cadence, else what its status says, else its poll
 * interval (not for a cron-scheduled poll: its interval is only the retry backoff).
 */
export const feedCadenceOf = (feed: FeedView, status: FeedStatus | null): FeedCadence | null =>
  feed.cadence ??
  status?.cadence ??
  (feed.adapter === 'http-poll' && feed.config.cron === undefined
    ? { kind: 'interval', seconds: feed.config.intervalSeconds }
    : null);

/** The adapter, and for an HTTP poll what it reads: "HTTP định kỳ · CSV" / "HTTP poll · CSV". */
export const describeAdapter = (feed: FeedView, language: Language): string => {
  const adapter = translate(language, `adapter.${feed.adapter}`);
  return feed.adapter === 'http-poll'
    ? `${adapter} · ${translate(language, `format.${feed.config.format}`)}`
    : adapter;
};

/**
 * Which credential a polled source or a broker is reached with, never the secret itself (the
 * API does not answer it anyway): "xác thực: header X-Api-Key". Null when none.
 */
export const describeCredential = (feed: FeedView, language: Language): string | null => {
  if (feed.adapter === 'mqtt') {
    return feed.config.hasPassword ? translate(language, 'admin.credential.mqttPassword') : null;
  }
  if (feed.adapter !== 'http-poll') return null;
  const { auth } = feed.config;
  switch (auth.kind) {
    case 'none':
      return null;
    case 'header':
      return translate(language, 'admin.credential.header', { name: auth.name });
    case 'basic':
      return translate(language, 'admin.credential.basic');
    case 'bearer':
      return translate(language, 'admin.credential.bearer');
  }
};

/** A cron-scheduled poll's schedule ("lịch cron 30 16 * * 1-5 (giờ Việt Nam)"); null otherwise. */
export const describeSchedule = (feed: FeedView, language: Language): string | null =>
  feed.adapter === 'http-poll' && feed.config.cron !== undefined
    ? translate(language, 'admin.schedule.cron', { cron: feed.config.cron })
    : null;

/** "mỗi 10 giây", "hằng ngày trước 17:00" / "every 10 seconds", "daily before 17:00". */
export const describeCadence = (cadence: FeedCadence | null, language: Language): string => {
  if (!cadence) return translate(language, 'admin.noCadence');
  return cadence.kind === 'interval'
    ? translate(language, 'admin.cadence.every', {
        duration: formatDuration(cadence.seconds, language),
      })
    : translate(language, 'admin.cadence.dailyBefore', { time: cadence.localTime });
};

/**
 * The last delivery, relative to now ("cập nhật 2 phút trước"), with the exact time in the
 * city's time zone for the hover title.
 */
export const describeLastData = (
  lastSuccessAt: string | null,
  nowMs: number,
  language: Language,
  timeZone: string,
): { text: string; title: string | undefined } => {
  if (!lastSuccessAt) return { text: translate(language, 'feeds.neverUpdated'), title: undefined };
  return {
    text: translate(language, 'feeds.updated', { age: formatAge(lastSuccessAt, nowMs, language) }),
    title: `${formatDateTime(lastSuccessAt, language, timeZone)} (${timeZone})`,
  };
};

/**
 * The last time the source answered without new data ("kiểm tra lần cuối 1 phút trước"), when
 * that is later than the last data; null otherwise (the last data says it all).
 */
export const describeLastCheck = (
  status: Pick<FeedStatus, 'lastSuccessAt' | 'lastCheckedAt'> | null,
  nowMs: number,
  language: Language,
  timeZone: string,
): { text: string; title: string } | null => {
  const checkedAt = status?.lastCheckedAt ?? null;
  if (!checkedAt) return null;
  const successAt = status?.lastSuccessAt ?? null;
  if (successAt && Date.parse(successAt) >= Date.parse(checkedAt)) return null;
  return {
    text: translate(language, 'feeds.checked', { age: formatAge(checkedAt, nowMs, language) }),
    title: `${formatDateTime(checkedAt, language, timeZone)} (${timeZone})`,
  };
};

/**
 * Puts a live `feed:status-changed` into the admin list. Feeds not in the list are ignored
 * (a feed is only listed once the list has been fetched after its creation).
 */
export const withLiveStatus = (feeds: AdminFeed[], status: FeedStatus): AdminFeed[] => {
  const index = feeds.findIndex((row) => row.feed.id === status.feedId);
  const row = feeds[index];
  if (!row) return feeds;
  const next = [...feeds];
  next[index] = { ...row, status };
  return next;
};

/** Feeds in the table's order: by department, then by name. */
export const sortAdminFeeds = (
  feeds: readonly AdminFeed[],
  departmentName: (departmentId: string) => string,
): AdminFeed[] =>
  [...feeds].sort(
    (a, b) =>
      departmentName(a.feed.departmentId).localeCompare(departmentName(b.feed.departmentId)) ||
      a.feed.name.localeCompare(b.feed.name),
  );
