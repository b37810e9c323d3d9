import { describe, expect, it } from 'vitest';
import { makeFeedStatus } from '../../../testing/factories';
import { sortFeedsForDisplay, summarizeFeedHealth, upsertFeedStatus } from './feed-health';

describe('summarizeFeedHealth', () => {
  it('counts OK feeds out of the enabled ones and finds the freshest success', () => {
    expect(
      summarizeFeedHealth([
        makeFeedStatus({ feedId: 'a', state: 'OK', lastSuccessAt: '2025-11-23T05:00:00Z' }),
        makeFeedStatus({ feedId: 'b', state: 'Error', lastSuccessAt: '2025-11-23T05:02:00Z' }),
        makeFeedStatus({ feedId: 'c', state: 'Disabled', lastSuccessAt: '2025-11-23T06:00:00Z' }),
        makeFeedStatus({ feedId: 'd', state: 'Pending', lastSuccessAt: null }),
      ]),
    ).toEqual({ ok: 1, total: 3, lastSuccessAt: '2025-11-23T05:02:00Z', worstState: 'Error' });
  });

  it('is empty for no feeds', () => {
    expect(summarizeFeedHealth([])).toEqual({
      ok: 0,
      total: 0,
      lastSuccessAt: null,
      worstState: null,
    });
  });
});

describe('upsertFeedStatus', () => {
  it('replaces the status of a known feed and adds a new one', () => {
    const list = [makeFeedStatus({ feedId: 'a' }), makeFeedStatus({ feedId: 'b' })];
    const replaced = upsertFeedStatus(list, makeFeedStatus({ feedId: 'a', state: 'Error' }));
    expect(replaced.map((f) => [f.feedId, f.state])).toEqual([
      ['a', 'Error'],
      ['b', 'OK'],
    ]);
    expect(upsertFeedStatus(list, makeFeedStatus({ feedId: 'c' }))).toHaveLength(3);
  });
});

describe('sortFeedsForDisplay', () => {
  it('shows failing feeds first', () => {
    const sorted = sortFeedsForDisplay([
      makeFeedStatus({ feedId: 'ok', name: 'A', state: 'OK' }),
      makeFeedStatus({ feedId: 'err', name: 'B', state: 'Error' }),
    ]);
    expect(sorted.map((f) => f.feedId)).toEqual(['err', 'ok']);
  });
});
