import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from './reconnect-delay';

const backoff = { initialMs: 1_000, maxMs: 60_000 };

describe('reconnectDelayMs', () => {
  it.each([
    [0, 1_000],
    [1, 2_000],
    [2, 4_000],
    [5, 32_000],
    [6, 60_000],
    [1_000, 60_000],
    [-3, 1_000],
  ])('waits the full delay without jitter after %i consecutive failures: %i ms', (n, ms) => {
    expect(reconnectDelayMs(n, backoff, 0)).toBe(ms);
  });

  it.each([
    [0, 0.5, 900],
    [0, 0.999_999, 800],
    [6, 1, 48_000],
  ])('shortens the delay by at most a fifth (%i failures, jitter %f → %i ms)', (n, j, ms) => {
    expect(reconnectDelayMs(n, backoff, j)).toBe(ms);
  });

  it('never exceeds the maximum', () => {
    for (let n = 0; n < 40; n += 1) {
      expect(reconnectDelayMs(n, backoff, 0)).toBeLessThanOrEqual(backoff.maxMs);
    }
  });
});
