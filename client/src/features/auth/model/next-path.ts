import { ROUTE_PATHS } from '../../../config/routes';

/** Where the sign-in page goes when it has nowhere better to go. */
export const DEFAULT_NEXT_PATH = ROUTE_PATHS.operator;

// Resolving against a made-up origin tells us whether the browser would leave our site.
const PROBE_ORIGIN = 'https://ioc.invalid';

// Signing in must never lead back to a sign-in page (a loop for the user, not the browser).
const SIGN_IN_PATHS: ReadonlySet<string> = new Set([ROUTE_PATHS.login, ROUTE_PATHS.display]);

const normalisedPathname = (pathname: string) =>
  `/${pathname.split('/').filter(Boolean).join('/')}`.toLowerCase();

/**
 * The `next` of the sign-in page, if it is safe to go to; otherwise the operator map. Pure.
 * Open-redirect guard: only a same-site path is accepted, i.e. it starts with one `/` (not
 * `//host`, not `/\host`, which browsers read as another site), carries no control characters
 * (the URL parser drops tabs and line breaks, so `/\t/host` would become `//host`), and still
 * resolves to our own origin. The sign-in pages themselves are refused too.
 */
export const sanitizeNextPath = (raw: string | null | undefined): string => {
  if (typeof raw !== 'string' || raw === '') return DEFAULT_NEXT_PATH;
  if (!raw.startsWith('/') || raw.startsWith('//')) return DEFAULT_NEXT_PATH;
  if (raw.includes('\\')) return DEFAULT_NEXT_PATH;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
  if (/[\u0000-\u001f\u007f]/.test(raw)) return DEFAULT_NEXT_PATH;
  let url: URL;
  try {
    url = new URL(raw, PROBE_ORIGIN);
  } catch {
    return DEFAULT_NEXT_PATH;
  }
  if (url.origin !== PROBE_ORIGIN) return DEFAULT_NEXT_PATH;
  if (SIGN_IN_PATHS.has(normalisedPathname(url.pathname))) return DEFAULT_NEXT_PATH;
  return `${url.pathname}${url.search}${url.hash}`;
};

/** The `next` a sign-in page's query string asks for, made safe. Pure. */
export const nextPathFromSearch = (search: string): string =>
  sanitizeNextPath(new URLSearchParams(search).get('next'));

/**
 * The sign-in page that comes back to `next` afterwards: `/login?next=/admin/feeds`. Slashes
 * stay readable (they are allowed in a query); everything else is encoded. Pure.
 */
export const loginPathFor = (next: string): string => {
  const safe = sanitizeNextPath(next);
  if (safe === DEFAULT_NEXT_PATH) return ROUTE_PATHS.login;
  return `${ROUTE_PATHS.login}?next=${encodeURIComponent(safe).replace(/%2F/gi, '/')}`;
};
