import { CSRF_HEADER, type ErrorResponse, ErrorResponseSchema } from '@city-ioc/shared';
import type { z } from 'zod';
import { env } from '../config/env';

/**
 * Every failed HTTP call ends up as one of these, whatever went wrong: the network, the
 * server's error body, or a response that does not match its contract.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status, or 0 when no response arrived. */
  readonly status: number;
  /** The server's `error` field, or `network_error` / `invalid_response` for client-side failures. */
  readonly code: string;
  readonly issues: ErrorResponse['issues'];
  /** Seconds the server asked us to wait (`retry-after`, on 429 and 503), when it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    issues?: ErrorResponse['issues'],
    retryAfterSeconds?: number,
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * The `retry-after` header as whole seconds: a number of seconds or an HTTP date. Pure;
 * undefined when absent or unreadable.
 */
export const parseRetryAfter = (value: string | null, nowMs: number): number | undefined => {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // An HTTP date names its day and month ("Sun, 23 Nov 2025 05:02:00 GMT").
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1_000));
};

/** What the signed-in session lends to every request, wired in by the app (app/use-session.ts). */
export interface ApiSessionHooks {
  /** The CSRF token of the current session, sent on state-changing requests. */
  csrfToken: () => string | null;
  /** A request was refused for want of a valid session (401): the session is over. */
  onUnauthorized: () => void;
}

let sessionHooks: ApiSessionHooks = { csrfToken: () => null, onUnauthorized: () => {} };

/** Installs the session hooks; returns the function that restores the previous ones. */
export const setApiSessionHooks = (hooks: ApiSessionHooks): (() => void) => {
  const previous = sessionHooks;
  sessionHooks = hooks;
  return () => {
    sessionHooks = previous;
  };
};

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Methods that change state: the server demands the session's CSRF token on them. */
export const isUnsafeMethod = (method: Method): boolean => method !== 'GET';

/** The URL of an API path, for links the browser follows itself (downloads). */
export const apiUrl = (path: string): string => `${env.apiBaseUrl}${path}`;

const readJson = async (response: Response): Promise<unknown> => {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** Turns a non-2xx response into an ApiError, using the server's error body when it has one. */
const toApiError = (response: Response, body: unknown): ApiError => {
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'), Date.now());
  const parsed = ErrorResponseSchema.safeParse(body);
  if (parsed.success) {
    return new ApiError(
      parsed.data.statusCode,
      parsed.data.error,
      parsed.data.message,
      parsed.data.issues,
      retryAfter,
    );
  }
  return new ApiError(
    response.status,
    response.statusText || 'http_error',
    `HTTP ${response.status}`,
    undefined,
    retryAfter,
  );
};

interface RequestOptions {
  method?: Method;
  body?: unknown;
  signal?: AbortSignal;
  /**
   * A 401 here is an answer, not the end of the session (sign-in with a wrong password, the
   * "who am I" probe): the caller handles it and nobody is sent to the sign-in page.
   */
  isUnauthorizedExpected?: boolean;
}

/**
 * Calls the API and validates the answer against its shared schema. The server is a trust
 * boundary too: a response that does not match the contract is an error, not data.
 */
export const apiRequest = async <S extends z.ZodType>(
  path: string,
  schema: S,
  { method = 'GET', body, signal, isUnauthorizedExpected = false }: RequestOptions = {},
): Promise<z.infer<S>> => {
  const csrfToken = isUnsafeMethod(method) ? sessionHooks.csrfToken() : null;
  let response: Response;
  try {
    response = await fetch(apiUrl(path), {
      method,
      signal,
      // The session cookie (httpOnly) goes with every request to our own origin.
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(csrfToken ? { [CSRF_HEADER]: csrfToken } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'network_error', error instanceof Error ? error.message : String(error));
  }
  const json = await readJson(response);
  if (!response.ok) {
    if (response.status === 401 && !isUnauthorizedExpected) sessionHooks.onUnauthorized();
    throw toApiError(response, json);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError(
      response.status,
      'invalid_response',
      `Response of ${path} does not match its contract`,
      parsed.error.issues.slice(0, 10).map((issue) => ({
        path: issue.path.join('.'),
        message: issue.message,
      })),
    );
  }
  return parsed.data;
};
