import { describe, expect, it } from 'vitest';
import { nextPollDelayMs } from './backoff';

describe('nextPollDelayMs', () => {
  it.each([
    [10, 0, 10_000],
    [10, 1, 10_000],
    [10, 2, 20_000],
    [10, 4, 80_000],
    [10, 10, 300_000],
    [600, 1, 30_000],
    [600, 5, 480_000],
    [600, 9, 600_000],
    [86_400, 0, 86_400_000],
    [86_400, 1, 30_000],
    [86_400, 20, 3_600_000],
  ])('interval %is after %i failures waits %i ms', (interval, failures, expected) => {
    expect(nextPollDelayMs(interval, failures)).toBe(expected);
  });
});
