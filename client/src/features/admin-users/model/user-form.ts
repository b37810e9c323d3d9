import { type Role, type User, type UserInput, UserInputSchema } from '@city-ioc/shared';
import {
  type FieldError,
  type FieldErrors,
  fieldErrorsFromIssues,
} from '../../admin-feeds/model/form-errors';

/** The user form as typed: strings and choices, checked only when saved. */
export interface UserFormState {
  /** null when creating. */
  editingId: string | null;
  username: string;
  displayName: string;
  role: Role;
  departmentIds: readonly string[];
  isDisabled: boolean;
  password: string;
  /** Editing: the administrator chose to set a new password. */
  isResettingPassword: boolean;
}

/** A new user: a viewer (least privilege) until the administrator says otherwise. */
export const emptyUserForm = (): UserFormState => ({
  editingId: null,
  username: '',
  displayName: '',
  role: 'viewer',
  departmentIds: [],
  isDisabled: false,
  password: '',
  isResettingPassword: false,
});

/** The form for editing `user`; the password is never known, only replaced. Pure. */
export const userFormFromUser = (user: User): UserFormState => ({
  editingId: user.id,
  username: user.username,
  displayName: user.displayName,
  role: user.role,
  departmentIds: [...user.departmentIds],
  isDisabled: user.isDisabled,
  password: '',
  isResettingPassword: false,
});

/**
 * Whether a role's departments mean anything: a department head's are what they run, a
 * viewer's restrict what they see. Administrators and operators work on the whole city.
 */
export const usesDepartments = (role: Role): boolean =>
  role === 'department_head' || role === 'viewer';

/** Whether the form sends a password: always when creating, on edit only to reset it. */
export const sendsPassword = (form: UserFormState): boolean =>
  form.editingId === null || form.isResettingPassword;

/** What the form would send, before checking. Pure. */
export const userInputCandidate = (form: UserFormState) => ({
  username: form.username,
  displayName: form.displayName,
  role: form.role,
  departmentIds: usesDepartments(form.role) ? [...form.departmentIds] : [],
  isDisabled: form.isDisabled,
  ...(sendsPassword(form) ? { password: form.password } : {}),
});

export type UserFormResult = { ok: true; input: UserInput } | { ok: false; errors: FieldErrors };

/**
 * Checks the form with the server's own schema (`UserInputSchema`), plus the rules the server
 * applies on top: a password when creating (at least 12 characters), and a department head
 * runs at least one department. Pure.
 */
export const validateUserForm = (form: UserFormState): UserFormResult => {
  const candidate = userInputCandidate(form);
  const parsed = UserInputSchema.safeParse(candidate);
  const errors: Record<string, FieldError> = parsed.success
    ? {}
    : { ...fieldErrorsFromIssues(parsed.error.issues, candidate) };
  if (errors.username && form.username.trim() !== '') {
    errors.username = { key: 'validation.usernameFormat' };
  }
  if (sendsPassword(form) && form.password === '') {
    errors.password = { key: 'validation.required' };
  }
  if (form.role === 'department_head' && form.departmentIds.length === 0) {
    errors.departmentIds = { key: 'validation.departmentHeadNeedsDepartment' };
  }
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, input: parsed.data };
};

/**
 * What a user sees, in words: every department, some of them, or (a department head without
 * any) nothing. Mirrors `departmentScope` of the shared access rules. Pure.
 */
export const describeUserDepartments = (
  user: Pick<User, 'role' | 'departmentIds'>,
  departmentName: (id: string) => string,
): { kind: 'all' } | { kind: 'none' } | { kind: 'some'; names: string[] } => {
  if (!usesDepartments(user.role)) return { kind: 'all' };
  if (user.departmentIds.length === 0) {
    return user.role === 'viewer' ? { kind: 'all' } : { kind: 'none' };
  }
  return { kind: 'some', names: user.departmentIds.map(departmentName) };
};

const ROLE_ORDER: Readonly<Record<Role, number>> = {
  admin: 0,
  operator: 1,
  department_head: 2,
  viewer: 3,
};

/** Users as the table lists them: active before disabled, then by role, then by user name. Pure. */
export const sortUsers = (users: readonly User[]): User[] =>
  [...users].sort(
    (a, b) =>
      Number(a.isDisabled) - Number(b.isDisabled) ||
      ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
      a.username.localeCompare(b.username),
  );
