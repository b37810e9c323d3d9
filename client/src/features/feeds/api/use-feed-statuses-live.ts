import type { FeedStatus } from '@city-ioc/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useRealtimeClient } from '../../../lib/realtime-context';
import { upsertFeedStatus } from '../model/feed-health';
import { feedKeys } from './feed-queries';

/** Patches feed health with `feed:status-changed`; refetches it after a reconnect. */
export const useFeedStatusesLive = (): void => {
  const queryClient = useQueryClient();
  const realtime = useRealtimeClient();
  useEffect(() => {
    const offStatus = realtime.on('feed:status-changed', (status) => {
      queryClient.setQueryData<FeedStatus[]>(feedKeys.statuses(), (current) =>
        current ? upsertFeedStatus(current, status) : current,
      );
    });
    let hasConnectedBefore = realtime.isConnected();
    const offLink = realtime.onLink((link) => {
      if (link !== 'connected') return;
      // Changes made while we were offline are not replayed: read the current state again.
      if (hasConnectedBefore) void queryClient.invalidateQueries({ queryKey: feedKeys.statuses() });
      hasConnectedBefore = true;
    });
    return () => {
      offStatus();
      offLink();
    };
  }, [queryClient, realtime]);
};
