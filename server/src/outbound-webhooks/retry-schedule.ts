/**
 * When to try a failed delivery again: the waits after the 1st, 2nd, … failed attempt. One
 * attempt more than there are waits is made; when the last fails, the delivery is `failed`.
 */
export interface RetryPolicy {
  delaysMs: readonly number[];
  /** Each wait is spread by ± this fraction, so receivers that recover are not hit in step. */
  jitterRatio: number;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** 8 attempts over about 3 h 43 min: 10 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h apart. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  delaysMs: [10 * SECOND, 30 * SECOND, 2 * MINUTE, 10 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR],
  jitterRatio: 0.2,
};

/** How many attempts a delivery gets under `policy`. */
export const maxAttempts = (policy: RetryPolicy): number => policy.delaysMs.length + 1;

export type RetryDecision = { status: 'pending'; nextAttemptAt: Date } | { status: 'failed' };

/**
 * What follows a failed attempt. `attempts` counts the attempts made so far, this one
 * included; `jitter` is a number in [0, 1) from the caller (0.5 means no spread). Pure.
 */
export const afterFailure = (
  attempts: number,
  now: Date,
  jitter: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): RetryDecision => {
  const delayMs = policy.delaysMs[attempts - 1];
  if (delayMs === undefined || attempts < 1) return { status: 'failed' };
  const spread = 1 + policy.jitterRatio * (2 * Math.min(Math.max(jitter, 0), 1) - 1);
  return {
    status: 'pending',
    nextAttemptAt: new Date(now.getTime() + Math.round(delayMs * spread)),
  };
};
