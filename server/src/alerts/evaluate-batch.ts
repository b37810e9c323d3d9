import type { Observation, Rule } from '@city-ioc/shared';
import {
  evaluateThreshold,
  expireKeepFiring,
  type RuleState,
  type RuleTransition,
  splitStateKey,
  stateKey,
} from './rules';

export interface RuleDecision {
  rule: Rule;
  /** The rule's subject: a site (or other reporting subject), or a ward for area rules. */
  subjectId: string;
  transition: Exclude<RuleTransition, 'none' | 'pending' | 'cancel'>;
  value: number;
  at: string;
}

/** What the engine knows of a subject that reports: its site's kind, ward and capacity. */
export interface SiteInfo {
  kind: string | null;
  areaId: string | null;
  capacity: number | null;
}

/** Usual value of a subject at one hour of the week. */
export interface BaselineStats {
  n: number;
  mean: number;
  std: number;
}

/** A reading an area rule counts: where and when. */
export interface AreaReading {
  subjectId: string;
  areaId: string;
  at: string;
}

/**
 * Data the rules need besides the readings themselves, loaded by the caller (I/O) and passed
 * in, so that evaluation stays pure and a back-test runs the very same code over history.
 */
export interface RuleContext {
  sites: ReadonlyMap<string, SiteInfo>;
  /** Anomaly: `baselineKey(indicator, subject)` → hour of the week → usual value. */
  baselines: ReadonlyMap<string, ReadonlyMap<number, BaselineStats>>;
  /** Area: per rule, every matching reading of the window (those of the batch included). */
  areaReadings: ReadonlyMap<string, readonly AreaReading[]>;
}

export const emptyContext = (): RuleContext => ({
  sites: new Map(),
  baselines: new Map(),
  areaReadings: new Map(),
});

const HOUR_MS = 3_600_000;
const DEFAULT_RATE_WINDOW_SECONDS = 900;
export const DEFAULT_AREA_WINDOW_SECONDS = 3_600;
export const DEFAULT_BASELINE_DAYS = 28;
export const DEFAULT_MIN_SAMPLES = 12;
/** Viet Nam keeps UTC+7 all year (no daylight saving), so local hours are a fixed offset. */
const LOCAL_OFFSET_MS = 7 * HOUR_MS;

/** Hour of the week in Asia/Ho_Chi_Minh, 0–167 (the same on the server's SQL side). */
export const hourOfWeek = (iso: string) =>
  Math.floor((Date.parse(iso) + LOCAL_OFFSET_MS) / HOUR_MS) % 168;

export const baselineKey = (indicatorId: string, subjectId: string) =>
  `${indicatorId}\u0000${subjectId}`;

/** Whether a rule watches a subject: its explicit subjects, site kinds and wards. Pure. */
export const inRuleScope = (rule: Rule, subjectId: string, site: SiteInfo | undefined) => {
  const { subjectIds, siteKinds, areaIds } = rule.scope;
  if (subjectIds.length > 0 && !subjectIds.includes(subjectId)) return false;
  if (siteKinds.length > 0 && !(site?.kind && siteKinds.includes(site.kind as never))) return false;
  if (areaIds.length > 0 && !(site?.areaId && areaIds.includes(site.areaId))) return false;
  return true;
};

const matchesReading = (rule: Rule, value: number) => {
  const m = rule.params.match;
  if (!m) return true;
  return m.operator === 'above' ? value > m.value : value < m.value;
};

/** Standard deviations from the usual value at this hour of the week, or null (no baseline). */
export const anomalyScore = (
  rule: Pick<Rule, 'indicatorId' | 'params'>,
  observation: Pick<Observation, 'value' | 'observedAt' | 'subjectId'>,
  baselines: RuleContext['baselines'],
): number | null => {
  const stats = baselines
    .get(baselineKey(rule.indicatorId, observation.subjectId))
    ?.get(hourOfWeek(observation.observedAt));
  if (!stats || stats.n < (rule.params.minSamples ?? DEFAULT_MIN_SAMPLES)) return null;
  // A subject that never varies at this hour (a closed office at night) cannot be judged.
  if (!(stats.std > 1e-9)) return null;
  return (observation.value - stats.mean) / stats.std;
};

/** Each ward's distinct reading times, sorted; built once per readings array. */
const areaIndex = new WeakMap<readonly AreaReading[], Map<string, number[]>>();
const indexOf = (readings: readonly AreaReading[]) => {
  let index = areaIndex.get(readings);
  if (!index) {
    const keys = new Map<string, Set<string>>();
    for (const r of readings) {
      const set = keys.get(r.areaId) ?? new Set<string>();
      set.add(`${Date.parse(r.at)}\u0000${r.subjectId}`);
      keys.set(r.areaId, set);
    }
    index = new Map();
    for (const [areaId, set] of keys) {
      const times = [...set].map((k) => Number(k.slice(0, k.indexOf('\u0000'))));
      index.set(
        areaId,
        times.sort((a, b) => a - b),
      );
    }
    areaIndex.set(readings, index);
  }
  return index;
};

