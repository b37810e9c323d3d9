import type { AreaGeometry } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { SEVERITY_RGB } from '../../../lib/severity-palette';
import { makeAlert } from '../../../testing/factories';
import {
  ALERT_AREA_LAYER_ID,
  type AlertAreaFeature,
  buildAlertAreaFeatures,
  buildAlertAreaLayerProps,
} from './alert-area-layer';
import { SELECTED_OUTLINE_RGBA } from './colors';

const square = (lng: number, lat: number): number[][] => [
  [lng, lat],
  [lng + 0.01, lat],
  [lng + 0.01, lat + 0.01],
  [lng, lat + 0.01],
  [lng, lat],
];

const polygon: AreaGeometry = { type: 'Polygon', coordinates: [square(106.7, 10.77)] };
const multiPolygon: AreaGeometry = {
  type: 'MultiPolygon',
  coordinates: [[square(106.6, 10.7)], [square(106.8, 10.8)]],
};

describe('buildAlertAreaFeatures', () => {
  it('keeps active alerts with a valid area, most severe drawn last', () => {
    const features = buildAlertAreaFeatures([
      makeAlert({ id: 'extreme', severity: 'Extreme', geometry: polygon, source: 'cap' }),
      makeAlert({ id: 'minor', severity: 'Minor', geometry: multiPolygon, source: 'cap' }),
      makeAlert({ id: 'point', geometry: null }),
      makeAlert({ id: 'done', status: 'resolved', geometry: polygon }),
      makeAlert({
        id: 'broken',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [106.7, 10.7],
              [400, 10.7],
              [106.7, 10.8],
              [106.7, 10.7],
            ],
          ],
        },
      }),
    ]);
    expect(features.map((feature) => feature.properties.alertId)).toEqual(['minor', 'extreme']);
    expect(features[0]?.geometry).toEqual(multiPolygon);
  });

  it('marks the areas nobody has acknowledged yet', () => {
    const [open, seen] = buildAlertAreaFeatures([
      makeAlert({ id: 'open', geometry: polygon }),
      makeAlert({ id: 'seen', status: 'acknowledged', geometry: polygon }),
    ]);
    expect([open?.properties.isUnacknowledged, seen?.properties.isUnacknowledged]).toEqual([
      true,
      false,
    ]);
  });
});

describe('buildAlertAreaLayerProps', () => {
  const areas = buildAlertAreaFeatures([
    makeAlert({ id: 'a', severity: 'Severe', geometry: polygon }),
    makeAlert({ id: 'b', severity: 'Minor', geometry: multiPolygon }),
  ]);
  const featureOf = (id: string) =>
    areas.find((feature) => feature.properties.alertId === id) as AlertAreaFeature;

  it('uses a stable id and follows the alerts toggle', () => {
    const props = buildAlertAreaLayerProps({ areas, selectedAlertId: null, isVisible: false });
    expect(props.id).toBe(ALERT_AREA_LAYER_ID);
    expect(props.visible).toBe(false);
    expect(props.data).toHaveLength(2);
  });

  it('fills by severity colour at low opacity, with an outline of the same colour', () => {
    const props = buildAlertAreaLayerProps({ areas, selectedAlertId: null, isVisible: true });
    const fill = (props.getFillColor as unknown as (f: AlertAreaFeature) => number[])(
      featureOf('a'),
    );
    const line = (props.getLineColor as unknown as (f: AlertAreaFeature) => number[])(
      featureOf('a'),
    );
    expect(fill.slice(0, 3)).toEqual([...SEVERITY_RGB.Severe]);
    expect(fill[3]).toBeLessThan(80);
    expect(line.slice(0, 3)).toEqual([...SEVERITY_RGB.Severe]);
    expect(line[3]).toBeGreaterThan(fill[3] as number);
    expect(props.stroked).toBe(true);
  });

  it('outlines the selected alert in white and lists the selection in the update triggers', () => {
    const props = buildAlertAreaLayerProps({ areas, selectedAlertId: 'b', isVisible: true });
    const line = props.getLineColor as unknown as (f: AlertAreaFeature) => number[];
    const width = props.getLineWidth as (f: AlertAreaFeature) => number;
    expect(line(featureOf('b'))).toEqual(SELECTED_OUTLINE_RGBA);
    expect(width(featureOf('b'))).toBeGreaterThan(width(featureOf('a')));
    expect(props.updateTriggers).toMatchObject({ getLineColor: 'b', getLineWidth: 'b' });
  });
});
