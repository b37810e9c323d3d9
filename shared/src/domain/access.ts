import type { Principal, Role } from '../schemas/user';

/** Which departments a principal sees: all of them, or exactly these. */
export type DepartmentScope = { all: true } | { all: false; departmentIds: readonly string[] };

/**
 * A principal's department scope. Pure. Admins and operators see the city; department heads
 * their departments (none given = nothing); viewers and wall screens the city unless
 * restricted to some departments.
 */
export const departmentScope = (principal: Principal): DepartmentScope => {
  if (principal.kind === 'display') {
    return principal.departmentIds.length === 0
      ? { all: true }
      : { all: false, departmentIds: principal.departmentIds };
  }
  switch (principal.role) {
    case 'admin':
    case 'operator':
      return { all: true };
    case 'department_head':
      return { all: false, departmentIds: principal.departmentIds };
    case 'viewer':
      return principal.departmentIds.length === 0
        ? { all: true }
        : { all: false, departmentIds: principal.departmentIds };
  }
};

/** Whether `departmentId` is inside the scope. Pure. */
export const inScope = (scope: DepartmentScope, departmentId: string): boolean =>
  scope.all || scope.departmentIds.includes(departmentId);

/**
 * What a route or socket event demands, declared next to it:
 * - public: anyone (health, sign-in, the dashboard's files);
 * - ingest: a feed's own credentials (signature or bearer token), checked by the route;
 * - read: any signed-in principal, wall screens included, within its scope;
 * - act: people who act on alerts (admin, operator, department head), within their scope;
 * - admin: administrators only.
 */
export type Access = 'public' | 'ingest' | 'read' | 'act' | 'admin';

const ACTORS: ReadonlySet<Role> = new Set(['admin', 'operator', 'department_head']);

/** Whether a principal (or nobody) meets an access level. Pure; deny by default. */
export const isAllowed = (access: Access, principal: Principal | null): boolean => {
  switch (access) {
    case 'public':
    case 'ingest':
      return true;
    case 'read':
      return principal !== null;
    case 'act':
      return principal?.kind === 'user' && ACTORS.has(principal.role);
    case 'admin':
      return principal?.kind === 'user' && principal.role === 'admin';
    default:
      return false;
  }
};
