import type { ClientConfig } from '@city-ioc/shared';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '../../../components/language-switch';
import { useI18n } from '../../../lib/i18n';

/** The frame of the pages shown before signing in: the city, the language switch, one card. */
export const AuthShell = ({
  config,
  titleId,
  children,
}: {
  config: ClientConfig | undefined;
  titleId?: string;
  children: ReactNode;
}) => {
  const { language, t } = useI18n();
  return (
    <main className="auth-page" aria-labelledby={titleId}>
      <div className="auth-page__top">
        <LanguageSwitch />
      </div>
      <div className="auth-card">
        <div className="auth-card__brand">
          <span className="app-header__logo" aria-hidden="true">
            IOC
          </span>
          <div>
            <h1 className="app-header__city">{config ? config.cityName[language] : 'City IOC'}</h1>
            <p className="app-header__title">{t('app.title')}</p>
          </div>
        </div>
        {children}
      </div>
    </main>
  );
};
