import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiRequest } from '../../../lib/api-client';
import { adminRuleKeys } from './admin-rule-queries';

export const deleteRule = (ruleId: string) =>
  apiRequest(`/api/admin/rules/${encodeURIComponent(ruleId)}`, z.unknown(), { method: 'DELETE' });

/** Deletes a rule, then refreshes the list. */
export const useDeleteRule = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...adminRuleKeys.all, 'delete'],
    mutationFn: deleteRule,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminRuleKeys.all }),
  });
};
