import { describe, expect, it } from 'vitest';
import { emptyPasswordChangeForm, validatePasswordChange } from './password-change';

const form = (overrides: Partial<ReturnType<typeof emptyPasswordChangeForm>>) => ({
  ...emptyPasswordChangeForm(),
  ...overrides,
});

describe('validatePasswordChange', () => {
  it('accepts a new password of 12 characters typed twice', () => {
    expect(
      validatePasswordChange(
        form({
          currentPassword: 'old-password-1',
          newPassword: 'twelve-chars',
          confirmPassword: 'twelve-chars',
        }),
      ),
    ).toEqual({
      ok: true,
      request: { currentPassword: 'old-password-1', newPassword: 'twelve-chars' },
    });
  });

  it('refuses a new password shorter than 12 characters, as the server does', () => {
    const result = validatePasswordChange(
      form({ currentPassword: 'x', newPassword: 'eleven-char', confirmPassword: 'eleven-char' }),
    );
    expect(result).toEqual({
      ok: false,
      problems: { newPassword: { key: 'validation.minLength', params: { min: 12 } } },
    });
  });

  it('wants the current password, a match, and a password that is new', () => {
    expect(validatePasswordChange(form({}))).toEqual({
      ok: false,
      problems: {
        currentPassword: { key: 'validation.required' },
        newPassword: { key: 'validation.required' },
      },
    });
    expect(
      validatePasswordChange(
        form({
          currentPassword: 'same-password-1',
          newPassword: 'same-password-1',
          confirmPassword: 'same-password-1',
        }),
      ),
    ).toMatchObject({ ok: false, problems: { newPassword: { key: 'password.sameAsCurrent' } } });
    expect(
      validatePasswordChange(
        form({
          currentPassword: 'old-password-1',
          newPassword: 'new-password-12',
          confirmPassword: 'new-password-13',
        }),
      ),
    ).toEqual({ ok: false, problems: { confirmPassword: { key: 'password.mismatch' } } });
  });
});
