import {
  AckErrorCodeSchema,
  type AckResult,
  type AlertsSyncRequest,
  type AlertsSyncResult,
  AlertsSyncResultSchema,
  type ClientToServerEvents,
  type ServerToClientEvents,
  serverEventSchemas,
} from '@city-ioc/shared';
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import { SOCKET_ACK_TIMEOUT_MS } from '../config/constants';
import { env } from '../config/env';
import { type ConnectionFact, type ConnectionState, nextConnectionState } from './connection-state';

export type ServerEventName = keyof typeof serverEventSchemas;
export type ServerEventPayload<E extends ServerEventName> = z.infer<(typeof serverEventSchemas)[E]>;

/**
 * Lifecycle of the link that consumers react to (e.g. catch up after every reconnect).
 * `unauthorized`: the server refused the handshake for want of a valid session; the link
 * stays down until the app connects it again (after a new sign-in).
 */
export type LinkEvent = 'connected' | 'disconnected' | 'unauthorized';

/** The message of the server's handshake refusal when the session cookie is missing or dead. */
export const UNAUTHORIZED_MESSAGE = 'unauthorized';

/**
 * The typed realtime link. Every inbound server event has been parsed with its shared schema
 * before a handler sees it; invalid payloads are dropped with a warning.
 */
export interface RealtimeClient {
  connect(): void;
  close(): void;
  on<E extends ServerEventName>(
    event: E,
    handler: (payload: ServerEventPayload<E>) => void,
  ): () => void;
  onLink(handler: (event: LinkEvent) => void): () => void;
  isConnected(): boolean;
  getConnectionState(): ConnectionState;
  subscribeConnectionState(listener: () => void): () => void;
  /** Asks for alert events after `afterSeq`; rejects on timeout, resolves with the ack result. */
  syncAlerts(request: AlertsSyncRequest): Promise<AckResult<AlertsSyncResult>>;
  /** A wall screen's heartbeat: what it shows now. Best effort: false when not delivered. */
  sendHeartbeat(showing: string): Promise<boolean>;
}

const ackResultSchema = <T extends z.ZodType>(data: T) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({
      ok: z.literal(false),
      error: z.object({
        code: AckErrorCodeSchema,
        message: z.string(),
        issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      }),
    }),
  ]);

const AlertsSyncAckSchema = ackResultSchema(AlertsSyncResultSchema);

/** Delay before we reopen a socket that Socket.IO itself will not retry (server kicked us). */
const MANUAL_RECONNECT_DELAY_MS = 2_000;

type TypedSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface RealtimeClientOptions {
  /** Origin of the server; undefined means the page's own origin. */
  url?: string;
  /** Test seam: build the socket yourself. */
  createSocket?: () => TypedSocket;
}

