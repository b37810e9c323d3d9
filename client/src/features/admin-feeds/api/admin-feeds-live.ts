import type { AdminFeed } from '@city-ioc/shared';
import type { QueryClient } from '@tanstack/react-query';
import type { RealtimeClient } from '../../../lib/socket';
import { withLiveStatus } from '../model/feed-display';
import { adminFeedKeys } from './admin-feed-queries';

/**
 * Keeps the health column live: patches the admin list with `feed:status-changed`, refetches
 * it for a feed it does not hold yet (created on another screen), and after a reconnect
 * (changes made while offline are not replayed). Returns the function that stops it.
 */
export const startAdminFeedsLive = ({
  queryClient,
  realtime,
}: {
  queryClient: QueryClient;
  realtime: RealtimeClient;
}): (() => void) => {
  const offStatus = realtime.on('feed:status-changed', (status) => {
    const current = queryClient.getQueryData<AdminFeed[]>(adminFeedKeys.list());
    if (!current) return;
    if (current.some((row) => row.feed.id === status.feedId)) {
      queryClient.setQueryData(adminFeedKeys.list(), withLiveStatus(current, status));
    } else {
      void queryClient.invalidateQueries({ queryKey: adminFeedKeys.list() });
    }
  });
  let hasConnectedBefore = realtime.isConnected();
  const offLink = realtime.onLink((link) => {
    if (link !== 'connected') return;
    if (hasConnectedBefore) void queryClient.invalidateQueries({ queryKey: adminFeedKeys.list() });
    hasConnectedBefore = true;
  });
  return () => {
    offStatus();
    offLink();
  };
};
