import type { Observation, Rule } from '@city-ioc/shared';
import { evaluateThreshold, type RuleState, type RuleTransition, stateKey } from './rules';

export interface RuleDecision {
  rule: Rule;
  subjectId: string;
  transition: Exclude<RuleTransition, 'none' | 'pending' | 'cancel'>;
  value: number;
  at: string;
}

const HOUR_MS = 3_600_000;
const DEFAULT_RATE_WINDOW_SECONDS = 900;

/**
 * The number a rule compares with its thresholds, or null when it cannot tell yet: a rate
 * needs an earlier reading of the subject, a utilisation the site's capacity. Pure.
 */
export const ruleInput = (
  rule: Pick<Rule, 'kind' | 'params'>,
  previous: RuleState | undefined,
  observation: Pick<Observation, 'value' | 'observedAt' | 'subjectId'>,
  capacities: ReadonlyMap<string, number>,
): number | null => {
  switch (rule.kind) {
    case 'threshold':
      return observation.value;
    case 'utilisation': {
      const capacity = capacities.get(observation.subjectId);
      return capacity !== undefined && capacity > 0 ? (observation.value / capacity) * 100 : null;
    }
    case 'rate_of_change': {
      if (!previous || previous.lastValue === null) return null;
      const hours = (Date.parse(observation.observedAt) - Date.parse(previous.lastAt)) / HOUR_MS;
      const window = (rule.params.windowSeconds ?? DEFAULT_RATE_WINDOW_SECONDS) / 3_600;
      return hours >= window ? (observation.value - previous.lastValue) / hours : null;
    }
  }
};

/**
 * Runs every rule over a batch of new observations, oldest first. Pure: takes the states
 * before the batch (and the sites' capacities, for utilisation rules) and returns the states
 * after it plus the decisions that change alerts. A state's `lastValue` is the last reading
 * itself, so a rate of change is measured between readings.
 */
export const evaluateBatch = (
  rules: readonly Rule[],
  states: ReadonlyMap<string, RuleState>,
  observations: readonly Observation[],
  capacities: ReadonlyMap<string, number> = new Map(),
): { states: Map<string, RuleState>; changed: Set<string>; decisions: RuleDecision[] } => {
  const next = new Map(states);
  const changed = new Set<string>();
  const decisions: RuleDecision[] = [];
  const rulesByIndicator = new Map<string, Rule[]>();
  for (const rule of rules) {
    const list = rulesByIndicator.get(rule.indicatorId) ?? [];
    list.push(rule);
    rulesByIndicator.set(rule.indicatorId, list);
  }
  const ordered = [...observations].sort(
    (a, b) => Date.parse(a.observedAt) - Date.parse(b.observedAt),
  );
  for (const obs of ordered) {
    for (const rule of rulesByIndicator.get(obs.indicatorId) ?? []) {
      const key = stateKey(rule.id, obs.subjectId);
      const previous = next.get(key);
      if (previous && Date.parse(obs.observedAt) <= Date.parse(previous.lastAt)) continue;
      const input = ruleInput(rule, previous, obs, capacities);
      if (input === null) {
        // Nothing to compare yet. A rate keeps its first reading as the reference until the
        // window has passed, then measures from it.
        if (rule.kind === 'rate_of_change' && (!previous || previous.lastValue === null)) {
          next.set(key, {
            state: previous?.state ?? 'normal',
            since: previous?.since ?? obs.observedAt,
            lastValue: obs.value,
            lastAt: obs.observedAt,
          });
          changed.add(key);
        }
        continue;
      }
      const evaluated = evaluateThreshold(rule.params, previous, {
        value: input,
        observedAt: obs.observedAt,
      });
      const state =
        evaluated.next === previous ? previous : { ...evaluated.next, lastValue: obs.value };
      if (state !== previous) {
        next.set(key, state);
        changed.add(key);
      }
      const { transition } = evaluated;
      if (transition === 'fire' || transition === 'resolve') {
        decisions.push({
          rule,
          subjectId: obs.subjectId,
          transition,
          value: Math.round(input * 100) / 100,
          at: obs.observedAt,
        });
      }
    }
  }
  return { states: next, changed, decisions };
};
