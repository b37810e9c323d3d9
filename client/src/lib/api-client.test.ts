import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApiError, apiRequest, parseRetryAfter, setApiSessionHooks } from './api-client';

const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-11-23T05:00:00Z');

  it.each([
    ['90', 90],
    [' 0 ', 0],
    ['Sun, 23 Nov 2025 05:02:00 GMT', 120],
    ['Sun, 23 Nov 2025 04:00:00 GMT', 0],
  ])('reads %j as %d seconds', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it.each([[null], [''], ['soon'], ['-5']])('has no wait for %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('apiRequest and the session', () => {
  const fetchMock = vi.fn<typeof fetch>();
  const onUnauthorized = vi.fn();
  let restoreHooks: () => void = () => {};

  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    restoreHooks = setApiSessionHooks({ csrfToken: () => 'csrf-123', onUnauthorized });
  });
  afterEach(() => {
    restoreHooks();
    vi.unstubAllGlobals();
    fetchMock.mockReset();
    onUnauthorized.mockReset();
  });

  const headersOfCall = (index = 0) => new Headers(fetchMock.mock.calls[index]?.[1]?.headers);

  it('sends the cookie and, on a state-changing request, the CSRF token', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, { ok: true }));
    await apiRequest('/api/things', z.object({ ok: z.boolean() }), { method: 'POST', body: {} });
    expect(fetchMock.mock.calls[0]?.[1]?.credentials).toBe('same-origin');
    expect(headersOfCall().get('x-csrf-token')).toBe('csrf-123');
  });

  it.each(['PUT', 'PATCH', 'DELETE'] as const)('sends the CSRF token on %s', async (method) => {
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    await apiRequest('/api/things/1', z.undefined(), { method });
    expect(headersOfCall().get('x-csrf-token')).toBe('csrf-123');
  });

  it('does not send the CSRF token on a read', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, []));
    await apiRequest('/api/things', z.array(z.unknown()));
    expect(headersOfCall().has('x-csrf-token')).toBe(false);
    expect(fetchMock.mock.calls[0]?.[1]?.credentials).toBe('same-origin');
  });

  it('reports a 401 as the end of the session, and still fails the call', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(401, { statusCode: 401, error: 'Unauthorized', message: 'Sign in first' }),
    );
    await expect(apiRequest('/api/alerts', z.unknown())).rejects.toMatchObject({
      status: 401,
      message: 'Sign in first',
    });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('leaves an expected 401 (a wrong password) to the caller', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(401, { statusCode: 401, error: 'Unauthorized', message: 'Wrong' }),
    );
    await expect(
      apiRequest('/api/auth/login', z.unknown(), {
        method: 'POST',
        body: {},
        isUnauthorizedExpected: true,
      }),
    ).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('does not treat a 403 as the end of the session', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(403, { statusCode: 403, error: 'Forbidden', message: 'No' }),
    );
    await expect(apiRequest('/api/admin/users', z.unknown())).rejects.toMatchObject({
      status: 403,
    });
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it('keeps the wait the server asked for on a 429', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(
        429,
        { statusCode: 429, error: 'Too Many Requests', message: 'later' },
        { 'retry-after': '125' },
      ),
    );
    const error = await apiRequest('/api/auth/login', z.unknown(), {
      method: 'POST',
      body: {},
      isUnauthorizedExpected: true,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).retryAfterSeconds).toBe(125);
  });
});
