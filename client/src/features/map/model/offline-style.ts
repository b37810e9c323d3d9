import type { Area } from '@city-ioc/shared';
import type { StyleSpecification } from 'maplibre-gl';
import { isValidAreaGeometry } from './geo';

export const WARD_SOURCE_ID = 'ioc-wards';
export const WARD_OUTLINE_LAYER_ID = 'ioc-ward-outline';
export const BACKGROUND_COLOR = '#0a1220';

/** Ward polygons as GeoJSON for MapLibre (outline) and deck.gl (fill, picking). */
export interface WardProperties {
  areaId: string;
  name: string;
  nameEn: string | null;
  kind: Area['kind'];
  isApproximate: boolean;
}

export type WardFeature = GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon, WardProperties>;

/** The valid wards as a FeatureCollection; wards with a broken geometry are left out. */
export const wardsToFeatureCollection = (
  areas: readonly Area[],
): GeoJSON.FeatureCollection<GeoJSON.Polygon | GeoJSON.MultiPolygon, WardProperties> => ({
  type: 'FeatureCollection',
  features: areas
    .filter((area) => isValidAreaGeometry(area.geometry))
    .map(
      (area): WardFeature => ({
        type: 'Feature',
        id: area.id,
        geometry: area.geometry as GeoJSON.Polygon | GeoJSON.MultiPolygon,
        properties: {
          areaId: area.id,
          name: area.name,
          nameEn: area.nameEn ?? null,
          kind: area.kind,
          isApproximate: area.isApproximate,
        },
      }),
    ),
});

/** The thin ward outline drawn by MapLibre itself (its GeoJSON source runs in the worker). */
export const WARD_OUTLINE_LAYER = {
  id: WARD_OUTLINE_LAYER_ID,
  type: 'line',
  source: WARD_SOURCE_ID,
  paint: {
    'line-color': '#4a6fa5',
    'line-opacity': 0.75,
    'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.4, 14, 1.2],
  },
} as const satisfies StyleSpecification['layers'][number];

/**
 * The built-in dark style. It works offline: no tiles, glyphs or sprites are fetched, so it
 * has no symbol layers (labels are drawn by the app as text instead).
 */
export const buildOfflineStyle = (): StyleSpecification => ({
  version: 8,
  name: 'City IOC dark (offline)',
  sources: {
    [WARD_SOURCE_ID]: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
  },
  layers: [
    { id: 'ioc-background', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } },
    WARD_OUTLINE_LAYER,
  ],
});
