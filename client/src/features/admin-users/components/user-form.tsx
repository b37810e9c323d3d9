import type { Role } from '@city-ioc/shared';
import { type FormEvent, useId, useMemo, useState } from 'react';
import { CheckboxGroup } from '../../../components/checkbox-group';
import { ApiError } from '../../../lib/api-client';
import { useI18n } from '../../../lib/i18n';
import { SelectField, type SelectOption, TextField } from '../../admin-feeds/components/fields';
import { type FieldErrors, fieldErrorsFromServer } from '../../admin-feeds/model/form-errors';
import { ROLES, roleLabelKey } from '../../auth/model/principal';
import { useSaveUser } from '../api/users';
import { type UserFormState, usesDepartments, validateUserForm } from '../model/user-form';

interface UserFormProps {
  initial: UserFormState;
  departments: readonly SelectOption[];
  onSaved: (name: string) => void;
  onClose: () => void;
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * Create or edit one account. Checked as the server checks it before anything is sent; what
 * the server still refuses (a user name already taken) is shown as it said it.
 */
export const UserForm = ({ initial, departments, onSaved, onClose }: UserFormProps) => {
  const { t } = useI18n();
  const titleId = useId();
  const [form, setForm] = useState(initial);
  const [isAttempted, setIsAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const save = useSaveUser();
  const isCreating = form.editingId === null;

  const validation = useMemo(
    () => (isAttempted ? validateUserForm(form) : null),
    [form, isAttempted],
  );
  const errors: FieldErrors = {
    ...serverErrors,
    ...(validation && !validation.ok ? validation.errors : {}),
  };
  const hasErrors = Object.keys(errors).length > 0;

  const set = <K extends keyof UserFormState>(key: K, value: UserFormState[K]) => {
    setForm((current) => ({ ...current, [key]: value }));
    setServerErrors({});
    if (save.isError) save.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setIsAttempted(true);
    const result = validateUserForm(form);
    if (!result.ok || save.isPending) return;
    save.mutate(
      { input: result.input, editingId: form.editingId },
      {
        onSuccess: (saved) => onSaved(saved.displayName || saved.username),
        onError: (error) =>
          setServerErrors(fieldErrorsFromServer(error instanceof ApiError ? error.issues : [])),
      },
    );
  };

  const roleOptions = ROLES.map((role) => ({ value: role, label: t(roleLabelKey(role)) }));
  const departmentError = errors.departmentIds;

  return (
    <form
      className="feed-form"
      aria-labelledby={titleId}
      data-testid="user-form"
      noValidate
      onSubmit={submit}
    >
      <div className="feed-form__header">
        <h2 id={titleId}>
          {isCreating
            ? t('users.createTitle')
            : t('users.editTitle', { name: initial.displayName || initial.username })}
        </h2>
        <button type="button" className="button button--quiet" onClick={onClose}>
          {t('form.close')}
        </button>
      </div>
      <div className="form-grid">
        <TextField
          label={t('users.username')}
          hint={isCreating ? t('users.usernameHint') : undefined}
          path="username"
          errors={errors}
          value={form.username}
          isReadOnly={!isCreating}
          autoComplete="off"
          onChange={(value) => set('username', value)}
        />
        <TextField
          label={t('users.displayName')}
          path="displayName"
          errors={errors}
          value={form.displayName}
          autoComplete="off"
          onChange={(value) => set('displayName', value)}
        />
        <SelectField
          label={t('users.role')}
          hint={t(`users.roleHint.${form.role}`)}
          path="role"
          errors={errors}
          value={form.role}
          options={roleOptions}
          onChange={(value) => set('role', value as Role)}
        />
        <div className="field field--center">
          <label className="checkbox" data-field="isDisabled">
            <input
              type="checkbox"
              checked={form.isDisabled}
              onChange={(event) => set('isDisabled', event.target.checked)}
            />
            {t('users.disabled')}
          </label>
        </div>
        {usesDepartments(form.role) ? (
          <CheckboxGroup
            legend={t('users.departments')}
            path="departmentIds"
            options={departments}
            selected={form.departmentIds}
            onChange={(ids) => set('departmentIds', ids)}
            hint={
              form.role === 'department_head'
                ? t('users.departmentsHint.department_head')
                : t('users.departmentsHint.viewer')
            }
            error={departmentError ? t(departmentError.key, departmentError.params) : undefined}
          />
        ) : (
          <p className="form-section__hint field--wide">{t('users.departmentsNotUsed')}</p>
        )}
        {isCreating ? (
          <TextField
            className="field--wide"
            label={t('users.password')}
            hint={t('users.passwordHint')}
            path="password"
            errors={errors}
            type="password"
            autoComplete="new-password"
            value={form.password}
            onChange={(value) => set('password', value)}
          />
        ) : (
          <div className="field field--wide">
            <label className="checkbox" data-field="isResettingPassword">
              <input
                type="checkbox"
                checked={form.isResettingPassword}
                onChange={(event) => {
                  set('isResettingPassword', event.target.checked);
                  if (!event.target.checked) set('password', '');
                }}
              />
              {t('users.resetPassword')}
            </label>
          </div>
        )}
        {!isCreating && form.isResettingPassword ? (
          <TextField
            className="field--wide"
            label={t('users.newPassword')}
            hint={t('users.passwordHint')}
            path="password"
            errors={errors}
            type="password"
            autoComplete="new-password"
            value={form.password}
            onChange={(value) => set('password', value)}
          />
        ) : null}
      </div>
      <div className="feed-form__footer">
        {hasErrors && !save.isError ? (
          <p className="form-alert" role="alert">
            {t('form.invalid')}
          </p>
        ) : null}
        {save.isError ? (
          <p className="form-alert" role="alert" data-testid="user-server-error">
            {t('form.serverError', { message: messageOf(save.error) })}
          </p>
        ) : null}
        <div className="feed-form__actions">
          <button
            type="submit"
            className="button button--primary"
            disabled={save.isPending}
            data-testid="user-save"
          >
            {save.isPending ? t('form.saving') : t('form.save')}
          </button>
        </div>
      </div>
    </form>
  );
};
