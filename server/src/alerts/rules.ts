import type { RuleParams } from '@city-ioc/shared';

export type RuleStateName = 'normal' | 'pending' | 'firing';

/** Where one rule stands for one subject. Times are ISO-8601 UTC strings. */
export interface RuleState {
  state: RuleStateName;
  /** When the current state began (for pending: when the breach began). */
  since: string;
  lastValue: number | null;
  /** Time of the newest observation (or tick) evaluated; older ones are ignored. */
  lastAt: string;
  /** Firing with keep-firing-for: when the number came back to normal; null otherwise. */
  clearSince?: string | null;
}

/**
 * What an evaluation decided:
 * - `pending`: a breach began, not yet long enough to fire;
 * - `fire`: the breach lasted the pending period (or there is none): raise the alert;
 * - `cancel`: the breach ended before firing: nothing to tell anyone;
 * - `resolve`: a firing rule's value came back past the clear level (and stayed there for
 *   keep-firing-for);
 * - `none`: nothing changed that anyone needs to hear about.
 */
export type RuleTransition = 'none' | 'pending' | 'fire' | 'cancel' | 'resolve';

export interface Evaluation {
  next: RuleState;
  transition: RuleTransition;
}

const isBreach = (p: RuleParams, value: number) =>
  p.operator === 'above' ? value > p.threshold : value < p.threshold;

/** Hysteresis: a firing rule clears only once the value is back past `clearThreshold`. */
const isCleared = (p: RuleParams, value: number) =>
  p.operator === 'above' ? value < p.clearThreshold : value > p.clearThreshold;

const keepFiringMs = (p: RuleParams) => (p.keepFiringSeconds ?? 0) * 1000;

/**
 * The rule machine over one number: normal → pending → firing → (resolve) normal, with a
 * pending period, a clear level and keep-firing-for. Pure: the same inputs give the same result.
 * Observations not newer than the last one evaluated change nothing, so replaying or
 * reordering a batch cannot raise an alert twice.
 */
export const evaluateThreshold = (
  params: RuleParams,
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
  const keep = (
    s: RuleStateName,
    since: string,
    transition: RuleTransition,
    clearSince: string | null = null,
  ): Evaluation => ({
    next: { state: s, since, lastValue: value, lastAt: at, clearSince },
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
      const since = previous?.since ?? at;
      if (!isCleared(params, value)) return keep('firing', since, 'none');
      const clearSince = previous?.clearSince ?? at;
      return t - Date.parse(clearSince) >= keepFiringMs(params)
        ? keep('normal', at, 'resolve')
        : keep('firing', since, 'none', clearSince);
    }
  }
};

/**
 * Time passing without a new reading: a firing rule that came back to normal resolves once
 * keep-firing-for has elapsed. Returns null when nothing changes. Pure.
 */
export const expireKeepFiring = (
  params: RuleParams,
  previous: RuleState,
  now: string,
): Evaluation | null => {
  if (previous.state !== 'firing' || !previous.clearSince) return null;
  if (Date.parse(now) <= Date.parse(previous.lastAt)) return null;
  if (Date.parse(now) - Date.parse(previous.clearSince) < keepFiringMs(params)) return null;
  return {
    next: { ...previous, state: 'normal', since: now, lastAt: now, clearSince: null },
    transition: 'resolve',
  };
};

/** Key of one rule's state for one subject. */
export const stateKey = (ruleId: string, subjectId: string) => `${ruleId}\u0000${subjectId}`;

export const splitStateKey = (key: string): [string, string] => {
  const i = key.indexOf('\u0000');
  return [key.slice(0, i), key.slice(i + 1)];
};
