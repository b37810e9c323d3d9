import type { Alert, LngLat, Severity } from '@city-ioc/shared';
import type { ScatterplotLayerProps } from '@deck.gl/layers';
import { SEVERITY_RGB } from '../../../lib/severity-palette';
import { isValidLngLat } from '../model/geo';
import { type Rgba, SELECTED_OUTLINE_RGBA } from './colors';

export const ALERT_LAYER_ID = 'alerts';
export const ALERT_RING_LAYER_ID = 'alerts-ring';

/** An alert placed on the map. */
export interface AlertPoint {
  alertId: string;
  position: LngLat;
  severity: Severity;
  isUnacknowledged: boolean;
}

export interface AlertPlaceLookup {
  /** Centroid of a ward by id. */
  areaCentroid: (areaId: string) => LngLat | undefined;
  /** Position of a site by id (alert subjects are site ids). */
  sitePosition: (siteId: string) => LngLat | undefined;
}

/**
 * Where to draw an alert: its own position, else its subject site, else its ward's centroid.
 * Undefined when none of them is a valid position (such an alert is listed, not drawn).
 */
export const alertPosition = (
  alert: Pick<Alert, 'position' | 'subjectId' | 'areaId'>,
  lookup: AlertPlaceLookup,
): LngLat | undefined => {
  const candidates = [
    alert.position,
    alert.subjectId ? lookup.sitePosition(alert.subjectId) : undefined,
    alert.areaId ? lookup.areaCentroid(alert.areaId) : undefined,
  ];
  return candidates.find((candidate): candidate is LngLat => isValidLngLat(candidate));
};

/** The alerts that can be drawn, least severe first so the most severe are drawn on top. */
export const buildAlertPoints = (
  alerts: readonly Alert[],
  lookup: AlertPlaceLookup,
): AlertPoint[] => {
  const points: AlertPoint[] = [];
  for (const alert of alerts) {
    if (alert.status === 'resolved') continue;
    const position = alertPosition(alert, lookup);
    if (!position) continue;
    points.push({
      alertId: alert.id,
      position,
      severity: alert.severity,
      isUnacknowledged: alert.status === 'open',
    });
  }
  const rank: Record<Severity, number> = { Minor: 0, Moderate: 1, Severe: 2, Extreme: 3 };
  return points.sort((a, b) => rank[a.severity] - rank[b.severity]);
};

const severityRgba = (severity: Severity, alpha: number): Rgba => {
  const [r, g, b] = SEVERITY_RGB[severity];
  return [r, g, b, alpha];
};

const RADIUS_PX: Readonly<Record<Severity, number>> = {
  Minor: 6,
  Moderate: 7,
  Severe: 9,
  Extreme: 11,
};

export interface AlertLayerInput {
  points: readonly AlertPoint[];
  selectedAlertId: string | null;
  isVisible: boolean;
}

type ScatterProps = ScatterplotLayerProps<AlertPoint> & { id: string };

/**
 * Two layers: a wide ring around every alert nobody has acknowledged yet, and the alert dot
 * coloured by CAP severity. The selected alert gets a white outline and a larger dot.
 */
export const buildAlertLayerProps = ({
  points,
  selectedAlertId,
  isVisible,
}: AlertLayerInput): [ring: ScatterProps, dots: ScatterProps] => {
  const isSelected = (point: AlertPoint) => point.alertId === selectedAlertId;
  return [
    {
      id: ALERT_RING_LAYER_ID,
      data: points.filter((point) => point.isUnacknowledged),
      visible: isVisible,
      pickable: false,
      radiusUnits: 'pixels',
      stroked: true,
      filled: true,
      lineWidthUnits: 'pixels',
      getPosition: (point) => point.position,
      getRadius: (point) => RADIUS_PX[point.severity] * 2.4,
      getFillColor: (point) => severityRgba(point.severity, 40),
      getLineColor: (point) => severityRgba(point.severity, 200),
      getLineWidth: 2,
    },
    {
      id: ALERT_LAYER_ID,
      data: points as AlertPoint[],
      visible: isVisible,
      pickable: true,
      autoHighlight: true,
      radiusUnits: 'pixels',
      stroked: true,
      lineWidthUnits: 'pixels',
      getPosition: (point) => point.position,
      getRadius: (point) => RADIUS_PX[point.severity] * (isSelected(point) ? 1.5 : 1),
      getFillColor: (point) => severityRgba(point.severity, 235),
      getLineColor: (point) => (isSelected(point) ? SELECTED_OUTLINE_RGBA : [10, 18, 32, 230]),
      getLineWidth: (point) => (isSelected(point) ? 3 : 1),
      updateTriggers: {
        getRadius: selectedAlertId,
        getLineColor: selectedAlertId,
        getLineWidth: selectedAlertId,
      },
    },
  ];
};
