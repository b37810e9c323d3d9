import type { Site } from '@city-ioc/shared';
import type { ScatterplotLayerProps } from '@deck.gl/layers';
import { isValidLngLat } from '../model/geo';
import { SITE_KIND_RGBA } from './colors';

export const SITE_LAYER_ID = 'sites';

const BASE_RADIUS_M = 120;

/**
 * Radius in metres: training centres grow with their seats (area ∝ capacity, so radius ∝ √);
 * every other site has the same size.
 */
export const siteRadiusMeters = (site: Pick<Site, 'kind' | 'capacity'>): number => {
  if (site.kind !== 'training_centre' || site.capacity === null || site.capacity <= 0) {
    return BASE_RADIUS_M;
  }
  return Math.min(900, BASE_RADIUS_M + 12 * Math.sqrt(site.capacity));
};

/** Sites that can be drawn: a valid position. */
export const drawableSites = (sites: readonly Site[]): Site[] =>
  sites.filter((site) => isValidLngLat(site.position));

export interface SiteLayerInput {
  sites: readonly Site[];
  isVisible: boolean;
}

/** Props of the site ScatterplotLayer: colour by kind, size by capacity for training centres. */
export const buildSiteLayerProps = ({
  sites,
  isVisible,
}: SiteLayerInput): ScatterplotLayerProps<Site> & { id: string } => ({
  id: SITE_LAYER_ID,
  data: drawableSites(sites),
  visible: isVisible,
  pickable: true,
  autoHighlight: true,
  radiusUnits: 'meters',
  radiusMinPixels: 3,
  radiusMaxPixels: 28,
  stroked: true,
  lineWidthUnits: 'pixels',
  getLineWidth: 1,
  getLineColor: [10, 18, 32, 220],
  getPosition: (site) => site.position,
  getFillColor: (site) => SITE_KIND_RGBA[site.kind],
  getRadius: siteRadiusMeters,
});
