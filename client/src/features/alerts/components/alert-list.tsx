import { type AlertGroup, groupAlerts, isSilencedAt } from '@city-ioc/shared';
import { type ReactNode, useMemo, useState } from 'react';
import { SeverityBadge } from '../../../components/severity-badge';
import { ALERT_LIST_LIMIT } from '../../../config/constants';
import { apiUrl } from '../../../lib/api-client';
import { type I18n, useI18n } from '../../../lib/i18n';
import { severityCss } from '../../../lib/severity-palette';
import { useNow } from '../../../lib/use-now';
import { usePrincipal } from '../../auth/api/session';
import { canActOnAlerts } from '../../auth/model/principal';
import { useLiveAlerts } from '../api/use-live-alerts';
import type { AlertContextLookup } from '../model/alert-context';
import {
  countBySeverity,
  groupTypeLabel,
  selectActiveAlerts,
  selectAlertList,
} from '../model/alert-list';
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
  // Many alike at once (same department, type and area) become one expandable row.
  const entries = useMemo(() => groupAlerts(view.items), [view.items]);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  // Silences end by themselves: the badge goes when the wall clock passes silencedUntil.
  const nowMs = useNow(15_000);
  const now = new Date(nowMs);
  const renderItem = (alert: (typeof view.items)[number]) => (
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
      isSilenced={isSilencedAt(alert, now)}
    />
  );
  const toggle = (key: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

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
        {entries.map((entry) =>
          entry.kind === 'alert' ? (
            renderItem(entry.alert)
          ) : (
            <AlertGroupRow
              key={entry.key}
              group={entry}
              isExpanded={expanded.has(entry.key)}
              onToggle={toggle}
              lookup={lookup}
              i18n={i18n}
            >
              {entry.alerts.map(renderItem)}
            </AlertGroupRow>
          ),
        )}
      </ol>
    </section>
  );
};

interface AlertGroupRowProps {
  group: AlertGroup;
  isExpanded: boolean;
  onToggle: (key: string) => void;
  lookup: AlertContextLookup;
  i18n: I18n;
  children: ReactNode;
}

/** "12 cảnh báo · Kẹt xe · Phường Bến Thành" with the worst severity; expands to its alerts. */
const AlertGroupRow = ({
  group,
  isExpanded,
  onToggle,
  lookup,
  i18n: { language, t },
  children,
}: AlertGroupRowProps) => {
  const first = group.alerts[0];
  const place =
    lookup.areaName(group.areaId) ??
    (first ? lookup.placeName(first) : null) ??
    t('alerts.placeUnknown');
  return (
    <li
      className="alert-group"
      data-testid="alert-group"
      data-count={group.count}
      data-severity={group.worstSeverity}
      style={{ borderLeftColor: severityCss(group.worstSeverity) }}
    >
      <button
        type="button"
        className="alert-group__summary"
        aria-expanded={isExpanded}
        title={isExpanded ? t('alerts.groupCollapse') : t('alerts.groupExpand')}
        onClick={() => onToggle(group.key)}
      >
        <SeverityBadge severity={group.worstSeverity} />
        <span className="alert-group__text">
          {t('alerts.groupSummary', {
            count: group.count,
            type: groupTypeLabel(group, language, lookup.indicatorName),
            place,
          })}
        </span>
        <span className="alert-group__chevron" aria-hidden="true">
          {isExpanded ? '▾' : '▸'}
        </span>
      </button>
      {isExpanded ? <ol className="alert-group__list">{children}</ol> : null}
    </li>
  );
};
