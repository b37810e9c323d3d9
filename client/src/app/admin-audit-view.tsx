import { AuditLog } from '../features/admin-audit/components/audit-log';
import { useI18n } from '../lib/i18n';
import { Region } from './region';

/** The administrators' audit screen: who did what, filtered. */
export const AdminAuditView = ({ timeZone }: { timeZone: string }) => {
  const { t } = useI18n();
  return (
    <main className="admin" aria-label={t('nav.adminAudit')}>
      <div className="admin__main">
        <Region name="auditLog">
          <AuditLog timeZone={timeZone} />
        </Region>
      </div>
    </main>
  );
};
