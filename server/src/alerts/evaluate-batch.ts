import type { Observation, Rule } from '@city-ioc/shared';
import { evaluateThreshold, type RuleState, type RuleTransition, stateKey } from './rules';

export interface RuleDecision {
  rule: Rule;
  subjectId: string;
  transition: Exclude<RuleTransition, 'none' | 'pending' | 'cancel'>;
  value: number;
  at: string;
}

/**
 * Runs every rule over a batch of new observations, oldest first. Pure: takes the states
 * before the batch and returns the states after it plus the decisions that change alerts.
 */
export const evaluateBatch = (
  rules: readonly Rule[],
  states: ReadonlyMap<string, RuleState>,
  observations: readonly Observation[],
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
      const { next: state, transition } = evaluateThreshold(rule.params, next.get(key), obs);
      if (state !== next.get(key)) {
        next.set(key, state);
        changed.add(key);
      }
      if (transition === 'fire' || transition === 'resolve') {
        decisions.push({
          rule,
          subjectId: obs.subjectId,
          transition,
          value: obs.value,
          at: obs.observedAt,
        });
      }
    }
  }
  return { states: next, changed, decisions };
};
