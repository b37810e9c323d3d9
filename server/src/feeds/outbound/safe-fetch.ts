import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import {
  checkAddress,
  checkFeedUrl,
  checkRedirect,
  checkResolvedAddresses,
  hostKeyOf,
  type OutboundPolicy,
} from './url-guard';

/** What went wrong, for callers that react differently (backoff, feed health, UI hints). */
export type OutboundErrorKind =
  | 'refused'
  | 'timeout'
  | 'connect_timeout'
  | 'too_large'
  | 'too_many_redirects'
  | 'bad_response'
  | 'network'
  | 'aborted';

/**
 * Why an outbound fetch failed. `reason` is written for an administrator (which address class
 * was refused, which limit was hit) and never contains request headers, which may carry
 * credentials, nor a URL's path or query, which may carry tokens.
 */
export class OutboundError extends Error {
  readonly kind: OutboundErrorKind;
  readonly reason: string;

  constructor(kind: OutboundErrorKind, reason: string) {
    super(reason);
    this.name = 'OutboundError';
    this.kind = kind;
    this.reason = reason;
  }
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a hostname to every address it has. */
export type ResolveHost = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export interface SafeFetchOptions {
  policy: OutboundPolicy;
  /** Budget for the whole fetch: every redirect hop, connection and body included. */
  timeoutMs: number;
  /** Budget per hop from the request to an open connection (DNS, TCP and TLS included). */
  connectTimeoutMs: number;
  /** Largest body accepted; the stream is cut beyond it. */
  maxBytes: number;
  /** Sent to the first origin only; dropped when a redirect leaves it. */
  headers?: Record<string, string>;
  /** Defaults to 3. */
  maxRedirects?: number;
  signal?: AbortSignal;
  method?: 'GET';
  /** DNS resolution; defaults to the system resolver (`dns.lookup`, all addresses). Tests fake it. */
  resolve?: ResolveHost;
}

export interface SafeResponse {
  status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: Buffer;
  /** The URL that answered, after redirects. */
  finalUrl: string;
}

const DEFAULT_MAX_REDIRECTS = 3;
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

type HopAnswer =
  | { kind: 'redirect'; location: string }
  | { kind: 'answer'; status: number; headers: Record<string, string>; body: Buffer };

export const systemResolve: ResolveHost = async (hostname) => {
  const found = await dnsLookup(hostname, { all: true });
  return found.map((entry) => ({ address: entry.address, family: entry.family === 6 ? 6 : 4 }));
};

/**
 * A `lookup` for http(s).request that resolves the name itself and hands the socket only
 * addresses that passed `checkResolvedAddresses`. The socket then connects to exactly those
 * addresses, so a DNS answer that changes between a check and the connection (rebinding) has
 * nothing to change.
 */
export const guardedLookup =
  (hostKey: string, policy: OutboundPolicy, resolve: ResolveHost): LookupFunction =>
  (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const verdict = checkResolvedAddresses(
          hostname,
          addresses.map((entry) => entry.address),
          hostKey,
          policy,
        );
        if (!verdict.ok) {
          callback(new OutboundError('refused', verdict.reason), '');
          return;
        }
        const family = options.family;
        const usable =
          family === 4 || family === 6
            ? addresses.filter((entry) => entry.family === family)
            : addresses;
        const [first] = usable;
        if (first === undefined) {
          callback(new OutboundError('network', `${hostname} has no IPv${family} address`), '');
          return;
        }
        if (options.all)
          callback(
            null,
            usable.map((entry) => ({ ...entry })),
          );
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };

const describeFailure = (error: Error, hostKey: string): OutboundError => {
  if (error instanceof OutboundError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code === 'ECONNREFUSED')
    return new OutboundError('network', `${hostKey} refused the connection`);
  if (code === 'ECONNRESET') return new OutboundError('network', `${hostKey} reset the connection`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return new OutboundError('network', `cannot resolve the host of ${hostKey} (${code})`);
  if (code.startsWith('HPE_'))
    return new OutboundError('bad_response', `${hostKey} sent an invalid HTTP answer (${code})`);
  if (/CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code))
    return new OutboundError('network', `TLS with ${hostKey} failed (${code})`);
  // Node's own network error messages name the address and the call, never request headers.
  return new OutboundError('network', `request to ${hostKey} failed (${code || error.message})`);
};

const flattenHeaders = (headers: IncomingHttpHeaders): Record<string, string> => {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
};

const unbracket = (hostname: string): string =>
  hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;

/** One request/response exchange, without following redirects. */
const fetchHop = (
  url: URL,
  headers: Record<string, string>,
  options: SafeFetchOptions,
  signal: AbortSignal,
): Promise<HopAnswer> =>
  new Promise<HopAnswer>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const hostKey = hostKeyOf(url);
    const hostname = unbracket(url.hostname);
    // net.connect does not call `lookup` for IP literals, so those are checked here.
    if (isIP(hostname) !== 0) {
      const verdict = checkAddress(hostname, hostKey, options.policy);
      if (!verdict.ok) {
        reject(new OutboundError('refused', verdict.reason));
        return;
      }
    }
    const isHttps = url.protocol === 'https:';
    const req = (isHttps ? httpsRequest : httpRequest)({
      protocol: url.protocol,
      hostname,
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers,
      // A fresh connection per hop, so every hop goes through the guarded lookup.
      agent: false,
      lookup: guardedLookup(hostKey, options.policy, options.resolve ?? systemResolve),
    });
    let response: IncomingMessage | undefined;
    let isSettled = false;

