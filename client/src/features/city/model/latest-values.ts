import type { LatestValue } from '@city-ioc/shared';

const keyOf = (value: LatestValue) => `${value.indicatorId}\u0000${value.subjectId}`;

/**
 * Merges freshly recorded values into the latest-value list. A value replaces the one for the
 * same indicator and subject only if it was observed later, so replays and reordering are
 * harmless (idempotent and order-independent).
 */
export const mergeLatestValues = (
  current: LatestValue[],
  incoming: readonly LatestValue[],
): LatestValue[] => {
  const byKey = new Map(current.map((value) => [keyOf(value), value]));
  let hasChanged = false;
  for (const value of incoming) {
    const existing = byKey.get(keyOf(value));
    if (existing && Date.parse(existing.observedAt) >= Date.parse(value.observedAt)) continue;
    byKey.set(keyOf(value), value);
    hasChanged = true;
  }
  return hasChanged ? [...byKey.values()] : current;
};

/** Latest values grouped by subject (site or area id). */
export const groupBySubject = (values: readonly LatestValue[]): Map<string, LatestValue[]> => {
  const groups = new Map<string, LatestValue[]>();
  for (const value of values) {
    const group = groups.get(value.subjectId);
    if (group) group.push(value);
    else groups.set(value.subjectId, [value]);
  }
  return groups;
};
