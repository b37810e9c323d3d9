/**
 * Delay before the next poll. While a feed succeeds: its interval. After a failure: a retry
 * that starts at the interval (at most 30 s) and doubles with each consecutive failure, capped
 * at five minutes, or at the interval up to one hour for slower feeds. A daily feed that fails
 * is therefore retried within the hour, not the next day. Pure.
 */
export const nextPollDelayMs = (intervalSeconds: number, consecutiveFailures: number): number => {
  const interval = intervalSeconds * 1000;
  if (consecutiveFailures <= 0) return interval;
  const firstRetry = Math.min(interval, 30_000);
  const cap = Math.max(300_000, Math.min(interval, 3_600_000));
  return Math.min(firstRetry * 2 ** Math.min(consecutiveFailures - 1, 30), cap);
};
