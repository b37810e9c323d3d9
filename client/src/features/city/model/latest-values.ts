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
