import path from 'node:path';
import { type ChildHandle, startChild } from './child';
import type { SwarmOptions, SwarmStats } from './client-swarm';
import { BENCH_DIR } from './paths';
import { shares } from './stats';

/**
 * `total` Socket.IO clients spread over `processes` child processes, so that the clients'
 * own work (parsing, timers) runs beside the server rather than inside the measurement.
 */
export const startSwarm = async (
  server: { url: string; cookie: string },
  total: number,
  processes: number,
  concurrency = 50,
) => {
  const children: ChildHandle<{ pid: number }>[] = [];
  try {
    for (const count of shares(total, processes)) {
      const opts: SwarmOptions = { url: server.url, cookie: server.cookie, count, concurrency };
      children.push(
        await startChild<{ pid: number }>(path.join(BENCH_DIR, 'lib/client-swarm.ts'), {
          label: 'client swarm',
          env: { BENCH_SWARM_OPTS: JSON.stringify(opts) },
        }),
      );
    }
  } catch (error) {
    await Promise.all(children.map((c) => c.stop()));
    throw error;
  }
  const all = <T>(type: string, payload: Record<string, unknown> = {}) =>
    Promise.all(children.map((c) => c.call<T>(type, payload)));
  return {
    pids: children.map((c) => c.pid),
    /** Connects every client; how many connected and how long it took. */
    async connect() {
      const started = Date.now();
      const results = await all<{ connected: number; failed: number }>('connect');
      return {
        connected: results.reduce((n, r) => n + r.connected, 0),
        failed: results.reduce((n, r) => n + r.failed, 0),
        ms: Date.now() - started,
      };
    },
    reset: (trackReceipts: boolean) => all<null>('reset', { trackReceipts }),
    async stats(): Promise<SwarmStats> {
      const list = await all<SwarmStats>('stats');
      return {
        connected: list.reduce((n, s) => n + s.connected, 0),
        failed: list.reduce((n, s) => n + s.failed, 0),
        disconnected: list.reduce((n, s) => n + s.disconnected, 0),
        received: list.reduce((n, s) => n + s.received, 0),
        lastAt: Math.max(0, ...list.map((s) => s.lastAt)),
      };
    },
    /** Receive times per alert key, merged over the processes. */
    async receipts(): Promise<Map<string, number[]>> {
      const merged = new Map<string, number[]>();
      for (const part of await all<Record<string, number[]>>('receipts')) {
        for (const [key, times] of Object.entries(part)) {
          const list = merged.get(key);
          if (list) list.push(...times);
          else merged.set(key, [...times]);
        }
      }
      return merged;
    },
    stop: () => Promise.all(children.map((c) => c.stop())),
  };
};
export type Swarm = Awaited<ReturnType<typeof startSwarm>>;

/** Polls `check` every `everyMs` until it is true or `timeoutMs` passed; false on timeout. */
export const pollUntil = async (
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 50,
): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, everyMs));
  }
};
