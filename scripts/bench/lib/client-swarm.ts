/**
 * Child process: `count` Socket.IO clients (websocket transport, the operator's cookie), each
 * its own connection, as separate browsers would be. Receive times are taken here, on this
 * process's clock (`performance.timeOrigin + performance.now()`, comparable across processes
 * of one machine), so the server's event loop is never the one measuring itself.
 *
 * Options come as JSON in BENCH_SWARM_OPTS (see SwarmOptions).
 */
import { createRequire } from 'node:module';
import type { AlertEvent } from '@city-ioc/shared';
import { serveParent } from './child';
import { SERVER_PACKAGE_JSON } from './paths';

export interface SwarmOptions {
  url: string;
  cookie: string;
  count: number;
  /** Connections opened at once while connecting. */
  concurrency: number;
}

/** What `stats` answers: counts of this swarm and, per alert key, the receive times. */
export interface SwarmStats {
  connected: number;
  failed: number;
  disconnected: number;
  /** `alert:changed` events received over all clients since the last reset. */
  received: number;
  /** The latest receive time of any event, ms on the shared clock. */
  lastAt: number;
}

interface MinimalSocket {
  connected: boolean;
  on(event: string, listener: (...args: unknown[]) => void): void;
  once(event: string, listener: (...args: unknown[]) => void): void;
  disconnect(): void;
}
type Connect = (url: string, options: Record<string, unknown>) => MinimalSocket;

// socket.io-client is a dependency of the server package, not of scripts: load it from there.
const { io } = createRequire(SERVER_PACKAGE_JSON)('socket.io-client') as { io: Connect };
const options = JSON.parse(process.env.BENCH_SWARM_OPTS ?? '{}') as SwarmOptions;
const now = () => performance.timeOrigin + performance.now();

const sockets: MinimalSocket[] = [];
let failed = 0;
let disconnected = 0;
let received = 0;
let lastAt = 0;
/** `raised:<subject>` → receive times over all clients (latency runs only). */
let receipts = new Map<string, number[]>();
let isTrackingReceipts = false;

const onAlert = (payload: unknown) => {
  const at = now();
  received += 1;
  lastAt = at;
  if (!isTrackingReceipts) return;
  const event = payload as AlertEvent;
  const key = `${event.type}:${event.alert.subjectId}`;
  const list = receipts.get(key);
  if (list) list.push(at);
  else receipts.set(key, [at]);
};

const connectOne = () =>
  new Promise<void>((resolve) => {
    const socket = io(options.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: options.cookie },
      forceNew: true,
      // A failure is counted, not retried: the figure is how many sockets the server holds.
      reconnection: false,
      timeout: 60_000,
    });
    socket.on('alert:changed', onAlert);
    socket.once('connect', () => {
      sockets.push(socket);
      socket.on('disconnect', () => {
        disconnected += 1;
      });
      resolve();
    });
    socket.once('connect_error', () => {
      failed += 1;
      resolve();
    });
  });

serveParent(
  {
    /** Opens the connections, `concurrency` at a time; answers when all settled. */
    async connect() {
      const started = now();
      let next = 0;
      const worker = async () => {
        while (next < options.count) {
          next += 1;
          await connectOne();
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
      return { connected: sockets.length, failed, ms: now() - started };
    },
    reset(request) {
      received = 0;
      lastAt = 0;
      receipts = new Map();
      isTrackingReceipts = request.trackReceipts === true;
      return null;
    },
    stats: (): SwarmStats => ({
      connected: sockets.filter((s) => s.connected).length,
      failed,
      disconnected,
      received,
      lastAt,
    }),
    /** The receive times per alert key since the last reset. */
    receipts: () => Object.fromEntries(receipts),
  },
  { pid: process.pid },
  async () => {
    for (const socket of sockets) socket.disconnect();
  },
);
