import type { ReactNode } from 'react';
import { useI18n } from '../../../lib/i18n';

/** A screen the signed-in principal may not open (a non-administrator on /admin/*). */
export const ForbiddenView = ({ backLink }: { backLink: ReactNode }) => {
  const { t } = useI18n();
  return (
    <main className="not-found" data-testid="forbidden">
      <h2>{t('forbidden.title')}</h2>
      <p className="not-found__body">{t('forbidden.body')}</p>
      {backLink}
    </main>
  );
};
