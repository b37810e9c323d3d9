import { useQuery } from '@tanstack/react-query';
import { DEFAULT_TIME_ZONE } from '../config/constants';
import { useAlertLiveSync } from '../features/alerts/api/use-live-alerts';
import { useLatestValuesLive } from '../features/city/api/use-latest-values-live';
import { useFeedStatusesLive } from '../features/feeds/api/use-feed-statuses-live';
import { clientConfigQueryOptions } from '../lib/client-config';
import { useI18n } from '../lib/i18n';
import { AlertRegion } from './alert-region';
import { AppHeader } from './app-header';
import { MapRegion } from './map-region';
import { Region } from './region';
import { useDocumentLanguage, useProtocolGuard } from './use-app-effects';

/** The operator view: header, full-screen map, live alert list on the right. */
export const App = () => {
  const { t } = useI18n();
  const config = useQuery(clientConfigQueryOptions());
  useAlertLiveSync();
  useFeedStatusesLive();
  useLatestValuesLive();
  useDocumentLanguage();
  useProtocolGuard();

  return (
    <div className="app">
      <Region name="header">
        <AppHeader config={config.data} />
      </Region>
      <main className="app__body">
        <section className="app__map" aria-label={t('region.map')}>
          <Region name="map">
            {config.data ? (
              <MapRegion config={config.data} />
            ) : (
              <div className="map-loading">
                {config.isError || config.failureCount > 0
                  ? t('app.configFailed')
                  : t('app.starting')}
              </div>
            )}
          </Region>
        </section>
        <aside className="app__side" aria-label={t('region.alerts')}>
          <Region name="alerts">
            <AlertRegion timeZone={config.data?.timeZone ?? DEFAULT_TIME_ZONE} />
          </Region>
        </aside>
      </main>
    </div>
  );
};
