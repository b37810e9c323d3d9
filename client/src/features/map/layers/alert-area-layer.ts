import { type Alert, type Severity, severityRank } from '@city-ioc/shared';
import type { GeoJsonLayerProps } from '@deck.gl/layers';
import { SEVERITY_RGB } from '../../../lib/severity-palette';
import { isValidAreaGeometry } from '../model/geo';
import { type Rgba, SELECTED_OUTLINE_RGBA } from './colors';

export const ALERT_AREA_LAYER_ID = 'alert-areas';

/** What the map knows of an alert's area (the alert itself is looked up by id). */
export interface AlertAreaProperties {
  alertId: string;
  severity: Severity;
  isUnacknowledged: boolean;
}

export type AlertAreaFeature = GeoJSON.Feature<
  GeoJSON.Polygon | GeoJSON.MultiPolygon,
  AlertAreaProperties
>;

/**
 * The areas of active alerts that carry one (CAP warnings' polygons), least severe first so
 * the most severe are drawn on top. Alerts without an area, resolved ones and broken
 * geometries are left out: such an alert is still drawn as a point.
 */
export const buildAlertAreaFeatures = (alerts: readonly Alert[]): AlertAreaFeature[] =>
  alerts
    .filter(
      (alert): alert is Alert & { geometry: NonNullable<Alert['geometry']> } =>
        alert.status !== 'resolved' &&
        alert.geometry !== null &&
        isValidAreaGeometry(alert.geometry),
    )
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity))
    .map(
      (alert): AlertAreaFeature => ({
        type: 'Feature',
        id: alert.id,
        geometry: alert.geometry as GeoJSON.Polygon | GeoJSON.MultiPolygon,
        properties: {
          alertId: alert.id,
          severity: alert.severity,
          isUnacknowledged: alert.status === 'open',
        },
      }),
    );

/** Low fill opacity: the area must not hide the wards, sites and points beneath and above it. */
const FILL_ALPHA = 46;
const LINE_ALPHA = 210;

export const alertAreaFillColor = (severity: Severity): Rgba => {
  const [r, g, b] = SEVERITY_RGB[severity];
  return [r, g, b, FILL_ALPHA];
};

export const alertAreaLineColor = (severity: Severity): Rgba => {
  const [r, g, b] = SEVERITY_RGB[severity];
  return [r, g, b, LINE_ALPHA];
};

export interface AlertAreaLayerInput {
  areas: readonly AlertAreaFeature[];
  selectedAlertId: string | null;
  /** Areas follow the alert layer's toggle: they are part of the alerts. */
  isVisible: boolean;
}

/**
 * Props of the alert-area GeoJsonLayer, drawn above the wards and under the alert points: a
 * faint fill in the severity colour and a clear outline; the selected alert's area is outlined
 * in white.
 */
export const buildAlertAreaLayerProps = ({
  areas,
  selectedAlertId,
  isVisible,
}: AlertAreaLayerInput): GeoJsonLayerProps<AlertAreaProperties> & { id: string } => {
  const isSelected = (feature: { properties: AlertAreaProperties }) =>
    feature.properties.alertId === selectedAlertId;
  return {
    id: ALERT_AREA_LAYER_ID,
    data: areas as AlertAreaFeature[],
    visible: isVisible,
    pickable: true,
    filled: true,
    stroked: true,
    lineWidthUnits: 'pixels',
    getFillColor: (feature) => alertAreaFillColor(feature.properties.severity),
    getLineColor: (feature) =>
      isSelected(feature) ? SELECTED_OUTLINE_RGBA : alertAreaLineColor(feature.properties.severity),
    getLineWidth: (feature) => (isSelected(feature) ? 3 : 1.5),
    updateTriggers: {
      getLineColor: selectedAlertId,
      getLineWidth: selectedAlertId,
    },
  };
};
