import {
  type Access,
  CSRF_HEADER,
  type DepartmentScope,
  departmentScope,
  isAllowed,
  type Principal,
  SESSION_COOKIE,
} from '@city-ioc/shared';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sameSecret } from '../auth/secrets';
import type { AuthService } from '../auth/service';
import { httpError } from '../routes/http-error';
import type { ResolvedSession } from '../store/identity-repository';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with the access it declared: the route table the access matrix test reads. */
    accessTable: { method: string; url: string; access: Access }[];
  }
  interface FastifyContextConfig {
    /** Who may call the route; every /api route must say (deny by default). */
    access?: Access;
  }
  interface FastifyRequest {
    /** The signed-in principal and its session, once resolved (null: nobody). */
    session: ResolvedSession | null;
    principal: Principal | null;
    /** The departments the principal sees; only on routes that are not public. */
    scope: DepartmentScope;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Routes of plugins we do not write ourselves, and what they need. */
const PLUGIN_ROUTE_ACCESS: readonly [RegExp, Access][] = [[/^\/api\/docs(\/|$)/, 'public']];

/** The access a route declared, or null when it declared none (refused at registration). */
export const declaredAccess = (url: string, access: Access | undefined): Access | null => {
  if (access) return access;
  for (const [pattern, implied] of PLUGIN_ROUTE_ACCESS) if (pattern.test(url)) return implied;
  // The dashboard's files and its client-side routes are public; the API (and the metrics) not.
  if (!url.startsWith('/api') && !url.startsWith('/socket.io') && url !== '/metrics') {
    return 'public';
  }
  return null;
};

/** Whether a cross-site page sent this request: its Origin names another host. */
export const isCrossOrigin = (request: FastifyRequest): boolean => {
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  try {
    // Through URL on both sides, so "localhost" and "localhost:80" compare equal.
    return new URL(origin).host !== new URL(`${request.protocol}://${request.host}`).host;
  } catch {
    return true;
  }
};

export const setSessionCookie = (
  request: FastifyRequest,
  reply: FastifyReply,
  sessionId: string,
  maxAgeMs: number,
) =>
  reply.setCookie(SESSION_COOKIE, sessionId, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    // Behind TLS (directly, or a proxy that says so with trustProxy) the cookie is Secure.
    secure: request.protocol === 'https',
    maxAge: Math.floor(maxAgeMs / 1000),
  });

export const clearSessionCookie = (reply: FastifyReply) =>
  reply.clearCookie(SESSION_COOKIE, { path: '/' });

/**
 * Authentication and authorization for every HTTP route, deny by default:
 * - a route under /api without `config.access` makes the app fail to start;
 * - the session cookie is resolved to a principal (sessions are re-checked on every request:
 *   a disabled account or changed role applies at once);
 * - `read`/`act`/`admin` demand a principal that meets them (401 without one, 403 otherwise);
 * - a state-changing request with a session must carry its CSRF token and, when the browser
 *   sends an Origin, come from this host.
 * Department scoping is the routes' job, with `request.scope`.
 */
export const registerAuth = async (app: FastifyInstance, auth: AuthService) => {
  await app.register(cookie);
  app.decorateRequest('session', null);
  app.decorateRequest('principal', null);
  // Set for every route that is not public; public routes never read it.
  app.decorateRequest('scope', null as never);

  const table: FastifyInstance['accessTable'] = [];
  app.decorate('accessTable', table);
  app.addHook('onRoute', (route) => {
    const access = declaredAccess(route.url, route.config?.access);
    if (access === null) {
      throw new Error(
        `route ${String(route.method)} ${route.url} declares no access rule (config.access): deny by default`,
      );
    }
    route.config = { ...route.config, access };
    for (const method of [route.method].flat()) table.push({ method, url: route.url, access });
  });

  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.access ?? 'public';
    if (access === 'public' || access === 'ingest') return;
    const sessionId = request.cookies[SESSION_COOKIE];
    const session = sessionId ? await auth.resolve(sessionId) : null;
    if (!session) {
      if (sessionId) clearSessionCookie(reply);
      return reply.code(401).send(httpError(401, 'Unauthorized', 'Sign in first'));
    }
    request.session = session;
    request.principal = session.principal;
    request.scope = departmentScope(session.principal);
    if (UNSAFE_METHODS.has(request.method)) {
      const token = request.headers[CSRF_HEADER];
      if (
        isCrossOrigin(request) ||
        typeof token !== 'string' ||
        !sameSecret(token, session.csrfToken)
      ) {
        return reply
          .code(403)
          .send(
            httpError(403, 'Forbidden', 'Missing or wrong CSRF token, or a cross-site request'),
          );
      }
    }
    if (!isAllowed(access, session.principal)) {
      return reply.code(403).send(httpError(403, 'Forbidden', 'Your role does not allow this'));
    }
  });
};
