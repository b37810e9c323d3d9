import type { AlertDetail, AlertLogState } from '@city-ioc/shared';
import { hashKey, type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useRealtimeClient } from '../../../lib/realtime-context';
import type { RealtimeClient } from '../../../lib/socket';
import { isDetailStale } from '../model/alert-detail';
import { alertKeys } from './alert-queries';

export interface AlertDetailLiveRefreshDeps {
  queryClient: QueryClient;
  realtime: RealtimeClient;
  alertId: string;
}

/**
 * Keeps one alert's drill-down current: whenever a newer version of the alert shows up, the
 * detail (comments, timeline) is fetched again, so a second viewer sees every change live.
 * A newer version is noticed in
 * - the live log (events applied in order, including those caught up through `alerts:sync`);
 * - every `alert:changed` event, which also covers resolved alerts the live log drops (closing
 *   one, commenting on it);
 * - and after a reconnect the detail is fetched again, since events may have been missed.
 * Returns the function that stops it.
 */
export const startAlertDetailLiveRefresh = ({
  queryClient,
  realtime,
  alertId,
}: AlertDetailLiveRefreshDeps): (() => void) => {
  const detailKey = alertKeys.detail(alertId);
  const liveKey = alertKeys.live();
  const detailHash = hashKey(detailKey);
  const liveHash = hashKey(liveKey);

  const detailVersion = () => queryClient.getQueryData<AlertDetail>(detailKey)?.alert.version;
  const liveVersion = () =>
    queryClient.getQueryData<AlertLogState>(liveKey)?.alerts.get(alertId)?.version;
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: detailKey, exact: true });
  };
  /** The newest version a refresh was asked for: the log and the event both announce it. */
  let requestedVersion = 0;
  const refreshIfStale = (seenVersion: number | undefined) => {
    if (!isDetailStale(detailVersion(), seenVersion) || seenVersion === undefined) return;
    if (seenVersion <= requestedVersion) return;
    requestedVersion = seenVersion;
    refresh();
  };

  const unsubscribers = [
    queryClient.getQueryCache().subscribe((event) => {
      if (event.type !== 'updated' || event.action.type !== 'success') return;
      // The log moved on, or a fetched detail turned out older than the log already was.
      const hash = event.query.queryHash;
      if (hash === liveHash || hash === detailHash) refreshIfStale(liveVersion());
    }),
    realtime.on('alert:changed', (event) => {
      if (event.alert.id === alertId) refreshIfStale(event.alert.version);
    }),
    realtime.onLink((link) => {
      if (link === 'connected') refresh();
    }),
  ];
  refreshIfStale(liveVersion());

  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
};

/** Keeps the detail of `alertId` current for as long as the caller is mounted. */
export const useAlertDetailLiveRefresh = (alertId: string): void => {
  const queryClient = useQueryClient();
  const realtime = useRealtimeClient();
  useEffect(
    () => startAlertDetailLiveRefresh({ queryClient, realtime, alertId }),
    [queryClient, realtime, alertId],
  );
};
