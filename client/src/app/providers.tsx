import { QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useEffect } from 'react';
import { queryClient } from '../lib/query-client';
import { RealtimeProvider } from '../lib/realtime-context';
import { getRealtimeClient } from '../lib/socket';

/** Server data (TanStack Query) and the live link (Socket.IO), opened for the app's lifetime. */
export const AppProviders = ({ children }: { children: ReactNode }) => {
  const realtime = getRealtimeClient();
  useEffect(() => {
    realtime.connect();
    return () => realtime.close();
  }, [realtime]);
  return (
    <QueryClientProvider client={queryClient}>
      <RealtimeProvider client={realtime}>{children}</RealtimeProvider>
    </QueryClientProvider>
  );
};
