import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository root. */
export const ROOT = path.resolve(here, '../../..');
/** Where each benchmark writes `<name>.json` and `pnpm bench` writes `summary.md` (git-ignored). */
export const RESULTS_DIR = path.resolve(here, '../results');
/** The benchmark scripts themselves. */
export const BENCH_DIR = path.resolve(here, '..');
/** tsx's loader (a file: URL), so that child processes run TypeScript too (`node --import`). */
export const TSX_LOADER = import.meta.resolve('tsx');
/** The server package: some of its dependencies (socket.io-client, mqtt) are loaded from it. */
export const SERVER_PACKAGE_JSON = path.join(ROOT, 'server/package.json');
