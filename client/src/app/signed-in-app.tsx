import type { ClientConfig, SessionInfo } from '@city-ioc/shared';
import { type UseQueryResult, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useCallback } from 'react';
import { DEFAULT_TIME_ZONE } from '../config/constants';
import { ACT_ROUTES, ADMIN_ROUTES, ROUTE_PATHS } from '../config/routes';
import { authKeys } from '../features/auth/api/session';
import { ForbiddenView } from '../features/auth/components/forbidden-view';
import { canActOnAlerts, canAdminister, principalIdentity } from '../features/auth/model/principal';
import { useSignInNoticeStore } from '../features/auth/store';
import { useLatestValuesLive } from '../features/city/api/use-latest-values-live';
import { useFeedStatusesLive } from '../features/feeds/api/use-feed-statuses-live';
import { useI18n } from '../lib/i18n';
import { retryImport } from '../lib/retry-import';
import { AdminNav } from './admin-nav';
import { AppHeader } from './app-header';
import { AppLink } from './app-link';
import { NotFoundView } from './not-found-view';
import { OperatorView } from './operator-view';
import { Region } from './region';
import { navigate, type Route } from './router';
import { useProtocolGuard } from './use-app-effects';
import { useRealtimeSession } from './use-realtime-session';

// Administration screens and the wall load on demand: a screen pays only for what it shows.
const WallView = lazy(() =>
  retryImport(() => import('./wall-view')).then((m) => ({ default: m.WallView })),
);
const AdminAuditView = lazy(() =>
  retryImport(() => import('./admin-audit-view')).then((m) => ({ default: m.AdminAuditView })),
);
const AdminDisplayTokensView = lazy(() =>
  retryImport(() => import('./admin-display-tokens-view')).then((m) => ({
    default: m.AdminDisplayTokensView,
  })),
);
const AdminFeedsView = lazy(() =>
  retryImport(() => import('./admin-feeds-view')).then((m) => ({ default: m.AdminFeedsView })),
);
const AdminRulesView = lazy(() =>
  retryImport(() => import('./admin-rules-view')).then((m) => ({ default: m.AdminRulesView })),
);
const AdminSilencesView = lazy(() =>
  retryImport(() => import('./admin-silences-view')).then((m) => ({
    default: m.AdminSilencesView,
  })),
);
const AdminUsersView = lazy(() =>
  retryImport(() => import('./admin-users-view')).then((m) => ({ default: m.AdminUsersView })),
);
const AdminWebhooksView = lazy(() =>
  retryImport(() => import('./admin-webhooks-view')).then((m) => ({
    default: m.AdminWebhooksView,
  })),
);

interface SignedInAppProps {
  session: SessionInfo;
  route: Route;
  config: UseQueryResult<ClientConfig>;
}

/**
 * The app for a signed-in principal: the header, then the screen the path asks for. The live
 * link is open only here. Administration screens are for administrators; anyone else who
 * opens one is told so (the server refuses their data anyway).
 */
export const SignedInApp = ({ session, route, config }: SignedInAppProps) => {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { principal } = session;
  const timeZone = config.data?.timeZone ?? DEFAULT_TIME_ZONE;
  // The header's feed health and the latest values stay live on every screen.
  useFeedStatusesLive();
  useLatestValuesLive();
  useProtocolGuard();
  useRealtimeSession(principalIdentity(principal));

  const onSignedOut = useCallback(() => {
    useSignInNoticeStore.getState().noticeShown('signedOut');
    navigate(ROUTE_PATHS.login, { replace: true });
    queryClient.setQueryData(authKeys.session(), null);
  }, [queryClient]);

  const isAdminRoute = route !== 'notFound' && ADMIN_ROUTES.has(route);
  const mayAdminister = canAdminister(principal);
  const isActRoute = route !== 'notFound' && ACT_ROUTES.has(route);
  const mayAct = canActOnAlerts(principal);

  if (route === 'wall') {
    // The wall display has no chrome: it runs unattended, full screen.
    return (
      <Suspense fallback={null}>
        <WallView
          config={config.data}
          screenName={principal.kind === 'display' ? principal.name : principal.displayName}
          isDisplay={principal.kind === 'display'}
        />
      </Suspense>
    );
  }

  return (
    <div className="app">
      <Region name="header">
        <AppHeader
          config={config.data}
          route={route}
          principal={principal}
          onSignedOut={onSignedOut}
        />
      </Region>
      {route === 'operator' ? (
        <OperatorView
          config={config.data}
          isConfigFailing={config.isError || config.failureCount > 0}
        />
      ) : null}
      {isAdminRoute && !mayAdminister ? (
        <ForbiddenView
          backLink={
            <AppLink to={ROUTE_PATHS.operator} className="button">
              {t('notFound.back')}
            </AppLink>
          }
        />
      ) : null}
      {isAdminRoute && mayAdminister ? <AdminNav route={route} /> : null}
      {isActRoute && !mayAct ? (
        <ForbiddenView
          backLink={
            <AppLink to={ROUTE_PATHS.operator} className="button">
              {t('notFound.back')}
            </AppLink>
          }
        />
      ) : null}
      {isActRoute && mayAdminister ? <AdminNav route={route} /> : null}
      <Suspense fallback={<p className="admin-panel__note">{t('app.starting')}</p>}>
        {mayAct && route === 'adminSilences' ? <AdminSilencesView timeZone={timeZone} /> : null}
        {mayAdminister && route === 'adminFeeds' ? <AdminFeedsView timeZone={timeZone} /> : null}
        {mayAdminister && route === 'adminRules' ? <AdminRulesView timeZone={timeZone} /> : null}
        {mayAdminister && route === 'adminUsers' ? (
          <AdminUsersView timeZone={timeZone} principal={principal} />
        ) : null}
        {mayAdminister && route === 'adminDisplayTokens' ? (
          <AdminDisplayTokensView timeZone={timeZone} />
        ) : null}
        {mayAdminister && route === 'adminWebhooks' ? (
          <AdminWebhooksView timeZone={timeZone} />
        ) : null}
        {mayAdminister && route === 'adminAudit' ? <AdminAuditView timeZone={timeZone} /> : null}
      </Suspense>
      {route === 'notFound' ? <NotFoundView /> : null}
    </div>
  );
};
