import { describe, expect, it } from 'vitest';
import { samplePortalUsage } from './portal';

const local = (iso: string) => new Date(`${iso}+07:00`);

describe('samplePortalUsage', () => {
  it('is deterministic for a given time and seed', () => {
    const at = local('2026-11-23T10:00:00');
    expect(samplePortalUsage(at, 1)).toEqual(samplePortalUsage(at, 1));
  });

  it('is busy in office hours on a working day and quiet at night', () => {
    const morning = samplePortalUsage(local('2026-11-23T09:30:00'), 1); // Monday
    const night = samplePortalUsage(local('2026-11-23T03:00:00'), 1);
    expect(morning.activeUsers).toBeGreaterThan(night.activeUsers * 5);
    expect(morning.submissionsPerMinute).toBeGreaterThan(night.submissionsPerMinute);
  });

  it('has error-rate incidents above the 3% threshold some hours and normal rates otherwise', () => {
    const rates = Array.from(
      { length: 24 * 7 * 6 },
      (_, i) => samplePortalUsage(new Date(Date.UTC(2026, 10, 23) + i * 600_000), 7).errorRatePct,
    );
    const high = rates.filter((r) => r > 3).length;
    expect(high).toBeGreaterThan(0);
    expect(high).toBeLessThan(rates.length / 4);
    expect(rates.filter((r) => r <= 3).every((r) => r < 2)).toBe(true);
  });

  it('reports the sampling second as observedAt', () => {
    expect(samplePortalUsage(new Date('2026-11-23T03:00:00.789Z'), 1).observedAt).toBe(
      '2026-11-23T03:00:00Z',
    );
  });
});
