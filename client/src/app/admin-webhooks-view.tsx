import type { WebhookSubscription } from '@city-ioc/shared';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { webhooksQueryOptions } from '../features/admin-webhooks/api/webhooks';
import { DeliveryLog } from '../features/admin-webhooks/components/delivery-log';
import { WebhookForm } from '../features/admin-webhooks/components/webhook-form';
import { WebhookTable } from '../features/admin-webhooks/components/webhook-table';
import { useI18n } from '../lib/i18n';
import { Region } from './region';
import { useDepartmentOptions } from './use-department-options';

/**
 * The administrators' outbound webhooks: the subscriptions with their health, the delivery
 * log of the one picked, and the form that creates or edits one.
 */
export const AdminWebhooksView = ({ timeZone }: { timeZone: string }) => {
  const { t } = useI18n();
  const departments = useDepartmentOptions();
  // Each opening is a new form: a secret shown once is gone when its panel closes.
  const [editor, setEditor] = useState<{ key: number; webhook: WebhookSubscription | null } | null>(
    null,
  );
  const [logId, setLogId] = useState<string | null>(null);
  const { data: webhooks } = useQuery(webhooksQueryOptions());
  const logged = webhooks?.find((w) => w.id === logId) ?? null;
  const open = (webhook: WebhookSubscription | null) =>
    setEditor((current) => ({ key: (current?.key ?? 0) + 1, webhook }));

  return (
    <main className="admin" aria-label={t('nav.adminWebhooks')}>
      <div className="admin__main">
        <Region name="webhooks">
          <WebhookTable
            departments={departments}
            timeZone={timeZone}
            selectedId={logId}
            onCreate={() => open(null)}
            onEdit={(webhook) => open(webhook)}
            onShowLog={(webhook) => setLogId(webhook.id)}
          />
        </Region>
        {logged ? (
          <Region name="webhookDeliveries">
            <DeliveryLog
              key={logged.id}
              webhook={logged}
              timeZone={timeZone}
              onClose={() => setLogId(null)}
            />
          </Region>
        ) : null}
      </div>
      <aside className="admin__editor" aria-label={t('region.webhookForm')}>
        {editor !== null ? (
          <Region name="webhookForm">
            <WebhookForm
              key={editor.key}
              departments={departments}
              webhook={editor.webhook}
              onClose={() => setEditor(null)}
            />
          </Region>
        ) : null}
      </aside>
    </main>
  );
};
