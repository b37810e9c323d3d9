import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { OutboundError, type ResolveHost, type SafeFetchOptions, safeFetch } from './safe-fetch';
import type { OutboundPolicy } from './url-guard';

// Every server here listens on 127.0.0.1, port 0; no test sends traffic anywhere else. Names
// other than localhost go through a fake resolver, so no test depends on DNS either.

interface TestServer {
  port: number;
  origin: string;
  hostKey: string;
  requests: IncomingMessage[];
  connections: number;
  close: () => Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, server: TestServer) => void;

const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const startServer = async (handler: Handler): Promise<TestServer> => {
  const server = createServer();
  const close = (): Promise<void> =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  const state: TestServer = {
    port: 0,
    origin: '',
    hostKey: '',
    requests: [],
    connections: 0,
    close,
  };
  server.on('connection', (socket) => {
    state.connections += 1;
    socket.on('error', () => {});
  });
  server.on('request', (req, res) => {
    state.requests.push(req);
    handler(req, res, state);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.origin = `http://127.0.0.1:${state.port}`;
  state.hostKey = `127.0.0.1:${state.port}`;
  closers.push(async () => {
    if (server.listening) await close();
  });
  return state;
};

const answer =
  (body: string, status = 200): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  };

const redirectTo =
  (location: (server: TestServer) => string, status = 302): Handler =>
  (_req, res, server) => {
    res.writeHead(status, { location: location(server) }).end('moved');
  };

const allow = (...allowedHosts: string[]): OutboundPolicy => ({ allowedHosts });

const options = (overrides: Partial<SafeFetchOptions> = {}): SafeFetchOptions => ({
  policy: allow(),
  timeoutMs: 2_000,
  connectTimeoutMs: 1_000,
  maxBytes: 10_000,
  ...overrides,
});

const fakeResolver =
  (table: Record<string, readonly string[]>): ResolveHost =>
  async (hostname) =>
    (table[hostname] ?? []).map((address) => ({
      address,
      family: address.includes(':') ? 6 : 4,
    }));

const failureOf = async (promise: Promise<unknown>): Promise<OutboundError> => {
  const error = await promise.then(
    () => {
      throw new Error('expected the fetch to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OutboundError);
  return error as OutboundError;
};

describe('safeFetch', () => {
  it('fetches from an allow-listed loopback host:port', async () => {
    const server = await startServer(answer('{"aqi":42}'));
    const response = await safeFetch(
      `${server.origin}/readings?x=1`,
      options({ policy: allow(server.hostKey), headers: { accept: 'application/json' } }),
    );
    expect(response.status).toBe(200);
    expect(response.body.toString()).toBe('{"aqi":42}');
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.finalUrl).toBe(`${server.origin}/readings?x=1`);
    expect(server.requests[0]?.headers.accept).toBe('application/json');
  });

  it('returns non-2xx answers for the caller to judge', async () => {
    const server = await startServer(answer('down', 503));
    const response = await safeFetch(server.origin, options({ policy: allow(server.hostKey) }));
    expect(response.status).toBe(503);
  });

  it('refuses a loopback server that is not allow-listed before connecting', async () => {
    const server = await startServer(answer('{}'));
    const error = await failureOf(safeFetch(`${server.origin}/`, options()));
    expect(error.kind).toBe('refused');
    expect(error.reason).toContain('127.0.0.1 is a loopback address');
    expect(server.connections).toBe(0);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses localhost when it is not allow-listed, before connecting', async () => {
    const server = await startServer(answer('{}'));
    const error = await failureOf(safeFetch(`http://localhost:${server.port}/`, options()));
    expect(error.reason).toContain('localhost is a loopback name');
    expect(server.connections).toBe(0);
  });

  it('refuses a hostname whose DNS answer is loopback, before connecting', async () => {
    const server = await startServer(answer('{}'));
    const error = await failureOf(
      safeFetch(
        `http://feed.example:${server.port}/`,
        options({ resolve: fakeResolver({ 'feed.example': ['127.0.0.1'] }) }),
      ),
    );
    expect(error.kind).toBe('refused');
    expect(error.reason).toContain('feed.example resolves to 127.0.0.1 is a loopback address');
    expect(server.connections).toBe(0);
  });

  it('refuses a DNS answer that mixes a public and a loopback address', async () => {
    const server = await startServer(answer('{}'));
    // Loopback first: were the check to regress, the socket would reach the test server and
    // stop there, never the public address.
    const resolve = fakeResolver({ 'feed.example': ['127.0.0.1', '93.184.215.14'] });
    const error = await failureOf(
      safeFetch(`http://feed.example:${server.port}/`, options({ resolve })),
    );
    expect(error.kind).toBe('refused');
    expect(server.connections).toBe(0);
  });

  it('connects an allow-listed hostname to the address it validated', async () => {
    const server = await startServer(answer('{"ok":true}'));
    const response = await safeFetch(
      `http://sim.city.test:${server.port}/`,
      options({
        policy: allow(`sim.city.test:${server.port}`),
        resolve: fakeResolver({ 'sim.city.test': ['127.0.0.1'] }),
      }),
    );
    expect(response.body.toString()).toBe('{"ok":true}');
    expect(server.requests[0]?.headers.host).toBe(`sim.city.test:${server.port}`);
  });

  it('refuses an allow-listed hostname whose answer is in a never-allowed class', async () => {
    // The metadata case is covered by checkAddress; a loopback-backed address keeps any
    // regression here on this machine.
    const error = await failureOf(
      safeFetch(
        'http://sim.city.test/',
        options({
          policy: allow('sim.city.test'),
          resolve: fakeResolver({ 'sim.city.test': ['::ffff:127.0.0.1'] }),
        }),
      ),
    );
    expect(error.reason).toContain('stays refused even for allow-listed hosts');
  });

  it('reports a name that does not resolve', async () => {
    const error = await failureOf(
      safeFetch('http://nowhere.test/', options({ resolve: fakeResolver({}) })),
    );
    expect(error.reason).toContain('nowhere.test has no address');
  });

  it('follows a redirect within the allow-listed origin', async () => {
    const server = await startServer((req, res) => {
      if (req.url === '/old') res.writeHead(301, { location: '/new' }).end();
      else res.end('here');
    });
    const response = await safeFetch(
      `${server.origin}/old`,
      options({ policy: allow(server.hostKey) }),
    );
    expect(response.body.toString()).toBe('here');
    expect(response.finalUrl).toBe(`${server.origin}/new`);
  });

  it('refuses a redirect to the cloud metadata address', async () => {
    const server = await startServer(redirectTo(() => 'http://169.254.169.254/latest/meta-data/'));
    const error = await failureOf(
      safeFetch(`${server.origin}/`, options({ policy: allow(server.hostKey) })),
    );
    expect(error.kind).toBe('refused');
    expect(error.reason).toBe(
      'refused: redirect to http://169.254.169.254: 169.254.169.254 is a link-local / cloud metadata address',
    );
  });

  it('refuses a redirect to a loopback port that is not allow-listed, without connecting', async () => {
    const other = await startServer(answer('internal admin'));
    const server = await startServer(redirectTo(() => `${other.origin}/admin`));
    const error = await failureOf(
      safeFetch(`${server.origin}/`, options({ policy: allow(server.hostKey) })),
    );
    expect(error.reason).toContain(`add "${other.hostKey}" to the allowed hosts`);
    expect(other.connections).toBe(0);
  });

  it('stops after maxRedirects', async () => {
    let hops = 0;
    const server = await startServer((_req, res) => {
      hops += 1;
      res.writeHead(302, { location: `/hop/${hops}` }).end();
    });
    const error = await failureOf(
      safeFetch(`${server.origin}/`, options({ policy: allow(server.hostKey), maxRedirects: 2 })),
    );
    expect(error.kind).toBe('too_many_redirects');
    expect(error.reason).toBe('more than 2 redirects');
    expect(hops).toBe(3);
  });

  it('keeps request headers on a same-origin redirect and drops them across origins', async () => {
    const target = await startServer(answer('target'));
    const server = await startServer((req, res) => {
      if (req.url === '/start') res.writeHead(302, { location: '/next' }).end();
      else res.writeHead(302, { location: `${target.origin}/feed` }).end();
    });
    await safeFetch(
      `${server.origin}/start`,
      options({
        policy: allow(server.hostKey, target.hostKey),
        headers: { authorization: 'Bearer SECRET-TOKEN' },
      }),
    );
    expect(server.requests.map((req) => req.headers.authorization)).toEqual([
      'Bearer SECRET-TOKEN',
      'Bearer SECRET-TOKEN',
    ]);
    expect(target.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('never puts request headers in its errors', async () => {
    const server = await startServer(redirectTo(() => 'http://10.0.0.1/?token=SECRET-QUERY'));
    const error = await failureOf(
      safeFetch(
        `${server.origin}/`,
        options({
          policy: allow(server.hostKey),
          headers: { authorization: 'Bearer SECRET-TOKEN' },
        }),
      ),
    );
    const everything = JSON.stringify({ ...error, message: error.message, stack: error.stack });
    expect(everything).not.toContain('SECRET');
  });

  it('cuts a body larger than maxBytes while it streams', async () => {
    const server = await startServer((_req, res) => {
      // Chunked, no Content-Length: the cap must hold on the stream itself.
      res.write('x'.repeat(600));
      res.write('x'.repeat(600));
      res.end();
    });
    const error = await failureOf(
      safeFetch(server.origin, options({ policy: allow(server.hostKey), maxBytes: 1_000 })),
    );
    expect(error.kind).toBe('too_large');
    expect(error.reason).toBe('answer larger than 1000 bytes');
  });

  it('refuses a declared Content-Length above maxBytes without reading the body', async () => {
    const server = await startServer(answer('y'.repeat(5_000)));
    const error = await failureOf(
      safeFetch(server.origin, options({ policy: allow(server.hostKey), maxBytes: 1_000 })),
    );
    expect(error.reason).toBe('answer larger than 1000 bytes');
  });

  it('accepts a body of exactly maxBytes', async () => {
    const server = await startServer(answer('z'.repeat(1_000)));
    const response = await safeFetch(
      server.origin,
      options({ policy: allow(server.hostKey), maxBytes: 1_000 }),
    );
    expect(response.body).toHaveLength(1_000);
  });

  it('gives up on a server that never answers after the total timeout', async () => {
    const server = await startServer(() => {});
    const startedAt = performance.now();
    const error = await failureOf(
      safeFetch(server.origin, options({ policy: allow(server.hostKey), timeoutMs: 200 })),
    );
    expect(error.kind).toBe('timeout');
    expect(error.reason).toBe('no complete answer within 200 ms');
    expect(performance.now() - startedAt).toBeLessThan(1_500);
  });

  it('counts a body that trickles in against the total timeout', async () => {
    const server = await startServer((_req, res) => {
      res.write('a');
      const timer = setInterval(() => res.write('a'), 20);
      res.on('close', () => clearInterval(timer));
    });
    const error = await failureOf(
      safeFetch(server.origin, options({ policy: allow(server.hostKey), timeoutMs: 200 })),
    );
    expect(error.kind).toBe('timeout');
  });

  it('gives up connecting after connectTimeoutMs', async () => {
    // A resolver that never answers stands in for an unreachable host: no packet leaves.
    const error = await failureOf(
      safeFetch(
        'http://slow.test/',
        options({ connectTimeoutMs: 100, timeoutMs: 5_000, resolve: () => new Promise(() => {}) }),
      ),
    );
    expect(error.kind).toBe('connect_timeout');
    expect(error.reason).toBe('could not connect to slow.test:80 within 100 ms');
  });

  it('reports a refused connection', async () => {
    const server = await startServer(answer(''));
    const port = server.port;
    await server.close();
    const error = await failureOf(
      safeFetch(`http://127.0.0.1:${port}/`, options({ policy: allow(`127.0.0.1:${port}`) })),
    );
    expect(error.kind).toBe('network');
    expect(error.reason).toBe(`127.0.0.1:${port} refused the connection`);
  });

  it('stops when the caller aborts', async () => {
    const server = await startServer(() => {});
    const controller = new AbortController();
    const pending = safeFetch(
      server.origin,
      options({ policy: allow(server.hostKey), signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 50);
    const error = await failureOf(pending);
    expect(error.kind).toBe('aborted');
  });

  it('does not start when the signal is already aborted', async () => {
    const server = await startServer(answer('{}'));
    const error = await failureOf(
      safeFetch(
        server.origin,
        options({ policy: allow(server.hostKey), signal: AbortSignal.abort() }),
      ),
    );
    expect(error.kind).toBe('aborted');
    expect(server.connections).toBe(0);
  });
});
