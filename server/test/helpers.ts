import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { ClientToServerEvents, ServerToClientEvents } from '@city-ioc/shared';
import type { InjectOptions, LightMyRequestResponse as InjectResponse } from 'fastify';
import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import { type BuildAppOptions, buildApp, type IocApp } from '../src/app';
import { type AppConfig, loadConfig } from '../src/config/env';
import type { Db } from '../src/store/db';
import { openDatabase } from '../src/store/open-db';

export type Engine = 'pglite' | 'postgres';

/** The engines this run covers: PGlite always, PostgreSQL when DATABASE_URL is set. */
export const ENGINES: Engine[] = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
if (!process.env.DATABASE_URL) {
  console.warn('[integration] DATABASE_URL is not set: PostgreSQL runs are SKIPPED (PGlite only).');
}

/** The first administrator's password in tests (user `admin`). */
export const ADMIN_PASSWORD = 'test-admin-password-1';

export const testConfig = (overrides: Partial<AppConfig> = {}): AppConfig => ({
  ...loadConfig({ DEMO: 'false', LOG_LEVEL: 'silent', IOC_ADMIN_PASSWORD: ADMIN_PASSWORD }),
  ...overrides,
});

/**
 * A fresh, migrated database: in-memory PGlite, or a new schema on the PostgreSQL server of
 * DATABASE_URL (dropped again by `drop`), so tests never see each other's rows.
 */
export const openTestDatabase = async (
  engine: Engine,
  options: { dataDir?: string; schema?: string } = {},
): Promise<{
  db: Db;
  url: string | undefined;
  schema: string | undefined;
  drop: () => Promise<void>;
}> => {
  if (engine === 'pglite') {
    const db = await openDatabase({
      databaseUrl: undefined,
      dataDir: options.dataDir ?? '',
      inMemory: options.dataDir === undefined,
    });
    return { db, url: undefined, schema: undefined, drop: async () => {} };
  }
  const base = process.env.DATABASE_URL as string;
  const schema = options.schema ?? `t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  await admin.end();
  const url = withSearchPath(base, schema);
  const db = await openDatabase({ databaseUrl: url, dataDir: '' });
  return {
    db,
    url,
    schema,
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
};

const withSearchPath = (url: string, schema: string) => {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
};

export interface RunningApp {
  /** The app; its `inject` acts as the signed-in administrator unless a cookie header is given. */
  app: IocApp;
  db: Db;
  url: string;
  /** The administrator's session cookie and CSRF token (sockets, raw HTTP clients). */
  cookie: string;
  csrfToken: string;
  close: () => Promise<void>;
}

/** Signs in through the API like a browser; the session cookie and CSRF token. */
export const signIn = async (app: IocApp, username: string, password: string) => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    headers: { cookie: '' },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.body}`);
  const set = res.cookies.find((c) => c.name === 'ioc_session');
  if (!set) throw new Error('no session cookie');
  return {
    cookie: `ioc_session=${set.value}`,
    csrfToken: (res.json() as { csrfToken: string }).csrfToken,
  };
};

/** Builds the real app on `db`, listens on a random loopback port and starts it. */
export const startApp = async (
  db: Db,
  options: Partial<BuildAppOptions> & { port?: number } = {},
): Promise<RunningApp> => {
  const app = await buildApp({ config: testConfig(), db, logger: false, ...options });
  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  await app.ioc.start();
  const { port } = app.server.address() as AddressInfo;
  const { cookie, csrfToken } = await signIn(app, 'admin', ADMIN_PASSWORD);
  // Requests act as the administrator unless the test sends its own cookie header.
  const inject = app.inject.bind(app) as (opts: InjectOptions) => Promise<InjectResponse>;
  const signedIn = (options: string | InjectOptions) => {
    const opts: InjectOptions = typeof options === 'string' ? { url: options } : options;
    const headers = (opts.headers ?? {}) as Record<string, string>;
    return inject({
      ...opts,
      headers: 'cookie' in headers ? headers : { cookie, 'x-csrf-token': csrfToken, ...headers },
    });
  };
  Object.assign(app, { inject: signedIn });
  return {
    app,
    db,
    url: `http://127.0.0.1:${port}`,
    cookie,
    csrfToken,
    close: () => app.close(),
  };
};

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A typed Socket.IO client that reconnects quickly, connected before it is returned. */
export const connectClient = async (url: string, cookie: string): Promise<TestSocket> => {
  const socket: TestSocket = connect(url, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
};

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export const waitFor = async <T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};
