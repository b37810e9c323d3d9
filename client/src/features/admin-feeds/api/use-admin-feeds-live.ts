import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useRealtimeClient } from '../../../lib/realtime-context';
import { startAdminFeedsLive } from './admin-feeds-live';

/** Keeps the admin feed list's health live for as long as the caller is mounted. */
export const useAdminFeedsLive = (): void => {
  const queryClient = useQueryClient();
  const realtime = useRealtimeClient();
  useEffect(() => startAdminFeedsLive({ queryClient, realtime }), [queryClient, realtime]);
};
