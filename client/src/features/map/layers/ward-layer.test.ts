import { describe, expect, it } from 'vitest';
import { makeArea } from '../../../testing/factories';
import { wardsToFeatureCollection } from '../model/offline-style';
import {
  buildWardLayerProps,
  maxSeverityByArea,
  severityByAreaKey,
  WARD_LAYER_ID,
  wardFillColor,
} from './ward-layer';

const wards = wardsToFeatureCollection([makeArea({ id: 'w1' }), makeArea({ id: 'w2' })]).features;

describe('buildWardLayerProps', () => {
  it('keeps a stable id and is pickable with a hover highlight', () => {
    const props = buildWardLayerProps({ wards, severityByArea: new Map(), isVisible: true });
    expect(props.id).toBe(WARD_LAYER_ID);
    expect(props.pickable).toBe(true);
    expect(props.autoHighlight).toBe(true);
    expect(props.data).toHaveLength(2);
  });

  it('tints a ward by its most severe alert and recomputes the fill only when that changes', () => {
    const severities = new Map([['w1', 'Extreme' as const]]);
    const props = buildWardLayerProps({ wards, severityByArea: severities, isVisible: true });
    const getFill = props.getFillColor as unknown as (f: (typeof wards)[number]) => number[];
    expect(getFill(wards[0] as (typeof wards)[number])).toEqual(wardFillColor('Extreme'));
    expect(getFill(wards[1] as (typeof wards)[number])).toEqual(wardFillColor(undefined));

    const same = buildWardLayerProps({
      wards,
      severityByArea: new Map(severities),
      isVisible: true,
    });
    expect(same.updateTriggers).toEqual(props.updateTriggers);
    const changed = buildWardLayerProps({
      wards,
      severityByArea: new Map([['w1', 'Minor' as const]]),
      isVisible: true,
    });
    expect(changed.updateTriggers).not.toEqual(props.updateTriggers);
  });

  it('hides the layer when toggled off, without dropping its data', () => {
    const props = buildWardLayerProps({ wards, severityByArea: new Map(), isVisible: false });
    expect(props.visible).toBe(false);
    expect(props.data).toHaveLength(2);
  });
});

describe('maxSeverityByArea', () => {
  it('keeps the most severe alert per ward and ignores alerts without a ward', () => {
    const result = maxSeverityByArea([
      { areaId: 'w1', severity: 'Minor' },
      { areaId: 'w1', severity: 'Severe' },
      { areaId: 'w1', severity: 'Moderate' },
      { areaId: null, severity: 'Extreme' },
    ]);
    expect([...result]).toEqual([['w1', 'Severe']]);
  });
});

describe('severityByAreaKey', () => {
  it('does not depend on insertion order', () => {
    const a = new Map([
      ['x', 'Minor' as const],
      ['y', 'Severe' as const],
    ]);
    const b = new Map([
      ['y', 'Severe' as const],
      ['x', 'Minor' as const],
    ]);
    expect(severityByAreaKey(a)).toBe(severityByAreaKey(b));
  });
});
