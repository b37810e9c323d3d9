import type { Principal, User } from '@city-ioc/shared';
import { useState } from 'react';
import { UserForm } from '../features/admin-users/components/user-form';
import { UserTable } from '../features/admin-users/components/user-table';
import {
  emptyUserForm,
  type UserFormState,
  userFormFromUser,
} from '../features/admin-users/model/user-form';
import { useI18n } from '../lib/i18n';
import { Region } from './region';
import { useDepartmentOptions } from './use-department-options';

type Editor = { key: number; initial: UserFormState } | null;

/** The administrators' user screen: the accounts, and the form to add or change one. */
export const AdminUsersView = ({
  timeZone,
  principal,
}: {
  timeZone: string;
  principal: Principal;
}) => {
  const { t } = useI18n();
  const departments = useDepartmentOptions();
  const [editor, setEditor] = useState<Editor>(null);
  const [savedName, setSavedName] = useState<string | null>(null);
  const open = (initial: UserFormState) => {
    setSavedName(null);
    // A new key: reopening the same user starts from a fresh form.
    setEditor((current) => ({ key: (current?.key ?? 0) + 1, initial }));
  };

  return (
    <main className="admin" aria-label={t('nav.adminUsers')}>
      <div className="admin__main">
        <Region name="adminUsers">
          <UserTable
            departments={departments}
            timeZone={timeZone}
            currentUserId={principal.kind === 'user' ? principal.userId : null}
            editingId={editor?.initial.editingId ?? null}
            savedName={savedName}
            onCreate={() => open(emptyUserForm())}
            onEdit={(user: User) => open(userFormFromUser(user))}
          />
        </Region>
      </div>
      <aside className="admin__editor" aria-label={t('region.userForm')}>
        {editor ? (
          <Region name="userForm">
            <UserForm
              key={editor.key}
              initial={editor.initial}
              departments={departments}
              onSaved={(name) => {
                setEditor(null);
                setSavedName(name);
              }}
              onClose={() => setEditor(null)}
            />
          </Region>
        ) : null}
      </aside>
    </main>
  );
};
