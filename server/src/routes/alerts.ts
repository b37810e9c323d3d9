import {
  AlertEventsQuerySchema,
  AlertEventsResponseSchema,
  AlertIdParamsSchema,
  AlertSchema,
  AlertsQuerySchema,
  AlertsSnapshotSchema,
  ErrorResponseSchema,
  inScope,
} from '@city-ioc/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AlertService } from '../alerts/service';
import { actorOf } from '../auth/actor';
import type { EventRelay } from '../realtime/relay';
import { createAlertRepository, readAlertSnapshot } from '../store/alert-repository';
import type { Db } from '../store/db';

/** Alerts: snapshot, event log pages, acknowledgement. */
export const alertRoutes: FastifyPluginAsyncZod<{
  db: Db;
  alerts: AlertService;
  relay: EventRelay;
}> = async (app, { db, alerts, relay }) => {
  const repo = createAlertRepository(db);

  app.get(
    '/api/alerts',
    {
      config: { access: 'read' },
      schema: {
        tags: ['alerts'],
        summary: 'Alerts as of one event sequence (apply events after asOfSeq)',
        querystring: AlertsQuerySchema,
        response: { 200: AlertsSnapshotSchema },
      },
    },
    (request) =>
      readAlertSnapshot(db, {
        activeOnly: request.query.status === 'active',
        limit: request.query.limit,
        scope: request.scope,
      }),
  );

  app.get(
    '/api/alerts/events',
    {
      config: { access: 'read' },
      schema: {
        tags: ['alerts'],
        summary: 'A page of the alert event log after a sequence number',
        querystring: AlertEventsQuerySchema,
        response: { 200: AlertEventsResponseSchema },
      },
    },
    async (request) => {
      const { afterSeq, limit } = request.query;
      return repo.eventsPage(afterSeq, limit, request.scope);
    },
  );

  app.post(
    '/api/alerts/:id/acknowledge',
    {
      config: { access: 'act' },
      schema: {
        tags: ['alerts'],
        summary: 'Acknowledge an open alert (repeating it is harmless)',
        params: AlertIdParamsSchema,
        response: { 200: AlertSchema, 404: ErrorResponseSchema },
      },
    },
    async (request, reply) => {
      // An alert outside the asker's departments does not exist for them.
      const existing = await repo.findById(request.params.id);
      const result =
        existing && inScope(request.scope, existing.departmentId)
          ? await alerts.acknowledge(db, request.params.id, actorOf(request.principal))
          : null;
      if (!result) {
        return reply
          .code(404)
          .send({ statusCode: 404, error: 'Not Found', message: 'No such alert' });
      }
      if (result.event) void relay.poke();
      return result.alert;
    },
  );
};
