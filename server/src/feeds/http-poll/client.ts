import type { HttpAuth, HttpPollFormat } from '@city-ioc/shared';
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
  const response = await guardedFetch(url, options, { accept });
  if (response.status < 200 || response.status > 299) {
    throw new FeedFetchError(`upstream answered HTTP ${response.status}`);
  }
  return response.body;
};

const guardedFetch = async (
  url: string,
  options: FetchOptions,
  headers: Record<string, string>,
) => {
  try {
    return await safeFetch(url, {
      policy: options.policy,
      timeoutMs: options.timeoutMs,
      connectTimeoutMs: Math.min(options.timeoutMs, 5_000),
      maxBytes: options.maxBytes,
      headers,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (error instanceof OutboundError) throw new FeedFetchError(error.reason);
    throw error;
  }
};

const ACCEPT: Record<HttpPollFormat, string> = {
  json: 'application/json',
  csv: 'text/csv, text/plain;q=0.5',
  geojson: 'application/geo+json, application/json;q=0.9',
};

/** The request headers a credential adds. Pure; the values never reach a log. */
export const authHeaders = (auth: HttpAuth): Record<string, string> => {
  switch (auth.kind) {
    case 'none':
      return {};
    case 'header':
      return { [auth.name.toLowerCase()]: auth.value };
    case 'basic':
      return {
        authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`,
      };
    case 'bearer':
      return { authorization: `Bearer ${auth.token}` };
  }
};

/** What a source said about its last answer, sent back to ask "anything new?". */
export interface PollValidators {
  etag?: string;
  lastModified?: string;
}

export type PollAnswer =
  | { kind: 'unchanged' }
  | { kind: 'body'; body: Buffer; validators: PollValidators };

/**
 * One conditional poll: credentials (sent to the configured origin only, never across a
 * redirect to another), `If-None-Match` / `If-Modified-Since` from the previous answer. A 304
 * answers 'unchanged'. Throws FeedFetchError on a refused address, network failure, non-2xx
 * status or oversize.
 */
export const fetchPoll = async (
  url: string,
  request: { format: HttpPollFormat; auth: HttpAuth; validators?: PollValidators },
  options: FetchOptions,
): Promise<PollAnswer> => {
  const headers: Record<string, string> = {
    ...authHeaders(request.auth),
    accept: ACCEPT[request.format],
  };
  if (request.validators?.etag) headers['if-none-match'] = request.validators.etag;
  if (request.validators?.lastModified)
    headers['if-modified-since'] = request.validators.lastModified;
  const response = await guardedFetch(url, options, headers);
  if (response.status === 304) return { kind: 'unchanged' };
  if (response.status === 401 || response.status === 403) {
    throw new FeedFetchError(
      `upstream answered HTTP ${response.status}: check the feed's credentials`,
    );
  }
  if (response.status < 200 || response.status > 299) {
    throw new FeedFetchError(`upstream answered HTTP ${response.status}`);
  }
  const validators: PollValidators = {};
  if (response.headers.etag) validators.etag = response.headers.etag;
  if (response.headers['last-modified'])
    validators.lastModified = response.headers['last-modified'];
  return { kind: 'body', body: response.body, validators };
};
