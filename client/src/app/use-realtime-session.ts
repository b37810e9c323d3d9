import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { endSession } from '../features/auth/api/session-end';
import { useRealtimeClient } from '../lib/realtime-context';

/**
 * Opens the live link for the signed-in principal `identity`, and closes it when they sign
 * out; a new sign-in (a new identity) opens it again with the new session cookie. The server
 * ending the session (`session:ended`) or refusing the handshake ends it here too.
 */
export const useRealtimeSession = (identity: string): void => {
  const realtime = useRealtimeClient();
  const queryClient = useQueryClient();
  useEffect(() => {
    // `identity` is what the link belongs to: a change must reopen it with the new cookie.
    void identity;
    const offEnded = realtime.on('session:ended', () => endSession(queryClient));
    const offLink = realtime.onLink((link) => {
      if (link === 'unauthorized') endSession(queryClient);
    });
    realtime.connect();
    return () => {
      offEnded();
      offLink();
      realtime.close();
    };
  }, [realtime, queryClient, identity]);
};
