import type { WebhookSubscription, WebhookTestResult } from '@city-ioc/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { AdminPanel } from '../../../components/admin-panel';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { formatDateTime, useI18n } from '../../../lib/i18n';
import type { SelectOption } from '../../admin-feeds/components/fields';
import { useDeleteWebhook, useTestWebhook, webhooksQueryOptions } from '../api/webhooks';
import { eventTypeLabel, healthState, sortWebhooks } from '../model/webhooks';

interface WebhookTableProps {
  departments: readonly SelectOption[];
  timeZone: string;
  selectedId: string | null;
  onCreate: () => void;
  onEdit: (subscription: WebhookSubscription) => void;
  onShowLog: (subscription: WebhookSubscription) => void;
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** Every webhook subscription: where it sends, what, and how its deliveries are going. */
export const WebhookTable = ({
  departments,
  timeZone,
  selectedId,
  onCreate,
  onEdit,
  onShowLog,
}: WebhookTableProps) => {
  const { language, t } = useI18n();
  const { data: webhooks, isPending, isError, error } = useQuery(webhooksQueryOptions());
  const remove = useDeleteWebhook();
  const test = useTestWebhook();
  const [pendingDelete, setPendingDelete] = useState<WebhookSubscription | null>(null);
  const [testResults, setTestResults] = useState<
    Readonly<Record<string, WebhookTestResult | { error: string }>>
  >({});
  const departmentNames = useMemo(
    () => new Map(departments.map((option) => [option.value, option.label])),
    [departments],
  );
  const rows = useMemo(() => sortWebhooks(webhooks ?? []), [webhooks]);

  const sendTest = (id: string) => {
    setTestResults((all) => {
      const { [id]: _, ...rest } = all;
      return rest;
    });
    test.mutate(id, {
      onSuccess: (result) => setTestResults((all) => ({ ...all, [id]: result })),
      onError: (failure) =>
        setTestResults((all) => ({ ...all, [id]: { error: messageOf(failure) } })),
    });
  };

  const describeTest = (result: WebhookTestResult | { error: string }) =>
    'ok' in result && result.ok
      ? t('webhooks.testOk', { status: result.status ?? 0, ms: Math.round(result.durationMs) })
      : t('webhooks.testFailed', { error: result.error ?? '' });

  return (
    <AdminPanel
      titleId="webhooks-title"
      title={t('webhooks.title')}
      count={webhooks ? t('webhooks.count', { count: webhooks.length }) : null}
      add={{ label: t('webhooks.add'), testId: 'webhook-add', onClick: onCreate }}
      intro={t('webhooks.intro')}
      actionError={
        remove.isError ? t('admin.actionFailed', { message: messageOf(remove.error) }) : null
      }
      loading={isPending ? t('webhooks.loading') : null}
      loadError={
        isError && !webhooks ? t('webhooks.loadFailed', { message: messageOf(error) }) : null
      }
      empty={webhooks && webhooks.length === 0 ? t('webhooks.empty') : null}
    >
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table" data-testid="webhook-table">
            <thead>
              <tr>
                <th scope="col">{t('webhooks.col.name')}</th>
                <th scope="col">{t('webhooks.col.filter')}</th>
                <th scope="col">{t('webhooks.col.health')}</th>
                <th scope="col" className="data-table__actions">
                  {t('admin.col.actions')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((webhook) => {
                const state = healthState(webhook.health);
                const result = testResults[webhook.id];
                const isTesting = test.isPending && test.variables === webhook.id;
                return (
                  <tr
                    key={webhook.id}
                    data-testid="webhook-row"
                    data-webhook-id={webhook.id}
                    aria-selected={selectedId === webhook.id}
                  >
                    <th scope="row" className="data-table__name">
                      <span>{webhook.name}</span>
                      <span className="data-table__sub">{webhook.url}</span>
                      {webhook.enabled ? null : (
                        <span className="status-badge" data-state="disabled">
                          {t('webhooks.disabled')}
                        </span>
                      )}
                    </th>
                    <td>
                      <span className="data-table__sub">
                        {webhook.departmentIds.length === 0
                          ? t('webhooks.filter.allDepartments')
                          : webhook.departmentIds
                              .map((id) => departmentNames.get(id) ?? id)
                              .join(', ')}
                      </span>
                      <span className="data-table__sub">
                        {t('webhooks.filter.minSeverity', {
                          severity: t(`severity.${webhook.minSeverity}`),
                        })}
                        {', '}
                        {webhook.eventTypes.length === 0
                          ? t('webhooks.filter.allEvents')
                          : webhook.eventTypes
                              .map((type) => eventTypeLabel(type, language))
                              .join(', ')}
                      </span>
                    </td>
                    <td data-testid="webhook-health" data-state={state}>
                      <span
                        className="status-badge"
                        data-state={state === 'delivered' ? 'active' : 'disabled'}
                      >
                        {t(`webhooks.health.${state}`)}
                        {webhook.health.lastStatusCode !== null
                          ? ` · HTTP ${webhook.health.lastStatusCode}`
                          : ''}
                      </span>
                      {webhook.health.lastAttemptAt ? (
                        <span className="data-table__sub">
                          {formatDateTime(webhook.health.lastAttemptAt, language, timeZone)}
                        </span>
                      ) : null}
                      {webhook.health.failedCount > 0 ? (
                        <span className="data-table__sub">
                          {t('webhooks.health.failedCount', { count: webhook.health.failedCount })}
                        </span>
                      ) : null}
                      {webhook.health.pendingCount > 0 ? (
                        <span className="data-table__sub">
                          {t('webhooks.health.pendingCount', {
                            count: webhook.health.pendingCount,
                          })}
                        </span>
                      ) : null}
                    </td>
                    <td className="data-table__actions">
                      <div className="row-actions">
                        <button
                          type="button"
                          className="button"
                          disabled={isTesting}
                          onClick={() => sendTest(webhook.id)}
                          data-testid="webhook-test"
                        >
                          {isTesting ? t('webhooks.testing') : t('webhooks.test')}
                        </button>
                        <button
                          type="button"
                          className="button"
                          onClick={() => onShowLog(webhook)}
                          data-testid="webhook-log"
                        >
                          {t('webhooks.showLog')}
                        </button>
                        <button type="button" className="button" onClick={() => onEdit(webhook)}>
                          {t('webhooks.edit')}
                        </button>
                        <button
                          type="button"
                          className="button button--danger"
                          onClick={() => {
                            remove.reset();
                            setPendingDelete(webhook);
                          }}
                        >
                          {t('webhooks.delete')}
                        </button>
                      </div>
                      {result ? (
                        <p
                          className="data-table__sub"
                          role="status"
                          data-testid="webhook-test-result"
                        >
                          {describeTest(result)}
                        </p>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {pendingDelete ? (
        <ConfirmDialog
          title={t('webhooks.confirmDelete.title')}
          message={t('webhooks.confirmDelete.body', { name: pendingDelete.name })}
          confirmLabel={remove.isPending ? t('webhooks.deleting') : t('webhooks.delete')}
          cancelLabel={t('admin.cancel')}
          isBusy={remove.isPending}
          onConfirm={() =>
            remove.mutate(pendingDelete.id, { onSettled: () => setPendingDelete(null) })
          }
          onCancel={() => setPendingDelete(null)}
        />
      ) : null}
    </AdminPanel>
  );
};
