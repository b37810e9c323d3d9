import { ROUTE_PATHS, type RouteName } from '../config/routes';
import { type MessageKey, useI18n } from '../lib/i18n';
import { AppLink } from './app-link';
import type { Route } from './router';

/** The administration screens, in the order of the bar. */
export const ADMIN_LINKS: readonly [RouteName, MessageKey][] = [
  ['adminFeeds', 'nav.adminFeeds'],
  ['adminRules', 'nav.adminRules'],
  ['adminUsers', 'nav.adminUsers'],
  ['adminDisplayTokens', 'nav.adminDisplayTokens'],
  ['adminWebhooks', 'nav.adminWebhooks'],
  ['adminSilences', 'nav.adminSilences'],
  ['adminAudit', 'nav.adminAudit'],
];

/** The bar between the administration screens, shown on each of them (administrators only). */
export const AdminNav = ({ route }: { route: Route }) => {
  const { t } = useI18n();
  return (
    <nav className="admin-nav" aria-label={t('nav.admin')} data-testid="admin-nav">
      {ADMIN_LINKS.map(([name, label]) => (
        <AppLink
          key={name}
          to={ROUTE_PATHS[name]}
          className="admin-nav__link"
          isCurrent={route === name}
        >
          {t(label)}
        </AppLink>
      ))}
    </nav>
  );
};
