import type { ClientConfig } from '@city-ioc/shared';
import { DEFAULT_TIME_ZONE } from '../config/constants';
import { useAlertLiveSync } from '../features/alerts/api/use-live-alerts';
import { useI18n } from '../lib/i18n';
import { AlertRegion } from './alert-region';
import { MapRegion } from './map-region';
import { Region } from './region';

/** The operator view: full-screen map, live alert list on the right. */
export const OperatorView = ({
  config,
  isConfigFailing,
}: {
  config: ClientConfig | undefined;
  isConfigFailing: boolean;
}) => {
  const { t } = useI18n();
  // Alerts are shown only here; coming back catches up through `alerts:sync` from the cache.
  useAlertLiveSync();
  return (
    <main className="app__body">
      <section className="app__map" aria-label={t('region.map')}>
        <Region name="map">
          {config ? (
            <MapRegion config={config} />
          ) : (
            <div className="map-loading">
              {isConfigFailing ? t('app.configFailed') : t('app.starting')}
            </div>
          )}
        </Region>
      </section>
      <aside className="app__side" aria-label={t('region.alerts')}>
        <Region name="alerts">
          <AlertRegion timeZone={config?.timeZone ?? DEFAULT_TIME_ZONE} />
        </Region>
      </aside>
    </main>
  );
};
