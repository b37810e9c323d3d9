import { AuditQuerySchema, AuditResponseSchema, ErrorResponseSchema } from '@city-ioc/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createAuditRepository } from '../store/audit-repository';
import type { Db } from '../store/db';

/** The audit viewer: who changed what, filtered, newest first. */
export const adminAuditRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const audit = createAuditRepository(db);

  app.get(
    '/api/admin/audit',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Audit entries, newest first; without filters the latest ones',
        description:
          '`action` matches a prefix (`auth.`, `feed.`, `user.`), `actor` and `target` match ' +
          'exactly, `from` and `to` (ISO times) bound the entry time, inclusive.',
        querystring: AuditQuerySchema,
        response: { 200: AuditResponseSchema, 400: ErrorResponseSchema },
      },
    },
    (request) => audit.search(request.query),
  );
};
