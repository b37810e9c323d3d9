import type { ClientConfig } from '@city-ioc/shared';
import { Clock } from '../components/clock';
import { LanguageSwitch } from '../components/language-switch';
import { DEFAULT_TIME_ZONE } from '../config/constants';
import { ConnectionIndicator } from '../features/connection/components/connection-indicator';
import { FeedHealthSummary } from '../features/feeds/components/feed-health-summary';
import { useI18n } from '../lib/i18n';

/** Top bar: where we are, what time it is there, and whether the wall is alive. */
export const AppHeader = ({ config }: { config: ClientConfig | undefined }) => {
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
      <div className="app-header__status">
        <FeedHealthSummary />
        <ConnectionIndicator />
        <Clock timeZone={config?.timeZone ?? DEFAULT_TIME_ZONE} />
        <LanguageSwitch />
      </div>
    </header>
  );
};
