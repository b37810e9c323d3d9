import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { formatDateTime, useI18n } from '../../../lib/i18n';
import { SelectField, TextField } from '../../admin-feeds/components/fields';
import { auditActionLabel } from '../../admin-feeds/model/audit-format';
import { auditSearchQueryOptions } from '../api/audit';
import {
  AUDIT_ACTION_GROUPS,
  AUDIT_PAGE_LIMIT,
  type AuditActionPrefix,
  type AuditFilter,
  auditFilterProblems,
  auditQueryString,
  describeAuditDetails,
  emptyAuditFilter,
} from '../model/audit-filter';

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * The audit log with its filter: family of action, actor, days. Newest first; times in the
 * city's time zone. Every value is shown as text.
 */
export const AuditLog = ({ timeZone }: { timeZone: string }) => {
  const { language, t } = useI18n();
  const titleId = useId();
  const [draft, setDraft] = useState<AuditFilter>(emptyAuditFilter);
  const [applied, setApplied] = useState<AuditFilter>(emptyAuditFilter);
  const problems = auditFilterProblems(draft);
  const query = auditQueryString(applied, timeZone);
  const {
    data: entries,
    isPending,
    isError,
    error,
    isFetching,
  } = useQuery(auditSearchQueryOptions(query));

  const set = <K extends keyof AuditFilter>(key: K, value: AuditFilter[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (Object.keys(problems).length === 0) setApplied(draft);
  };
  const clear = () => {
    setDraft(emptyAuditFilter());
    setApplied(emptyAuditFilter());
  };

  return (
    <section className="admin-panel" aria-labelledby={titleId} data-testid="audit-log">
      <div className="admin-panel__header">
        <h2 id={titleId}>{t('auditPage.title')}</h2>
        {entries ? (
          <span className="admin-panel__count" aria-live="polite">
            {t('auditPage.count', { count: entries.length })}
          </span>
        ) : null}
      </div>
      <p className="admin-panel__intro">{t('auditPage.intro')}</p>
      <form className="audit-filter" onSubmit={apply} noValidate data-testid="audit-filter">
        <SelectField
          label={t('auditPage.action')}
          path="action"
          errors={{}}
          value={draft.action}
          options={AUDIT_ACTION_GROUPS.map((group) => ({
            value: group.prefix,
            label: t(group.labelKey),
          }))}
          onChange={(value) => set('action', value as AuditActionPrefix)}
        />
        <TextField
          label={t('auditPage.actor')}
          hint={t('auditPage.actorHint')}
          path="actor"
          errors={{}}
          value={draft.actor}
          onChange={(value) => set('actor', value)}
        />
        <TextField
          label={t('auditPage.from')}
          path="from"
          errors={problems}
          type="date"
          value={draft.from}
          onChange={(value) => set('from', value)}
        />
        <TextField
          label={t('auditPage.to')}
          path="to"
          errors={problems}
          type="date"
          value={draft.to}
          onChange={(value) => set('to', value)}
        />
        <div className="audit-filter__actions">
          <button
            type="submit"
            className="button button--primary"
            disabled={Object.keys(problems).length > 0}
            data-testid="audit-apply"
          >
            {t('auditPage.apply')}
          </button>
          <button type="button" className="button" onClick={clear}>
            {t('auditPage.reset')}
          </button>
        </div>
      </form>
      {isPending ? <p className="admin-panel__note">{t('audit.loading')}</p> : null}
      {isError ? (
        <p className="admin-panel__note" role="alert">
          {t('audit.loadFailed', { message: messageOf(error) })}
        </p>
      ) : null}
      {entries && entries.length === 0 ? (
        <p className="admin-panel__note">{t('auditPage.empty')}</p>
      ) : null}
      {entries && entries.length >= AUDIT_PAGE_LIMIT ? (
        <p className="admin-panel__note">{t('auditPage.limited', { limit: AUDIT_PAGE_LIMIT })}</p>
      ) : null}
      {entries && entries.length > 0 ? (
        <div className="table-scroll" aria-busy={isFetching}>
          <table className="data-table data-table--compact" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">{t('audit.col.time')}</th>
                <th scope="col">{t('audit.col.actor')}</th>
                <th scope="col">{t('audit.col.action')}</th>
                <th scope="col">{t('audit.col.target')}</th>
                <th scope="col">{t('audit.col.details')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} data-testid="audit-entry" data-action={entry.action}>
                  <td className="data-table__time">
                    <time dateTime={entry.at}>{formatDateTime(entry.at, language, timeZone)}</time>
                  </td>
                  <td>{entry.actor}</td>
                  <td title={entry.action}>{auditActionLabel(entry.action, language)}</td>
                  <td className="data-table__id-cell">{entry.target}</td>
                  <td className="data-table__details">{describeAuditDetails(entry.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
};
