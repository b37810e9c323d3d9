import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useRealtimeClient } from '../../../lib/realtime-context';
import { startAlertLiveSync } from './alert-live-sync';
import { liveAlertsQueryOptions } from './alert-queries';

/** The live alert log (snapshot + events); undefined until the snapshot arrives. */
export const useLiveAlerts = () => useQuery(liveAlertsQueryOptions());

/** Keeps the live alert log in step with the server for as long as the caller is mounted. */
export const useAlertLiveSync = (): void => {
  const queryClient = useQueryClient();
  const realtime = useRealtimeClient();
  useEffect(() => startAlertLiveSync({ queryClient, realtime }), [queryClient, realtime]);
};
