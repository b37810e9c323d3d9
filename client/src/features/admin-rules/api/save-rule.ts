import { AdminRuleSchema, type Rule } from '@city-ioc/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { adminRuleKeys } from './admin-rule-queries';

/** Creates a rule (`isNew`) or replaces one. */
export const saveRule = ({ rule, isNew }: { rule: Rule; isNew: boolean }) =>
  isNew
    ? apiRequest('/api/admin/rules', AdminRuleSchema, { method: 'POST', body: rule })
    : apiRequest(`/api/admin/rules/${encodeURIComponent(rule.id)}`, AdminRuleSchema, {
        method: 'PUT',
        body: rule,
      });

/** Saves a rule, then refreshes the list. */
export const useSaveRule = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...adminRuleKeys.all, 'save'],
    mutationFn: saveRule,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminRuleKeys.all }),
  });
};