    const settle = (outcome: { error: Error } | { answer: HopAnswer }): void => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(connectTimer);
      signal.removeEventListener('abort', onAbort);
      if ('error' in outcome) {
        response?.destroy();
        req.destroy();
        reject(outcome.error);
      } else {
        resolve(outcome.answer);
      }
    };
    const onAbort = (): void => settle({ error: signal.reason as Error });
    const connectTimer = setTimeout(
      () =>
        settle({
          error: new OutboundError(
            'connect_timeout',
            `could not connect to ${hostKey} within ${options.connectTimeoutMs} ms`,
          ),
        }),
      options.connectTimeoutMs,
    );
    const tooLarge = (): OutboundError =>
      new OutboundError('too_large', `answer larger than ${options.maxBytes} bytes`);

    req.on('socket', (socket) => {
      // Failures reach us through the request's 'error' event; this listener only keeps an
      // error that arrives after we settled from becoming an uncaught exception.
      socket.on('error', () => {});
      socket.once(isHttps ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    req.on('error', (error) => settle({ error: describeFailure(error, hostKey) }));
    req.on('response', (res) => {
      response = res;
      clearTimeout(connectTimer);
      res.on('error', (error) => settle({ error: describeFailure(error, hostKey) }));
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECT_STATUSES.has(status) && location !== undefined) {
        // The redirect's own body is never read.
        settle({ answer: { kind: 'redirect', location } });
        res.destroy();
        return;
      }
      const declaredBytes = Number(res.headers['content-length']);
      if (Number.isFinite(declaredBytes) && declaredBytes > options.maxBytes) {
        settle({ error: tooLarge() });
        return;
      }
      const chunks: Buffer[] = [];
      let receivedBytes = 0;
      res.on('data', (chunk: Buffer) => {
        receivedBytes += chunk.length;
        if (receivedBytes > options.maxBytes) settle({ error: tooLarge() });
        else chunks.push(chunk);
      });
      res.on('end', () =>
        settle({
          answer: {
            kind: 'answer',
            status,
            headers: flattenHeaders(res.headers),
            body: Buffer.concat(chunks, receivedBytes),
          },
        }),
      );
      res.on('close', () => {
        if (!res.complete)
          settle({
            error: new OutboundError('network', `${hostKey} closed the connection mid-answer`),
          });
      });
    });
    signal.addEventListener('abort', onAbort, { once: true });
    req.end();
  });

/**
 * Fetches an administrator-configured URL without letting it reach internal services (SSRF):
 * the URL and every redirect target pass `checkFeedUrl`, every DNS answer passes
 * `checkResolvedAddresses` before the socket connects to it, and time and size are bounded.
 * Any status is returned as is; non-2xx handling is the caller's. Throws `OutboundError`.
 */
export const safeFetch = async (url: string, options: SafeFetchOptions): Promise<SafeResponse> => {
  const first = checkFeedUrl(url, options.policy);
  if (!first.ok) throw new OutboundError('refused', first.reason);
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const deadline = new AbortController();
  const timer = setTimeout(
    () =>
      deadline.abort(
        new OutboundError('timeout', `no complete answer within ${options.timeoutMs} ms`),
      ),
    options.timeoutMs,
  );
  const onCallerAbort = (): void =>
    deadline.abort(new OutboundError('aborted', 'the fetch was cancelled'));
  if (options.signal?.aborted) onCallerAbort();
  else options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  try {
    let current = first.url;
    let headers = { ...options.headers };
    for (let redirects = 0; ; redirects += 1) {
      const answer = await fetchHop(current, headers, options, deadline.signal);
      if (answer.kind === 'answer') {
        return {
          status: answer.status,
          headers: answer.headers,
          body: answer.body,
          finalUrl: current.href,
        };
      }
      if (redirects >= maxRedirects)
        throw new OutboundError('too_many_redirects', `more than ${maxRedirects} redirects`);
      const next = checkRedirect(current, answer.location, options.policy);
      if (!next.ok) throw new OutboundError('refused', next.reason);
      // Headers may hold credentials meant for the configured origin only.
      if (next.url.origin !== current.origin) headers = {};
      current = next.url;
    }
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
};
