import { FeedStatusesResponseSchema } from '@city-ioc/shared';
import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';

export const feedKeys = {
  all: ['feeds'] as const,
  statuses: () => [...feedKeys.all, 'statuses'] as const,
};

/** Health of every feed; patched by `feed:status-changed`, refetched after a reconnect. */
export const feedStatusesQueryOptions = () =>
  queryOptions({
    queryKey: feedKeys.statuses(),
    queryFn: ({ signal }) => apiRequest('/api/feeds', FeedStatusesResponseSchema, { signal }),
    staleTime: 60_000,
  });
