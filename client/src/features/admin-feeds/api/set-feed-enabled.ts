import { AdminFeedSchema } from '@city-ioc/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { adminFeedKeys } from './admin-feed-queries';

export const setFeedEnabled = ({ feedId, enabled }: { feedId: string; enabled: boolean }) =>
  apiRequest(
    `/api/admin/feeds/${encodeURIComponent(feedId)}/${enabled ? 'enable' : 'disable'}`,
    AdminFeedSchema,
    { method: 'POST' },
  );

/** Enables or disables a feed, then refreshes the list and the audit log. */
export const useSetFeedEnabled = ({ onChanged }: { onChanged?: () => void } = {}) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...adminFeedKeys.all, 'set-enabled'],
    mutationFn: setFeedEnabled,
    onSuccess: () => {
      onChanged?.();
      return queryClient.invalidateQueries({ queryKey: adminFeedKeys.all });
    },
  });
};
