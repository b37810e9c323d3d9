import type { ClientConfig, SessionInfo } from '@city-ioc/shared';
import { type UseQueryResult, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { DEFAULT_TIME_ZONE } from '../config/constants';
import { ACT_ROUTES, ADMIN_ROUTES, ROUTE_PATHS } from '../config/routes';
import { authKeys } from '../features/auth/api/session';
import { ForbiddenView } from '../features/auth/components/forbidden-view';
import { canActOnAlerts, canAdminister, principalIdentity } from '../features/auth/model/principal';
import { useSignInNoticeStore } from '../features/auth/store';
import { useLatestValuesLive } from '../features/city/api/use-latest-values-live';
import { useFeedStatusesLive } from '../features/feeds/api/use-feed-statuses-live';
import { useI18n } from '../lib/i18n';
import { AdminAuditView } from './admin-audit-view';
import { AdminDisplayTokensView } from './admin-display-tokens-view';
import { AdminFeedsView } from './admin-feeds-view';
import { AdminNav } from './admin-nav';
import { AdminRulesView } from './admin-rules-view';
import { AdminSilencesView } from './admin-silences-view';
import { AdminUsersView } from './admin-users-view';
import { AdminWebhooksView } from './admin-webhooks-view';
import { AppHeader } from './app-header';
import { AppLink } from './app-link';
import { NotFoundView } from './not-found-view';
import { OperatorView } from './operator-view';
import { Region } from './region';
import { navigate, type Route } from './router';
import { useProtocolGuard } from './use-app-effects';
import { useRealtimeSession } from './use-realtime-session';
import { WallView } from './wall-view';

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
      <WallView
        config={config.data}
        screenName={principal.kind === 'display' ? principal.name : principal.displayName}
        isDisplay={principal.kind === 'display'}
      />
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
      {route === 'notFound' ? <NotFoundView /> : null}
    </div>
  );
};
