import { useQuery } from '@tanstack/react-query';
import { formatDateTime, useI18n } from '../../../lib/i18n';
import { AUDIT_LIMIT, auditQueryOptions } from '../api/admin-feed-queries';
import { auditActionLabel } from '../model/audit-format';

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** The latest changes to the feeds: who did what to which feed, and when. */
export const AuditPanel = ({ timeZone }: { timeZone: string }) => {
  const { language, t } = useI18n();
  const { data: entries, isPending, isError, error } = useQuery(auditQueryOptions(AUDIT_LIMIT));
  return (
    <section className="admin-panel" aria-labelledby="audit-title" data-testid="audit-panel">
      <div className="admin-panel__header">
        <h2 id="audit-title">{t('audit.title')}</h2>
      </div>
      {isPending ? <p className="admin-panel__note">{t('audit.loading')}</p> : null}
      {isError && !entries ? (
        <p className="admin-panel__note" role="alert">
          {t('audit.loadFailed', { message: messageOf(error) })}
        </p>
      ) : null}
      {entries && entries.length === 0 ? (
        <p className="admin-panel__note">{t('audit.empty')}</p>
      ) : null}
      {entries && entries.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table data-table--compact">
            <thead>
              <tr>
                <th scope="col">{t('audit.col.time')}</th>
                <th scope="col">{t('audit.col.actor')}</th>
                <th scope="col">{t('audit.col.action')}</th>
                <th scope="col">{t('audit.col.target')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} data-testid="audit-entry" data-action={entry.action}>
                  <td className="data-table__time">
                    {formatDateTime(entry.at, language, timeZone)}
                  </td>
                  <td>{entry.actor}</td>
                  <td>{auditActionLabel(entry.action, language)}</td>
                  <td>{entry.target}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
};
