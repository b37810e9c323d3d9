import { decodeXmlBytes } from '../cap/decode-xml-bytes';
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
  const body = await fetchBody(url, options, 'application/json');
  const text = body.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new FeedFetchError(
      `answer is not valid JSON (starts with ${JSON.stringify(text.slice(0, 40))})`,
    );
  }
};

/** Fetches an XML document (CAP, Atom, RSS) as text, decoded by its BOM or XML declaration. */
export const fetchXml = async (url: string, options: FetchOptions): Promise<string> =>
  decodeXmlBytes(
    await fetchBody(
      url,
      options,
      'application/cap+xml, application/atom+xml, application/xml, text/xml',
    ),
  );

const fetchBody = async (url: string, options: FetchOptions, accept: string): Promise<Buffer> => {
  let response: Awaited<ReturnType<typeof safeFetch>>;
  try {
    response = await safeFetch(url, {
      policy: options.policy,
      timeoutMs: options.timeoutMs,
      connectTimeoutMs: Math.min(options.timeoutMs, 5_000),
      maxBytes: options.maxBytes,
      headers: { accept },
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (error instanceof OutboundError) throw new FeedFetchError(error.reason);
    throw error;
  }
  if (response.status < 200 || response.status > 299) {
    throw new FeedFetchError(`upstream answered HTTP ${response.status}`);
  }
  return response.body;
};
