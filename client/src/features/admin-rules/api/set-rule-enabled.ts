import { AdminRuleSchema } from '@city-ioc/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { adminRuleKeys } from './admin-rule-queries';

export const setRuleEnabled = ({ ruleId, enabled }: { ruleId: string; enabled: boolean }) =>
  apiRequest(`/api/admin/rules/${encodeURIComponent(ruleId)}/enabled`, AdminRuleSchema, {
    method: 'POST',
    body: { enabled },
  });

/** Enables or disables a rule, then refreshes the list. */
export const useSetRuleEnabled = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...adminRuleKeys.all, 'set-enabled'],
    mutationFn: setRuleEnabled,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminRuleKeys.all }),
  });
};
