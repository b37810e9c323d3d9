import { hashUnit } from '../demo/prng';
import { localTime, observedAtOf, sampleTimeMs, valueNoise } from './models';

/** What the public-service portal reports about itself: one city-wide record. */
export interface PortalUsage {
  observedAt: string;
  activeUsers: number;
  submissionsPerMinute: number;
  errorRatePct: number;
}

const HOUR_MS = 3_600_000;

/**
 * Usage of the city's public-service portal at `now`: office-hours peaks on working days, a
 * quiet night, and now and then (about one hour in four, for twenty minutes) an incident that
 * lifts the error rate above the 3% alert threshold. Pure and deterministic.
 */
export const samplePortalUsage = (now: Date, seed: number): PortalUsage => {
  const t = sampleTimeMs(now);
  const { hour, dayOfWeek } = localTime(t);
  const isWorkday = dayOfWeek >= 1 && dayOfWeek <= 5;
  const office =
    Math.exp(-(((hour - 9.5) / 1.6) ** 2) / 2) + 0.85 * Math.exp(-(((hour - 14.8) / 1.7) ** 2) / 2);
  const evening = 0.35 * Math.exp(-(((hour - 20.5) / 1.5) ** 2) / 2);
  const level = (isWorkday ? 1 : dayOfWeek === 6 ? 0.45 : 0.25) * office + evening;
  const wiggle = 1 + 0.08 * valueNoise(t, 60_000, seed, 'portal-users');
  const activeUsers = Math.round((1_800 + 24_000 * level) * wiggle);
  const submissionsPerMinute = Math.round(
    (activeUsers / 95) * (1 + 0.1 * valueNoise(t, 45_000, seed, 'portal-sub')),
  );

  const hourIndex = Math.floor(t / HOUR_MS);
  const minuteOfHour = (t % HOUR_MS) / 60_000;
  const hasIncident =
    hashUnit(seed, 'portal-incident', hourIndex) < 0.25 && minuteOfHour >= 20 && minuteOfHour < 40;
  const baseError = 0.4 + 0.3 * (valueNoise(t, 90_000, seed, 'portal-err') + 1);
  const errorRatePct =
    Math.round(
      (hasIncident ? 4.5 + 2.5 * hashUnit(seed, 'portal-spike', hourIndex) : baseError) * 10,
    ) / 10;
  return { observedAt: observedAtOf(now), activeUsers, submissionsPerMinute, errorRatePct };
};
