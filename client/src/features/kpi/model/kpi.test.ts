import type { Indicator, LatestValue } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { freshnessOf, kpiCards, sparklinePath } from './kpi';

const NOW = Date.parse('2026-11-23T05:00:00.000Z');
const indicator = (o: Partial<Indicator>): Indicator => ({
  id: 'dx.digital_economy_grdp_pct',
  departmentId: 'dept:TTTT',
  name: { vi: 'Tỷ trọng kinh tế số' },
  unit: '%',
  target: 40,
  targetDirection: 'higher_is_better',
  cadenceSeconds: 86_400,
  ...o,
});
const value = (o: Partial<LatestValue>): LatestValue => ({
  indicatorId: 'dx.digital_economy_grdp_pct',
  subjectId: '',
  observedAt: '2026-11-22T17:00:00.000Z',
  value: 27.3,
  receivedAt: '2026-11-22T17:00:05.000Z',
  feedId: 'feed:sim-programme',
  ...o,
});

describe('freshnessOf', () => {
  it.each([
    [null, 'none'],
    ['2026-11-23T04:59:00.000Z', 'fresh'],
    ['2026-11-23T04:58:00.000Z', 'late'],
    ['2026-11-23T04:56:00.000Z', 'stale'],
  ] as const)('%s', (at, expected) => {
    expect(freshnessOf(at, 60, NOW)).toBe(expected);
  });
});

describe('kpiCards', () => {
  it('gives value, progress toward the target, status and freshness, in the order asked', () => {
    const cards = kpiCards(
      [
        { indicatorId: 'dx.budget_share_pct' },
        { indicatorId: 'dx.digital_economy_grdp_pct' },
        { indicatorId: 'unknown' },
      ],
      [indicator({}), indicator({ id: 'dx.budget_share_pct', target: 1 })],
      [value({}), value({ indicatorId: 'dx.budget_share_pct', value: 1.22 })],
      NOW,
    );
    expect(cards.map((c) => [c.indicatorId, c.status, c.progress, c.freshness])).toEqual([
      ['dx.budget_share_pct', 'met', 1, 'fresh'],
      ['dx.digital_economy_grdp_pct', 'behind', 27.3 / 40, 'fresh'],
    ]);
  });

  it('handles a "lower is better" target of zero and a missing value', () => {
    const tasks = indicator({
      id: 'dx.tasks_not_updated',
      target: 0,
      targetDirection: 'lower_is_better',
    });
    const [one] = kpiCards(
      [{ indicatorId: tasks.id }],
      [tasks],
      [value({ indicatorId: tasks.id, value: 1 })],
      NOW,
    );
    expect([one?.status, one?.progress]).toEqual(['behind', 0]);
    const [none] = kpiCards([{ indicatorId: tasks.id }], [tasks], [], NOW);
    expect([none?.value, none?.status, none?.freshness]).toEqual([null, 'none', 'none']);
  });
});

describe('sparklinePath', () => {
  it('scales points into the box', () => {
    expect(
      sparklinePath(
        [
          { at: '2026-11-01T00:00:00.000Z', value: 10 },
          { at: '2026-11-02T00:00:00.000Z', value: 20 },
        ],
        100,
        20,
      ),
    ).toBe('M0.0,20.0 L100.0,0.0');
    expect(sparklinePath([], 100, 20)).toBe('');
  });
});
