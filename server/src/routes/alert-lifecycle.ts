import {
  AlertActionRequestSchema,
  AlertAssignRequestSchema,
  AlertCommentRequestSchema,
  AlertCommentSchema,
  AlertDetailSchema,
  AlertIdParamsSchema,
  AlertSchema,
  AlertSopParamsSchema,
  AlertSopRequestSchema,
  AssigneesResponseSchema,
  ErrorResponseSchema,
  inScope,
  type Principal,
} from '@city-ioc/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { checklistChange } from '../alerts/checklist';
import { applyAction } from '../alerts/lifecycle';
import { actorOf } from '../auth/actor';
import type { EventRelay } from '../realtime/relay';
import { createAlertRepository } from '../store/alert-repository';
import { createAuditRepository } from '../store/audit-repository';
import type { Db } from '../store/db';
import { createIdentityRepository } from '../store/identity-repository';
import { httpError } from './http-error';

/** People who may act on alerts of `departmentId`: admins, operators, its department heads. */
const canActOn = (
  user: { role: string; departmentIds: string[]; isDisabled: boolean },
  departmentId: string,
) =>
  !user.isDisabled &&
  (user.role === 'admin' ||
    user.role === 'operator' ||
    (user.role === 'department_head' && user.departmentIds.includes(departmentId)));

const nameOf = (principal: Principal | null) =>
  principal?.kind === 'user' ? principal.displayName : actorOf(principal);

/**
 * One alert's drill-down and lifecycle: details with comments and timeline, actions
 * (acknowledge, start, resolve, close), assignment and comments. Every change appends an
 * event (so every viewer sees it live) and an audit entry, in one transaction. An alert
 * outside the asker's departments answers 404.
 */
