import type { DisplayToken } from '@city-ioc/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { AdminPanel } from '../../../components/admin-panel';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { formatDateTime, useI18n } from '../../../lib/i18n';
import { useNow } from '../../../lib/use-now';
import type { SelectOption } from '../../admin-feeds/components/fields';
import { displayTokensQueryOptions, useRevokeDisplayToken } from '../api/display-tokens';
import { describeLastSeen, sortDisplayTokens } from '../model/display-tokens';

interface DisplayTokenTableProps {
  departments: readonly SelectOption[];
  timeZone: string;
  onCreate: () => void;
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** Every wall screen's token: what it shows, who made it, when it was last seen, revoked or not. */
export const DisplayTokenTable = ({ departments, timeZone, onCreate }: DisplayTokenTableProps) => {
  const { language, t } = useI18n();
  const now = useNow(15_000);
  const { data: tokens, isPending, isError, error } = useQuery(displayTokensQueryOptions());
  const revoke = useRevokeDisplayToken();
  const [pendingRevoke, setPendingRevoke] = useState<DisplayToken | null>(null);
  const departmentNames = useMemo(
    () => new Map(departments.map((option) => [option.value, option.label])),
    [departments],
  );
  const rows = useMemo(() => sortDisplayTokens(tokens ?? []), [tokens]);

  const confirmRevoke = () => {
    if (!pendingRevoke) return;
    revoke.mutate(pendingRevoke.id, { onSettled: () => setPendingRevoke(null) });
  };

  return (
    <AdminPanel
      titleId="display-tokens-title"
      title={t('displays.title')}
      count={tokens ? t('displays.count', { count: tokens.length }) : null}
      add={{ label: t('displays.add'), testId: 'display-token-add', onClick: onCreate }}
      intro={t('displays.intro')}
      actionError={
        revoke.isError ? t('admin.actionFailed', { message: messageOf(revoke.error) }) : null
      }
      loading={isPending ? t('displays.loading') : null}
      loadError={
        isError && !tokens ? t('displays.loadFailed', { message: messageOf(error) }) : null
      }
      empty={tokens && tokens.length === 0 ? t('displays.empty') : null}
    >
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table" data-testid="display-token-table">
            <thead>
              <tr>
                <th scope="col">{t('displays.col.name')}</th>
                <th scope="col">{t('displays.col.departments')}</th>
                <th scope="col">{t('displays.col.created')}</th>
                <th scope="col">{t('displays.col.lastSeen')}</th>
                <th scope="col">{t('displays.col.status')}</th>
                <th scope="col" className="data-table__actions">
                  {t('admin.col.actions')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((token) => {
                const lastSeen = describeLastSeen(token.lastSeenAt, now, language, timeZone);
                const isRevoked = token.revokedAt !== null;
                return (
                  <tr
                    key={token.id}
                    data-testid="display-token-row"
                    data-token-id={token.id}
                    data-revoked={isRevoked}
                  >
                    <th scope="row" className="data-table__name">
                      <span>{token.name}</span>
                    </th>
                    <td className="data-table__department">
                      {token.departmentIds.length === 0
                        ? t('users.allDepartments')
                        : token.departmentIds.map((id) => departmentNames.get(id) ?? id).join(', ')}
                    </td>
                    <td>
                      <span className="data-table__nowrap">{token.createdBy}</span>
                      <span className="data-table__sub">
                        {formatDateTime(token.createdAt, language, timeZone)}
                      </span>
                    </td>
                    <td className="data-table__age">
                      <span title={lastSeen.title}>{lastSeen.text}</span>
                      {token.showing && !isRevoked ? (
                        <span className="data-table__sub" data-testid="display-token-showing">
                          {showingLabel(token.showing, t)}
                        </span>
                      ) : null}
                    </td>
                    <td>
                      <span className="status-badge" data-state={isRevoked ? 'disabled' : 'active'}>
                        {isRevoked ? t('displays.status.revoked') : t('displays.status.active')}
                      </span>
                      {token.revokedAt ? (
                        <span className="data-table__sub">
                          {formatDateTime(token.revokedAt, language, timeZone)}
                        </span>
                      ) : null}
                    </td>
                    <td className="data-table__actions">
                      {isRevoked ? null : (
                        <div className="row-actions">
                          <button
                            type="button"
                            className="button button--danger"
                            disabled={revoke.isPending && revoke.variables === token.id}
                            onClick={() => {
                              revoke.reset();
                              setPendingRevoke(token);
                            }}
                            data-testid="display-token-revoke"
                          >
                            {t('displays.revoke')}
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {pendingRevoke ? (
        <ConfirmDialog
          title={t('displays.confirmRevoke.title')}
          message={t('displays.confirmRevoke.body', { name: pendingRevoke.name })}
          confirmLabel={revoke.isPending ? t('displays.revoking') : t('displays.revoke')}
          cancelLabel={t('admin.cancel')}
          isBusy={revoke.isPending}
          onConfirm={confirmRevoke}
          onCancel={() => setPendingRevoke(null)}
        />
      ) : null}
    </AdminPanel>
  );
};

/** "Tường · Chương trình chuyển đổi số" for `wall:programme`; other values as sent. */
const showingLabel = (showing: string, t: ReturnType<typeof useI18n>['t']) => {
  if (showing === 'wall:overview') return t('displays.showing.overview');
  if (showing === 'wall:programme') return t('displays.showing.programme');
  return showing;
};
