import { describe, expect, it } from 'vitest';
import { chartBars } from './backtest-chart';

describe('chartBars', () => {
  it('scales bars to the busiest hour within the box', () => {
    const bars = chartBars(
      [
        { hour: '2026-11-23T00:00:00.000Z', fires: 0 },
        { hour: '2026-11-23T01:00:00.000Z', fires: 4 },
        { hour: '2026-11-23T02:00:00.000Z', fires: 2 },
        { hour: '2026-11-23T03:00:00.000Z', fires: 1 },
      ],
      240,
      100,
    );
    expect(bars.map((b) => b.height)).toEqual([0, 100, 50, 25]);
    expect(bars.map((b) => b.y)).toEqual([100, 0, 50, 75]);
    expect(bars[1]?.x).toBe(61);
    expect(bars[1]?.width).toBe(58);
  });

  it('draws nothing tall on a quiet day, and nothing without hours', () => {
    expect(chartBars([{ hour: 'h', fires: 0 }], 10, 10)[0]?.height).toBe(0);
    expect(chartBars([], 10, 10)).toEqual([]);
  });
});
