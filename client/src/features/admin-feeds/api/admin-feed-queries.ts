import { AdminFeedsResponseSchema, AuditResponseSchema } from '@city-ioc/shared';
import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';

/** Query keys of the feed administration screen. */
export const adminFeedKeys = {
  all: ['admin-feeds'] as const,
  list: () => [...adminFeedKeys.all, 'list'] as const,
  audit: (limit: number) => [...adminFeedKeys.all, 'audit', limit] as const,
};

/** Every feed with its configuration (secrets only counted) and health; health is kept live. */
export const adminFeedsQueryOptions = () =>
  queryOptions({
    queryKey: adminFeedKeys.list(),
    queryFn: ({ signal }) => apiRequest('/api/admin/feeds', AdminFeedsResponseSchema, { signal }),
  });

/** How many audit entries the panel shows. */
export const AUDIT_LIMIT = 50;

/** The newest audit entries about feeds; refetched after every change made here. */
export const auditQueryOptions = (limit = AUDIT_LIMIT) =>
  queryOptions({
    queryKey: adminFeedKeys.audit(limit),
    queryFn: ({ signal }) =>
      apiRequest(`/api/admin/audit?action=feed.&limit=${limit}`, AuditResponseSchema, {
        signal,
      }),
  });
