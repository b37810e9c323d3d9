import path from 'node:path';
import type { ServerOptions, ServerReady } from './bench-server';
import { startChild } from './child';
import { BENCH_DIR } from './paths';

/** Starts the app in a child process (see bench-server.ts); `execArgv` e.g. --cpu-prof. */
export const startServer = (options: ServerOptions, execArgv: string[] = []) =>
  startChild<ServerReady>(path.join(BENCH_DIR, 'lib/bench-server.ts'), {
    label: 'bench server',
    env: { BENCH_SERVER_OPTS: JSON.stringify(options) },
    execArgv,
  });
export type BenchServer = Awaited<ReturnType<typeof startServer>>;
