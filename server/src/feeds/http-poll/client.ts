import { OutboundError, safeFetch } from '../outbound/safe-fetch';
import type { OutboundPolicy } from '../outbound/url-guard';

/** Why a fetch failed, in words an administrator can act on. */
export class FeedFetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedFetchError';
  }
}

export interface FetchOptions {
  policy: OutboundPolicy;
  timeoutMs: number;
  /** Largest body accepted; the stream is cut beyond it. */
  maxBytes: number;
  signal?: AbortSignal;
}

/**
 * Fetches a JSON document through the outbound guard (address checks at connect time,
 * redirects re-validated, timeouts, body cap). Throws FeedFetchError on a refused address,
 * network failure, non-2xx status, oversize or invalid JSON.
 */
export const fetchJson = async (url: string, options: FetchOptions): Promise<unknown> => {
  let response: Awaited<ReturnType<typeof safeFetch>>;
  try {
    response = await safeFetch(url, {
      policy: options.policy,
      timeoutMs: options.timeoutMs,
      connectTimeoutMs: Math.min(options.timeoutMs, 5_000),
      maxBytes: options.maxBytes,
      headers: { accept: 'application/json' },
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (error instanceof OutboundError) throw new FeedFetchError(error.reason);
    throw error;
  }
  if (response.status < 200 || response.status > 299) {
    throw new FeedFetchError(`upstream answered HTTP ${response.status}`);
  }
  const text = response.body.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new FeedFetchError(
      `answer is not valid JSON (starts with ${JSON.stringify(text.slice(0, 40))})`,
    );
  }
};
