import type { AckResult, AlertsSyncRequest, AlertsSyncResult } from '@city-ioc/shared';
import type { ConnectionState } from '../lib/connection-state';
import type { LinkEvent, RealtimeClient, ServerEventName, ServerEventPayload } from '../lib/socket';

interface PendingSync {
  request: AlertsSyncRequest;
  resolve: (result: AckResult<AlertsSyncResult>) => void;
  reject: (error: Error) => void;
}

/**
 * A realtime client for tests: emit server events, drive the link, and answer `alerts:sync`
 * requests by hand. Payloads are delivered as given (the real client parses them).
 */
export const createFakeRealtime = () => {
  const handlers = new Map<string, Set<(payload: never) => void>>();
  const linkHandlers = new Set<(event: LinkEvent) => void>();
  const stateListeners = new Set<() => void>();
  let connected = false;
  let state: ConnectionState = 'connecting';
  const syncRequests: PendingSync[] = [];
  const heartbeats: string[] = [];

  const setState = (next: ConnectionState) => {
    state = next;
    for (const listener of stateListeners) listener();
  };

  const client: RealtimeClient = {
    connect: () => {},
    close: () => {},
    on(event, handler) {
      const set = handlers.get(event) ?? new Set();
      handlers.set(event, set);
      set.add(handler as (payload: never) => void);
      return () => set.delete(handler as (payload: never) => void);
    },
    onLink(handler) {
      linkHandlers.add(handler);
      return () => linkHandlers.delete(handler);
    },
    isConnected: () => connected,
    getConnectionState: () => state,
    subscribeConnectionState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    syncAlerts: (request) =>
      new Promise((resolve, reject) => syncRequests.push({ request, resolve, reject })),
    sendHeartbeat: async (showing) => {
      heartbeats.push(showing);
      return connected;
    },
  };

  return {
    client,
    syncRequests,
    heartbeats,
    emit<E extends ServerEventName>(event: E, payload: ServerEventPayload<E>) {
      for (const handler of handlers.get(event) ?? []) {
        (handler as (p: ServerEventPayload<E>) => void)(payload);
      }
    },
    connect() {
      connected = true;
      setState('connected');
      for (const handler of linkHandlers) handler('connected');
    },
    disconnect() {
      connected = false;
      setState('connecting');
      for (const handler of linkHandlers) handler('disconnected');
    },
    /** Answers the oldest unanswered sync request. */
    answerSync(result: AckResult<AlertsSyncResult>) {
      const pending = syncRequests.shift();
      if (!pending) throw new Error('no sync request to answer');
      pending.resolve(result);
      return pending.request;
    },
  };
};
