import { useMutation, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { apiRequest } from '../../../lib/api-client';
import { adminFeedKeys } from './admin-feed-queries';

/** `DELETE` answers 204 with no body. */
const NoContentSchema = z.undefined();

export const deleteFeed = (feedId: string) =>
  apiRequest(`/api/admin/feeds/${encodeURIComponent(feedId)}`, NoContentSchema, {
    method: 'DELETE',
  });

/** Deletes a feed (its stored data stays), then refreshes the list and the audit log. */
export const useDeleteFeed = ({ onChanged }: { onChanged?: () => void } = {}) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: [...adminFeedKeys.all, 'delete'],
    mutationFn: deleteFeed,
    onSuccess: () => {
      onChanged?.();
      return queryClient.invalidateQueries({ queryKey: adminFeedKeys.all });
    },
  });
};
