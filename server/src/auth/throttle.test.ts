import { describe, expect, it } from 'vitest';
import { createSignInThrottle, retryAfterMs, withFailure } from './throttle';

const policy = { maxFailures: 3, windowMs: 60_000 };

describe('sign-in throttle', () => {
  it('lets the first failures through and refuses after maxFailures within the window', () => {
    let entry = withFailure(undefined, 0, policy);
    entry = withFailure(entry, 1_000, policy);
    expect(retryAfterMs(entry, 2_000, policy)).toBe(0);
    entry = withFailure(entry, 2_000, policy);
    expect(retryAfterMs(entry, 2_000, policy)).toBe(58_000);
    expect(retryAfterMs(entry, 59_999, policy)).toBe(1);
    expect(retryAfterMs(entry, 60_000, policy)).toBe(0);
  });

  it('forgets failures older than the window', () => {
    let entry = withFailure(undefined, 0, policy);
    entry = withFailure(entry, 1_000, policy);
    entry = withFailure(entry, 70_000, policy);
    expect(retryAfterMs(entry, 70_000, policy)).toBe(0);
    expect(entry.failures).toEqual([70_000]);
  });

  it('throttles by every key given and clears them on success', () => {
    const throttle = createSignInThrottle(policy);
    for (let i = 0; i < 3; i++) throttle.fail(['user:a', 'ip:1'], i);
    expect(throttle.retryAfterMs(['user:b', 'ip:1'], 10)).toBeGreaterThan(0);
    expect(throttle.retryAfterMs(['user:b', 'ip:2'], 10)).toBe(0);
    throttle.succeed(['user:a', 'ip:1']);
    expect(throttle.retryAfterMs(['user:a', 'ip:1'], 10)).toBe(0);
  });

  it('keeps at most maxKeys keys', () => {
    const throttle = createSignInThrottle(policy, 2);
    for (const key of ['a', 'b', 'c']) for (let i = 0; i < 3; i++) throttle.fail([key], i);
    expect(throttle.retryAfterMs(['a'], 10)).toBe(0);
    expect(throttle.retryAfterMs(['c'], 10)).toBeGreaterThan(0);
  });
});
