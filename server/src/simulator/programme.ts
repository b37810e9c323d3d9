import { hashUnit } from '../demo/prng';

/**
 * The city's digital-transformation programme as its secretariat reports it (a daily JSON
 * report): figures from the seeds (PRODUCT.md) moving slowly over time.
 * - digital economy share of GRDP: about 24% in 2025, rising some 1.8 points a year toward the
 *   40% goal for 2030;
 * - budget share for digital transformation and IT: 1.22% (national minimum 1%);
 * - civil servants trained by VNU-HCM: 4,000 over two years from January 2025;
 * - programme tasks (HCMC–VNU-HCM): 18, of which 7 on schedule, 10 in progress, 1 not updated.
 */
export interface ProgrammeReport {
  reportedAt: string;
  digitalEconomySharePct: number;
  dxBudgetSharePct: number;
  civilServantsTrained: number;
  tasksOnSchedule: number;
  tasksInProgress: number;
  tasksNotUpdated: number;
}

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;
const START_2025 = Date.UTC(2024, 11, 31, 17); // 1 January 2025, 00:00 in Ho Chi Minh City
const TRAINING_TARGET = 4_000;
const TRAINING_DAYS = 730;

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** The report of the local day containing `now` (it changes once a day). Pure. */
export const sampleProgramme = (now: Date, seed: number): ProgrammeReport => {
  const day = Math.floor((now.getTime() - START_2025) / DAY_MS);
  const reportedAt = new Date(START_2025 + day * DAY_MS).toISOString();
  const years = (day * DAY_MS) / YEAR_MS;
  const wobble = (key: string, size: number) => (hashUnit(seed, key, day) - 0.5) * size;
  // Training goes in cohorts: a class of about 40 finishes most working days.
  const trained = Math.min(
    TRAINING_TARGET,
    Math.max(0, Math.round((TRAINING_TARGET * day) / TRAINING_DAYS + wobble('trained', 60))),
  );
  // A task moves to "on schedule" now and then; one stays without an update for a while.
  const onSchedule = Math.min(17, 7 + Math.floor(Math.max(0, day - 690) / 45));
  const notUpdated = hashUnit(seed, 'task-silent', Math.floor(day / 30)) < 0.7 ? 1 : 0;
  return {
    reportedAt,
    digitalEconomySharePct: round(24.2 + 1.8 * years + wobble('de', 0.2), 1),
    dxBudgetSharePct: round(1.22 + wobble('budget', 0.04), 2),
    civilServantsTrained: trained,
    tasksOnSchedule: onSchedule,
    tasksInProgress: 18 - onSchedule - notUpdated,
    tasksNotUpdated: notUpdated,
  };
};
