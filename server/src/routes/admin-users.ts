import {
  ErrorResponseSchema,
  IdSchema,
  type User,
  type UserInput,
  UserInputSchema,
  UserSchema,
  UsersResponseSchema,
} from '@city-ioc/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth/actor';
import { hashPassword } from '../auth/secrets';
import { createAuditRepository } from '../store/audit-repository';
import type { Db, Queryable } from '../store/db';
import { createIdentityRepository } from '../store/identity-repository';
import { httpError } from './http-error';

export interface AdminUserRoutesOptions {
  db: Db;
  clock: () => Date;
  newId: () => string;
}

const UserIdParamsSchema = z.object({ id: IdSchema });

/** Refused inside the transaction: the change would leave no enabled administrator. */
class LastAdminError extends Error {}

/** The departments among `ids` that do not exist. */
const unknownDepartments = async (q: Queryable, ids: readonly string[]) => {
  if (ids.length === 0) return [];
  const known = new Set(
    (
      await q.query<{ id: string }>('SELECT id FROM departments WHERE id = ANY($1::text[])', [
        [...ids],
      ])
    ).map((r) => r.id),
  );
  return ids.filter((id) => !known.has(id));
};

/** What is wrong with a user's access as sent (both create and edit), or null. */
const accessProblem = async (q: Queryable, input: UserInput): Promise<string | null> => {
  if (input.role === 'department_head' && input.departmentIds.length === 0) {
    return 'A department head needs at least one department';
  }
  const unknown = await unknownDepartments(q, input.departmentIds);
  if (unknown.length > 0) return `Unknown department ${unknown.join(', ')}`;
  return null;
};

const isActiveAdmin = (user: Pick<User, 'role' | 'isDisabled'>) =>
  user.role === 'admin' && !user.isDisabled;

/** A user without the password hash, whatever the repository handed over. */
const shown = (user: User & { passwordHash?: string }): User => {
  const { passwordHash: _never, ...rest } = user;
  return rest;
};

/**
 * Administrators manage people: create, edit, disable, reset a password. Changes to role,
 * departments or status end the user's open sessions and sockets (access_version); a password
 * reset ends every session of the user. Every change is audited, never with a password.
 */
export const adminUserRoutes: FastifyPluginAsyncZod<AdminUserRoutesOptions> = async (
  app,
  { db, clock, newId },
) => {
  const users = createIdentityRepository(db);
  const errors = { 400: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema };

  app.get(
    '/api/admin/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Every user (never a password hash)',
        response: { 200: UsersResponseSchema },
      },
    },
    () => users.listUsers(),
  );

  app.post(
    '/api/admin/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Create a user (a password is required)',
        body: UserInputSchema,
        response: { 201: UserSchema, ...errors },
      },
    },
    async (request, reply) => {
      const input = { ...request.body, departmentIds: [...new Set(request.body.departmentIds)] };
      if (input.password === undefined) {
        return reply
          .code(400)
          .send(
            httpError(400, 'Bad Request', 'A new user needs a password (at least 12 characters)'),
          );
      }
      const problem = await accessProblem(db, input);
      if (problem) return reply.code(400).send(httpError(400, 'Bad Request', problem));
      if (await users.findUserByUsername(input.username)) {
        return reply
          .code(409)
          .send(httpError(409, 'Conflict', `The user name ${input.username} is taken`));
      }
      const at = clock().toISOString();
      const user: User = {
        id: newId(),
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        departmentIds: input.departmentIds,
        isDisabled: input.isDisabled,
        createdAt: at,
        lastSignInAt: null,
      };
      const passwordHash = await hashPassword(input.password);
      try {
        await db.transaction(async (tx) => {
          await createIdentityRepository(tx).insertUser(user, passwordHash);
          await createAuditRepository(tx).record({
            at,
            actor: actorOf(request.principal),
            action: 'user.created',
            target: user.id,
            details: { user },
          });
        });
      } catch (error) {
        // Two administrators creating the same name at once: the unique index decides.
        if ((error as { code?: string }).code === '23505') {
          return reply
            .code(409)
            .send(httpError(409, 'Conflict', `The user name ${input.username} is taken`));
        }
        throw error;
      }
      return reply.code(201).send(user);
    },
  );

  app.put(
    '/api/admin/users/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Edit a user; a password given resets it and ends their sessions',
        params: UserIdParamsSchema,
        body: UserInputSchema,
        response: { 200: UserSchema, ...errors },
      },
    },
    async (request, reply) => {
      const input = { ...request.body, departmentIds: [...new Set(request.body.departmentIds)] };
      const existing = await users.getUser(request.params.id);
      if (!existing) return reply.code(404).send(httpError(404, 'Not Found', 'No such user'));
      if (input.username !== existing.username) {
        return reply.code(400).send(httpError(400, 'Bad Request', 'A user name cannot be changed'));
      }
      const principal = request.principal;
      const isSelf = principal?.kind === 'user' && principal.userId === existing.id;
      if (isSelf && !isActiveAdmin(input)) {
        return reply
          .code(400)
          .send(
            httpError(
              400,
              'Bad Request',
              'you cannot lock yourself out: keep your own account enabled and an administrator',
            ),
          );
      }
      const problem = await accessProblem(db, input);
      if (problem) return reply.code(400).send(httpError(400, 'Bad Request', problem));

      const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
      const at = clock().toISOString();
      const actor = actorOf(request.principal);
      const changes = changedFields(existing, input);
      let updated: User | null;
      try {
        updated = await db.transaction(async (tx) => {
          if (isActiveAdmin(existing) && !isActiveAdmin(input)) {
            // Locks the enabled administrators' rows: two demotions at once cannot both pass.
            const admins = await tx.query<{ id: string }>(
              `SELECT id FROM users WHERE role = 'admin' AND NOT is_disabled ORDER BY id FOR UPDATE`,
            );
            if (admins.every((a) => a.id === existing.id)) throw new LastAdminError();
          }
          const repo = createIdentityRepository(tx);
          const audit = createAuditRepository(tx);
          const user = await repo.updateUser(existing.id, {
            displayName: input.displayName,
            role: input.role,
            departmentIds: input.departmentIds,
            isDisabled: input.isDisabled,
          });
          if (!user) return null;
          if (Object.keys(changes).length > 0) {
            await audit.record({
              at,
              actor,
              action: 'user.updated',
              target: user.id,
              details: { username: user.username, changes },
            });
          }
          if (passwordHash !== null) {
            await repo.setPassword(user.id, passwordHash);
            // Resetting one's own password keeps the session that did it.
            await repo.revokeUserSessions(
              user.id,
              at,
              isSelf ? (request.session?.idHash ?? null) : null,
            );
            await audit.record({
              at,
              actor,
              action: 'user.password_reset',
              target: user.id,
              details: { username: user.username },
            });
          }
          return user;
        });
      } catch (error) {
        if (error instanceof LastAdminError) {
          return reply
            .code(409)
            .send(httpError(409, 'Conflict', 'At least one enabled administrator must remain'));
        }
        throw error;
      }
      if (!updated) return reply.code(404).send(httpError(404, 'Not Found', 'No such user'));
      return shown(updated);
    },
  );
};

/** The profile and access fields an edit changes, each with its old and new value. Pure. */
const changedFields = (before: User, after: UserInput) => {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  const fields = ['displayName', 'role', 'departmentIds', 'isDisabled'] as const;
  for (const field of fields) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) {
      changes[field] = { from: before[field], to: after[field] };
    }
  }
  return changes;
};
