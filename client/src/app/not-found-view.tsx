import { ROUTE_PATHS } from '../config/routes';
import { useI18n } from '../lib/i18n';
import { AppLink } from './app-link';

/** Any path the app does not know. */
export const NotFoundView = () => {
  const { t } = useI18n();
  return (
    <main className="not-found">
      <h2>{t('notFound.title')}</h2>
      <AppLink to={ROUTE_PATHS.operator} className="button">
        {t('notFound.back')}
      </AppLink>
    </main>
  );
};
