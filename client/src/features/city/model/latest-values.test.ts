import type { LatestValue } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { mergeLatestValues } from './latest-values';

const value = (overrides: Partial<LatestValue> = {}): LatestValue => ({
  indicatorId: 'aqi',
  subjectId: 'site:1',
  observedAt: '2025-11-23T05:00:00Z',
  value: 50,
  receivedAt: '2025-11-23T05:00:01Z',
  feedId: 'feed-1',
  ...overrides,
});

describe('mergeLatestValues', () => {
  it('replaces a value with a later observation of the same indicator and subject', () => {
    const merged = mergeLatestValues(
      [value()],
      [value({ observedAt: '2025-11-23T05:01:00Z', value: 60 })],
    );
    expect(merged).toEqual([value({ observedAt: '2025-11-23T05:01:00Z', value: 60 })]);
  });

  it('keeps the newer value when an older one arrives late', () => {
    const newer = value({ observedAt: '2025-11-23T05:01:00Z', value: 60 });
    expect(mergeLatestValues([newer], [value()])).toEqual([newer]);
  });

  it('gives the same result in any order and when applied twice', () => {
    const a = value({ subjectId: 'site:1' });
    const b = value({ subjectId: 'site:2', value: 70 });
    const c = value({ subjectId: 'site:1', observedAt: '2025-11-23T05:02:00Z', value: 80 });
    const sort = (values: LatestValue[]) =>
      [...values].sort((x, y) => x.subjectId.localeCompare(y.subjectId));
    const forward = mergeLatestValues([], [a, b, c]);
    const backward = mergeLatestValues([], [c, b, a]);
    expect(sort(forward)).toEqual(sort(backward));
    expect(sort(mergeLatestValues(forward, [a, b, c]))).toEqual(sort(forward));
  });
});
