import type { Indicator, LatestValue, LocalizedText } from '@city-ioc/shared';

export type Freshness = 'fresh' | 'late' | 'stale' | 'none';

/**
 * How old a value is against its cadence: fresh within 1.5 cadences, late (amber) within 3,
 * stale (red) beyond; `none` before any value. Pure.
 */
export const freshnessOf = (
  observedAt: string | null,
  cadenceSeconds: number,
  nowMs: number,
): Freshness => {
  if (observedAt === null) return 'none';
  const age = (nowMs - Date.parse(observedAt)) / 1000;
  if (age <= cadenceSeconds * 1.5) return 'fresh';
  if (age <= cadenceSeconds * 3) return 'late';
  return 'stale';
};

export interface KpiCard {
  indicatorId: string;
  subjectId: string;
  name: LocalizedText;
  unit: string;
  value: number | null;
  observedAt: string | null;
  target: number | null;
  direction: Indicator['targetDirection'];
  /** Share of the way to the target, 0–1; null without a target or a value. */
  progress: number | null;
  status: 'met' | 'behind' | 'none';
  freshness: Freshness;
}

/**
 * One card per wanted indicator (city-wide figures: the empty subject unless another is given),
 * in the order asked, with its value, target, progress and freshness. Pure.
 */
export const kpiCards = (
  wanted: readonly { indicatorId: string; subjectId?: string }[],
  indicators: readonly Indicator[],
  latest: readonly LatestValue[],
  nowMs: number,
): KpiCard[] => {
  const byId = new Map(indicators.map((i) => [i.id, i]));
  const values = new Map(latest.map((v) => [`${v.indicatorId}\u0000${v.subjectId}`, v]));
  const cards: KpiCard[] = [];
  for (const { indicatorId, subjectId = '' } of wanted) {
    const indicator = byId.get(indicatorId);
    if (!indicator) continue;
    const v = values.get(`${indicatorId}\u0000${subjectId}`);
    const value = v?.value ?? null;
    const target = indicator.target;
    let progress: number | null = null;
    let status: KpiCard['status'] = 'none';
    if (value !== null && target !== null && indicator.targetDirection !== 'none') {
      const higher = indicator.targetDirection === 'higher_is_better';
      status = (higher ? value >= target : value <= target) ? 'met' : 'behind';
      progress = higher
        ? target > 0
          ? Math.min(1, Math.max(0, value / target))
          : 1
        : value <= target
          ? 1
          : target > 0
            ? Math.min(1, target / value)
            : 0;
    }
    cards.push({
      indicatorId,
      subjectId,
      name: indicator.name,
      unit: indicator.unit,
      value,
      observedAt: v?.observedAt ?? null,
      target,
      direction: indicator.targetDirection,
      progress,
      status,
      freshness: freshnessOf(v?.observedAt ?? null, indicator.cadenceSeconds, nowMs),
    });
  }
  return cards;
};

/** The programme's KPIs the wall and the programme scene show, in this order. */
export const PROGRAMME_KPIS: readonly { indicatorId: string }[] = [
  { indicatorId: 'dx.digital_economy_grdp_pct' },
  { indicatorId: 'dx.budget_share_pct' },
  { indicatorId: 'dx.civil_servants_trained' },
];

/** The three task indicators that make the programme's scorecard. */
export const PROGRAMME_TASKS = {
  onSchedule: 'dx.tasks_on_schedule',
  inProgress: 'dx.tasks_in_progress',
  notUpdated: 'dx.tasks_not_updated',
} as const;

/** Sparkline path of values in a box (min–max scaled). Pure. */
export const sparklinePath = (
  points: readonly { at: string; value: number }[],
  width: number,
  height: number,
): string => {
  if (points.length === 0) return '';
  const times = points.map((p) => Date.parse(p.at));
  const values = points.map((p) => p.value);
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  let [v0, v1] = [Math.min(...values), Math.max(...values)];
  if (v1 - v0 < 1e-9) {
    v0 -= 1;
    v1 += 1;
  }
  const x = (t: number) => (t1 === t0 ? width / 2 : ((t - t0) / (t1 - t0)) * width);
  const y = (v: number) => height - ((v - v0) / (v1 - v0)) * height;
  return points
    .map(
      (p, i) =>
        `${i === 0 ? 'M' : 'L'}${x(times[i] as number).toFixed(1)},${y(p.value).toFixed(1)}`,
    )
    .join(' ');
};
