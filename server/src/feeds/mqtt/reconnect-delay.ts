export interface ReconnectBackoff {
  /** Delay before the first retry after a healthy connection was lost. */
  initialMs: number;
  /** Largest delay between two attempts; the subscriber never gives up. */
  maxMs: number;
}

/**
 * Delay before the next connection attempt: `initialMs` after a healthy connection is lost,
 * doubling with each consecutive failure (refused connection, failed store) up to `maxMs`.
 * `jitter` in [0, 1) shortens it by up to a fifth so that many feeds on one broker do not
 * reconnect in lockstep; the result never exceeds `maxMs`. Pure.
 */
export const reconnectDelayMs = (
  consecutiveFailures: number,
  { initialMs, maxMs }: ReconnectBackoff,
  jitter: number,
): number => {
  const exponent = Math.min(Math.max(consecutiveFailures, 0), 30);
  const base = Math.min(initialMs * 2 ** exponent, maxMs);
  const spread = Math.min(Math.max(jitter, 0), 1);
  return Math.round(base * (1 - 0.2 * spread));
};
