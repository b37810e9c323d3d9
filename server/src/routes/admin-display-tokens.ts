import {
  type DisplayToken,
  DisplayTokenCreatedSchema,
  DisplayTokenInputSchema,
  DisplayTokenSchema,
  DisplayTokensResponseSchema,
  ErrorResponseSchema,
  IdSchema,
} from '@city-ioc/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth/actor';
import { newSecret, sha256 } from '../auth/secrets';
import { createAuditRepository } from '../store/audit-repository';
import type { Db } from '../store/db';
import { createIdentityRepository } from '../store/identity-repository';
import { httpError } from './http-error';

export interface AdminDisplayTokenRoutesOptions {
  db: Db;
  clock: () => Date;
  newId: () => string;
}

const TokenIdParamsSchema = z.object({ id: IdSchema });

/**
 * Wall screens' display tokens: read-only, department-scoped identities. The secret is shown
 * once when created and stored only as its SHA-256; revoking one ends its screens' sessions
 * (they stop resolving at once). Audited, never with the secret.
 */
export const adminDisplayTokenRoutes: FastifyPluginAsyncZod<
  AdminDisplayTokenRoutesOptions
> = async (app, { db, clock, newId }) => {
  const tokens = createIdentityRepository(db);
  const errors = { 400: ErrorResponseSchema, 404: ErrorResponseSchema };

  app.get(
    '/api/admin/display-tokens',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Every display token, newest first (never the secret)',
        response: { 200: DisplayTokensResponseSchema },
      },
    },
    () => tokens.listDisplayTokens(),
  );

  app.post(
    '/api/admin/display-tokens',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Create a display token; its secret is in this answer only',
        body: DisplayTokenInputSchema,
        response: { 201: DisplayTokenCreatedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const departmentIds = [...new Set(request.body.departmentIds)];
      if (departmentIds.length > 0) {
        const known = new Set(
          (
            await db.query<{ id: string }>(
              'SELECT id FROM departments WHERE id = ANY($1::text[])',
              [departmentIds],
            )
          ).map((r) => r.id),
        );
        const unknown = departmentIds.filter((id) => !known.has(id));
        if (unknown.length > 0) {
          return reply
            .code(400)
            .send(httpError(400, 'Bad Request', `Unknown department ${unknown.join(', ')}`));
        }
      }
      const at = clock().toISOString();
      const actor = actorOf(request.principal);
      const displayToken: DisplayToken = {
        id: newId(),
        name: request.body.name,
        departmentIds,
        scenes: [...new Set(request.body.scenes)],
        createdAt: at,
        createdBy: actor,
        revokedAt: null,
        lastSeenAt: null,
        showing: null,
        showingAt: null,
      };
      const token = newSecret(32);
      await db.transaction(async (tx) => {
        await createIdentityRepository(tx).insertDisplayToken(displayToken, sha256(token));
        await createAuditRepository(tx).record({
          at,
          actor,
          action: 'display_token.created',
          target: displayToken.id,
          details: { displayToken },
        });
      });
      return reply.code(201).send({ displayToken, token });
    },
  );

  app.post(
    '/api/admin/display-tokens/:id/revoke',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Revoke a display token: its screens are signed out (repeating is harmless)',
        params: TokenIdParamsSchema,
        response: { 200: DisplayTokenSchema, ...errors },
      },
    },
    async (request, reply) => {
      const at = clock().toISOString();
      const revoked = await db.transaction(async (tx) => {
        const token = await createIdentityRepository(tx).revokeDisplayToken(request.params.id, at);
        // The repository keeps the first revocation time: a repeat is not a new change.
        if (token && token.revokedAt === at) {
          await createAuditRepository(tx).record({
            at,
            actor: actorOf(request.principal),
            action: 'display_token.revoked',
            target: token.id,
            details: { name: token.name },
          });
        }
        return token;
      });
      if (!revoked) {
        return reply.code(404).send(httpError(404, 'Not Found', 'No such display token'));
      }
      return revoked;
    },
  );
};
