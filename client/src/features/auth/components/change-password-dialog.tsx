import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../../../lib/api-client';
import { useI18n } from '../../../lib/i18n';
import { TextField } from '../../admin-feeds/components/fields';
import { type FieldErrors, fieldErrorsFromServer } from '../../admin-feeds/model/form-errors';
import { useChangePassword } from '../api/session';
import {
  emptyPasswordChangeForm,
  type PasswordChangeForm,
  validatePasswordChange,
} from '../model/password-change';

/**
 * Change one's own password, in a modal `<dialog>` (focus trapped, Escape closes). The server
 * ends the user's other sessions; this one stays.
 */
export const ChangePasswordDialog = ({ onClose }: { onClose: () => void }) => {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const change = useChangePassword();
  const [form, setForm] = useState<PasswordChangeForm>(emptyPasswordChangeForm);
  const [isAttempted, setIsAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    return () => dialog.close();
  }, []);

  const validation = validatePasswordChange(form);
  const errors: FieldErrors = {
    ...serverErrors,
    ...(isAttempted && !validation.ok ? validation.problems : {}),
  };
  const set = (key: keyof PasswordChangeForm) => (value: string) => {
    setForm((current) => ({ ...current, [key]: value }));
    setServerErrors({});
    if (change.isError) change.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setIsAttempted(true);
    if (!validation.ok || change.isPending) return;
    change.mutate(validation.request, {
      onError: (error) => {
        // 400 without field issues: the current password was wrong.
        if (error instanceof ApiError && error.status === 400) {
          setServerErrors(
            error.issues && error.issues.length > 0
              ? fieldErrorsFromServer(error.issues)
              : { currentPassword: { key: 'password.wrongCurrent' } },
          );
        }
      },
    });
  };

  const otherError =
    change.error && !(change.error instanceof ApiError && change.error.status === 400)
      ? change.error
      : null;

  return (
    <dialog
      ref={ref}
      className="confirm-dialog password-dialog"
      aria-labelledby={titleId}
      data-testid="password-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId} className="confirm-dialog__title">
        {t('password.title')}
      </h2>
      {change.isSuccess ? (
        <>
          <p className="form-notice" role="status" data-testid="password-changed">
            {t('password.changed')}
          </p>
          <div className="confirm-dialog__actions">
            <button type="button" className="button button--primary" onClick={onClose}>
              {t('form.close')}
            </button>
          </div>
        </>
      ) : (
        <form className="password-dialog__form" noValidate onSubmit={submit}>
          <TextField
            label={t('password.current')}
            path="currentPassword"
            errors={errors}
            type="password"
            autoComplete="current-password"
            value={form.currentPassword}
            onChange={set('currentPassword')}
          />
          <TextField
            label={t('password.new')}
            hint={t('password.newHint')}
            path="newPassword"
            errors={errors}
            type="password"
            autoComplete="new-password"
            value={form.newPassword}
            onChange={set('newPassword')}
          />
          <TextField
            label={t('password.confirm')}
            path="confirmPassword"
            errors={errors}
            type="password"
            autoComplete="new-password"
            value={form.confirmPassword}
            onChange={set('confirmPassword')}
          />
          {otherError ? (
            <p className="form-alert" role="alert">
              {t('password.failed', { message: otherError.message })}
            </p>
          ) : null}
          <div className="confirm-dialog__actions">
            <button type="button" className="button" onClick={onClose}>
              {t('admin.cancel')}
            </button>
            <button
              type="submit"
              className="button button--primary"
              disabled={change.isPending}
              data-testid="password-save"
            >
              {change.isPending ? t('password.saving') : t('password.save')}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
};
