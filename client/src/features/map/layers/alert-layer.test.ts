import type { LngLat } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { SEVERITY_RGB } from '../../../lib/severity-palette';
import { makeAlert } from '../../../testing/factories';
import {
  ALERT_LAYER_ID,
  ALERT_RING_LAYER_ID,
  type AlertPoint,
  alertPosition,
  buildAlertLayerProps,
  buildAlertPoints,
} from './alert-layer';

const lookup = {
  areaCentroid: (id: string): LngLat | undefined => (id === 'ward-1' ? [106.6, 10.8] : undefined),
  sitePosition: (id: string): LngLat | undefined => (id === 'site:1' ? [106.65, 10.75] : undefined),
};

describe('alertPosition', () => {
  it.each([
    [
      'its own position',
      { position: [106.7, 10.7] as LngLat, subjectId: 'site:1', areaId: 'ward-1' },
      [106.7, 10.7],
    ],
    ['its site', { position: null, subjectId: 'site:1', areaId: 'ward-1' }, [106.65, 10.75]],
    ['its ward centroid', { position: null, subjectId: '', areaId: 'ward-1' }, [106.6, 10.8]],
    [
      'the site when its own position is invalid',
      { position: [Number.NaN, 1] as LngLat, subjectId: 'site:1', areaId: null },
      [106.65, 10.75],
    ],
    ['nothing', { position: null, subjectId: 'unknown', areaId: null }, undefined],
  ])('places an alert at %s', (_, alert, expected) => {
    expect(alertPosition(alert, lookup)).toEqual(expected);
  });
});

describe('buildAlertPoints', () => {
  it('drops alerts with no valid position and resolved ones, most severe drawn last', () => {
    const points = buildAlertPoints(
      [
        makeAlert({ id: 'extreme', severity: 'Extreme' }),
        makeAlert({ id: 'minor', severity: 'Minor' }),
        makeAlert({ id: 'nowhere', position: null, subjectId: '', areaId: null }),
        makeAlert({ id: 'done', status: 'resolved' }),
      ],
      lookup,
    );
    expect(points.map((p) => p.alertId)).toEqual(['minor', 'extreme']);
  });
});

describe('buildAlertLayerProps', () => {
  const points: AlertPoint[] = [
    { alertId: 'new', position: [106.7, 10.7], severity: 'Severe', isUnacknowledged: true },
    { alertId: 'seen', position: [106.8, 10.8], severity: 'Minor', isUnacknowledged: false },
  ];

  it('rings only the unacknowledged alerts, under stable ids', () => {
    const [ring, dots] = buildAlertLayerProps({ points, selectedAlertId: null, isVisible: true });
    expect(ring.id).toBe(ALERT_RING_LAYER_ID);
    expect(dots.id).toBe(ALERT_LAYER_ID);
    expect((ring.data as AlertPoint[]).map((p) => p.alertId)).toEqual(['new']);
    expect(dots.data).toHaveLength(2);
  });

  it('colours dots by CAP severity', () => {
    const [, dots] = buildAlertLayerProps({ points, selectedAlertId: null, isVisible: true });
    const getFill = dots.getFillColor as unknown as (p: AlertPoint) => number[];
    expect(getFill(points[0] as AlertPoint).slice(0, 3)).toEqual([...SEVERITY_RGB.Severe]);
    expect(getFill(points[1] as AlertPoint).slice(0, 3)).toEqual([...SEVERITY_RGB.Minor]);
  });

  it('enlarges the selected alert and lists the selection in the update triggers', () => {
    const [, dots] = buildAlertLayerProps({ points, selectedAlertId: 'seen', isVisible: true });
    const getRadius = dots.getRadius as (p: AlertPoint) => number;
    expect(getRadius(points[1] as AlertPoint)).toBeGreaterThan(
      (
        buildAlertLayerProps({ points, selectedAlertId: null, isVisible: true })[1].getRadius as (
          p: AlertPoint,
        ) => number
      )(points[1] as AlertPoint),
    );
    expect(dots.updateTriggers).toMatchObject({ getRadius: 'seen', getLineColor: 'seen' });
  });
});
