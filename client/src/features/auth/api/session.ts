import { type SessionInfo, SessionInfoSchema } from '@city-ioc/shared';
import { type QueryClient, queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { ApiError, apiRequest } from '../../../lib/api-client';
import { clientConfigKeys } from '../../../lib/client-config';

/** Query keys of the session. */
export const authKeys = {
  all: ['auth'] as const,
  session: () => [...authKeys.all, 'session'] as const,
};

/** `POST` answers of the auth routes that have no body (204). */
const NoContentSchema = z.union([z.undefined(), z.null()]);

/** The current session, or null when nobody is signed in (401 is an answer here, not an error). */
export const fetchSession = async (signal?: AbortSignal): Promise<SessionInfo | null> => {
  try {
    return await apiRequest('/api/auth/me', SessionInfoSchema, {
      signal,
      isUnauthorizedExpected: true,
    });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
};

/**
 * Who is signed in: `SessionInfo`, null for nobody, undefined until the server has answered.
 * Asked once; sign-in, sign-out and any 401 write it directly. A server that cannot be reached
 * is asked again until it answers (the wall must come up by itself).
 */
export const sessionQueryOptions = () =>
  queryOptions({
    queryKey: authKeys.session(),
    queryFn: ({ signal }) => fetchSession(signal),
    staleTime: Number.POSITIVE_INFINITY,
    retry: true,
  });

/** The session as the app knows it now (see `sessionQueryOptions`). */
export const useSession = () => useQuery(sessionQueryOptions());

/** The signed-in principal, or null. */
export const usePrincipal = () => useSession().data?.principal ?? null;

/**
 * Forgets everything a session loaded (its departments' alerts, admin lists), keeping only
 * what belongs to nobody: the deployment's settings and the session itself.
 */
export const purgeSessionData = (queryClient: QueryClient): void =>
  queryClient.removeQueries({
    predicate: (query) =>
      query.queryKey[0] !== authKeys.all[0] && query.queryKey[0] !== clientConfigKeys.all[0],
  });

/** A new session (sign-in) or none (sign-out): nothing of the previous one is kept. */
export const replaceSession = (queryClient: QueryClient, session: SessionInfo | null): void => {
  purgeSessionData(queryClient);
  queryClient.setQueryData(authKeys.session(), session);
};

export const signIn = (credentials: { username: string; password: string }) =>
  apiRequest('/api/auth/login', SessionInfoSchema, {
    method: 'POST',
    body: credentials,
    isUnauthorizedExpected: true,
  });

export const signInDisplay = (token: string) =>
  apiRequest('/api/auth/display', SessionInfoSchema, {
    method: 'POST',
    body: { token },
    isUnauthorizedExpected: true,
  });

export const signOut = () =>
  apiRequest('/api/auth/logout', NoContentSchema, {
    method: 'POST',
    // Already signed out elsewhere is as good as signing out here.
    isUnauthorizedExpected: true,
  });

export const changePassword = (request: { currentPassword: string; newPassword: string }) =>
  apiRequest('/api/auth/password', NoContentSchema, { method: 'POST', body: request });

/** Signs in with a user name and password. The caller records the session it answers. */
export const useSignIn = () =>
  useMutation({ mutationKey: [...authKeys.all, 'sign-in'], mutationFn: signIn });

/** Signs a wall screen in with its display token. */
export const useDisplaySignIn = () =>
  useMutation({ mutationKey: [...authKeys.all, 'display-sign-in'], mutationFn: signInDisplay });

export const useChangePassword = () =>
  useMutation({ mutationKey: [...authKeys.all, 'password'], mutationFn: changePassword });

/** Signs out; a 401 (the session had already ended) counts as done. */
export const useSignOut = () =>
  useMutation({
    mutationKey: [...authKeys.all, 'sign-out'],
    mutationFn: async () => {
      try {
        await signOut();
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      }
    },
  });
