import { PasswordSchema } from '@city-ioc/shared';
import type { Message } from './sign-in';

export interface PasswordChangeForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export const emptyPasswordChangeForm = (): PasswordChangeForm => ({
  currentPassword: '',
  newPassword: '',
  confirmPassword: '',
});

/** The shared rule's minimum (12 characters, NIST SP 800-63B), read from the schema itself. */
export const MIN_PASSWORD_LENGTH = PasswordSchema.minLength ?? 12;

export type PasswordChangeProblems = Partial<Record<keyof PasswordChangeForm, Message>>;

/**
 * Checks the password change as the server will (new password of at least 12 characters),
 * plus what only the form knows: both new passwords match, and the new one is new. Pure.
 */
export const validatePasswordChange = (
  form: PasswordChangeForm,
):
  | { ok: true; request: { currentPassword: string; newPassword: string } }
  | { ok: false; problems: PasswordChangeProblems } => {
  const problems: PasswordChangeProblems = {};
  if (form.currentPassword === '') problems.currentPassword = { key: 'validation.required' };
  if (form.newPassword === '') problems.newPassword = { key: 'validation.required' };
  else if (!PasswordSchema.safeParse(form.newPassword).success) {
    problems.newPassword =
      form.newPassword.length < MIN_PASSWORD_LENGTH
        ? { key: 'validation.minLength', params: { min: MIN_PASSWORD_LENGTH } }
        : { key: 'validation.maxLength', params: { max: PasswordSchema.maxLength ?? 256 } };
  } else if (form.newPassword === form.currentPassword) {
    problems.newPassword = { key: 'password.sameAsCurrent' };
  }
  if (!problems.newPassword && form.confirmPassword !== form.newPassword) {
    problems.confirmPassword = { key: 'password.mismatch' };
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    request: { currentPassword: form.currentPassword, newPassword: form.newPassword },
  };
};
