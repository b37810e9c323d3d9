/**
 * Sign-in throttling, pure: after `maxFailures` failed attempts for one key (a user name, or an
 * address) within `windowMs`, further attempts are refused until the window has passed since
 * the last failure that counted. A success clears the key.
 */
export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
}

export interface ThrottleEntry {
  /** Times of the recent failures, oldest first. */
  failures: number[];
}

/** Milliseconds until `key` may try again, or 0 when it may try now. Pure. */
export const retryAfterMs = (
  entry: ThrottleEntry | undefined,
  now: number,
  policy: ThrottlePolicy,
): number => {
  if (!entry) return 0;
  const recent = entry.failures.filter((t) => now - t < policy.windowMs);
  if (recent.length < policy.maxFailures) return 0;
  const oldestCounted = recent[recent.length - policy.maxFailures] ?? now;
  return Math.max(0, oldestCounted + policy.windowMs - now);
};

/** The entry after one more failure at `now`, keeping only what the window needs. Pure. */
export const withFailure = (
  entry: ThrottleEntry | undefined,
  now: number,
  policy: ThrottlePolicy,
): ThrottleEntry => ({
  failures: [...(entry?.failures ?? []).filter((t) => now - t < policy.windowMs), now].slice(
    -policy.maxFailures * 2,
  ),
});

/**
 * The in-memory store of one process. Several processes each throttle on their own, which
 * multiplies the allowance by the number of processes, still a few attempts a minute.
 */
export const createSignInThrottle = (policy: ThrottlePolicy, maxKeys = 100_000) => {
  const entries = new Map<string, ThrottleEntry>();
  return {
    retryAfterMs: (keys: readonly string[], now: number) =>
      Math.max(0, ...keys.map((key) => retryAfterMs(entries.get(key), now, policy))),
    fail(keys: readonly string[], now: number) {
      for (const key of keys) {
        if (!entries.has(key) && entries.size >= maxKeys) {
          // Bounded memory: the oldest key goes first.
          const oldest = entries.keys().next().value;
          if (oldest !== undefined) entries.delete(oldest);
        }
        entries.set(key, withFailure(entries.get(key), now, policy));
      }
    },
    succeed(keys: readonly string[]) {
      for (const key of keys) entries.delete(key);
    },
  };
};
