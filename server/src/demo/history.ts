import type { Observation } from '@city-ioc/shared';
import { samplePortalUsage } from '../simulator/portal';
import { sampleProgramme } from '../simulator/programme';

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

const PROGRAMME_FIELDS = {
  'dx.digital_economy_grdp_pct': 'digitalEconomySharePct',
  'dx.budget_share_pct': 'dxBudgetSharePct',
  'dx.civil_servants_trained': 'civilServantsTrained',
  'dx.tasks_on_schedule': 'tasksOnSchedule',
  'dx.tasks_in_progress': 'tasksInProgress',
  'dx.tasks_not_updated': 'tasksNotUpdated',
} as const;

/** The programme's daily reports of the `days` before `now` (the KPI sparklines' past). Pure. */
export const programmeHistory = (now: Date, seed: number, days = 30): Observation[] => {
  const out: Observation[] = [];
  for (let d = days; d >= 1; d -= 1) {
    const report = sampleProgramme(new Date(now.getTime() - d * 86_400_000), seed);
    for (const [indicatorId, field] of Object.entries(PROGRAMME_FIELDS))
      out.push({ indicatorId, subjectId: '', observedAt: report.reportedAt, value: report[field] });
  }
  return out;
};
