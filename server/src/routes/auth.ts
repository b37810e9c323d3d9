import {
  DisplaySignInRequestSchema,
  ErrorResponseSchema,
  PasswordChangeRequestSchema,
  SessionInfoSchema,
  SignInRequestSchema,
} from '@city-ioc/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { type AuthService, DISPLAY_SESSION_IDLE_MS, USER_SESSION_IDLE_MS } from '../auth/service';
import {
  createLocalSignInThrottle,
  createRedisSignInThrottle,
  type SignInThrottle,
} from '../auth/shared-throttle';
import type { ThrottlePolicy } from '../auth/throttle';
import { clearSessionCookie, setSessionCookie } from '../plugins/auth';
import { REDIS_PREFIX } from '../plugins/redis';
import { createAuditRepository } from '../store/audit-repository';
import type { Db } from '../store/db';
import { httpError } from './http-error';
import { SIGN_IN_RATE_LIMIT } from './rate-limits';

/** Five failed sign-ins per user name (or 20 per address) in 15 minutes, then a pause. */
const USER_POLICY = { maxFailures: 5, windowMs: 15 * 60_000 };
const ADDRESS_POLICY = { maxFailures: 20, windowMs: 15 * 60_000 };

/** Sign-in and sign-out, the current principal, password change, wall-screen sign-in. */
export const authRoutes: FastifyPluginAsyncZod<{
  db: Db;
  auth: AuthService;
  clock: () => Date;
  /** Shared by every process when set; otherwise each process throttles on its own. */
  redis?: Redis | null;
}> = async (app, { db, auth, clock, redis }) => {
  const audit = createAuditRepository(db);
  const throttle = (name: string, policy: ThrottlePolicy): SignInThrottle =>
    redis
      ? createRedisSignInThrottle(redis, policy, `${REDIS_PREFIX}sign-in:${name}:`, app.log)
      : createLocalSignInThrottle(policy);
  const byUser = throttle('user', USER_POLICY);
  const byAddress = throttle('address', ADDRESS_POLICY);
  const errors = {
    400: ErrorResponseSchema,
    401: ErrorResponseSchema,
    403: ErrorResponseSchema,
    429: ErrorResponseSchema,
  };
  const record = (actor: string, action: string, target: string, details: object = {}) =>
    audit.record({ at: clock().toISOString(), actor, action, target, details });

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public', rateLimit: SIGN_IN_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with user name and password; sets the session cookie',
        body: SignInRequestSchema,
        response: { 200: SessionInfoSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const now = clock().getTime();
      const userKey = [`user:${username}`];
      const addressKey = [`ip:${request.ip}`];
      const waitMs = Math.max(
        await byUser.retryAfterMs(userKey, now),
        await byAddress.retryAfterMs(addressKey, now),
      );
      if (waitMs > 0) {
        await record(username, 'auth.sign_in_throttled', username, { ip: request.ip });
        return reply
          .code(429)
          .header('retry-after', String(Math.ceil(waitMs / 1000)))
          .send(httpError(429, 'Too Many Requests', 'Too many failed sign-ins; try again later'));
      }
      const outcome = await auth.signIn(username, password);
      if (!outcome.ok) {
        await byUser.fail(userKey, now);
        await byAddress.fail(addressKey, now);
        await record(username, 'auth.sign_in_failed', username, {
          ip: request.ip,
          reason: outcome.reason,
        });
        return reply.code(401).send(httpError(401, 'Unauthorized', 'Wrong user name or password'));
      }
      await byUser.succeed(userKey);
      await record(username, 'auth.signed_in', outcome.user.id, { ip: request.ip });
      setSessionCookie(request, reply, outcome.sessionId, USER_SESSION_IDLE_MS);
      return { principal: outcome.session.principal, csrfToken: outcome.session.csrfToken };
    },
  );

  app.post(
    '/api/auth/display',
    {
      config: { access: 'public', rateLimit: SIGN_IN_RATE_LIMIT },
      schema: {
        tags: ['auth'],
        summary: 'A wall screen signs in with its display token (read-only, revocable)',
        body: DisplaySignInRequestSchema,
        response: { 200: SessionInfoSchema, ...errors },
      },
    },
    async (request, reply) => {
      const now = clock().getTime();
      const addressKey = [`display-ip:${request.ip}`];
      if ((await byAddress.retryAfterMs(addressKey, now)) > 0) {
        return reply
          .code(429)
          .send(httpError(429, 'Too Many Requests', 'Too many failed attempts; try again later'));
      }
      const signedIn = await auth.signInDisplay(request.body.token);
      if (!signedIn) {
        await byAddress.fail(addressKey, now);
        return reply
          .code(401)
          .send(httpError(401, 'Unauthorized', 'Unknown or revoked display token'));
      }
      const { principal, csrfToken } = signedIn.session;
      await record(
        principal.kind === 'display' ? `display:${principal.name}` : 'display',
        'auth.display_signed_in',
        principal.kind === 'display' ? principal.tokenId : '',
        { ip: request.ip },
      );
      setSessionCookie(request, reply, signedIn.sessionId, DISPLAY_SESSION_IDLE_MS);
      return { principal, csrfToken };
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { access: 'read' },
      schema: {
        tags: ['auth'],
        summary: 'Who is signed in, and the CSRF token for state-changing requests',
        response: { 200: SessionInfoSchema, 401: ErrorResponseSchema },
      },
    },
    async (request) => {
      const session = request.session;
      if (!session) throw new Error('unreachable: read access resolved no session');
      return { principal: session.principal, csrfToken: session.csrfToken };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'read' },
      schema: {
        tags: ['auth'],
        summary: 'Sign out (ends this session)',
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const session = request.session;
      if (session) {
        await auth.signOut(session.idHash);
        const who = session.principal;
        await record(
          who.kind === 'user' ? who.username : `display:${who.name}`,
          'auth.signed_out',
          who.kind === 'user' ? who.userId : who.tokenId,
        );
      }
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/auth/password',
    {
      config: { access: 'read' },
      schema: {
        tags: ['auth'],
        summary: 'Change your own password (other sessions end)',
        body: PasswordChangeRequestSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const session = request.session;
      if (session?.principal.kind !== 'user') {
        return reply.code(403).send(httpError(403, 'Forbidden', 'Only people have passwords'));
      }
      const { currentPassword, newPassword } = request.body;
      const changed = await auth.changePassword(
        session.principal,
        session.idHash,
        currentPassword,
        newPassword,
      );
      if (!changed) {
        return reply.code(400).send(httpError(400, 'Bad Request', 'The current password is wrong'));
      }
      await record(session.principal.username, 'auth.password_changed', session.principal.userId);
      return reply.code(204).send(null);
    },
  );
};
