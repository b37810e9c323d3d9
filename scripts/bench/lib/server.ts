import path from 'node:path';
import type { ServerOptions, ServerReady } from './bench-server';
import { startChild } from './child';
import { envString } from './env';
import { BENCH_DIR } from './paths';

/**
 * Starts the app in a child process (see bench-server.ts): on PostgreSQL when DATABASE_URL is
 * set (a fresh schema, as processes of a scaled-out deployment run), else on PGlite;
 * `databaseUrl: ''` asks for PGlite whatever the environment says.
 */
export const startServer = (options: ServerOptions, execArgv: string[] = []) => {
  const databaseUrl = options.databaseUrl ?? envString('DATABASE_URL');
  return startChild<ServerReady>(path.join(BENCH_DIR, 'lib/bench-server.ts'), {
    label: 'bench server',
    env: {
      BENCH_SERVER_OPTS: JSON.stringify({ ...options, ...(databaseUrl ? { databaseUrl } : {}) }),
    },
    execArgv,
  });
};

/** How a figure names the server's storage. */
export const storageName = (server: { ready: ServerReady }) =>
  server.ready.storage === 'pglite' ? 'PGlite' : 'PostgreSQL';
export type BenchServer = Awaited<ReturnType<typeof startServer>>;
