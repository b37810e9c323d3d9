import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  DEFAULT_RETRY_POLICY,
  maxAttempts,
  type RetryPolicy,
} from './retry-schedule';

const NOW = new Date('2026-11-23T03:00:00.000Z');
const waitMs = (attempts: number, jitter = 0.5, policy?: RetryPolicy) => {
  const decision = afterFailure(attempts, NOW, jitter, policy);
  return decision.status === 'pending' ? decision.nextAttemptAt.getTime() - NOW.getTime() : null;
};

describe('afterFailure', () => {
  it.each([
    [1, 10_000],
    [2, 30_000],
    [3, 120_000],
    [4, 600_000],
    [5, 1_800_000],
    [6, 3_600_000],
    [7, 7_200_000],
  ])('waits the scheduled time after attempt %i (no jitter)', (attempts, expected) => {
    expect(waitMs(attempts)).toBe(expected);
  });

  it('gives up after the eighth attempt', () => {
    expect(maxAttempts(DEFAULT_RETRY_POLICY)).toBe(8);
    expect(afterFailure(8, NOW, 0.5)).toEqual({ status: 'failed' });
  });

  it('spreads each wait by at most the jitter ratio either way', () => {
    expect(waitMs(1, 0)).toBe(8_000);
    expect(waitMs(1, 0.999_999)).toBe(12_000);
  });

  it('grows with every attempt whatever the jitter', () => {
    for (let attempts = 1; attempts < 7; attempts += 1) {
      expect(waitMs(attempts, 1) as number).toBeLessThan(waitMs(attempts + 1, 0) as number);
    }
  });

  it('follows a policy the caller gives (short waits in tests)', () => {
    const policy: RetryPolicy = { delaysMs: [50, 50], jitterRatio: 0 };
    expect(waitMs(2, 0.9, policy)).toBe(50);
    expect(afterFailure(3, NOW, 0.5, policy)).toEqual({ status: 'failed' });
  });
});