/** Creates the realtime link (not yet connected). */
export const createRealtimeClient = (options: RealtimeClientOptions = {}): RealtimeClient => {
  const socketOptions = {
    path: '/socket.io',
    autoConnect: false,
    // We never rely on Socket.IO's connection-state recovery: after every connect the alert
    // log catches up through `alerts:sync`. Reconnection itself must never give up.
    reconnection: true,
    reconnectionAttempts: Number.POSITIVE_INFINITY,
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 5_000,
    randomizationFactor: 0.5,
  };
  const socket: TypedSocket =
    options.createSocket?.() ?? (options.url ? io(options.url, socketOptions) : io(socketOptions));

  const handlers = new Map<ServerEventName, Set<(payload: never) => void>>();
  const linkHandlers = new Set<(event: LinkEvent) => void>();
  const stateListeners = new Set<() => void>();
  let state: ConnectionState = 'connecting';
  let isClosed = false;
  let manualReconnectTimer: ReturnType<typeof setTimeout> | undefined;

  const apply = (fact: ConnectionFact) => {
    const next = nextConnectionState(state, fact);
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener();
  };

  const emitLink = (event: LinkEvent) => {
    for (const handler of linkHandlers) handler(event);
  };

  const reconnectLater = () => {
    if (isClosed || manualReconnectTimer) return;
    manualReconnectTimer = setTimeout(() => {
      manualReconnectTimer = undefined;
      if (!isClosed && !socket.connected) socket.connect();
    }, MANUAL_RECONNECT_DELAY_MS);
  };

  // Inbound events: one raw listener per event name validates and fans out. The untyped view
  // of the socket is deliberate: nothing reaches a handler before its schema has parsed it.
  const rawSocket = socket as unknown as Socket;
  for (const name of Object.keys(serverEventSchemas) as ServerEventName[]) {
    const schema = serverEventSchemas[name];
    rawSocket.on(name, (raw: unknown) => {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        console.warn(`[realtime] dropped invalid "${name}" event`, parsed.error.issues.slice(0, 5));
        return;
      }
      for (const handler of handlers.get(name) ?? []) {
        (handler as (payload: unknown) => void)(parsed.data);
      }
    });
  }

  socket.on('connect', () => {
    apply({ type: 'connected' });
    emitLink('connected');
  });
  socket.on('disconnect', (reason) => {
    // `active` is false when Socket.IO will not retry by itself (we closed it, or the server
    // disconnected us on purpose); a server restart must never leave the wall offline.
    const willRetry = socket.active;
    apply({ type: 'disconnected', willReconnect: !isClosed });
    emitLink('disconnected');
    if (!willRetry && !isClosed && reason !== 'io client disconnect') reconnectLater();
  });
  socket.on('connect_error', (error: Error) => {
    apply({ type: 'connectFailed' });
    if (error?.message === UNAUTHORIZED_MESSAGE) {
      // Asking again with the same (dead) cookie would be refused forever: stop here and let
      // the app send the user to the sign-in page. Signing in connects the link again.
      isClosed = true;
      clearTimeout(manualReconnectTimer);
      manualReconnectTimer = undefined;
      socket.disconnect();
      emitLink('unauthorized');
      return;
    }
    if (!socket.active) reconnectLater();
  });

  return {
    connect() {
      isClosed = false;
      if (!socket.connected) socket.connect();
    },
    close() {
      isClosed = true;
      clearTimeout(manualReconnectTimer);
      manualReconnectTimer = undefined;
      socket.disconnect();
    },
    on(event, handler) {
      let set = handlers.get(event);
      if (!set) {
        set = new Set();
        handlers.set(event, set);
      }
      const entry = handler as (payload: never) => void;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    onLink(handler) {
      linkHandlers.add(handler);
      return () => {
        linkHandlers.delete(handler);
      };
    },
    isConnected: () => socket.connected,
    getConnectionState: () => state,
    subscribeConnectionState(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
    async sendHeartbeat(showing) {
      if (!socket.connected) return false;
      try {
        const raw = (await socket
          .timeout(SOCKET_ACK_TIMEOUT_MS)
          .emitWithAck('display:heartbeat', { showing })) as { ok?: boolean };
        return raw?.ok === true;
      } catch {
        return false;
      }
    },
    async syncAlerts(request) {
      const raw: unknown = await socket
        .timeout(SOCKET_ACK_TIMEOUT_MS)
        .emitWithAck('alerts:sync', request);
      const parsed = AlertsSyncAckSchema.safeParse(raw);
      if (!parsed.success) {
        console.warn(
          '[realtime] invalid alerts:sync acknowledgement',
          parsed.error.issues.slice(0, 5),
        );
        return { ok: false, error: { code: 'internal', message: 'invalid acknowledgement' } };
      }
      return parsed.data;
    },
  };
};

let sharedClient: RealtimeClient | undefined;

/** The app's one realtime link, created on first use against the configured origin. */
export const getRealtimeClient = (): RealtimeClient => {
  sharedClient ??= createRealtimeClient({ url: env.apiBaseUrl || undefined });
  return sharedClient;
};
