import { IndicatorSeriesSchema } from '@city-ioc/shared';
import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';

/** An indicator's last 30 days for one subject, for a KPI's sparkline; refreshed every 10 min. */
export const indicatorSeriesQueryOptions = (indicatorId: string, subjectId: string) =>
  queryOptions({
    queryKey: ['indicator-series', indicatorId, subjectId] as const,
    queryFn: ({ signal }) =>
      apiRequest(
        `/api/indicators/${encodeURIComponent(indicatorId)}/series?subjectId=${encodeURIComponent(subjectId)}&days=30`,
        IndicatorSeriesSchema,
        { signal },
      ),
    refetchInterval: 10 * 60_000,
    staleTime: 5 * 60_000,
  });
