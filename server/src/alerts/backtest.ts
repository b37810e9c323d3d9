import type { Observation, Rule } from '@city-ioc/shared';
import {
  type AreaReading,
  DEFAULT_AREA_WINDOW_SECONDS,
  evaluateBatch,
  evaluateTick,
  inRuleScope,
  type RuleContext,
} from './evaluate-batch';
import { type RuleState, splitStateKey } from './rules';

export interface BacktestOptions {
  /** Start of the reported range (ISO); readings before it only warm the rule up. */
  from: string;
  /** End of the range (ISO); readings after it are ignored. */
  to: string;
  /** How often the clock's part runs (no data, area windows, keep-firing-for); 60 s default. */
  tickSeconds?: number;
}

export interface BacktestDecision {
  subjectId: string;
  transition: 'fire' | 'resolve';
  value: number;
  at: string;
}

export interface BacktestResult {
  /** Fires and resolves within [from, to], oldest first. */
  decisions: BacktestDecision[];
  /** Subjects still firing at `to`. */
  firingAtEnd: string[];
  /** Readings of the rule's indicator considered (warm-up included). */
  evaluated: number;
  /** Distinct subjects among those readings that the rule watches. */
  subjects: number;
}

const HOUR_MS = 3_600_000;

/**
 * How long before `from` the readings should start so that rates, pending periods, area
 * windows and silences are already measured at `from`: the longest of the rule's window,
 * pending period (plus a no-data rule's silence) and one hour, at most one day. Pure.
 */
export const backtestWarmupMs = (rule: Pick<Rule, 'kind' | 'params'>) => {
  const p = rule.params;
  const silence = rule.kind === 'no_data' ? p.threshold * 1000 : 0;
  return Math.min(
    86_400_000,
    Math.max(
      (p.windowSeconds ?? (rule.kind === 'area' ? DEFAULT_AREA_WINDOW_SECONDS : 0)) * 1000,
      p.pendingSeconds * 1000 + silence,
      HOUR_MS,
    ),
  );
};

/** The readings an area rule counts, from the readings themselves: matching, in scope, in a ward. */
const areaReadingsOf = (
  rule: Rule,
  observations: readonly Observation[],
  sites: RuleContext['sites'],
): AreaReading[] => {
  const m = rule.params.match;
  const out: AreaReading[] = [];
  for (const o of observations) {
    const site = sites.get(o.subjectId);
    if (!site?.areaId) continue;
    if (m && !(m.operator === 'above' ? o.value > m.value : o.value < m.value)) continue;
    if (!inRuleScope(rule, o.subjectId, site)) continue;
    out.push({ subjectId: o.subjectId, areaId: site.areaId, at: o.observedAt });
  }
  return out;
};

/**
 * Replays stored readings through one rule, as the live engine would have run them: starting
 * from empty states, readings in time order in chunks between clock ticks (`evaluateBatch`),
 * then the clock at each tick (`evaluateTick`; no-data rules see when each subject last
 * reported among the readings so far). Readings before `from` warm the rule up; only decisions
 * within [from, to] are reported. Pure: the same inputs give the same answer, nothing is saved.
 *
 * An area rule counts `context.areaReadings` for the rule when given (the whole range), else
 * the matching readings among `observations`.
 */
export const backtestRule = (
  rule: Rule,
  observations: readonly Observation[],
  context: RuleContext,
  { from, to, tickSeconds = 60 }: BacktestOptions,
): BacktestResult => {
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  const tickMs = Math.max(1, tickSeconds) * 1000;
  const readings = observations
    .filter((o) => o.indicatorId === rule.indicatorId && Date.parse(o.observedAt) <= toMs)
    .map((o) => ({ o, t: Date.parse(o.observedAt) }))
    .sort((a, b) => a.t - b.t);

  const areaReadings =
    rule.kind === 'area' && !context.areaReadings.has(rule.id)
      ? new Map([
          ...context.areaReadings,
          [
            rule.id,
            areaReadingsOf(
              rule,
              readings.map((r) => r.o),
              context.sites,
            ),
          ],
        ])
      : context.areaReadings;
  const ctx: RuleContext = { ...context, areaReadings };
  const rules = [rule];

  const subjects = new Set<string>();
  for (const { o } of readings) {
    if (inRuleScope(rule, o.subjectId, context.sites.get(o.subjectId))) subjects.add(o.subjectId);
  }

  let states: ReadonlyMap<string, RuleState> = new Map();
  const lastSeen = new Map<string, string>();
  const decisions: BacktestDecision[] = [];
  const keep = (
    found: readonly { subjectId: string; transition: string; value: number; at: string }[],
  ) => {
    for (const d of found) {
      const t = Date.parse(d.at);
      if (t < fromMs || t > toMs) continue;
      if (d.transition !== 'fire' && d.transition !== 'resolve') continue;
      decisions.push({
        subjectId: d.subjectId,
        transition: d.transition,
        value: d.value,
        at: d.at,
      });
    }
  };

  const startMs = Math.min(fromMs, readings[0]?.t ?? fromMs);
  // Ticks fall on whole multiples of the tick, as a clock would; the last one is `to` itself.
  let tick = Math.floor(startMs / tickMs) * tickMs + tickMs;
  let i = 0;
  for (;;) {
    const now = Math.min(tick, toMs);
    const batch: Observation[] = [];
    while (i < readings.length && (readings[i] as { t: number }).t <= now) {
      const { o } = readings[i] as { o: Observation };
      batch.push(o);
      const seen = lastSeen.get(o.subjectId);
      if (!seen || Date.parse(seen) < Date.parse(o.observedAt))
        lastSeen.set(o.subjectId, o.observedAt);
      i += 1;
    }
    if (batch.length > 0) {
      const out = evaluateBatch(rules, states, batch, ctx);
      states = out.states;
      keep(out.decisions);
    }
    const ticked = evaluateTick(rules, states, new Date(now).toISOString(), {
      ...ctx,
      lastSeen: new Map([[rule.indicatorId, lastSeen]]),
    });
    states = ticked.states;
    keep(ticked.decisions);
    if (now >= toMs) break;
    tick += tickMs;
  }

  decisions.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const firingAtEnd = [...states]
    .filter(([, s]) => s.state === 'firing')
    .map(([key]) => splitStateKey(key)[1])
    .sort();
  return { decisions, firingAtEnd, evaluated: readings.length, subjects: subjects.size };
};

/** Fires per hour over [from, to): one bucket per hour, from the hour `from` falls in. Pure. */
export const firesPerHour = (
  decisions: readonly BacktestDecision[],
  from: string,
  to: string,
): { hour: string; fires: number }[] => {
  const start = Math.floor(Date.parse(from) / HOUR_MS) * HOUR_MS;
  const end = Date.parse(to);
  const buckets: { hour: string; fires: number }[] = [];
  for (let h = start; h < end; h += HOUR_MS)
    buckets.push({ hour: new Date(h).toISOString(), fires: 0 });
  for (const d of decisions) {
    if (d.transition !== 'fire') continue;
    const bucket = buckets[Math.floor((Date.parse(d.at) - start) / HOUR_MS)];
    if (bucket) bucket.fires += 1;
  }
  return buckets;
};