/** First index in sorted `times` whose value is greater than `t`. */
const upperBound = (times: readonly number[], t: number) => {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** Readings matching an area rule in one ward within (at − window, at], one per subject and time. Pure. */
export const countInWindow = (
  readings: readonly AreaReading[],
  areaId: string,
  at: string,
  windowSeconds: number,
) => {
  const times = indexOf(readings).get(areaId);
  if (!times) return 0;
  const end = Date.parse(at);
  return upperBound(times, end) - upperBound(times, end - windowSeconds * 1000);
};

/**
 * The number a rule compares with its thresholds, or null when it cannot tell yet: a rate
 * needs an earlier reading of the subject, a utilisation the site's capacity, an anomaly a
 * baseline. Area and no-data rules are measured elsewhere (per ward, and by the clock). Pure.
 */
export const ruleInput = (
  rule: Pick<Rule, 'kind' | 'params' | 'indicatorId'>,
  previous: RuleState | undefined,
  observation: Pick<Observation, 'value' | 'observedAt' | 'subjectId'>,
  context: Pick<RuleContext, 'sites' | 'baselines'>,
): number | null => {
  switch (rule.kind) {
    case 'threshold':
      return observation.value;
    case 'utilisation': {
      const capacity = context.sites.get(observation.subjectId)?.capacity ?? null;
      return capacity !== null && capacity > 0 ? (observation.value / capacity) * 100 : null;
    }
    case 'rate_of_change': {
      if (!previous || previous.lastValue === null) return null;
      const hours = (Date.parse(observation.observedAt) - Date.parse(previous.lastAt)) / HOUR_MS;
      const window = (rule.params.windowSeconds ?? DEFAULT_RATE_WINDOW_SECONDS) / 3_600;
      return hours >= window ? (observation.value - previous.lastValue) / hours : null;
    }
    case 'anomaly':
      return anomalyScore(rule, observation, context.baselines);
    case 'no_data':
      // A fresh reading: its age when it was taken is zero.
      return 0;
    case 'area':
      return null;
  }
};

const round2 = (n: number) => Math.round(n * 100) / 100;

interface Outcome {
  states: Map<string, RuleState>;
  changed: Set<string>;
  decisions: RuleDecision[];
}

const step = (
  out: Outcome,
  rule: Rule,
  subjectId: string,
  input: number,
  at: string,
  lastValue: number,
) => {
  const key = stateKey(rule.id, subjectId);
  const previous = out.states.get(key);
  const evaluated = evaluateThreshold(rule.params, previous, { value: input, observedAt: at });
  const state = evaluated.next === previous ? previous : { ...evaluated.next, lastValue };
  if (state !== previous) {
    out.states.set(key, state);
    out.changed.add(key);
  }
  if (evaluated.transition === 'fire' || evaluated.transition === 'resolve') {
    out.decisions.push({
      rule,
      subjectId,
      transition: evaluated.transition,
      value: round2(input),
      at,
    });
  }
};

/**
 * Runs every rule over a batch of new observations, oldest first. Pure: takes the states
 * before the batch and the context, returns the states after it plus the decisions that change
 * alerts. A state's `lastValue` is the last reading itself, so a rate of change is measured
 * between readings. No-data rules are decided by the clock (`evaluateTick`), not here.
 */
export const evaluateBatch = (
  rules: readonly Rule[],
  states: ReadonlyMap<string, RuleState>,
  observations: readonly Observation[],
  context: RuleContext = emptyContext(),
): Outcome => {
  const out: Outcome = { states: new Map(states), changed: new Set(), decisions: [] };
  const rulesByIndicator = new Map<string, Rule[]>();
  for (const rule of rules) {
    if (rule.kind === 'no_data') continue;
    const list = rulesByIndicator.get(rule.indicatorId) ?? [];
    list.push(rule);
    rulesByIndicator.set(rule.indicatorId, list);
  }
  const ordered = [...observations].sort(
    (a, b) => Date.parse(a.observedAt) - Date.parse(b.observedAt),
  );
  for (const obs of ordered) {
    for (const rule of rulesByIndicator.get(obs.indicatorId) ?? []) {
      const site = context.sites.get(obs.subjectId);
      if (rule.kind === 'area') {
        const areaId = site?.areaId;
        if (!areaId || !matchesReading(rule, obs.value)) continue;
        if (!inRuleScope(rule, obs.subjectId, site)) continue;
        const count = countInWindow(
          context.areaReadings.get(rule.id) ?? [],
          areaId,
          obs.observedAt,
          rule.params.windowSeconds ?? DEFAULT_AREA_WINDOW_SECONDS,
        );
        const previous = out.states.get(stateKey(rule.id, areaId));
        if (previous && Date.parse(obs.observedAt) <= Date.parse(previous.lastAt)) continue;
        step(out, rule, areaId, count, obs.observedAt, count);
        continue;
      }
      if (!inRuleScope(rule, obs.subjectId, site)) continue;
      const key = stateKey(rule.id, obs.subjectId);
      const previous = out.states.get(key);
      if (previous && Date.parse(obs.observedAt) <= Date.parse(previous.lastAt)) continue;
      const input = ruleInput(rule, previous, obs, context);
      if (input === null) {
        // Nothing to compare yet. A rate keeps its first reading as the reference until the
        // window has passed, then measures from it.
        if (rule.kind === 'rate_of_change' && (!previous || previous.lastValue === null)) {
          out.states.set(key, {
            state: previous?.state ?? 'normal',
            since: previous?.since ?? obs.observedAt,
            lastValue: obs.value,
            lastAt: obs.observedAt,
            clearSince: previous?.clearSince ?? null,
          });
          out.changed.add(key);
        }
        continue;
      }
      step(out, rule, obs.subjectId, input, obs.observedAt, obs.value);
    }
  }
  return out;
};

/** What the clock needs to know: when each subject of an indicator last reported. */
export interface TickContext extends RuleContext {
  /** indicator → subject → time of its newest reading. */
  lastSeen: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/**
 * Time passing, at `now`: no-data rules measure each subject's silence, area rules recount
 * their wards' window (a surge ends when its readings age out), and firing rules whose number
 * came back resolve once keep-firing-for has elapsed. Pure.
 */
export const evaluateTick = (
  rules: readonly Rule[],
  states: ReadonlyMap<string, RuleState>,
  now: string,
  context: TickContext,
): Outcome => {
  const out: Outcome = { states: new Map(states), changed: new Set(), decisions: [] };
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const rule of rules) {
    if (rule.kind !== 'no_data') continue;
    for (const [subjectId, last] of context.lastSeen.get(rule.indicatorId) ?? []) {
      if (!inRuleScope(rule, subjectId, context.sites.get(subjectId))) continue;
      const previous = out.states.get(stateKey(rule.id, subjectId));
      if (previous && Date.parse(now) <= Date.parse(previous.lastAt)) continue;
      const age = Math.max(0, (Date.parse(now) - Date.parse(last)) / 1000);
      step(out, rule, subjectId, age, now, age);
    }
  }
  for (const [key, previous] of states) {
    const [ruleId, subjectId] = splitStateKey(key);
    const rule = byId.get(ruleId);
    if (!rule || rule.kind === 'no_data') continue;
    if (rule.kind === 'area' && previous.state !== 'normal') {
      if (Date.parse(now) <= Date.parse(previous.lastAt)) continue;
      const count = countInWindow(
        context.areaReadings.get(rule.id) ?? [],
        subjectId,
        now,
        rule.params.windowSeconds ?? DEFAULT_AREA_WINDOW_SECONDS,
      );
      step(out, rule, subjectId, count, now, count);
      continue;
    }
    const expired = expireKeepFiring(rule.params, previous, now);
    if (expired) {
      out.states.set(key, expired.next);
      out.changed.add(key);
      out.decisions.push({
        rule,
        subjectId,
        transition: 'resolve',
        value: previous.lastValue ?? 0,
        at: now,
      });
    }
  }
  return out;
};

const DAY_MS = 86_400_000;

/**
 * Hour-of-week statistics from readings, as `loadBaselines` computes them in SQL: over the
 * `days` before `before`, leaving out the last day. Pure (the back-test and tests use it).
 */
export const baselinesFromReadings = (
  readings: readonly Pick<Observation, 'indicatorId' | 'subjectId' | 'observedAt' | 'value'>[],
  indicatorId: string,
  before: string,
  days: number,
): Map<string, Map<number, BaselineStats>> => {
  const end = Date.parse(before) - DAY_MS;
  const start = end - days * DAY_MS;
  const sums = new Map<string, Map<number, { n: number; sum: number; sq: number }>>();
  for (const r of readings) {
    const t = Date.parse(r.observedAt);
    if (r.indicatorId !== indicatorId || t < start || t >= end) continue;
    const key = baselineKey(indicatorId, r.subjectId);
    const byHour = sums.get(key) ?? new Map();
    const how = hourOfWeek(r.observedAt);
    const s = byHour.get(how) ?? { n: 0, sum: 0, sq: 0 };
    s.n += 1;
    s.sum += r.value;
    s.sq += r.value * r.value;
    byHour.set(how, s);
    sums.set(key, byHour);
  }
  const out = new Map<string, Map<number, BaselineStats>>();
  for (const [key, byHour] of sums) {
    const stats = new Map<number, BaselineStats>();
    for (const [how, s] of byHour) {
      const mean = s.sum / s.n;
      const variance = s.n > 1 ? Math.max(0, (s.sq - s.n * mean * mean) / (s.n - 1)) : 0;
      stats.set(how, { n: s.n, mean, std: Math.sqrt(variance) });
    }
    out.set(key, stats);
  }
  return out;
};
