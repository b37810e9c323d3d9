import type { AlertReadings } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { chartGeometry, miniMapGeometry } from './alert-chart';

const data = (over: Partial<AlertReadings> = {}): AlertReadings => ({
  indicatorId: 'water.level_cm',
  unit: 'cm',
  from: '2026-11-23T00:00:00.000Z',
  to: '2026-11-23T04:00:00.000Z',
  ruleKind: 'threshold',
  threshold: 160,
  clearThreshold: 150,
  series: [
    {
      subjectId: 'site:a',
      name: 'Phú An',
      points: [
        { at: '2026-11-23T00:00:00.000Z', value: 140 },
        { at: '2026-11-23T02:00:00.000Z', value: 170 },
        { at: '2026-11-23T04:00:00.000Z', value: 145 },
      ],
    },
  ],
  ...over,
});
const box = { width: 200, height: 100, pad: 10 };

describe('chartGeometry', () => {
  it('maps time to x and value to y, the threshold inside the range', () => {
    const g = chartGeometry(
      data(),
      { firstAt: '2026-11-23T02:00:00.000Z', resolvedAt: '2026-11-23T03:00:00.000Z' },
      box,
    );
    // 140 is the lowest value (bottom), 170 the highest (top).
    expect(g.paths[0]?.d).toBe('M10,90 L100,10 L190,76.7');
    expect(g.thresholdY).toBe(36.7);
    expect(g.clearY).toBe(63.3);
    expect(g.firing).toEqual({ x1: 100, x2: 145 });
    expect([g.min, g.max, g.count]).toEqual([140, 170, 3]);
  });

  it('widens the range to show a threshold the readings never reached', () => {
    const g = chartGeometry(
      data({ threshold: 200, clearThreshold: null }),
      { firstAt: '2026-11-23T02:00:00.000Z', resolvedAt: null },
      box,
    );
    expect(g.thresholdY).toBe(10);
    // Still active: the firing band reaches the right edge.
    expect(g.firing).toEqual({ x1: 100, x2: 190 });
  });

  it('copes with no readings and a flat series', () => {
    expect(
      chartGeometry(
        data({ series: [], threshold: null, clearThreshold: null }),
        { firstAt: '2026-11-23T02:00:00.000Z', resolvedAt: null },
        box,
      ).count,
    ).toBe(0);
    const flat = chartGeometry(
      data({
        threshold: null,
        clearThreshold: null,
        series: [
          {
            subjectId: 's',
            name: 's',
            points: [
              { at: '2026-11-23T01:00:00.000Z', value: 5 },
              { at: '2026-11-23T03:00:00.000Z', value: 5 },
            ],
          },
        ],
      }),
      { firstAt: '2026-11-23T02:00:00.000Z', resolvedAt: null },
      box,
    );
    expect(flat.paths[0]?.d).toBe('M55,50 L145,50');
  });
});

describe('miniMapGeometry', () => {
  it('fits the ward in the box, centred, with the point inside', () => {
    const g = miniMapGeometry(
      {
        type: 'Polygon',
        coordinates: [
          [
            [106.7, 10.7],
            [106.72, 10.7],
            [106.72, 10.72],
            [106.7, 10.72],
            [106.7, 10.7],
          ],
        ],
      },
      [106.71, 10.71],
      { width: 100, height: 100, pad: 10 },
    );
    expect(g?.point).toEqual({ x: 50, y: 50 });
    expect(g?.rings[0]?.startsWith('M')).toBe(true);
    expect(g?.rings[0]?.endsWith('Z')).toBe(true);
  });

  it('draws a lone point, and nothing without a place', () => {
    expect(
      miniMapGeometry(null, [106.7, 10.7], { width: 100, height: 100, pad: 10 })?.point,
    ).toEqual({ x: 50, y: 50 });
    expect(miniMapGeometry(null, null, { width: 100, height: 100, pad: 10 })).toBeNull();
  });
});
