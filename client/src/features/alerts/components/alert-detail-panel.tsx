import { type Alert, type AlertAction, isSilencedAt } from '@city-ioc/shared';
import { useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import { SeverityBadge } from '../../../components/severity-badge';
import { ApiError } from '../../../lib/api-client';
import {
  formatDateTime,
  formatShortDateTime,
  type I18n,
  LOCALES,
  useI18n,
} from '../../../lib/i18n';
import { severityCss } from '../../../lib/severity-palette';
import { useNow } from '../../../lib/use-now';
import { usePrincipal } from '../../auth/api/session';
import { canActOnAlerts } from '../../auth/model/principal';
import {
  alertAssigneesQueryOptions,
  alertDetailQueryOptions,
  useAlertAction,
  useAssignAlert,
} from '../api/alert-detail';
import { useAlertDetailLiveRefresh } from '../api/alert-detail-live';
import { useLiveAlerts } from '../api/use-live-alerts';
import type { AlertContextLookup } from '../model/alert-context';
import { assigneeChoices, newestAlert, optionalComment } from '../model/alert-detail';
import { formatReading, localized } from '../model/alert-format';
import { actionLabelKey, allowedActions } from '../model/alert-lifecycle';
import { canSilence, canTickSop } from '../model/alert-sop';
import { AlertCommentThread } from './alert-comment-thread';
import { AlertContextView } from './alert-context-view';
import { AlertLifecycleStepper } from './alert-lifecycle-stepper';
import { AlertSilenceForm } from './alert-silence-form';
import { AlertSopChecklist } from './alert-sop-checklist';
import { AlertTimeline } from './alert-timeline';

interface AlertDetailPanelProps {
  alertId: string;
  lookup: AlertContextLookup;
  timeZone: string;
  onClose: () => void;
}

/**
 * The drill-down of the selected alert: what it is, where it stands in its lifecycle, who
 * handles it, the discussion and the timeline. Live: a newer version of the alert (another
 * operator's action, a comment) refreshes it. People who act on alerts get the controls;
 * viewers and wall screens only read. Every text is rendered as React text, never as HTML.
 */
export const AlertDetailPanel = ({ alertId, lookup, timeZone, onClose }: AlertDetailPanelProps) => {
  const i18n = useI18n();
  const { t } = i18n;
  const titleId = useId();
  const principal = usePrincipal();
  const canAct = canActOnAlerts(principal);
  const detail = useQuery(alertDetailQueryOptions(alertId));
  const liveAlert = useLiveAlerts().data?.alerts.get(alertId);
  useAlertDetailLiveRefresh(alertId);

  const isNotFound = detail.error instanceof ApiError && detail.error.status === 404;
  const alert = detail.data ? newestAlert(detail.data.alert, liveAlert) : undefined;

  return (
    <section
      className="alert-detail"
      data-testid="alert-detail"
      data-alert-id={alertId}
      data-version={alert?.version}
      aria-labelledby={titleId}
      style={alert ? { borderTopColor: severityCss(alert.severity) } : undefined}
    >
      <header className="alert-detail__header">
        {alert ? <SeverityBadge severity={alert.severity} /> : null}
        <h2 id={titleId} className="alert-detail__title">
          {alert ? localized(alert.title, i18n.language) : t('alertDetail.title')}
        </h2>
        <button
          type="button"
          className="button button--quiet alert-detail__dismiss"
          data-testid="alert-detail-dismiss"
          aria-label={t('alertDetail.dismiss')}
          title={t('alertDetail.dismiss')}
          onClick={onClose}
        >
          ×
        </button>
      </header>
      {detail.isPending ? <p className="alert-detail__muted">{t('alertDetail.loading')}</p> : null}
      {detail.isError && !detail.data ? (
        <p className="alert-detail__muted" role="alert">
          {isNotFound
            ? t('alertDetail.notFound')
            : t('alertDetail.loadFailed', { message: detail.error.message })}
        </p>
      ) : null}
      {alert && detail.data ? (
        <div className="alert-detail__body">
          <AlertLifecycleStepper alert={alert} i18n={i18n} />
          <AlertFacts alert={alert} lookup={lookup} timeZone={timeZone} i18n={i18n} />
          <AlertContextView alert={alert} lookup={lookup} timeZone={timeZone} i18n={i18n} />
          <AlertAssignee alert={alert} canAssign={canAct} i18n={i18n} />
          {canAct ? <AlertActions alert={alert} i18n={i18n} /> : null}
          <AlertSopChecklist
            alertId={alertId}
            steps={detail.data.sop}
            canTick={canTickSop(alert, canAct)}
            isClosed={alert.closedAt !== null}
            timeZone={timeZone}
            i18n={i18n}
          />
          {canSilence(alert, canAct) ? (
            <AlertSilenceForm alert={alert} timeZone={timeZone} i18n={i18n} />
          ) : null}
          <AlertCommentThread
            alertId={alertId}
            comments={detail.data.comments}
            canComment={canAct}
            timeZone={timeZone}
            i18n={i18n}
          />
          <AlertTimeline timeline={detail.data.timeline} timeZone={timeZone} i18n={i18n} />
        </div>
      ) : null}
    </section>
  );
};

interface AlertFactsProps {
  alert: Alert;
  lookup: AlertContextLookup;
  timeZone: string;
  i18n: I18n;
}

/** Department, place, reading against its threshold, and the times, in the city's time zone. */
const AlertFacts = ({ alert, lookup, timeZone, i18n: { language, t } }: AlertFactsProps) => {
  const reading = formatReading(alert, language, lookup.unit(alert));
  const place = lookup.placeName(alert);
  const nowMs = useNow(30_000);
  return (
    <dl className="alert-facts">
      <dt>{t('alertDetail.department')}</dt>
      <dd data-field="department">{lookup.departmentName(alert) ?? alert.departmentId}</dd>
      <dt>{t('alertDetail.place')}</dt>
      <dd data-field="place">{place ?? t('alerts.placeUnknown')}</dd>
      <dt>{t('alertDetail.reading')}</dt>
      <dd data-field="reading">
        {reading ?? t('alertDetail.noReading')}
        {alert.occurrences > 1 ? (
          <span className="alert-facts__count">
            {t('alerts.occurrences', { count: alert.occurrences })}
          </span>
        ) : null}
      </dd>
      <dt>{t('alertDetail.firstAt')}</dt>
      <dd data-field="firstAt">
        <time dateTime={alert.firstAt}>{formatDateTime(alert.firstAt, language, timeZone)}</time>
      </dd>
      <dt>{t('alertDetail.lastAt')}</dt>
      <dd data-field="lastAt">
        <time dateTime={alert.lastAt}>{formatDateTime(alert.lastAt, language, timeZone)}</time>
      </dd>
      {alert.silencedUntil !== null && isSilencedAt(alert, new Date(nowMs)) ? (
        <>
          <dt>{t('silence.action')}</dt>
          <dd data-field="silencedUntil">
            <span className="silenced-badge" data-testid="alert-silenced">
              {t('alerts.silencedUntil', {
                time: formatShortDateTime(alert.silencedUntil, language, timeZone),
              })}
            </span>
          </dd>
        </>
      ) : null}
      {alert.closedAt ? (
        <>
          <dt>{t('alertDetail.closedAt')}</dt>
          <dd data-field="closedAt">
            <time dateTime={alert.closedAt}>
              {formatDateTime(alert.closedAt, language, timeZone)}
            </time>
          </dd>
        </>
      ) : null}
    </dl>
  );
};

interface AlertAssigneeProps {
  alert: Alert;
  canAssign: boolean;
  i18n: I18n;
}

/** Who handles the alert: a select for people who act on alerts, plain text for the others. */
const AlertAssignee = ({ alert, canAssign, i18n: { language, t } }: AlertAssigneeProps) => {
  const selectId = useId();
  // Only asked by those who may assign: the server refuses it to viewers and wall screens.
  const people = useQuery({ ...alertAssigneesQueryOptions(alert.id), enabled: canAssign });
  const assign = useAssignAlert(alert.id);
  const choices = useMemo(
    () => assigneeChoices(people.data ?? [], alert.assignee, LOCALES[language]),
    [people.data, alert.assignee, language],
  );

  if (!canAssign) {
    return (
      <div className="alert-detail__row">
        <span className="field__label">{t('alertDetail.assignee')}</span>
        <span data-testid="alert-assignee">
          {alert.assignee?.name ?? t('alertDetail.unassigned')}
        </span>
      </div>
    );
  }
  return (
    <div className="alert-detail__row">
      <label htmlFor={selectId} className="field__label">
        {t('alertDetail.assignee')}
      </label>
      <select
        id={selectId}
        className="input alert-detail__select"
        data-testid="alert-assignee-select"
        value={alert.assignee?.userId ?? ''}
        disabled={assign.isPending || people.isPending}
        onChange={(event) => assign.mutate(event.target.value === '' ? null : event.target.value)}
      >
        <option value="">
          {people.isPending ? t('alertDetail.assigneesLoading') : t('alertDetail.unassigned')}
        </option>
        {choices.map((person) => (
          <option key={person.userId} value={person.userId}>
            {person.name}
          </option>
        ))}
      </select>
      {assign.isError ? (
        <span className="field__error" role="alert">
          {t('alertDetail.assignFailed', { message: assign.error.message })}
        </span>
      ) : null}
    </div>
  );
};

interface AlertActionsProps {
  alert: Alert;
  i18n: I18n;
}

/** The buttons valid for the alert's current status; resolving may carry a note. */
const AlertActions = ({ alert, i18n: { t } }: AlertActionsProps) => {
  const noteId = useId();
  const [note, setNote] = useState('');
  const run = useAlertAction(alert.id);
  const actions = allowedActions(alert);
  const canResolve = actions.includes('resolve');

  const onAction = (action: AlertAction) => {
    const comment = action === 'resolve' ? optionalComment(note) : undefined;
    run.mutate({ action, comment }, { onSuccess: () => setNote('') });
  };

  return (
    <section className="alert-detail__section" aria-label={t('alertDetail.actions')}>
      {actions.length === 0 ? (
        <p className="alert-detail__muted">{t('alertDetail.noActions')}</p>
      ) : null}
      {canResolve ? (
        <div className="field">
          <label htmlFor={noteId} className="field__label">
            {t('alertDetail.resolveComment')}
          </label>
          <textarea
            id={noteId}
            className="input alert-detail__note"
            data-testid="alert-resolve-comment"
            rows={2}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
        </div>
      ) : null}
      {actions.length > 0 ? (
        <div className="alert-detail__actions">
          {actions.map((action) => (
            <button
              key={action}
              type="button"
              className={
                action === actions[0] ? 'button button--primary' : 'button alert-detail__action'
              }
              data-testid={`alert-action-${action}`}
              disabled={run.isPending}
              onClick={() => onAction(action)}
            >
              {run.isPending && run.variables?.action === action
                ? t('alertDetail.working')
                : t(actionLabelKey(action))}
            </button>
          ))}
        </div>
      ) : null}
      {run.isError ? (
        <span className="field__error" role="alert">
          {t('alertDetail.actionFailed', { message: run.error.message })}
        </span>
      ) : null}
    </section>
  );
};
