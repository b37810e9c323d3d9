import type { ReactNode } from 'react';
import { useI18n } from '../lib/i18n';
import { RegionErrorBoundary } from './region-error-boundary';

type RegionName =
  | 'map'
  | 'alerts'
  | 'header'
  | 'adminFeeds'
  | 'feedForm'
  | 'adminRules'
  | 'ruleForm'
  | 'audit'
  | 'adminUsers'
  | 'userForm'
  | 'displayTokens'
  | 'displayTokenForm'
  | 'webhooks'
  | 'webhookForm'
  | 'webhookDeliveries'
  | 'auditLog'
  | 'alertDetail'
  | 'silences';

/** A screen region behind its own error boundary, labelled in the current language. */
export const Region = ({ name, children }: { name: RegionName; children: ReactNode }) => {
  const { t } = useI18n();
  return (
    <RegionErrorBoundary
      regionLabel={t(`region.${name}`)}
      failedLabel={(region) => t('region.failed', { region })}
      retryLabel={t('region.retry')}
    >
      {children}
    </RegionErrorBoundary>
  );
};
