import { describe, expect, it } from 'vitest';
import { type ConnectionFact, type ConnectionState, nextConnectionState } from './connection-state';

describe('nextConnectionState', () => {
  it.each<[ConnectionState, ConnectionFact, ConnectionState]>([
    ['connecting', { type: 'connected' }, 'connected'],
    ['disconnected', { type: 'connected' }, 'connected'],
    ['connected', { type: 'disconnected', willReconnect: true }, 'connecting'],
    ['connected', { type: 'disconnected', willReconnect: false }, 'disconnected'],
    ['connecting', { type: 'connectFailed' }, 'disconnected'],
    ['disconnected', { type: 'connectFailed' }, 'disconnected'],
  ])('goes from %s on %o to %s', (current, fact, expected) => {
    expect(nextConnectionState(current, fact)).toBe(expected);
  });
});
