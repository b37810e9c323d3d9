import { FeedStatusesResponseSchema, inScope } from '@city-ioc/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../store/db';
import { createFeedRepository } from '../store/feed-repository';

/** Feed health as operators see it (never credentials). */
export const feedRoutes: FastifyPluginAsyncZod<{ db: Db; clock: () => Date }> = async (
  app,
  { db, clock },
) => {
  const feeds = createFeedRepository(db);
  app.get(
    '/api/feeds',
    {
      config: { access: 'read' },
      schema: {
        tags: ['feeds'],
        summary: 'Every feed with its health',
        response: { 200: FeedStatusesResponseSchema },
      },
    },
    async (request) =>
      (await feeds.listStatuses(clock())).filter((f) => inScope(request.scope, f.departmentId)),
  );
};
