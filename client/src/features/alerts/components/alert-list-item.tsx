import type { Alert } from '@city-ioc/shared';
import { memo, useEffect, useRef } from 'react';
import { SeverityBadge } from '../../../components/severity-badge';
import { formatShortDateTime, type I18n } from '../../../lib/i18n';
import { severityCss } from '../../../lib/severity-palette';
import { useAcknowledgeAlert } from '../api/acknowledge-alert';
import { formatReading, localized } from '../model/alert-format';
import { isUnacknowledged } from '../model/alert-list';

interface AlertListItemProps {
  alert: Alert;
  isSelected: boolean;
  placeName: string | null;
  unit: string | null;
  timeZone: string;
  i18n: I18n;
  /** Whether the signed-in principal may acknowledge (not viewers, not wall screens). */
  canAcknowledge: boolean;
  onSelect: (alertId: string) => void;
  /** Whether its notifications are held back now (the list compares with the wall clock). */
  isSilenced: boolean;
}

/** One alert of the panel. Every text here is rendered as React text, never as HTML. */
export const AlertListItem = memo(function AlertListItem({
  alert,
  isSelected,
  placeName,
  unit,
  timeZone,
  i18n: { language, t },
  canAcknowledge,
  onSelect,
  isSilenced,
}: AlertListItemProps) {
  const acknowledge = useAcknowledgeAlert();
  const ref = useRef<HTMLLIElement>(null);
  const reading = formatReading(alert, language, unit);
  // A silenced alert is listed like any other, but never draws attention to itself.
  const isNew = isUnacknowledged(alert);
  const isLoud = isNew && !isSilenced;

  useEffect(() => {
    // A selection made on the map brings the item into view.
    if (isSelected) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [isSelected]);

  return (
    <li
      ref={ref}
      className="alert-item"
      data-testid="alert-item"
      data-alert-id={alert.id}
      data-severity={alert.severity}
      data-status={alert.status}
      data-silenced={isSilenced ? 'true' : undefined}
      aria-current={isSelected ? 'true' : undefined}
      style={{ borderLeftColor: severityCss(alert.severity) }}
    >
      <button type="button" className="alert-item__main" onClick={() => onSelect(alert.id)}>
        <span className="alert-item__top">
          <SeverityBadge severity={alert.severity} />
          <span
            className={isLoud ? 'alert-item__status alert-item__status--new' : 'alert-item__status'}
          >
            {t(`alertStatus.${alert.status}`)}
          </span>
          <time className="alert-item__time" dateTime={alert.firstAt}>
            {formatShortDateTime(alert.firstAt, language, timeZone)}
          </time>
        </span>
        <span className="alert-item__title">{localized(alert.title, language)}</span>
        <span className="alert-item__place">{placeName ?? t('alerts.placeUnknown')}</span>
        {isSilenced || alert.sopTotal > 0 ? (
          <span className="alert-item__badges">
            {isSilenced && alert.silencedUntil ? (
              <span className="silenced-badge" data-testid="alert-silenced">
                {t('alerts.silencedUntil', {
                  time: formatShortDateTime(alert.silencedUntil, language, timeZone),
                })}
              </span>
            ) : null}
            {alert.sopTotal > 0 ? (
              <span className="alert-item__sop" data-testid="alert-sop-progress">
                {t('alerts.sopProgress', { done: alert.sopDone, total: alert.sopTotal })}
              </span>
            ) : null}
          </span>
        ) : null}
        {reading !== null || alert.occurrences > 1 ? (
          <span className="alert-item__reading">
            {reading}
            {alert.occurrences > 1 ? (
              <span className="alert-item__count">
                {t('alerts.occurrences', { count: alert.occurrences })}
              </span>
            ) : null}
          </span>
        ) : null}
      </button>
      {isNew && canAcknowledge ? (
        <div className="alert-item__actions">
          <button
            type="button"
            className="button button--primary"
            disabled={acknowledge.isPending}
            onClick={() => acknowledge.mutate(alert.id)}
          >
            {acknowledge.isPending ? t('alerts.acknowledging') : t('alerts.acknowledge')}
          </button>
          {acknowledge.isError ? (
            <span className="alert-item__error" role="alert">
              {t('alerts.acknowledgeFailed', { message: acknowledge.error.message })}
            </span>
          ) : null}
        </div>
      ) : null}
    </li>
  );
});
