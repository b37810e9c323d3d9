import { createContext, type ReactNode, useContext, useSyncExternalStore } from 'react';
import type { ConnectionState } from './connection-state';
import type { RealtimeClient } from './socket';

const RealtimeContext = createContext<RealtimeClient | null>(null);

/** Makes a realtime client available below; the app passes the real one, tests a fake. */
export const RealtimeProvider = ({
  client,
  children,
}: {
  client: RealtimeClient;
  children: ReactNode;
}) => <RealtimeContext.Provider value={client}>{children}</RealtimeContext.Provider>;

export const useRealtimeClient = (): RealtimeClient => {
  const client = useContext(RealtimeContext);
  if (!client) throw new Error('useRealtimeClient must be used inside <RealtimeProvider>');
  return client;
};

/** The live link's state, re-rendering on every change. */
export const useConnectionState = (): ConnectionState => {
  const client = useRealtimeClient();
  return useSyncExternalStore(client.subscribeConnectionState, client.getConnectionState);
};
