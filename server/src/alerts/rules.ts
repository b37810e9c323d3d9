import type { ThresholdParams } from '@city-ioc/shared';

export type RuleStateName = 'normal' | 'pending' | 'firing';

/** Where one rule stands for one subject. Times are ISO-8601 UTC strings. */
export interface RuleState {
  state: RuleStateName;
  /** When the current state began (for pending: when the breach began). */
  since: string;
  lastValue: number | null;
  /** Time of the newest observation evaluated; older ones are ignored. */
  lastAt: string;
}

/**
 * What an evaluation decided:
 * - `pending`: a breach began, not yet long enough to fire;
 * - `fire`: the breach lasted the pending period (or there is none): raise the alert;
 * - `cancel`: the breach ended before firing: nothing to tell anyone;
 * - `resolve`: a firing rule's value came back past the clear level;
 * - `none`: nothing changed that anyone needs to hear about.
 */
export type RuleTransition = 'none' | 'pending' | 'fire' | 'cancel' | 'resolve';

export interface Evaluation {
  next: RuleState;
  transition: RuleTransition;
}

const isBreach = (p: ThresholdParams, value: number) =>
  p.operator === 'above' ? value > p.threshold : value < p.threshold;

/** Hysteresis: a firing rule clears only once the value is back past `clearThreshold`. */
const isCleared = (p: ThresholdParams, value: number) =>
  p.operator === 'above' ? value < p.clearThreshold : value > p.clearThreshold;

/**
 * Threshold rule with a pending period and a clear level. Pure: the same inputs give the
 * same result. Observations older than the last one evaluated change nothing, so replaying
 * or reordering a batch cannot raise an alert twice.
 */
export const evaluateThreshold = (
  params: ThresholdParams,
  previous: RuleState | undefined,
  observation: { value: number; observedAt: string },
): Evaluation => {
  const at = observation.observedAt;
  const t = Date.parse(at);
  if (previous && t <= Date.parse(previous.lastAt)) {
    return { next: previous, transition: 'none' };
  }
  const value = observation.value;
  const breach = isBreach(params, value);
  const state = previous?.state ?? 'normal';
  const keep = (s: RuleStateName, since: string, transition: RuleTransition): Evaluation => ({
    next: { state: s, since, lastValue: value, lastAt: at },
    transition,
  });

  switch (state) {
    case 'normal': {
      if (!breach) return keep('normal', previous?.since ?? at, 'none');
      return params.pendingSeconds === 0
        ? keep('firing', at, 'fire')
        : keep('pending', at, 'pending');
    }
    case 'pending': {
      const since = previous?.since ?? at;
      if (!breach) return keep('normal', at, 'cancel');
      return t - Date.parse(since) >= params.pendingSeconds * 1000
        ? keep('firing', at, 'fire')
        : keep('pending', since, 'none');
    }
    case 'firing': {
      if (isCleared(params, value)) return keep('normal', at, 'resolve');
      return keep('firing', previous?.since ?? at, 'none');
    }
  }
};

/** Key of one rule's state for one subject. */
export const stateKey = (ruleId: string, subjectId: string) => `${ruleId}\u0000${subjectId}`;
