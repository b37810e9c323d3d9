import type { SessionInfo } from '@city-ioc/shared';
import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { apiRequest } from '../../../lib/api-client';
import { clientConfigKeys } from '../../../lib/client-config';
import { useSignInNoticeStore } from '../store';
import { authKeys, replaceSession } from './session';
import { endSession, installApiSessionHooks } from './session-end';

const operator: SessionInfo = {
  principal: {
    kind: 'user',
    userId: 'u1',
    username: 'operator',
    displayName: 'Trần Thị B',
    role: 'operator',
    departmentIds: [],
  },
  csrfToken: 'csrf-operator',
};
const wall: SessionInfo = {
  principal: { kind: 'display', tokenId: 'd1', name: 'Tường 1', departmentIds: [], scenes: [] },
  csrfToken: 'csrf-wall',
};

describe('ending a session', () => {
  let queryClient: QueryClient;
  beforeEach(() => {
    queryClient = new QueryClient();
    useSignInNoticeStore.getState().noticeCleared();
  });

  it('forgets the session and says why on the sign-in page', () => {
    queryClient.setQueryData(authKeys.session(), operator);
    endSession(queryClient);
    expect(queryClient.getQueryData(authKeys.session())).toBeNull();
    expect(useSignInNoticeStore.getState().notice).toBe('sessionEnded');
  });

  it('tells a wall screen that it was signed out', () => {
    queryClient.setQueryData(authKeys.session(), wall);
    endSession(queryClient);
    expect(useSignInNoticeStore.getState().notice).toBe('displayEnded');
  });

  it('does nothing when nobody was signed in (stray 401s never loop)', () => {
    queryClient.setQueryData(authKeys.session(), null);
    const listener = vi.fn();
    queryClient.getQueryCache().subscribe(listener);
    endSession(queryClient);
    endSession(queryClient);
    expect(listener).not.toHaveBeenCalled();
    expect(useSignInNoticeStore.getState().notice).toBeNull();
  });
});

describe('replaceSession', () => {
  it("drops the previous session's data but keeps the deployment's settings", () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(clientConfigKeys.current(), { cityName: 'x' });
    queryClient.setQueryData(['alerts', 'live'], { alerts: ['secret'] });
    queryClient.setQueryData(['admin-users', 'list'], []);
    replaceSession(queryClient, wall);
    expect(queryClient.getQueryData(clientConfigKeys.current())).toEqual({ cityName: 'x' });
    expect(queryClient.getQueryData(['alerts', 'live'])).toBeUndefined();
    expect(queryClient.getQueryData(['admin-users', 'list'])).toBeUndefined();
    expect(queryClient.getQueryData(authKeys.session())).toEqual(wall);
  });
});

describe('installApiSessionHooks', () => {
  const fetchMock = vi.fn<typeof fetch>();
  let uninstall: () => void = () => {};
  let queryClient: QueryClient;
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    queryClient = new QueryClient();
    uninstall = installApiSessionHooks(queryClient);
  });
  afterEach(() => {
    uninstall();
    vi.unstubAllGlobals();
    fetchMock.mockReset();
  });

  it("sends the current session's CSRF token and ends the session on a 401", async () => {
    queryClient.setQueryData(authKeys.session(), operator);
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }));
    await apiRequest('/api/things', z.undefined(), { method: 'DELETE' });
    expect(new Headers(fetchMock.mock.calls[0]?.[1]?.headers).get('x-csrf-token')).toBe(
      'csrf-operator',
    );

    fetchMock.mockResolvedValueOnce(new Response(null, { status: 401 }));
    await expect(apiRequest('/api/alerts', z.unknown())).rejects.toThrow();
    expect(queryClient.getQueryData(authKeys.session())).toBeNull();
  });
});
