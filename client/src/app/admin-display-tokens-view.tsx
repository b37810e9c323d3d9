import { useState } from 'react';
import { DisplayTokenForm } from '../features/admin-display-tokens/components/display-token-form';
import { DisplayTokenTable } from '../features/admin-display-tokens/components/display-token-table';
import { useI18n } from '../lib/i18n';
import { Region } from './region';
import { useDepartmentOptions } from './use-department-options';

/** The administrators' wall-screen screen: the tokens, and the form that creates one. */
export const AdminDisplayTokensView = ({ timeZone }: { timeZone: string }) => {
  const { t } = useI18n();
  const departments = useDepartmentOptions();
  // Each opening is a new form: a token shown once is gone when its panel closes.
  const [formKey, setFormKey] = useState<number | null>(null);

  return (
    <main className="admin" aria-label={t('nav.adminDisplayTokens')}>
      <div className="admin__main">
        <Region name="displayTokens">
          <DisplayTokenTable
            departments={departments}
            timeZone={timeZone}
            onCreate={() => setFormKey((key) => (key ?? 0) + 1)}
          />
        </Region>
      </div>
      <aside className="admin__editor" aria-label={t('region.displayTokenForm')}>
        {formKey !== null ? (
          <Region name="displayTokenForm">
            <DisplayTokenForm
              key={formKey}
              departments={departments}
              origin={window.location.origin}
              onClose={() => setFormKey(null)}
            />
          </Region>
        ) : null}
      </aside>
    </main>
  );
};
