import type { SessionInfo } from '@city-ioc/shared';
import type { QueryClient } from '@tanstack/react-query';
import { setApiSessionHooks } from '../../../lib/api-client';
import { useSignInNoticeStore } from '../store';
import { authKeys } from './session';

/**
 * The server says the session is over (a 401, `session:ended`, a refused socket handshake):
 * forget it, so the app shows the sign-in page. Nothing happens when nobody was signed in, so
 * stray 401s after the end never loop.
 */
export const endSession = (queryClient: QueryClient): void => {
  const current = queryClient.getQueryData<SessionInfo | null>(authKeys.session());
  if (!current) return;
  useSignInNoticeStore
    .getState()
    .noticeShown(current.principal.kind === 'display' ? 'displayEnded' : 'sessionEnded');
  queryClient.setQueryData(authKeys.session(), null);
};

/**
 * Lends the session to every API call: its CSRF token on state-changing requests, and the
 * end of the session on any 401. Returns the function that undoes it.
 */
export const installApiSessionHooks = (queryClient: QueryClient): (() => void) =>
  setApiSessionHooks({
    csrfToken: () =>
      queryClient.getQueryData<SessionInfo | null>(authKeys.session())?.csrfToken ?? null,
    onUnauthorized: () => endSession(queryClient),
  });
