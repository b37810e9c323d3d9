import { describe, expect, it } from 'vitest';
import { makeSite } from '../../../testing/factories';
import { SITE_KIND_RGBA } from './colors';
import { buildSiteLayerProps, SITE_LAYER_ID, siteRadiusMeters } from './site-layer';

describe('buildSiteLayerProps', () => {
  it('drops sites with invalid coordinates', () => {
    const props = buildSiteLayerProps({
      sites: [
        makeSite({ id: 'ok' }),
        makeSite({ id: 'nan', position: [Number.NaN, 10] }),
        makeSite({ id: 'out', position: [200, 10] }),
      ],
      isVisible: true,
    });
    expect(props.id).toBe(SITE_LAYER_ID);
    expect((props.data as { id: string }[]).map((s) => s.id)).toEqual(['ok']);
  });

  it('colours each site by its kind', () => {
    const props = buildSiteLayerProps({ sites: [], isVisible: true });
    const getFill = props.getFillColor as unknown as (
      site: ReturnType<typeof makeSite>,
    ) => number[];
    expect(getFill(makeSite({ kind: 'training_centre' }))).toEqual(SITE_KIND_RGBA.training_centre);
    expect(getFill(makeSite({ kind: 'water_sensor' }))).toEqual(SITE_KIND_RGBA.water_sensor);
  });
});

describe('siteRadiusMeters', () => {
  it.each([
    [{ kind: 'training_centre', capacity: 0 }, 120],
    [{ kind: 'training_centre', capacity: 400 }, 360],
    [{ kind: 'training_centre', capacity: 1_000_000 }, 900],
    [{ kind: 'air_sensor', capacity: 400 }, 120],
    [{ kind: 'training_centre', capacity: null }, 120],
  ] as const)('gives %o a radius of %d m', (site, expected) => {
    expect(siteRadiusMeters(site)).toBe(expected);
  });

  it('grows with capacity for training centres', () => {
    expect(siteRadiusMeters({ kind: 'training_centre', capacity: 900 })).toBeGreaterThan(
      siteRadiusMeters({ kind: 'training_centre', capacity: 100 }),
    );
  });
});
