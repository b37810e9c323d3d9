import type { User } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import {
  describeUserDepartments,
  emptyUserForm,
  sortUsers,
  type UserFormState,
  userFormFromUser,
  validateUserForm,
} from './user-form';

const user = (overrides: Partial<User> = {}): User => ({
  id: 'u1',
  username: 'lan.nguyen',
  displayName: 'Nguyễn Thị Lan',
  role: 'department_head',
  departmentIds: ['dept:TNMT'],
  isDisabled: false,
  createdAt: '2025-11-20T01:00:00.000Z',
  lastSignInAt: null,
  ...overrides,
});

const newForm = (overrides: Partial<UserFormState> = {}): UserFormState => ({
  ...emptyUserForm(),
  username: 'minh.tran',
  displayName: 'Trần Văn Minh',
  role: 'operator',
  password: 'correct horse battery',
  ...overrides,
});

describe('user form ↔ input', () => {
  it('turns a new operator into the input the server expects', () => {
    expect(validateUserForm(newForm({ username: ' Minh.Tran ' }))).toEqual({
      ok: true,
      input: {
        username: 'minh.tran',
        displayName: 'Trần Văn Minh',
        role: 'operator',
        departmentIds: [],
        isDisabled: false,
        password: 'correct horse battery',
      },
    });
  });

  it('edits without a password unless the administrator resets it', () => {
    const form = userFormFromUser(user());
    expect(form).toMatchObject({ editingId: 'u1', password: '', isResettingPassword: false });
    const kept = validateUserForm(form);
    expect(kept.ok && 'password' in kept.input).toBe(false);
    expect(kept).toMatchObject({
      ok: true,
      input: { username: 'lan.nguyen', role: 'department_head', departmentIds: ['dept:TNMT'] },
    });
    const reset = validateUserForm({
      ...form,
      isResettingPassword: true,
      password: 'a brand new passphrase',
    });
    expect(reset).toMatchObject({ ok: true, input: { password: 'a brand new passphrase' } });
  });

  it('keeps departments only for the roles they mean something to', () => {
    const operator = validateUserForm(newForm({ role: 'operator', departmentIds: ['dept:GTVT'] }));
    expect(operator).toMatchObject({ ok: true, input: { departmentIds: [] } });
    const viewer = validateUserForm(newForm({ role: 'viewer', departmentIds: ['dept:GTVT'] }));
    expect(viewer).toMatchObject({ ok: true, input: { departmentIds: ['dept:GTVT'] } });
  });

  it('carries the disabled flag both ways', () => {
    expect(userFormFromUser(user({ isDisabled: true })).isDisabled).toBe(true);
    expect(validateUserForm(newForm({ isDisabled: true }))).toMatchObject({
      ok: true,
      input: { isDisabled: true },
    });
  });
});

describe('validateUserForm mirrors the server', () => {
  it('requires a password of at least 12 characters when creating', () => {
    expect(validateUserForm(newForm({ password: '' }))).toEqual({
      ok: false,
      errors: { password: { key: 'validation.required' } },
    });
    expect(validateUserForm(newForm({ password: 'elevenchars' }))).toEqual({
      ok: false,
      errors: { password: { key: 'validation.minLength', params: { min: 12 } } },
    });
    expect(validateUserForm(newForm({ password: 'twelve chars' })).ok).toBe(true);
  });

  it('requires the new password once a reset is asked for', () => {
    const form = { ...userFormFromUser(user()), isResettingPassword: true };
    expect(validateUserForm(form)).toEqual({
      ok: false,
      errors: { password: { key: 'validation.required' } },
    });
  });

  it('wants a department for a department head', () => {
    expect(validateUserForm(newForm({ role: 'department_head', departmentIds: [] }))).toEqual({
      ok: false,
      errors: { departmentIds: { key: 'validation.departmentHeadNeedsDepartment' } },
    });
  });

  it('checks the user name and the name', () => {
    const result = validateUserForm(newForm({ username: 'ab', displayName: '  ' }));
    expect(result).toEqual({
      ok: false,
      errors: {
        username: { key: 'validation.usernameFormat' },
        displayName: { key: 'validation.required' },
      },
    });
    expect(validateUserForm(newForm({ username: 'lan nguyen' }))).toMatchObject({
      ok: false,
      errors: { username: { key: 'validation.usernameFormat' } },
    });
    expect(validateUserForm(newForm({ username: '' }))).toMatchObject({
      ok: false,
      errors: { username: { key: 'validation.required' } },
    });
  });
});

describe('describeUserDepartments', () => {
  const name = (id: string) => ({ 'dept:TNMT': 'Sở TN&MT', 'dept:GTVT': 'Sở GTVT' })[id] ?? id;

  it('reads like the access rules', () => {
    expect(describeUserDepartments(user({ role: 'admin', departmentIds: ['x'] }), name)).toEqual({
      kind: 'all',
    });
    expect(describeUserDepartments(user({ role: 'viewer', departmentIds: [] }), name)).toEqual({
      kind: 'all',
    });
    expect(describeUserDepartments(user({ departmentIds: [] }), name)).toEqual({ kind: 'none' });
    expect(
      describeUserDepartments(user({ departmentIds: ['dept:TNMT', 'dept:XYZ'] }), name),
    ).toEqual({ kind: 'some', names: ['Sở TN&MT', 'dept:XYZ'] });
  });
});

describe('sortUsers', () => {
  it('lists active users by role, then disabled ones', () => {
    const sorted = sortUsers([
      user({ id: 'a', username: 'z-viewer', role: 'viewer' }),
      user({ id: 'b', username: 'old-admin', role: 'admin', isDisabled: true }),
      user({ id: 'c', username: 'admin', role: 'admin' }),
      user({ id: 'd', username: 'b-operator', role: 'operator' }),
      user({ id: 'e', username: 'a-operator', role: 'operator' }),
    ]);
    expect(sorted.map((u) => u.id)).toEqual(['c', 'e', 'd', 'a', 'b']);
  });
});
