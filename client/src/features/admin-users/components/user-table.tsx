import type { User } from '@city-ioc/shared';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { AdminPanel } from '../../../components/admin-panel';
import { formatDateTime, useI18n } from '../../../lib/i18n';
import type { SelectOption } from '../../admin-feeds/components/fields';
import { roleLabelKey } from '../../auth/model/principal';
import { usersQueryOptions } from '../api/users';
import { describeUserDepartments, sortUsers } from '../model/user-form';

interface UserTableProps {
  departments: readonly SelectOption[];
  timeZone: string;
  /** The administrator looking at the table (marked "you"). */
  currentUserId: string | null;
  editingId: string | null;
  savedName: string | null;
  onCreate: () => void;
  onEdit: (user: User) => void;
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** Every account: who, which role, which departments, enabled or not, last sign-in. */
export const UserTable = ({
  departments,
  timeZone,
  currentUserId,
  editingId,
  savedName,
  onCreate,
  onEdit,
}: UserTableProps) => {
  const { language, t } = useI18n();
  const { data: users, isPending, isError, error } = useQuery(usersQueryOptions());
  const departmentNames = useMemo(
    () => new Map(departments.map((option) => [option.value, option.label])),
    [departments],
  );
  const rows = useMemo(() => sortUsers(users ?? []), [users]);

  const departmentsText = (user: User) => {
    const scope = describeUserDepartments(user, (id) => departmentNames.get(id) ?? id);
    if (scope.kind === 'all') return t('users.allDepartments');
    if (scope.kind === 'none') return t('users.noDepartment');
    return scope.names.join(', ');
  };

  return (
    <AdminPanel
      titleId="admin-users-title"
      title={t('users.title')}
      count={users ? t('users.count', { count: users.length }) : null}
      add={{ label: t('users.add'), testId: 'user-add', onClick: onCreate }}
      intro={t('users.intro')}
      saved={
        savedName ? { text: t('users.saved', { name: savedName }), testId: 'user-saved' } : null
      }
      loading={isPending ? t('users.loading') : null}
      loadError={isError && !users ? t('users.loadFailed', { message: messageOf(error) }) : null}
      empty={users && users.length === 0 ? t('users.empty') : null}
    >
      {rows.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table" data-testid="user-table">
            <thead>
              <tr>
                <th scope="col">{t('users.col.username')}</th>
                <th scope="col">{t('users.col.name')}</th>
                <th scope="col">{t('users.col.role')}</th>
                <th scope="col">{t('users.col.departments')}</th>
                <th scope="col">{t('users.col.status')}</th>
                <th scope="col">{t('users.col.lastSignIn')}</th>
                <th scope="col" className="data-table__actions">
                  {t('admin.col.actions')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((user) => (
                <tr
                  key={user.id}
                  data-testid="user-row"
                  data-username={user.username}
                  data-disabled={user.isDisabled}
                  aria-current={editingId === user.id ? 'true' : undefined}
                >
                  <th scope="row" className="data-table__name">
                    <span>{user.username}</span>
                    {user.id === currentUserId ? (
                      <span className="data-table__id">({t('users.you')})</span>
                    ) : null}
                  </th>
                  <td>{user.displayName}</td>
                  <td className="data-table__nowrap">{t(roleLabelKey(user.role))}</td>
                  <td className="data-table__department">{departmentsText(user)}</td>
                  <td>
                    <span
                      className="status-badge"
                      data-state={user.isDisabled ? 'disabled' : 'active'}
                    >
                      {user.isDisabled ? t('users.status.disabled') : t('users.status.active')}
                    </span>
                  </td>
                  <td className="data-table__time">
                    {user.lastSignInAt
                      ? formatDateTime(user.lastSignInAt, language, timeZone)
                      : t('users.neverSignedIn')}
                  </td>
                  <td className="data-table__actions">
                    <div className="row-actions">
                      <button type="button" className="button" onClick={() => onEdit(user)}>
                        {t('admin.edit')}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </AdminPanel>
  );
};
