/** Paths of the app's screens. The server answers index.html for any of them (client routes). */
export const ROUTE_PATHS = {
  operator: '/',
  login: '/login',
  display: '/display',
  wall: '/wall',
  adminFeeds: '/admin/feeds',
  adminRules: '/admin/rules',
  adminUsers: '/admin/users',
  adminDisplayTokens: '/admin/display-tokens',
  adminWebhooks: '/admin/webhooks',
  adminAudit: '/admin/audit',
  adminSilences: '/admin/silences',
} as const;

export type RouteName = keyof typeof ROUTE_PATHS;

/** Screens only administrators may open; anyone else sees "not allowed". */
export const ADMIN_ROUTES: ReadonlySet<RouteName> = new Set([
  'adminFeeds',
  'adminRules',
  'adminUsers',
  'adminDisplayTokens',
  'adminWebhooks',
  'adminAudit',
]);

/** Screens for people who act on alerts (admins, operators, department heads), scoped. */
export const ACT_ROUTES: ReadonlySet<RouteName> = new Set(['adminSilences']);

/** Screens shown without a session: signing in, by password or by a wall screen's token. */
export const PUBLIC_ROUTES: ReadonlySet<RouteName> = new Set(['login', 'display']);
