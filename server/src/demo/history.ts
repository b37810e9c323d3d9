import type { Observation } from '@city-ioc/shared';
import { samplePortalUsage } from '../simulator/portal';

const MINUTE_MS = 60_000;

/**
 * The public-service portal's past, as its webhook would have reported it: what the anomaly
 * rule's hour-of-week baseline and the rule editor's back-test read on a fresh demo. Every
 * `stepMinutes` over the `days` before `now`. Pure: the simulator's model of the same seed.
 */
export const portalHistory = (
  now: Date,
  seed: number,
  { days = 8, stepMinutes = 5 }: { days?: number; stepMinutes?: number } = {},
): Observation[] => {
  const end = Math.floor(now.getTime() / (stepMinutes * MINUTE_MS)) * stepMinutes * MINUTE_MS;
  const out: Observation[] = [];
  for (let t = end - days * 1440 * MINUTE_MS; t < end; t += stepMinutes * MINUTE_MS) {
    const usage = samplePortalUsage(new Date(t), seed);
    const observedAt = new Date(Date.parse(usage.observedAt)).toISOString();
    // The portal is city-wide: its readings have no subject (as its webhook mapping has none).
    out.push(
      { indicatorId: 'portal.active_users', subjectId: '', observedAt, value: usage.activeUsers },
      {
        indicatorId: 'portal.submissions_per_min',
        subjectId: '',
        observedAt,
        value: usage.submissionsPerMinute,
      },
      {
        indicatorId: 'portal.error_rate_pct',
        subjectId: '',
        observedAt,
        value: usage.errorRatePct,
      },
    );
  }
  return out;
};
