import { describe, expect, it } from 'vitest';
import { makeArea } from '../../../testing/factories';
import { buildOfflineStyle, WARD_SOURCE_ID, wardsToFeatureCollection } from './offline-style';

describe('buildOfflineStyle', () => {
  const style = buildOfflineStyle();

  it('fetches nothing: no glyphs, sprite, or remote sources', () => {
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    expect(JSON.stringify(style)).not.toMatch(/https?:/);
  });

  it('has no symbol layers (they would need a glyph server)', () => {
    expect(style.layers.map((layer) => layer.type)).not.toContain('symbol');
  });

  it('draws the wards from a geojson source', () => {
    expect(style.sources[WARD_SOURCE_ID]).toMatchObject({ type: 'geojson' });
    expect(style.layers.some((l) => 'source' in l && l.source === WARD_SOURCE_ID)).toBe(true);
  });
});

describe('wardsToFeatureCollection', () => {
  it('keeps valid wards with their names and drops broken geometry', () => {
    const broken = makeArea({
      id: 'broken',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [1, 2],
            [3, 4],
            [5, 6],
            [200, 6],
          ],
        ],
      },
    });
    const collection = wardsToFeatureCollection([makeArea(), broken]);
    expect(collection.features.map((f) => f.properties.areaId)).toEqual(['ward-ben-thanh']);
    expect(collection.features[0]?.properties.name).toBe('Phường Bến Thành');
  });
});
