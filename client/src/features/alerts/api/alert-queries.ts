import { type AlertLogState, AlertsSnapshotSchema, alertLogFromSnapshot } from '@city-ioc/shared';
import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { withoutResolved } from '../model/alert-sync';

/** Query keys of the alerts feature. */
export const alertKeys = {
  all: ['alerts'] as const,
  /** The live log of active alerts: snapshot, then patched by socket events. */
  live: () => [...alertKeys.all, 'live'] as const,
  /** One alert's drill-down: the alert, its comments and its timeline. */
  detail: (alertId: string) => [...alertKeys.all, 'detail', alertId] as const,
  /** Who may be assigned one alert (people who act on its department). */
  assignees: (alertId: string) => [...alertKeys.all, 'assignees', alertId] as const,
};

/** Reads the consistent snapshot of active alerts, as of event `asOfSeq`. */
export const fetchAlertSnapshot = async ({
  signal,
}: {
  signal?: AbortSignal;
}): Promise<AlertLogState> => {
  const snapshot = await apiRequest('/api/alerts?status=active', AlertsSnapshotSchema, { signal });
  return withoutResolved(alertLogFromSnapshot(snapshot.alerts, snapshot.asOfSeq));
};

/**
 * The live alert log. Fetched once; from then on only the live sync (alert-live-sync.ts)
 * changes it, event by event, so it is never stale and never refetched behind its back.
 */
export const liveAlertsQueryOptions = () =>
  queryOptions({
    queryKey: alertKeys.live(),
    queryFn: fetchAlertSnapshot,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
    refetchOnReconnect: false,
    refetchOnWindowFocus: false,
    // The log holds a Map, which structural sharing would not compare anyway.
    structuralSharing: false,
  });
