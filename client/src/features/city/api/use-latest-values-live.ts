import type { LatestValue } from '@city-ioc/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useRealtimeClient } from '../../../lib/realtime-context';
import { mergeLatestValues } from '../model/latest-values';
import { cityKeys, latestValuesQueryOptions } from './city-queries';

/**
 * Patches the latest values with `observations:recorded`, and refetches them after a
 * reconnect (values recorded while offline are not replayed by the server).
 */
export const useLatestValuesLive = (): void => {
  const queryClient = useQueryClient();
  const realtime = useRealtimeClient();
  useEffect(() => {
    const offValues = realtime.on('observations:recorded', ({ values }) => {
      queryClient.setQueryData<LatestValue[]>(cityKeys.latestValues(), (current) =>
        current ? mergeLatestValues(current, values) : current,
      );
    });
    let hasConnectedBefore = realtime.isConnected();
    const offLink = realtime.onLink((link) => {
      if (link !== 'connected') return;
      if (hasConnectedBefore) {
        void queryClient.invalidateQueries({ queryKey: latestValuesQueryOptions().queryKey });
      }
      hasConnectedBefore = true;
    });
    return () => {
      offValues();
      offLink();
    };
  }, [queryClient, realtime]);
};
