import {
  ErrorResponseSchema,
  MAX_SILENCE_MINUTES,
  type Principal,
  SilenceCreateSchema,
  SilenceIdParamsSchema,
  SilenceSchema,
  SilencesQuerySchema,
  SilencesResponseSchema,
} from '@city-ioc/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { applySilence, maySilence, releaseSilence } from '../alerts/silencing';
import { actorOf } from '../auth/actor';
import type { EventRelay } from '../realtime/relay';
import { createAuditRepository } from '../store/audit-repository';
import type { Db } from '../store/db';
import {
  createSilenceRepository,
  type StoredSilence,
  withState,
} from '../store/silence-repository';
import { httpError } from './http-error';

const MINUTE_MS = 60_000;
const nameOf = (principal: Principal | null) =>
  principal?.kind === 'user' ? principal.displayName : actorOf(principal);

/**
 * Silences and maintenance windows: they hold back the notifications of matching alerts
 * (never Extreme ones) until they end, without hiding the alerts. Creating one that has
 * started applies it at once to the matching active alerts; a window that starts later is
 * applied by the sweep in app.ts when its start passes; cancelling one releases its alerts.
 * Department heads create and cancel only silences restricted to their own departments.
 */
export const silenceRoutes: FastifyPluginAsyncZod<{
  db: Db;
  relay: EventRelay;
  clock: () => Date;
  newId: () => string;
}> = async (app, { db, relay, clock, newId }) => {
  const errors = {
    400: ErrorResponseSchema,
    403: ErrorResponseSchema,
    404: ErrorResponseSchema,
    409: ErrorResponseSchema,
  };

  app.get(
    '/api/silences',
    {
      config: { access: 'read' },
      schema: {
        tags: ['alerts'],
        summary: 'Silences and maintenance windows (active=true: scheduled or in force)',
        querystring: SilencesQuerySchema,
        response: { 200: SilencesResponseSchema },
      },
    },
    async (request) => {
      const now = clock();
      const active =
        request.query.active === undefined ? undefined : request.query.active === 'true';
      const silences = await createSilenceRepository(db).list(now.toISOString(), {
        active,
        scope: request.scope,
      });
      return silences.map((s) => withState(s, now));
    },
  );

  app.post(
    '/api/silences',
    {
      config: { access: 'act' },
      schema: {
        tags: ['alerts'],
        summary: 'Silence matching alerts now, or plan a maintenance window',
        body: SilenceCreateSchema,
        response: { 201: SilenceSchema, ...errors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      if (!maySilence(request.scope, body.matchers)) {
        return reply
          .code(403)
          .send(httpError(403, 'Forbidden', 'You may silence only alerts of your own departments'));
      }
      const now = clock();
      // A start in the past is taken as now: a silence never reaches back.
      const startsMs = Math.max(body.startsAt ? Date.parse(body.startsAt) : 0, now.getTime());
      const endsMs = body.endsAt
        ? Date.parse(body.endsAt)
        : startsMs + (body.durationMinutes ?? 0) * MINUTE_MS;
      if (endsMs <= startsMs || endsMs - startsMs > MAX_SILENCE_MINUTES * MINUTE_MS) {
        return reply.code(400).send({
          ...httpError(400, 'Bad Request', 'The end must be after the start, within 30 days'),
          issues: [{ path: 'endsAt', message: 'end after start, at most 30 days' }],
        });
      }
      const at = now.toISOString();
      const actor = actorOf(request.principal);
      const hasStarted = startsMs <= now.getTime();
      const silence: StoredSilence = {
        id: newId(),
        kind: hasStarted ? 'silence' : 'maintenance',
        matchers: body.matchers,
        startsAt: new Date(startsMs).toISOString(),
        endsAt: new Date(endsMs).toISOString(),
        reason: body.reason,
        createdBy: actor,
        createdByName: nameOf(request.principal),
        createdAt: at,
        cancelledAt: null,
        cancelledBy: null,
      };
      const events = await db.transaction(async (tx) => {
        await createSilenceRepository(tx).insert(silence, hasStarted ? at : null);
        const applied = hasStarted ? await applySilence(tx, silence, at, actor) : [];
        await createAuditRepository(tx).record({
          at,
          actor,
          action: 'silence.created',
          target: silence.id,
          details: {
            kind: silence.kind,
            matchers: silence.matchers,
            startsAt: silence.startsAt,
            endsAt: silence.endsAt,
            alerts: applied.length,
          },
        });
        return applied;
      });
      if (events.length > 0) void relay.poke();
      return reply.code(201).send(withState(silence, now));
    },
  );

  app.post(
    '/api/silences/:id/cancel',
    {
      config: { access: 'act' },
      schema: {
        tags: ['alerts'],
        summary: 'End a silence or maintenance window early (its alerts notify again)',
        params: SilenceIdParamsSchema,
        response: { 200: SilenceSchema, ...errors },
      },
    },
    async (request, reply) => {
      const now = clock();
      const at = now.toISOString();
      const actor = actorOf(request.principal);
      const outcome = await db.transaction(async (tx) => {
        const repo = createSilenceRepository(tx);
        const silence = await repo.findForUpdate(request.params.id);
        if (!silence || !maySilence(request.scope, silence.matchers))
          return { kind: 'missing' } as const;
        if (silence.cancelledAt !== null) return { kind: 'ok', silence, events: [] } as const;
        if (Date.parse(silence.endsAt) <= now.getTime()) return { kind: 'ended' } as const;
        const cancelled = (await repo.cancel(silence.id, at, actor)) ?? silence;
        const events = await releaseSilence(tx, silence.id, at, actor);
        await createAuditRepository(tx).record({
          at,
          actor,
          action: 'silence.cancelled',
          target: silence.id,
          details: { alerts: events.length },
        });
        return { kind: 'ok', silence: cancelled, events } as const;
      });
      if (outcome.kind === 'missing')
        return reply.code(404).send(httpError(404, 'Not Found', 'No such silence'));
      if (outcome.kind === 'ended')
        return reply.code(409).send(httpError(409, 'Conflict', 'The silence has ended already'));
      if (outcome.events.length > 0) void relay.poke();
      return withState(outcome.silence, now);
    },
  );
};
