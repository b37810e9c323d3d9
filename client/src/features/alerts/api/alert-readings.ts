import { AlertReadingsSchema } from '@city-ioc/shared';
import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { alertKeys } from './alert-queries';

/**
 * The indicator's readings around an alert. Keyed by the alert's version, so a live change
 * (resolved, a new occurrence) fetches the new span; refreshed every minute while open.
 */
export const alertReadingsQueryOptions = (alertId: string, version: number) =>
  queryOptions({
    queryKey: [...alertKeys.detail(alertId), 'readings', version] as const,
    queryFn: ({ signal }) =>
      apiRequest(`/api/alerts/${encodeURIComponent(alertId)}/readings`, AlertReadingsSchema, {
        signal,
      }),
    refetchInterval: 60_000,
    placeholderData: (previous) => previous,
  });
