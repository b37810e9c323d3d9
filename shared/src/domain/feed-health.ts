import type { FeedCadence, FeedHealthState } from '../schemas/feed';

/** Vietnam keeps UTC+7 all year (no daylight saving), so local days are fixed UTC offsets. */
const HCMC_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

export interface FeedHealthInput {
  isEnabled: boolean;
  cadence: FeedCadence | null;
  /** Last time data arrived (a poll that succeeded, a message accepted). */
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  /**
   * Last time the source answered without new data (HTTP 304, an unchanged body, an MQTT
   * connection): it clears an error but does not count as data.
   */
  lastCheckedAt?: string | null;
  /** When the feed was configured: silence is measured from here until data first arrives. */
  createdAt: string;
}

export interface FeedHealth {
  state: FeedHealthState;
  /** When data is next due at the latest (absent when the feed has no cadence). */
  dueBy: string | null;
}

/** Start (UTC ms) of the local day in Asia/Ho_Chi_Minh that contains `t`. */
const localDayStart = (t: number) =>
  Math.floor((t + HCMC_OFFSET_MS) / DAY_MS) * DAY_MS - HCMC_OFFSET_MS;

/**
 * Grace after which an interval feed counts as silent: two intervals, and never less than the
 * interval plus one minute (a 10 s sensor is silent after 70 s, a daily one after two days).
 */
export const intervalGraceMs = (seconds: number) =>
  Math.max(2 * seconds * 1000, seconds * 1000 + 60_000);

/**
 * The last moment data may arrive before the feed is silent. Interval: the grace after the
 * last data. Daily-before-HH:mm: data received on a local day (even late) satisfies that day,
 * so the next due time is the next day's deadline; before any data, the deadline of the day
 * the feed was created, or of the next day when it was created after that day's deadline.
 */
const dueByMs = (cadence: FeedCadence, reference: number, hasData: boolean): number => {
  if (cadence.kind === 'interval') return reference + intervalGraceMs(cadence.seconds);
  const [h, m] = cadence.localTime.split(':').map(Number) as [number, number];
  const offset = (h * 60 + m) * 60_000;
  const sameDayDeadline = localDayStart(reference) + offset;
  if (!hasData && reference < sameDayDeadline) return sameDayDeadline;
  return sameDayDeadline + DAY_MS;
};

/**
 * Feed health as a state machine over stored facts and `now`. Pure.
 * - Disabled: switched off by an administrator.
 * - Error: the last attempt failed (fetch, parse or store), whatever the cadence.
 * - NoData: nothing arrived within the cadence (interval grace, or today's "before HH:mm").
 * - Pending: configured, no data yet, not yet due.
 * - OK: data arrived within its cadence.
 */
export const feedHealth = (input: FeedHealthInput, now: Date): FeedHealth => {
  const t = now.getTime();
  const lastSuccess = input.lastSuccessAt ? Date.parse(input.lastSuccessAt) : null;
  const lastError = input.lastErrorAt ? Date.parse(input.lastErrorAt) : null;
  const reference = lastSuccess ?? Date.parse(input.createdAt);
  const due = input.cadence ? dueByMs(input.cadence, reference, lastSuccess !== null) : null;
  const dueBy = due === null ? null : new Date(due).toISOString();
  if (!input.isEnabled) return { state: 'Disabled', dueBy: null };
  const lastChecked = input.lastCheckedAt ? Date.parse(input.lastCheckedAt) : null;
  const lastAnswer = Math.max(lastSuccess ?? -Infinity, lastChecked ?? -Infinity);
  if (lastError !== null && lastError > lastAnswer) return { state: 'Error', dueBy };
  if (due !== null && t > due) return { state: 'NoData', dueBy };
  return { state: lastSuccess === null ? 'Pending' : 'OK', dueBy };
};
