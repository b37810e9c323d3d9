import type { Alert, AreaGeometry } from '@city-ioc/shared';

/**
 * What the alert panel needs to know about the city that is not in the alert itself. The app
 * builds it from reference data, so this feature does not depend on another one.
 */
export interface AlertContextLookup {
  /** Ward or site name to show, in the current language; null when unknown. */
  placeName: (alert: Alert) => string | null;
  /** Unit of the alert's indicator, e.g. "µg/m³"; null when it has none. */
  unit: (alert: Alert) => string | null;
  /** The alert's department, in the current language; null when unknown. */
  departmentName: (alert: Alert) => string | null;
  /** A ward's outline, for the drill-down's small map; null when unknown or none. */
  areaGeometry: (areaId: string | null) => AreaGeometry | null;
  /** A ward's name, in the current language; null when unknown or none. */
  areaName: (areaId: string | null) => string | null;
  /** An indicator's name, in the current language; null when unknown or none. */
  indicatorName: (indicatorId: string | null) => string | null;
}
