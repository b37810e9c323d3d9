import { AdminRulesResponseSchema } from '@city-ioc/shared';
import { queryOptions } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';

/** Query keys of the rule administration screen. */
export const adminRuleKeys = {
  all: ['admin-rules'] as const,
  list: () => [...adminRuleKeys.all, 'list'] as const,
};

/** Every rule with how many subjects are pending or firing. */
export const adminRulesQueryOptions = () =>
  queryOptions({
    queryKey: adminRuleKeys.list(),
    queryFn: ({ signal }) => apiRequest('/api/admin/rules', AdminRulesResponseSchema, { signal }),
  });
