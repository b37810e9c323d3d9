import type { ClientConfig } from '@city-ioc/shared';
import { lazy, Suspense, useMemo } from 'react';
import { useLiveAlerts } from '../features/alerts/api/use-live-alerts';
import { selectActiveAlerts } from '../features/alerts/model/alert-list';
import { useAlertViewStore } from '../features/alerts/store';
import { useI18n } from '../lib/i18n';
import { retryImport } from '../lib/retry-import';
import { useReferenceData } from './reference-data';

// MapLibre and deck.gl are most of the JavaScript: they load in their own chunk, after the
// header and the alert list are already live.
const MapView = lazy(() =>
  retryImport(() => import('../features/map/components/map-view')).then((module) => ({
    default: module.MapView,
  })),
);

/** The map, fed with reference data, active alerts and the current selection. */
export const MapRegion = ({ config }: { config: ClientConfig }) => {
  const { t } = useI18n();
  const { areas, sites, indicators, latestValues } = useReferenceData();
  const { data: log } = useLiveAlerts();
  const alerts = useMemo(() => selectActiveAlerts(log), [log]);
  const selectedAlertId = useAlertViewStore((state) => state.selectedAlertId);
  const selectionCount = useAlertViewStore((state) => state.selectionCount);
  const alertPicked = useAlertViewStore((state) => state.alertPicked);

  return (
    <Suspense fallback={<div className="map-loading">{t('map.loading')}</div>}>
      <MapView
        center={config.center}
        zoom={config.zoom}
        mapStyleUrl={config.mapStyleUrl}
        areas={areas}
        sites={sites}
        alerts={alerts}
        latestValues={latestValues}
        indicators={indicators}
        selectedAlertId={selectedAlertId}
        selectionCount={selectionCount}
        onAlertPick={alertPicked}
      />
    </Suspense>
  );
};
