import type { FeedHealthState, FeedStatus } from '@city-ioc/shared';

/** Puts a feed's new status in the list, replacing the old one of the same feed. */
export const upsertFeedStatus = (current: FeedStatus[], status: FeedStatus): FeedStatus[] => {
  const index = current.findIndex((feed) => feed.feedId === status.feedId);
  if (index === -1) return [...current, status];
  const next = [...current];
  next[index] = status;
  return next;
};

export interface FeedHealthSummary {
  ok: number;
  /** Feeds that are expected to deliver (disabled ones are left out). */
  total: number;
  /** Most recent successful delivery among all feeds, ISO string; null if none ever. */
  lastSuccessAt: string | null;
  worstState: FeedHealthState | null;
}

const STATE_BADNESS: Readonly<Record<FeedHealthState, number>> = {
  OK: 0,
  Disabled: 0,
  Pending: 1,
  NoData: 2,
  Error: 3,
};

/** Counts healthy feeds and finds the freshest delivery, for the header. */
export const summarizeFeedHealth = (feeds: readonly FeedStatus[]): FeedHealthSummary => {
  let ok = 0;
  let total = 0;
  let lastSuccessMs = Number.NEGATIVE_INFINITY;
  let lastSuccessAt: string | null = null;
  let worstState: FeedHealthState | null = null;
  for (const feed of feeds) {
    if (feed.state === 'Disabled') continue;
    total += 1;
    if (feed.state === 'OK') ok += 1;
    if (worstState === null || STATE_BADNESS[feed.state] > STATE_BADNESS[worstState]) {
      worstState = feed.state;
    }
    if (feed.lastSuccessAt) {
      const ms = Date.parse(feed.lastSuccessAt);
      if (ms > lastSuccessMs) {
        lastSuccessMs = ms;
        lastSuccessAt = feed.lastSuccessAt;
      }
    }
  }
  return { ok, total, lastSuccessAt, worstState };
};

/** Feeds in the order the operator reads them: problems first, then by name. */
export const sortFeedsForDisplay = (feeds: readonly FeedStatus[]): FeedStatus[] =>
  [...feeds].sort(
    (a, b) => STATE_BADNESS[b.state] - STATE_BADNESS[a.state] || a.name.localeCompare(b.name),
  );
