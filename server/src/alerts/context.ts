import type { Observation, Rule } from '@city-ioc/shared';
import type { Queryable } from '../store/db';
import { toIso } from '../store/rows';
import {
  type AreaReading,
  type BaselineStats,
  baselineKey,
  DEFAULT_AREA_WINDOW_SECONDS,
  DEFAULT_BASELINE_DAYS,
  inRuleScope,
  type SiteInfo,
} from './evaluate-batch';

const DAY_MS = 86_400_000;

/** Readings an area rule counts: those matching its `match` and its scope. Pure. */
export const areaReadingsFor = (
  rule: Rule,
  rows: readonly {
    subjectId: string;
    areaId: string;
    kind: string | null;
    at: string;
    value: number;
  }[],
): AreaReading[] => {
  const m = rule.params.match;
  return rows
    .filter((r) => !m || (m.operator === 'above' ? r.value > m.value : r.value < m.value))
    .filter((r) =>
      inRuleScope(rule, r.subjectId, { kind: r.kind, areaId: r.areaId, capacity: null }),
    )
    .map((r) => ({ subjectId: r.subjectId, areaId: r.areaId, at: r.at }));
};

export const loadSites = async (
  tx: Queryable,
  ids?: readonly string[],
): Promise<Map<string, SiteInfo>> => {
  const rows = await tx.query<{
    id: string;
    kind: string;
    area_id: string | null;
    capacity: number | null;
  }>(
    ids
      ? 'SELECT id, kind, area_id, capacity FROM sites WHERE id = ANY($1::text[])'
      : 'SELECT id, kind, area_id, capacity FROM sites',
    ids ? [ids] : [],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        kind: r.kind,
        areaId: r.area_id,
        capacity: r.capacity === null ? null : Number(r.capacity),
      },
    ]),
  );
};

/**
 * Hour-of-week statistics of each subject over the `days` before `before` (the day before the
 * readings judged is left out, so a surge does not raise its own baseline). Local hours are
 * UTC+7, as `hourOfWeek` computes them.
 */
export const loadBaselines = async (
  tx: Queryable,
  indicatorId: string,
  subjectIds: readonly string[],
  before: string,
  days: number,
): Promise<Map<string, Map<number, BaselineStats>>> => {
  const end = Date.parse(before) - DAY_MS;
  const start = end - days * DAY_MS;
  const rows = await tx.query<{
    subject_id: string;
    how: number;
    n: number;
    mean: number;
    std: number | null;
  }>(
    `SELECT subject_id,
            (floor((extract(epoch FROM observed_at) + 25200) / 3600)::bigint % 168)::int AS how,
            count(*)::int AS n, avg(value) AS mean, stddev_samp(value) AS std
       FROM observations
      WHERE indicator_id = $1 AND subject_id = ANY($2::text[])
        AND observed_at >= $3::timestamptz AND observed_at < $4::timestamptz
      GROUP BY 1, 2`,
    [indicatorId, subjectIds, new Date(start).toISOString(), new Date(end).toISOString()],
  );
  const out = new Map<string, Map<number, BaselineStats>>();
  for (const r of rows) {
    const key = baselineKey(indicatorId, r.subject_id);
    const byHour = out.get(key) ?? new Map<number, BaselineStats>();
    byHour.set(Number(r.how), { n: Number(r.n), mean: Number(r.mean), std: Number(r.std ?? 0) });
    out.set(key, byHour);
  }
  return out;
};

/** Readings of an indicator at sites of the given wards within [from, to]. */
export const loadAreaRows = async (
  tx: Queryable,
  indicatorId: string,
  areaIds: readonly string[] | null,
  from: string,
  to: string,
  match: { operator: 'above' | 'below'; value: number } | null = null,
) => {
  const rows = await tx.query<{
    subject_id: string;
    area_id: string;
    kind: string;
    observed_at: unknown;
    value: number;
  }>(
    `SELECT o.subject_id, s.area_id, s.kind, o.observed_at, o.value
       FROM observations o JOIN sites s ON s.id = o.subject_id
      WHERE o.indicator_id = $1 AND s.area_id IS NOT NULL
        AND ($2::text[] IS NULL OR s.area_id = ANY($2::text[]))
        AND o.observed_at >= $3::timestamptz AND o.observed_at <= $4::timestamptz
        AND ($5::text IS NULL OR ($5 = 'above' AND o.value > $6::float8)
             OR ($5 = 'below' AND o.value < $6::float8))`,
    [indicatorId, areaIds, from, to, match?.operator ?? null, match?.value ?? null],
  );
  return rows.map((r) => ({
    subjectId: r.subject_id,
    areaId: r.area_id,
    kind: r.kind,
    at: toIso(r.observed_at),
    value: Number(r.value),
  }));
};

/**
 * Baselines are costly to compute (weeks of readings) and change slowly: each subject's is
 * kept for an hour. A cache of derived numbers only; losing it loses nothing.
 */
export const createBaselineCache = (ttlMs = 3_600_000) => {
  const cache = new Map<string, { at: number; byHour: Map<number, BaselineStats> }>();
  return {
    async get(
      tx: Queryable,
      rule: Rule,
      observations: readonly Observation[],
      now: number,
    ): Promise<Map<string, Map<number, BaselineStats>>> {
      const days = rule.params.baselineDays ?? DEFAULT_BASELINE_DAYS;
      const subjects = [...new Set(observations.map((o) => o.subjectId))];
      const stale = subjects.filter((s) => {
        const hit = cache.get(`${days}\u0000${baselineKey(rule.indicatorId, s)}`);
        return !hit || now - hit.at > ttlMs;
      });
      if (stale.length > 0) {
        const fresh = await loadBaselines(
          tx,
          rule.indicatorId,
          stale,
          new Date(now).toISOString(),
          days,
        );
        for (const s of stale) {
          const key = baselineKey(rule.indicatorId, s);
          cache.set(`${days}\u0000${key}`, { at: now, byHour: fresh.get(key) ?? new Map() });
        }
      }
      const out = new Map<string, Map<number, BaselineStats>>();
      for (const s of subjects) {
        const key = baselineKey(rule.indicatorId, s);
        const hit = cache.get(`${days}\u0000${key}`);
        if (hit) out.set(key, hit.byHour);
      }
      return out;
    },
    clear: () => cache.clear(),
  };
};

/** The counting window of an area rule, in milliseconds. */
export const areaWindowMs = (rule: Rule) =>
  (rule.params.windowSeconds ?? DEFAULT_AREA_WINDOW_SECONDS) * 1000;
