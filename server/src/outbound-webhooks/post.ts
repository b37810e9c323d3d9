import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import {
  guardedLookup,
  OutboundError,
  type ResolveHost,
  systemResolve,
} from '../feeds/outbound/safe-fetch';
import {
  checkAddress,
  checkFeedUrl,
  hostKeyOf,
  type OutboundPolicy,
} from '../feeds/outbound/url-guard';

export interface PostRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Budget for the whole exchange: DNS, connection, request and answer. */
  timeoutMs: number;
  signal?: AbortSignal;
}

/** What the receiver answered; its body is read (up to a small cap) and dropped. */
export interface PostAnswer {
  status: number;
}

/** Sends one webhook. Throws `OutboundError` when nothing (acceptable) answered. */
export type PostWebhook = (request: PostRequest) => Promise<PostAnswer>;

const MAX_ANSWER_BYTES = 64 * 1024;

const describeFailure = (error: Error, hostKey: string): OutboundError => {
  if (error instanceof OutboundError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code === 'ECONNREFUSED')
    return new OutboundError('network', `${hostKey} refused the connection`);
  if (code === 'ECONNRESET') return new OutboundError('network', `${hostKey} reset the connection`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new OutboundError('network', `cannot resolve the host of ${hostKey} (${code})`);
  return new OutboundError('network', `request to ${hostKey} failed (${code || error.message})`);
};

/**
 * POSTs a webhook through the same SSRF guard as feed fetches (safe-fetch only does GET): the
 * URL passes `checkFeedUrl`, an IP literal passes `checkAddress`, a hostname is resolved by
 * `guardedLookup`, which hands the socket only addresses that passed. Redirects are not
 * followed: a receiver answers where it was configured, so a 3xx is an answer like any non-2xx.
 * Errors never contain the URL's path or query (they may carry a token) nor the headers.
 */
export const createGuardedPost =
  (policy: OutboundPolicy, resolve: ResolveHost = systemResolve): PostWebhook =>
  ({ url: raw, headers, body, timeoutMs, signal }) =>
    new Promise<PostAnswer>((resolvePromise, reject) => {
      const check = checkFeedUrl(raw, policy);
      if (!check.ok) {
        reject(new OutboundError('refused', check.reason));
        return;
      }
      const url = check.url;
      const hostKey = hostKeyOf(url);
      const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
      if (isIP(hostname) !== 0) {
        const verdict = checkAddress(hostname, hostKey, policy);
        if (!verdict.ok) {
          reject(new OutboundError('refused', verdict.reason));
          return;
        }
      }
      if (signal?.aborted) {
        reject(new OutboundError('aborted', 'the delivery was cancelled'));
        return;
      }
      const payload = Buffer.from(body, 'utf8');
      const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)({
        protocol: url.protocol,
        hostname,
        port: url.port === '' ? undefined : Number(url.port),
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: { ...headers, 'content-length': String(payload.length) },
        agent: false,
        lookup: guardedLookup(hostKey, policy, resolve),
      });
      let isSettled = false;
      const settle = (outcome: { error: OutboundError } | { status: number }) => {
        if (isSettled) return;
        isSettled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if ('error' in outcome) {
          req.destroy();
          reject(outcome.error);
        } else {
          req.destroy();
          resolvePromise({ status: outcome.status });
        }
      };
      const timer = setTimeout(
        () =>
          settle({
            error: new OutboundError('timeout', `no complete answer within ${timeoutMs} ms`),
          }),
        timeoutMs,
      );
      const onAbort = () =>
        settle({ error: new OutboundError('aborted', 'the delivery was cancelled') });
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('socket', (socket) => socket.on('error', () => {}));
      req.on('error', (error) => settle({ error: describeFailure(error, hostKey) }));
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        let received = 0;
        res.on('error', (error) => settle({ error: describeFailure(error, hostKey) }));
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          // The answer's body means nothing to us; a big one ends the exchange early.
          if (received > MAX_ANSWER_BYTES) settle({ status });
        });
        res.on('end', () => settle({ status }));
      });
      req.end(payload);
    });
