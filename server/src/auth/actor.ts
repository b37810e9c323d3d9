import type { Principal } from '@city-ioc/shared';

/** How the audit log names who acted. Pure. */
export const actorOf = (principal: Principal | null): string => {
  if (!principal) return 'anonymous';
  return principal.kind === 'user' ? principal.username : `display:${principal.name}`;
};
