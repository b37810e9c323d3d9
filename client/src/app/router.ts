import { type MouseEvent, useCallback, useSyncExternalStore } from 'react';
import { ROUTE_PATHS, type RouteName } from '../config/routes';

/** The screen a path shows; `notFound` for any other path. */
export type Route = RouteName | 'notFound';

/**
 * Which screen a path shows. Pure. A trailing slash and letter case do not matter
 * (`/Admin/Feeds/` is the feed screen); the query string and hash are not part of a pathname.
 */
export const matchRoute = (pathname: string): Route => {
  const normalised = `/${pathname.split('/').filter(Boolean).join('/')}`.toLowerCase();
  for (const [name, path] of Object.entries(ROUTE_PATHS) as [RouteName, string][]) {
    if (normalised === path) return name;
  }
  return 'notFound';
};

/**
 * A plain left click that the router should handle in place. Modified clicks (new tab, new
 * window, download) and other buttons keep the browser's own behaviour.
 */
export const isPlainLeftClick = (event: {
  button: number;
  metaKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  defaultPrevented: boolean;
}): boolean =>
  event.button === 0 &&
  !event.defaultPrevented &&
  !event.metaKey &&
  !event.ctrlKey &&
  !event.shiftKey &&
  !event.altKey;

// `pushState` fires no event: the router tells its own listeners, `popstate` covers back/forward.
const NAVIGATED_EVENT = 'city-ioc:navigated';

const subscribe = (onChange: () => void) => {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATED_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATED_EVENT, onChange);
  };
};

const currentPathname = () => window.location.pathname;
const currentSearch = () => window.location.search;

/**
 * Goes to a path of this app (with its query string, if any) without reloading the page.
 * `replace` swaps the current history entry instead of adding one: a redirect the Back button
 * should not return to.
 */
export const navigate = (path: string, { replace = false }: { replace?: boolean } = {}): void => {
  if (path === `${window.location.pathname}${window.location.search}`) return;
  if (replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATED_EVENT));
};

/** The current path's screen, re-rendering on every navigation (links, back, forward). */
export const useRoute = (): Route => matchRoute(useSyncExternalStore(subscribe, currentPathname));

/** The current query string (`?next=…`, or ''), re-rendering on every navigation. */
export const useLocationSearch = (): string => useSyncExternalStore(subscribe, currentSearch);

/** The current path and query string, as `next` of the sign-in page keeps it. */
export const currentPathWithSearch = (): string =>
  `${window.location.pathname}${window.location.search}`;

/** A click handler for an `<a href>` that navigates in place when it is a plain left click. */
export const useNavigateOnClick = (path: string) =>
  useCallback(
    (event: MouseEvent<HTMLAnchorElement>) => {
      if (!isPlainLeftClick(event)) return;
      event.preventDefault();
      navigate(path);
    },
    [path],
  );
