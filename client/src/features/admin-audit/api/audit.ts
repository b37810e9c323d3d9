import { AuditResponseSchema } from '@city-ioc/shared';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';

export const auditKeys = {
  all: ['admin-audit'] as const,
  search: (query: string) => [...auditKeys.all, 'search', query] as const,
};

/** Audit entries matching a query string (see `auditQueryString`), newest first. */
export const auditSearchQueryOptions = (query: string) =>
  queryOptions({
    queryKey: auditKeys.search(query),
    queryFn: ({ signal }) =>
      apiRequest(`/api/admin/audit?${query}`, AuditResponseSchema, { signal }),
    // The previous result stays on screen while a new filter loads.
    placeholderData: keepPreviousData,
  });
