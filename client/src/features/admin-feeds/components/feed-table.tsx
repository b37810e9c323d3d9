import type { AdminFeed } from '@city-ioc/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { AdminPanel } from '../../../components/admin-panel';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { formatNumber, useI18n } from '../../../lib/i18n';
import { useNow } from '../../../lib/use-now';
import { adminFeedsQueryOptions } from '../api/admin-feed-queries';
import { useDeleteFeed } from '../api/delete-feed';
import { useSetFeedEnabled } from '../api/set-feed-enabled';
import {
  describeAdapter,
  describeCadence,
  describeCredential,
  describeLastCheck,
  describeLastData,
  describeSchedule,
  feedCadenceOf,
  feedHealthState,
  sortAdminFeeds,
} from '../model/feed-display';
import { useAdminFeedsViewStore } from '../store';
import { FeedHealthBadge } from './feed-health-badge';
import type { SelectOption } from './fields';

interface FeedTableProps {
  departments: readonly SelectOption[];
  timeZone: string;
  onFeedsChanged?: () => void;
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** Every feed with its health, and the actions on it. Health follows `feed:status-changed`. */
export const FeedTable = ({ departments, timeZone, onFeedsChanged }: FeedTableProps) => {
  const { language, t } = useI18n();
  const now = useNow();
  const { data: feeds, isPending, isError, error } = useQuery(adminFeedsQueryOptions());
  const editor = useAdminFeedsViewStore((state) => state.editor);
  const createStarted = useAdminFeedsViewStore((state) => state.createStarted);
  const editStarted = useAdminFeedsViewStore((state) => state.editStarted);
  const editorClosed = useAdminFeedsViewStore((state) => state.editorClosed);
  const savedFeedName = useAdminFeedsViewStore((state) => state.savedFeedName);
  const setEnabled = useSetFeedEnabled({ onChanged: onFeedsChanged });
  const deleteFeed = useDeleteFeed({ onChanged: onFeedsChanged });
  const [pendingDelete, setPendingDelete] = useState<AdminFeed | null>(null);

  const departmentNames = useMemo(
    () => new Map(departments.map((option) => [option.value, option.label])),
    [departments],
  );
  const departmentName = (id: string) => departmentNames.get(id) ?? id;
  const rows = useMemo(
    () => sortAdminFeeds(feeds ?? [], (id) => departmentNames.get(id) ?? id),
    [feeds, departmentNames],
  );
  const actionError = setEnabled.error ?? deleteFeed.error;

  const confirmDelete = () => {
    if (!pendingDelete) return;
    const feedId = pendingDelete.feed.id;
    deleteFeed.mutate(feedId, {
      onSettled: () => setPendingDelete(null),
      onSuccess: () => {
        if (editor?.kind === 'edit' && editor.feedId === feedId) editorClosed();
      },
    });
  };

  return (
    <AdminPanel
      titleId="admin-feeds-title"
      title={t('admin.title')}
      count={feeds ? t('admin.count', { count: feeds.length }) : null}
      add={{ label: t('admin.add'), testId: 'feed-add', onClick: createStarted }}
      intro={t('admin.intro')}
      saved={
        savedFeedName
          ? { text: t('form.saved', { name: savedFeedName }), testId: 'feed-saved' }
          : null
      }
      actionError={
        actionError ? t('admin.actionFailed', { message: messageOf(actionError) }) : null
      }
      loading={isPending ? t('admin.loading') : null}
      loadError={isError && !feeds ? t('admin.loadFailed', { message: messageOf(error) }) : null}
      empty={feeds && feeds.length === 0 ? t('admin.empty') : null}
    >
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table" data-testid="feed-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.col.name')}</th>
                <th scope="col">{t('admin.col.adapter')}</th>
                <th scope="col">{t('admin.col.department')}</th>
                <th scope="col">{t('admin.col.state')}</th>
                <th scope="col">{t('admin.col.lastData')}</th>
                <th scope="col">{t('admin.col.cadence')}</th>
                <th scope="col" className="data-table__number">
                  {t('admin.col.observations')}
                </th>
                <th scope="col" className="data-table__number">
                  {t('admin.col.errors')}
                </th>
                <th scope="col">{t('admin.col.lastError')}</th>
                <th scope="col" className="data-table__actions">
                  {t('admin.col.actions')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ feed, status }) => {
                const state = feedHealthState(feed, status);
                const lastData = describeLastData(
                  status?.lastSuccessAt ?? null,
                  now,
                  language,
                  timeZone,
                );
                const lastCheck = describeLastCheck(status, now, language, timeZone);
                const credential = describeCredential(feed, language);
                const schedule = describeSchedule(feed, language);
                const isBusy =
                  (setEnabled.isPending && setEnabled.variables?.feedId === feed.id) ||
                  (deleteFeed.isPending && deleteFeed.variables === feed.id);
                return (
                  <tr
                    key={feed.id}
                    data-testid="feed-row"
                    data-feed-id={feed.id}
                    data-state={state}
                    aria-current={
                      editor?.kind === 'edit' && editor.feedId === feed.id ? 'true' : undefined
                    }
                  >
                    <th scope="row" className="data-table__name">
                      <span>{feed.name}</span>
                      <span className="data-table__id">{feed.id}</span>
                    </th>
                    <td>
                      <span className="data-table__nowrap">{describeAdapter(feed, language)}</span>
                      {credential ? (
                        <span className="data-table__sub" data-testid="feed-credential">
                          {credential}
                        </span>
                      ) : null}
                    </td>
                    <td className="data-table__department">{departmentName(feed.departmentId)}</td>
                    <td>
                      <FeedHealthBadge state={state} />
                    </td>
                    <td className="data-table__age">
                      <span title={lastData.title}>{lastData.text}</span>
                      {lastCheck ? (
                        <span
                          className="data-table__sub"
                          title={lastCheck.title}
                          data-testid="feed-last-check"
                        >
                          {lastCheck.text}
                        </span>
                      ) : null}
                    </td>
                    <td className="data-table__age">
                      {describeCadence(feedCadenceOf(feed, status), language)}
                      {schedule ? (
                        <span className="data-table__sub" data-testid="feed-schedule">
                          {schedule}
                        </span>
                      ) : null}
                    </td>
                    <td className="data-table__number">
                      {formatNumber(status?.observationsTotal ?? 0, language, 0)}
                    </td>
                    <td className="data-table__number">
                      {formatNumber(status?.errorsTotal ?? 0, language, 0)}
                    </td>
                    {status?.lastError ? (
                      <td className="data-table__error" title={status.lastError}>
                        {status.lastError}
                      </td>
                    ) : (
                      <td className="data-table__none">—</td>
                    )}
                    <td className="data-table__actions">
                      <div className="row-actions">
                        <button
                          type="button"
                          className="button"
                          onClick={() => editStarted(feed.id)}
                        >
                          {t('admin.edit')}
                        </button>
                        <button
                          type="button"
                          className="button"
                          disabled={isBusy}
                          onClick={() =>
                            setEnabled.mutate({ feedId: feed.id, enabled: !feed.enabled })
                          }
                        >
                          {feed.enabled ? t('admin.disable') : t('admin.enable')}
                        </button>
                        <button
                          type="button"
                          className="button button--danger"
                          disabled={isBusy}
                          onClick={() => {
                            deleteFeed.reset();
                            setPendingDelete({ feed, status });
                          }}
                        >
                          {t('admin.delete')}
                        </button>
                      </div>
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
          title={t('admin.confirmDelete.title')}
          message={t('admin.confirmDelete.body', { name: pendingDelete.feed.name })}
          confirmLabel={t('admin.delete')}
          cancelLabel={t('admin.cancel')}
          isBusy={deleteFeed.isPending}
          onConfirm={confirmDelete}
          onCancel={() => setPendingDelete(null)}
        />
      ) : null}
    </AdminPanel>
  );
};
