import { AdminFeedSchema, type FeedInput } from '@city-ioc/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { adminFeedKeys } from './admin-feed-queries';

/** Creates a feed (`editingId` null) or replaces one; secrets left out are kept by the server. */
export const saveFeed = ({ input, editingId }: { input: FeedInput; editingId: string | null }) =>
  editingId === null
    ? apiRequest('/api/admin/feeds', AdminFeedSchema, { method: 'POST', body: input })
    : apiRequest(`/api/admin/feeds/${encodeURIComponent(editingId)}`, AdminFeedSchema, {
        method: 'PUT',
        body: input,
      });

/** Saves a feed, then refreshes the list and the audit log. */
export const useSaveFeed = ({ onChanged }: { onChanged?: () => void } = {}) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...adminFeedKeys.all, 'save'],
    mutationFn: saveFeed,
    onSuccess: () => {
      onChanged?.();
      return queryClient.invalidateQueries({ queryKey: adminFeedKeys.all });
    },
  });
};
