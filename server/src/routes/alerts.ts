import {
  AlertEventsQuerySchema,
  AlertEventsResponseSchema,
  AlertIdParamsSchema,
  AlertSchema,
  AlertsQuerySchema,
  AlertsSnapshotSchema,
  ErrorResponseSchema,
} from '@city-ioc/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AlertService } from '../alerts/service';
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
      }),
  );

  app.get(
    '/api/alerts/events',
    {
      schema: {
        tags: ['alerts'],
        summary: 'A page of the alert event log after a sequence number',
        querystring: AlertEventsQuerySchema,
        response: { 200: AlertEventsResponseSchema },
      },
    },
    async (request) => {
      const { afterSeq, limit } = request.query;
      const [events, headSeq] = await Promise.all([
        repo.eventsAfter(afterSeq, limit + 1),
        repo.headSeq(),
      ]);
      return { events: events.slice(0, limit), headSeq, hasMore: events.length > limit };
    },
  );

  app.post(
    '/api/alerts/:id/acknowledge',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Acknowledge an open alert (repeating it is harmless)',
        params: AlertIdParamsSchema,
        response: { 200: AlertSchema, 404: ErrorResponseSchema },
      },
    },
    async (request, reply) => {
      const result = await alerts.acknowledge(db, request.params.id);
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
