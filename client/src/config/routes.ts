/** Paths of the app's screens. The server answers index.html for any of them (client routes). */
export const ROUTE_PATHS = {
  operator: '/',
  adminFeeds: '/admin/feeds',
} as const;

export type RouteName = keyof typeof ROUTE_PATHS;