export const alertLifecycleRoutes: FastifyPluginAsyncZod<{
  db: Db;
  relay: EventRelay;
  clock: () => Date;
}> = async (app, { db, relay, clock }) => {
  const errors = { 400: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema };
  const notFound = () => httpError(404, 'Not Found', 'No such alert');

  const visible = async (id: string, scope: Parameters<typeof inScope>[0]) => {
    const alert = await createAlertRepository(db).findById(id);
    return alert && inScope(scope, alert.departmentId) ? alert : null;
  };

  app.get(
    '/api/alerts/:id',
    {
      config: { access: 'read' },
      schema: {
        tags: ['alerts'],
        summary: 'One alert with its comments and timeline',
        params: AlertIdParamsSchema,
        response: { 200: AlertDetailSchema, 404: ErrorResponseSchema },
      },
    },
    async (request, reply) => {
      const alert = await visible(request.params.id, request.scope);
      if (!alert) return reply.code(404).send(notFound());
      return { alert, ...(await createAlertRepository(db).history(alert.id)) };
    },
  );

  app.post(
    '/api/alerts/:id/actions',
    {
      config: { access: 'act' },
      schema: {
        tags: ['alerts'],
        summary: 'Acknowledge, start work on, resolve or close an alert',
        params: AlertIdParamsSchema,
        body: AlertActionRequestSchema,
        response: { 200: AlertSchema, ...errors },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request.principal);
      const { action, comment } = request.body;
      const outcome = await db.transaction(async (tx) => {
        const repo = createAlertRepository(tx);
        const alert = await repo.findById(request.params.id);
        if (!alert || !inScope(request.scope, alert.departmentId))
          return { kind: 'missing' } as const;
        const step = applyAction(alert, action);
        if (!step.ok) return { kind: 'refused', reason: step.reason } as const;
        const at = clock().toISOString();
        let current = alert;
        if (!('unchanged' in step)) {
          const event = await repo.applyStep(alert.id, step, alert.version, at, actor);
          if (!event)
            return { kind: 'refused', reason: 'the alert changed meanwhile; try again' } as const;
          current = event.alert;
          await createAuditRepository(tx).record({
            at,
            actor,
            action: `alert.${action}`,
            target: alert.id,
            details: { departmentId: alert.departmentId, from: alert.status },
          });
        }
        if (comment) {
          const added = await repo.addComment(
            alert.id,
            { author: actor, authorName: nameOf(request.principal), body: comment },
            at,
          );
          if (added) current = added.event.alert;
        }
        return { kind: 'ok', alert: current } as const;
      });
      if (outcome.kind === 'missing') return reply.code(404).send(notFound());
      if (outcome.kind === 'refused') {
        return reply
          .code(409)
          .send(httpError(409, 'Conflict', `Cannot ${action}: ${outcome.reason}`));
      }
      void relay.poke();
      return outcome.alert;
    },
  );

  app.post(
    '/api/alerts/:id/sop/:idx',
    {
      config: { access: 'act' },
      schema: {
        tags: ['alerts'],
        summary: 'Tick off (or untick) a step of the alert’s SOP checklist',
        params: AlertSopParamsSchema,
        body: AlertSopRequestSchema,
        response: { 200: AlertSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { principal } = request;
      const actor = actorOf(principal);
      const { id, idx } = request.params;
      const { done } = request.body;
      const outcome = await db.transaction(async (tx) => {
        const repo = createAlertRepository(tx);
        // Locked: two people ticking steps of one alert at once count right.
        const alert = await repo.findForUpdate(id);
        if (!alert || !inScope(request.scope, alert.departmentId))
          return { kind: 'missing', reason: 'No such alert' } as const;
        const step = (await repo.sopSteps(id)).find((s) => s.idx === idx);
        const change = checklistChange(alert, step, done);
        if (!change.ok) {
          return change.status === 404
            ? ({ kind: 'missing', reason: 'No such checklist step' } as const)
            : ({ kind: 'refused', reason: change.reason } as const);
        }
        if ('unchanged' in change) return { kind: 'ok', alert } as const;
        const at = clock().toISOString();
        const doneBy =
          change.done && principal?.kind === 'user'
            ? { userId: principal.userId, name: principal.displayName }
            : change.done
              ? { userId: actor, name: nameOf(principal) }
              : null;
        const event = await repo.setSopStep(id, idx, doneBy, at, actor);
        await createAuditRepository(tx).record({
          at,
          actor,
          action: done ? 'alert.sop_done' : 'alert.sop_undone',
          target: id,
          details: { departmentId: alert.departmentId, step: idx },
        });
        return { kind: 'ok', alert: event?.alert ?? alert } as const;
      });
      if (outcome.kind === 'missing')
        return reply.code(404).send(httpError(404, 'Not Found', outcome.reason));
      if (outcome.kind === 'refused') {
        return reply
          .code(409)
          .send(httpError(409, 'Conflict', `Cannot change the checklist: ${outcome.reason}`));
      }
      void relay.poke();
      return outcome.alert;
    },
  );

  app.get(
    '/api/alerts/:id/assignees',
    {
      config: { access: 'act' },
      schema: {
        tags: ['alerts'],
        summary: 'People who may be assigned this alert',
        params: AlertIdParamsSchema,
        response: { 200: AssigneesResponseSchema, 404: ErrorResponseSchema },
      },
    },
    async (request, reply) => {
      const alert = await visible(request.params.id, request.scope);
      if (!alert) return reply.code(404).send(notFound());
      const users = await createIdentityRepository(db).listUsers();
      return users
        .filter((u) => canActOn(u, alert.departmentId))
        .map((u) => ({ userId: u.id, name: u.displayName, role: u.role }));
    },
  );

  app.post(
    '/api/alerts/:id/assign',
    {
      config: { access: 'act' },
      schema: {
        tags: ['alerts'],
        summary: 'Assign an alert to someone who may act on it (null: nobody)',
        params: AlertIdParamsSchema,
        body: AlertAssignRequestSchema,
        response: { 200: AlertSchema, ...errors },
      },
    },
    async (request, reply) => {
      const alert = await visible(request.params.id, request.scope);
      if (!alert) return reply.code(404).send(notFound());
      let assignee: { userId: string; name: string } | null = null;
      if (request.body.userId !== null) {
        const user = await createIdentityRepository(db).getUser(request.body.userId);
        if (!user || !canActOn(user, alert.departmentId)) {
          return reply
            .code(400)
            .send(
              httpError(400, 'Bad Request', 'That person cannot act on this department’s alerts'),
            );
        }
        assignee = { userId: user.id, name: user.displayName };
      }
      const actor = actorOf(request.principal);
      const event = await db.transaction(async (tx) => {
        const at = clock().toISOString();
        const appended = await createAlertRepository(tx).assign(alert.id, assignee, at, actor);
        await createAuditRepository(tx).record({
          at,
          actor,
          action: 'alert.assigned',
          target: alert.id,
          details: { assignee: assignee?.userId ?? null },
        });
        return appended;
      });
      if (!event) return reply.code(404).send(notFound());
      void relay.poke();
      return event.alert;
    },
  );

  app.post(
    '/api/alerts/:id/comments',
    {
      config: { access: 'act' },
      schema: {
        tags: ['alerts'],
        summary: 'Add a comment (plain text) to an alert',
        params: AlertIdParamsSchema,
        body: AlertCommentRequestSchema,
        response: { 201: AlertCommentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const alert = await visible(request.params.id, request.scope);
      if (!alert) return reply.code(404).send(notFound());
      const actor = actorOf(request.principal);
      const added = await db.transaction(async (tx) => {
        const at = clock().toISOString();
        const result = await createAlertRepository(tx).addComment(
          alert.id,
          { author: actor, authorName: nameOf(request.principal), body: request.body.body },
          at,
        );
        await createAuditRepository(tx).record({
          at,
          actor,
          action: 'alert.commented',
          target: alert.id,
          details: { length: request.body.body.length },
        });
        return result;
      });
      if (!added) return reply.code(404).send(notFound());
      void relay.poke();
      return reply.code(201).send(added.comment);
    },
  );
};
