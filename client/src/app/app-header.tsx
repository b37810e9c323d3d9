import type { ClientConfig } from '@city-ioc/shared';
import { Clock } from '../components/clock';
import { LanguageSwitch } from '../components/language-switch';
import { DEFAULT_TIME_ZONE } from '../config/constants';
import { ROUTE_PATHS } from '../config/routes';
import { ConnectionIndicator } from '../features/connection/components/connection-indicator';
import { FeedHealthSummary } from '../features/feeds/components/feed-health-summary';
import { useI18n } from '../lib/i18n';
import { AppLink } from './app-link';
import type { Route } from './router';

/** Top bar: where we are, what time it is there, whether the wall is alive, and the screens. */
export const AppHeader = ({
  config,
  route,
}: {
  config: ClientConfig | undefined;
  route: Route;
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
        <AppLink
          to={ROUTE_PATHS.adminFeeds}
          className="app-nav__link"
          isCurrent={route === 'adminFeeds'}
        >
          {t('nav.adminFeeds')}
        </AppLink>
      </nav>
      <div className="app-header__status">
        <FeedHealthSummary />
        <ConnectionIndicator />
        <Clock timeZone={config?.timeZone ?? DEFAULT_TIME_ZONE} />
        <LanguageSwitch />
      </div>
    </header>
  );
};
