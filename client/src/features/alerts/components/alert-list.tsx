import { useMemo } from 'react';
import { ALERT_LIST_LIMIT } from '../../../config/constants';
import { apiUrl } from '../../../lib/api-client';
import { useI18n } from '../../../lib/i18n';
import { usePrincipal } from '../../auth/api/session';
import { canActOnAlerts } from '../../auth/model/principal';
import { useLiveAlerts } from '../api/use-live-alerts';
import type { AlertContextLookup } from '../model/alert-context';
import { countBySeverity, selectActiveAlerts, selectAlertList } from '../model/alert-list';
import { useAlertViewStore } from '../store';
import { AlertListItem } from './alert-list-item';

interface AlertListProps {
  lookup: AlertContextLookup;
  timeZone: string;
}

/** The live list of active alerts, most severe first, bounded to the most relevant ones. */
export const AlertList = ({ lookup, timeZone }: AlertListProps) => {
  const i18n = useI18n();
  const { t } = i18n;
  const { data: log, isPending, isError } = useLiveAlerts();
  const selectedAlertId = useAlertViewStore((state) => state.selectedAlertId);
  const alertSelected = useAlertViewStore((state) => state.alertSelected);
  const principal = usePrincipal();
  // Viewers and wall screens watch; the server would refuse their acknowledgement anyway.
  const canAcknowledge = canActOnAlerts(principal);
  const canExport = principal?.kind === 'user';
  const view = useMemo(() => selectAlertList(log, ALERT_LIST_LIMIT), [log]);
  const counts = useMemo(() => countBySeverity(selectActiveAlerts(log)), [log]);

  return (
    <section className="alert-panel" aria-labelledby="alert-panel-title">
      <header className="alert-panel__header">
        <h2 id="alert-panel-title">{t('alerts.title')}</h2>
        <span className="alert-panel__count" data-testid="alert-count" data-count={view.total}>
          {t('alerts.activeCount', { count: view.total })}
        </span>
        <span className="alert-panel__severities" aria-hidden="true">
          {(['Extreme', 'Severe', 'Moderate', 'Minor'] as const).map((severity) =>
            counts[severity] > 0 ? (
              <span key={severity} className="severity-dot" data-severity={severity}>
                {counts[severity]}
              </span>
            ) : null,
          )}
        </span>
        {canExport ? (
          <a
            className="alert-panel__export"
            href={apiUrl('/api/alerts/export.csv?status=active')}
            download
            title={t('alerts.exportCsvHint')}
            data-testid="alerts-export"
          >
            {t('alerts.exportCsv')}
          </a>
        ) : null}
      </header>
      {view.total > view.items.length ? (
        <p className="alert-panel__note">
          {t('alerts.shown', { shown: view.items.length, total: view.total })}
        </p>
      ) : null}
      {isPending ? <p className="alert-panel__note">{t('alerts.loading')}</p> : null}
      {isError && !log ? <p className="alert-panel__note">{t('alerts.loadFailed')}</p> : null}
      {log && view.total === 0 ? <p className="alert-panel__empty">{t('alerts.empty')}</p> : null}
      <ol
        className="alert-panel__list"
        data-testid="alert-list"
        data-last-seq={log ? log.lastSeq : undefined}
        aria-label={t('alerts.title')}
      >
        {view.items.map((alert) => (
          <AlertListItem
            key={alert.id}
            alert={alert}
            isSelected={alert.id === selectedAlertId}
            placeName={lookup.placeName(alert)}
            unit={lookup.unit(alert)}
            timeZone={timeZone}
            i18n={i18n}
            canAcknowledge={canAcknowledge}
            onSelect={alertSelected}
          />
        ))}
      </ol>
    </section>
  );
};
