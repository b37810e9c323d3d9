import { type ChildProcess, fork } from 'node:child_process';
import { TSX_LOADER } from './paths';

/** A request to a benchmark child over IPC, answered by a reply with the same id. */
export interface RpcRequest {
  id: number;
  type: string;
  [key: string]: unknown;
}
export type RpcReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string };

const live = new Set<ChildProcess>();
let hooked = false;

/** Kills every child still running (on exit, Ctrl-C, or a crash of the benchmark). */
const hookCleanup = () => {
  if (hooked) return;
  hooked = true;
  const killAll = () => {
    for (const child of live) if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      killAll();
      process.exit(130);
    });
  }
};

/**
 * Starts a TypeScript module of the benchmarks as a Node child with an IPC channel, waits for
 * its `{ type: 'ready' }` message and returns a typed handle to call it.
 */
export const startChild = async <Ready>(
  file: string,
  options: { env?: Record<string, string>; execArgv?: string[]; timeoutMs?: number; label: string },
) => {
  hookCleanup();
  const child = fork(file, [], {
    execArgv: ['--import', TSX_LOADER, ...(options.execArgv ?? [])],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let next = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (message: unknown) => {
    const reply = message as Partial<RpcReply>;
    if (typeof reply.id !== 'number') return;
    const pending = waiting.get(reply.id);
    if (!pending) return;
    waiting.delete(reply.id);
    if (reply.ok) pending.resolve((reply as { result: unknown }).result);
    else pending.reject(new Error(`${options.label}: ${(reply as { error: string }).error}`));
  });
  child.once('exit', (code, signal) => {
    for (const pending of waiting.values())
      pending.reject(new Error(`${options.label} exited (${code ?? signal})`));
    waiting.clear();
  });

  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${options.label} not ready in ${options.timeoutMs ?? 120_000} ms`)),
      options.timeoutMs ?? 120_000,
    );
    const onMessage = (message: unknown) => {
      const m = message as { type?: string };
      if (m.type !== 'ready') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(m as Ready);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${options.label} exited with ${code} before it was ready`));
    });
  });

  return {
    pid: child.pid as number,
    ready,
    /** Sends a request and resolves with the child's answer. */
    call<T>(type: string, payload: Record<string, unknown> = {}): Promise<T> {
      const id = next++;
      return new Promise<T>((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, type, ...payload } satisfies RpcRequest);
      });
    },
    /** Asks the child to close and waits for it to exit (killed after `graceMs`). */
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ id: 0, type: 'close' } satisfies RpcRequest);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
};
export type ChildHandle<Ready> = Awaited<ReturnType<typeof startChild<Ready>>>;

/**
 * The child's side: answers requests with `handlers[type]`, tells the parent it is ready, and
 * runs `close` (then exits) on `{ type: 'close' }` or when the parent goes away.
 */
export const serveParent = (
  handlers: Record<string, (request: RpcRequest) => Promise<unknown> | unknown>,
  ready: Record<string, unknown>,
  close: () => Promise<void>,
) => {
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    try {
      await close();
    } finally {
      process.exit(0);
    }
  };
  process.on('message', (message: unknown) => {
    const request = message as RpcRequest;
    if (request.type === 'close') {
      void shutdown();
      return;
    }
    const handler = handlers[request.type];
    const reply = (r: RpcReply) => process.send?.(r);
    if (!handler) {
      reply({ id: request.id, ok: false, error: `unknown request ${request.type}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(request))
      .then(
        (result) => reply({ id: request.id, ok: true, result: result ?? null }),
        (error: unknown) =>
          reply({
            id: request.id,
            ok: false,
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          }),
      );
  });
  process.on('disconnect', () => void shutdown());
  process.send?.({ type: 'ready', ...ready });
};
