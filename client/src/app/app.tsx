import { useQuery } from '@tanstack/react-query';
import { DEFAULT_TIME_ZONE } from '../config/constants';
import { useLatestValuesLive } from '../features/city/api/use-latest-values-live';
import { useFeedStatusesLive } from '../features/feeds/api/use-feed-statuses-live';
import { clientConfigQueryOptions } from '../lib/client-config';
import { AdminFeedsView } from './admin-feeds-view';
import { AppHeader } from './app-header';
import { NotFoundView } from './not-found-view';
import { OperatorView } from './operator-view';
import { Region } from './region';
import { useRoute } from './router';
import { useDocumentLanguage, useProtocolGuard } from './use-app-effects';

/** The app: the header, then the screen the path asks for (operator map at `/`, feeds admin). */
export const App = () => {
  const route = useRoute();
  const config = useQuery(clientConfigQueryOptions());
  // The header's feed health and the latest values stay live on every screen.
  useFeedStatusesLive();
  useLatestValuesLive();
  useDocumentLanguage();
  useProtocolGuard();

  return (
    <div className="app">
      <Region name="header">
        <AppHeader config={config.data} route={route} />
      </Region>
      {route === 'operator' ? (
        <OperatorView
          config={config.data}
          isConfigFailing={config.isError || config.failureCount > 0}
        />
      ) : null}
      {route === 'adminFeeds' ? (
        <AdminFeedsView timeZone={config.data?.timeZone ?? DEFAULT_TIME_ZONE} />
      ) : null}
      {route === 'notFound' ? <NotFoundView /> : null}
    </div>
  );
};
