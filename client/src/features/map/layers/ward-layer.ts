import { type Severity, severityRank } from '@city-ioc/shared';
import type { GeoJsonLayerProps } from '@deck.gl/layers';
import { SEVERITY_RGB } from '../../../lib/severity-palette';
import type { WardFeature, WardProperties } from '../model/offline-style';
import { HOVER_HIGHLIGHT_RGBA, type Rgba, WARD_FILL_RGBA, WARD_LINE_RGBA } from './colors';

export const WARD_LAYER_ID = 'wards';

export interface WardLayerInput {
  wards: readonly WardFeature[];
  /** Most severe active alert per ward id. */
  severityByArea: ReadonlyMap<string, Severity>;
  isVisible: boolean;
}

/** Stable text key of the per-ward severities, so the fill is recomputed only when they change. */
export const severityByAreaKey = (severityByArea: ReadonlyMap<string, Severity>): string =>
  [...severityByArea]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([areaId, severity]) => `${areaId}:${severity}`)
    .join('|');

/** Most severe active alert of each ward. */
export const maxSeverityByArea = (
  alerts: readonly { areaId: string | null; severity: Severity }[],
): Map<string, Severity> => {
  const result = new Map<string, Severity>();
  for (const alert of alerts) {
    if (!alert.areaId) continue;
    const current = result.get(alert.areaId);
    if (!current || severityRank(alert.severity) > severityRank(current)) {
      result.set(alert.areaId, alert.severity);
    }
  }
  return result;
};

/** Subtle fill per ward, tinted by the most severe active alert in it. */
export const wardFillColor = (severity: Severity | undefined): Rgba => {
  if (!severity) return WARD_FILL_RGBA;
  const [r, g, b] = SEVERITY_RGB[severity];
  return [r, g, b, 48];
};

/** Props of the ward GeoJsonLayer: subtle fill, GPU hover highlight, pickable for the tooltip. */
export const buildWardLayerProps = ({
  wards,
  severityByArea,
  isVisible,
}: WardLayerInput): GeoJsonLayerProps<WardProperties> & { id: string } => ({
  id: WARD_LAYER_ID,
  data: wards as WardFeature[],
  visible: isVisible,
  pickable: true,
  autoHighlight: true,
  highlightColor: HOVER_HIGHLIGHT_RGBA,
  filled: true,
  stroked: true,
  lineWidthUnits: 'pixels',
  getLineWidth: 1,
  getLineColor: WARD_LINE_RGBA,
  getFillColor: (feature) => wardFillColor(severityByArea.get(feature.properties.areaId)),
  updateTriggers: { getFillColor: severityByAreaKey(severityByArea) },
});
