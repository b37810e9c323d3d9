import { type ErrorResponse, ErrorResponseSchema } from '@city-ioc/shared';
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

  constructor(status: number, code: string, message: string, issues?: ErrorResponse['issues']) {
    super(message);
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

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
  const parsed = ErrorResponseSchema.safeParse(body);
  if (parsed.success) {
    return new ApiError(
      parsed.data.statusCode,
      parsed.data.error,
      parsed.data.message,
      parsed.data.issues,
    );
  }
  return new ApiError(
    response.status,
    response.statusText || 'http_error',
    `HTTP ${response.status}`,
  );
};

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * Calls the API and validates the answer against its shared schema. The server is a trust
 * boundary too: a response that does not match the contract is an error, not data.
 */
export const apiRequest = async <S extends z.ZodType>(
  path: string,
  schema: S,
  { method = 'GET', body, signal }: RequestOptions = {},
): Promise<z.infer<S>> => {
  let response: Response;
  try {
    response = await fetch(`${env.apiBaseUrl}${path}`, {
      method,
      signal,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'network_error', error instanceof Error ? error.message : String(error));
  }
  const json = await readJson(response);
  if (!response.ok) throw toApiError(response, json);
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
