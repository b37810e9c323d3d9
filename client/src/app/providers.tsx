import { QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { queryClient } from '../lib/query-client';
import { RealtimeProvider } from '../lib/realtime-context';
import { getRealtimeClient } from '../lib/socket';

/**
 * Server data (TanStack Query) and the live link (Socket.IO). The link is opened only while
 * someone is signed in (see `useRealtimeSession`): the server refuses it otherwise.
 */
export const AppProviders = ({ children }: { children: ReactNode }) => (
  <QueryClientProvider client={queryClient}>
    <RealtimeProvider client={getRealtimeClient()}>{children}</RealtimeProvider>
  </QueryClientProvider>
);
