import { isAllowed, type Principal, type Role } from '@city-ioc/shared';
import type { MessageKey } from '../../../lib/i18n';

/** The roles in the order an administrator reads them, most powerful first. */
export const ROLES: readonly Role[] = ['admin', 'operator', 'department_head', 'viewer'];

/** The dictionary key of a role's name ("Quản trị viên", "Operator", …). Pure. */
export const roleLabelKey = (role: Role): MessageKey => `role.${role}`;

/** Who is signed in, as the header shows it: a name and what they are. Pure. */
export const describePrincipal = (principal: Principal): { name: string; kindKey: MessageKey } =>
  principal.kind === 'display'
    ? { name: principal.name, kindKey: 'principal.display' }
    : {
        name: principal.displayName.trim() || principal.username,
        kindKey: roleLabelKey(principal.role),
      };

/** Administrators only: configuration, users, wall screens, the audit log. */
export const canAdminister = (principal: Principal | null): boolean =>
  isAllowed('admin', principal);

/** People who act on alerts (acknowledge): not viewers, not wall screens. */
export const canActOnAlerts = (principal: Principal | null): boolean => isAllowed('act', principal);

/** Only people have passwords; a wall screen signs in with its token. */
export const canChangePassword = (principal: Principal | null): boolean =>
  principal?.kind === 'user';

/**
 * A stable identity of the session's owner: the realtime link reconnects (with the new
 * cookie) whenever it changes. Pure.
 */
export const principalIdentity = (principal: Principal): string =>
  principal.kind === 'user' ? `user:${principal.userId}` : `display:${principal.tokenId}`;
