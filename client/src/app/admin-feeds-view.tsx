import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useAdminFeedsLive } from '../features/admin-feeds/api/use-admin-feeds-live';
import { AuditPanel } from '../features/admin-feeds/components/audit-panel';
import { FeedEditorPanel } from '../features/admin-feeds/components/feed-editor-panel';
import { FeedTable } from '../features/admin-feeds/components/feed-table';
import { localized } from '../features/alerts/model/alert-format';
import { departmentsQueryOptions } from '../features/city/api/city-queries';
import { feedKeys } from '../features/feeds/api/feed-queries';
import { useI18n } from '../lib/i18n';
import { useReferenceData } from './reference-data';
import { Region } from './region';

/**
 * The administrators' feed screen: the feeds with their live health, the create/edit form with
 * its dry run, and the audit log. Departments and indicators come from the city's reference data.
 */
export const AdminFeedsView = ({ timeZone }: { timeZone: string }) => {
  const { language, t } = useI18n();
  const queryClient = useQueryClient();
  const { indicators } = useReferenceData();
  const { data: departmentList } = useQuery(departmentsQueryOptions());
  useAdminFeedsLive();

  const departments = useMemo(
    () =>
      (departmentList ?? [])
        .map((department) => ({
          value: department.id,
          label: localized(department.name, language),
        }))
        .sort((a, b) => a.label.localeCompare(b.label, language)),
    [departmentList, language],
  );
  const indicatorOptions = useMemo(
    () =>
      indicators
        .map((indicator) => ({
          value: indicator.id,
          label: `${localized(indicator.name, language)} (${indicator.id})`,
        }))
        .sort((a, b) => a.label.localeCompare(b.label, language)),
    [indicators, language],
  );
  // The header's feed summary is another feature's query: a feed added, disabled or deleted
  // here changes what it counts.
  const onFeedsChanged = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: feedKeys.statuses() });
  }, [queryClient]);

  return (
    <main className="admin" aria-label={t('nav.adminFeeds')}>
      <div className="admin__main">
        <Region name="adminFeeds">
          <FeedTable
            departments={departments}
            timeZone={timeZone}
            onFeedsChanged={onFeedsChanged}
          />
        </Region>
        <Region name="audit">
          <AuditPanel timeZone={timeZone} />
        </Region>
      </div>
      <aside className="admin__editor" aria-label={t('region.feedForm')}>
        <Region name="feedForm">
          <FeedEditorPanel
            departments={departments}
            indicators={indicatorOptions}
            timeZone={timeZone}
            onFeedsChanged={onFeedsChanged}
          />
        </Region>
      </aside>
    </main>
  );
};
