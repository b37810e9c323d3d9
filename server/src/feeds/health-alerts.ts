import type { AlertEvent, FeedStatus } from '@city-ioc/shared';
import { createAlertRepository } from '../store/alert-repository';
import type { Queryable } from '../store/db';

/** Deterministic key of a feed's health alert: at most one active per feed. */
export const feedHealthAlertKey = (feedId: string) => `feed-health:${feedId}`;

/** Whether a feed state needs an operator's attention. */
export const isUnhealthy = (state: FeedStatus['state']) => state === 'NoData' || state === 'Error';

/** The alert text for an unhealthy feed, in both languages. Pure. */
export const feedHealthAlertTitle = (status: FeedStatus) =>
  status.state === 'NoData'
    ? {
        vi: `Nguồn dữ liệu không có dữ liệu đúng hạn · ${status.name}`,
        en: `Feed silent past its cadence · ${status.name}`,
      }
    : {
        vi: `Nguồn dữ liệu đang lỗi · ${status.name}`,
        en: `Feed failing · ${status.name}${status.lastError ? ` (${status.lastError})` : ''}`,
      };

/**
 * Brings a feed's health alert in line with its state, idempotently: raises it (Minor, the
 * feed's department) when the feed is NoData or Error and none is active, resolves it when the
 * feed is healthy, disabled or pending again. Returns the events appended.
 */
export const syncFeedHealthAlert = async (
  tx: Queryable,
  status: FeedStatus,
  at: string,
  newId: () => string,
): Promise<AlertEvent[]> => {
  const alerts = createAlertRepository(tx);
  const key = feedHealthAlertKey(status.feedId);
  if (!isUnhealthy(status.state)) {
    const resolved = await alerts.resolveByKey(key, at, null);
    return resolved ? [resolved] : [];
  }
  const active = await tx.query("SELECT 1 FROM alerts WHERE key = $1 AND status <> 'resolved'", [
    key,
  ]);
  if (active.length > 0) return [];
  return [
    await alerts.raise({
      id: newId(),
      key,
      ruleId: null,
      departmentId: status.departmentId,
      indicatorId: null,
      subjectId: status.feedId,
      areaId: null,
      position: null,
      severity: 'Minor',
      title: feedHealthAlertTitle(status),
      value: null,
      threshold: null,
      at,
    }),
  ];
};
