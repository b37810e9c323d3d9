import type { Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeEvent } from '../testing/factories';
import { createRealtimeClient } from './socket';

/** Just enough of a Socket.IO client socket to drive the realtime client from a test. */
const createFakeSocket = () => {
  const listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  const socket = {
    connected: false,
    active: true,
    connect: vi.fn(() => {
      socket.active = true;
    }),
    disconnect: vi.fn(),
    on(event: string, listener: (...args: unknown[]) => void) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return socket;
    },
    /** Delivers an event as the server (or Socket.IO itself) would. */
    fire(event: string, ...args: unknown[]) {
      for (const listener of listeners.get(event) ?? []) listener(...args);
    },
  };
  return socket;
};

const setup = () => {
  const socket = createFakeSocket();
  const client = createRealtimeClient({ createSocket: () => socket as unknown as Socket });
  return { socket, client };
};

describe('createRealtimeClient', () => {
  let warn: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('hands a valid server event to its handlers, parsed', () => {
    const { socket, client } = setup();
    const handler = vi.fn();
    client.on('alert:changed', handler);
    const event = makeEvent(7);
    socket.fire('alert:changed', event);
    expect(handler).toHaveBeenCalledWith(event);
  });

  it.each([
    ['a payload of the wrong shape', { seq: 'seven' }],
    ['a negative seq', { ...makeEvent(1), seq: -1 }],
    ['nothing at all', undefined],
  ])('drops %s with a warning, never an error', (_, payload) => {
    const { socket, client } = setup();
    const handler = vi.fn();
    const error = vi.spyOn(console, 'error');
    client.on('alert:changed', handler);
    socket.fire('alert:changed', payload);
    expect(handler).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });

  it('reports the link state the operator sees', () => {
    const { socket, client } = setup();
    const link = vi.fn();
    client.onLink(link);
    expect(client.getConnectionState()).toBe('connecting');
    socket.fire('connect');
    expect(client.getConnectionState()).toBe('connected');
    socket.fire('disconnect', 'transport close');
    expect(client.getConnectionState()).toBe('connecting');
    socket.fire('connect_error', new Error('refused'));
    expect(client.getConnectionState()).toBe('disconnected');
    socket.fire('connect');
    expect(link.mock.calls.map(([event]) => event)).toEqual([
      'connected',
      'disconnected',
      'connected',
    ]);
  });

  it('reconnects by itself when the server disconnected it on purpose', () => {
    vi.useFakeTimers();
    const { socket } = setup();
    socket.fire('connect');
    socket.active = false; // Socket.IO does not retry after "io server disconnect"
    socket.fire('disconnect', 'io server disconnect');
    expect(socket.connect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(2_000);
    expect(socket.connect).toHaveBeenCalledTimes(1);
  });

  it('does not reconnect after the app closed the link', () => {
    vi.useFakeTimers();
    const { socket, client } = setup();
    client.close();
    socket.active = false;
    socket.fire('disconnect', 'io client disconnect');
    vi.advanceTimersByTime(10_000);
    expect(socket.connect).not.toHaveBeenCalled();
    expect(client.getConnectionState()).toBe('disconnected');
  });
  it('stops asking when the server refuses the handshake for want of a session, until connected again', () => {
    vi.useFakeTimers();
    const { socket, client } = setup();
    const link = vi.fn();
    client.onLink(link);
    client.connect();
    expect(socket.connect).toHaveBeenCalledTimes(1);
    socket.active = false; // a middleware refusal is not retried by Socket.IO
    socket.fire('connect_error', new Error('unauthorized'));
    expect(link).toHaveBeenCalledWith('unauthorized');
    expect(socket.disconnect).toHaveBeenCalled();
    vi.advanceTimersByTime(60_000);
    expect(socket.connect).toHaveBeenCalledTimes(1);
    // Signed in again: the app connects, and the link comes back.
    client.connect();
    expect(socket.connect).toHaveBeenCalledTimes(2);
    socket.fire('connect');
    expect(client.getConnectionState()).toBe('connected');
  });

  it('keeps retrying after other handshake failures (the server is restarting)', () => {
    vi.useFakeTimers();
    const { socket, client } = setup();
    const link = vi.fn();
    client.onLink(link);
    client.connect();
    socket.active = false;
    socket.fire('connect_error', new Error('unavailable'));
    vi.advanceTimersByTime(2_000);
    expect(socket.connect).toHaveBeenCalledTimes(2);
    expect(link).not.toHaveBeenCalledWith('unauthorized');
  });

  it('hands `session:ended` to its handlers', () => {
    const { socket, client } = setup();
    const handler = vi.fn();
    client.on('session:ended', handler);
    socket.fire('session:ended', { reason: 'signed_out' });
    expect(handler).toHaveBeenCalledWith({ reason: 'signed_out' });
  });
});
