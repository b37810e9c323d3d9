/** What the operator is told about the live link. */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

/** Socket lifecycle facts, as the socket module observes them. */
export type ConnectionFact =
  | { type: 'connected' }
  /** The link dropped; `willReconnect` is false only when we closed it on purpose. */
  | { type: 'disconnected'; willReconnect: boolean }
  /** An attempt to (re)connect failed; retries go on in the background. */
  | { type: 'connectFailed' };

/**
 * Connection state machine. Pure. A dropped link reads as "reconnecting" until an attempt has
 * actually failed, then as "lost" until a connection succeeds: it does not flicker between the
 * two on every retry.
 */
export const nextConnectionState = (
  _current: ConnectionState,
  fact: ConnectionFact,
): ConnectionState => {
  switch (fact.type) {
    case 'connected':
      return 'connected';
    case 'disconnected':
      return fact.willReconnect ? 'connecting' : 'disconnected';
    case 'connectFailed':
      return 'disconnected';
  }
};
