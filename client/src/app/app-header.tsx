import type { ClientConfig, Principal } from '@city-ioc/shared';
import { Clock } from '../components/clock';
import { LanguageSwitch } from '../components/language-switch';
import { DEFAULT_TIME_ZONE } from '../config/constants';
import { ADMIN_ROUTES, ROUTE_PATHS } from '../config/routes';
import { UserMenu } from '../features/auth/components/user-menu';
import { canActOnAlerts, canAdminister } from '../features/auth/model/principal';
import { ConnectionIndicator } from '../features/connection/components/connection-indicator';
import { FeedHealthSummary } from '../features/feeds/components/feed-health-summary';
import { useI18n } from '../lib/i18n';
import { AppLink } from './app-link';
import type { Route } from './router';

/**
 * Top bar: where we are, what time it is there, whether the wall is alive, the screens this
 * principal may open, and who is signed in.
 */
export const AppHeader = ({
  config,
  route,
  principal,
  onSignedOut,
}: {
  config: ClientConfig | undefined;
  route: Route;
  principal: Principal;
  onSignedOut: () => void;
}) => {
  const { language, t } = useI18n();
  return (
    <header className="app-header">
      <div className="app-header__brand">
        <span className="app-header__logo" aria-hidden="true">
          IOC
        </span>
        <div>
          <h1 className="app-header__city">{config ? config.cityName[language] : 'City IOC'}</h1>
          <p className="app-header__title">{t('app.title')}</p>
        </div>
        {config?.isDemo ? <span className="app-header__demo">{t('app.demoBadge')}</span> : null}
      </div>
      <nav className="app-nav" aria-label={t('nav.label')}>
        <AppLink
          to={ROUTE_PATHS.operator}
          className="app-nav__link"
          isCurrent={route === 'operator'}
        >
          {t('nav.operator')}
        </AppLink>
        {canAdminister(principal) ? (
          // The administration screens have their own bar (AdminNav) below the header.
          <AppLink
            to={ROUTE_PATHS.adminFeeds}
            className="app-nav__link"
            isCurrent={route !== 'notFound' && ADMIN_ROUTES.has(route)}
          >
            {t('nav.admin')}
          </AppLink>
        ) : canActOnAlerts(principal) ? (
          // Operators and department heads manage silences, not the other admin screens.
          <AppLink
            to={ROUTE_PATHS.adminSilences}
            className="app-nav__link"
            isCurrent={route === 'adminSilences'}
          >
            {t('nav.adminSilences')}
          </AppLink>
        ) : null}
      </nav>
      <div className="app-header__status">
        <FeedHealthSummary />
        <ConnectionIndicator />
        <Clock timeZone={config?.timeZone ?? DEFAULT_TIME_ZONE} />
        <LanguageSwitch />
        <UserMenu principal={principal} onSignedOut={onSignedOut} />
      </div>
    </header>
  );
};
