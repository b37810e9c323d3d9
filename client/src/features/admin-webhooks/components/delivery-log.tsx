import type { WebhookDeliveryStatus, WebhookSubscription } from '@city-ioc/shared';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { formatDateTime, useI18n } from '../../../lib/i18n';
import { useRetryDelivery, webhookDeliveriesQueryOptions } from '../api/webhooks';
import { eventTypeLabel } from '../model/webhooks';

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

const STATUSES: readonly WebhookDeliveryStatus[] = ['pending', 'delivered', 'failed'];

/**
 * One subscription's deliveries, newest first: when, which event, where it stands, how many
 * attempts and what the receiver said last. A failed one can be sent again. The receiver's
 * error text is untrusted and shown as text only.
 */
export const DeliveryLog = ({
  webhook,
  timeZone,
  onClose,
}: {
  webhook: WebhookSubscription;
  timeZone: string;
  onClose: () => void;
}) => {
  const { language, t } = useI18n();
  const titleId = useId();
  const filterId = useId();
  const [status, setStatus] = useState<WebhookDeliveryStatus | null>(null);
  const { data, isPending, isError, error } = useQuery(
    webhookDeliveriesQueryOptions(webhook.id, status),
  );
  const retry = useRetryDelivery();

  return (
    <section className="admin-panel" aria-labelledby={titleId} data-testid="webhook-deliveries">
      <div className="admin-panel__header">
        <h2 id={titleId}>{t('webhooks.deliveries.title', { name: webhook.name })}</h2>
        <label htmlFor={filterId} className="field__label">
          {t('webhooks.deliveries.filter')}
        </label>
        <select
          id={filterId}
          className="input"
          value={status ?? ''}
          onChange={(event) =>
            setStatus(
              event.target.value === '' ? null : (event.target.value as WebhookDeliveryStatus),
            )
          }
        >
          <option value="">{t('webhooks.deliveries.all')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`webhooks.status.${s}`)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button button--quiet admin-panel__action"
          onClick={onClose}
        >
          {t('webhooks.deliveries.close')}
        </button>
      </div>
      {retry.isError ? (
        <p className="form-alert" role="alert">
          {t('admin.actionFailed', { message: messageOf(retry.error) })}
        </p>
      ) : null}
      {isPending ? <p className="admin-panel__note">{t('webhooks.deliveries.loading')}</p> : null}
      {isError && !data ? (
        <p className="admin-panel__note" role="alert">
          {t('webhooks.deliveries.loadFailed', { message: messageOf(error) })}
        </p>
      ) : null}
      {data && data.length === 0 ? (
        <p className="admin-panel__note">{t('webhooks.deliveries.empty')}</p>
      ) : null}
      {data && data.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table" data-testid="webhook-delivery-table">
            <thead>
              <tr>
                <th scope="col">{t('webhooks.deliveries.col.time')}</th>
                <th scope="col">{t('webhooks.deliveries.col.event')}</th>
                <th scope="col">{t('webhooks.deliveries.col.status')}</th>
                <th scope="col">{t('webhooks.deliveries.col.attempts')}</th>
                <th scope="col">{t('webhooks.deliveries.col.result')}</th>
                <th scope="col" className="data-table__actions">
                  {t('admin.col.actions')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.map((delivery) => (
                <tr
                  key={delivery.id}
                  data-testid="webhook-delivery-row"
                  data-status={delivery.status}
                >
                  <td className="data-table__nowrap">
                    {formatDateTime(delivery.createdAt, language, timeZone)}
                  </td>
                  <td>
                    <span>{eventTypeLabel(delivery.eventType, language)}</span>
                    <span className="data-table__sub">
                      alert.{delivery.eventType} · #{delivery.eventSeq}
                    </span>
                  </td>
                  <td>
                    <span
                      className="status-badge"
                      data-state={delivery.status === 'delivered' ? 'active' : 'disabled'}
                    >
                      {t(`webhooks.status.${delivery.status}`)}
                    </span>
                    {delivery.nextAttemptAt ? (
                      <span className="data-table__sub">
                        {t('webhooks.deliveries.next', {
                          time: formatDateTime(delivery.nextAttemptAt, language, timeZone),
                        })}
                      </span>
                    ) : null}
                  </td>
                  <td>{delivery.attempts}</td>
                  <td>
                    {delivery.lastStatus !== null ? <span>HTTP {delivery.lastStatus}</span> : null}
                    {delivery.lastError ? (
                      <span className="data-table__sub">{delivery.lastError}</span>
                    ) : null}
                    {delivery.lastAttemptAt ? (
                      <span className="data-table__sub">
                        {formatDateTime(delivery.lastAttemptAt, language, timeZone)}
                      </span>
                    ) : null}
                  </td>
                  <td className="data-table__actions">
                    {delivery.status === 'failed' ? (
                      <button
                        type="button"
                        className="button"
                        disabled={retry.isPending && retry.variables === delivery.id}
                        onClick={() => retry.mutate(delivery.id)}
                        data-testid="webhook-delivery-retry"
                      >
                        {retry.isPending && retry.variables === delivery.id
                          ? t('webhooks.deliveries.retrying')
                          : t('webhooks.deliveries.retry')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
};
