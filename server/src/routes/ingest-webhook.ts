import { ErrorResponseSchema, type FeedStatus, IdSchema } from '@city-ioc/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mapJsonDocument } from '../feeds/http-poll/parse';
import type { IngestService } from '../feeds/ingest';
import { verifyWebhook } from '../feeds/webhook/signature';
import type { Db } from '../store/db';
import { createFeedRepository } from '../store/feed-repository';
import { httpError } from './http-error';
import { INGEST_RATE_LIMIT } from './rate-limits';

export interface WebhookIngestOptions {
  db: Db;
  ingest: IngestService;
  clock: () => Date;
  onStatus: (status: FeedStatus) => void;
}

const WebhookResultSchema = z.object({
  stored: z.number().int(),
  duplicate: z.boolean(),
  rejected: z.number().int(),
  problems: z.array(z.string()),
});

/**
 * `POST /api/ingest/webhook/:feedId`: a department pushes JSON, signed the Standard Webhooks
 * way. Answers 200 only after the data is committed; a replayed `webhook-id` stores nothing.
 * The body is read raw: the signature covers the exact bytes sent.
 */
export const webhookIngestRoutes: FastifyPluginAsyncZod<WebhookIngestOptions> = async (
  app,
  { db, ingest, clock, onStatus },
) => {
  const feeds = createFeedRepository(db);
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser(['application/json'], { parseAs: 'buffer' }, (_req, body, done) => {
    done(null, body);
  });

  app.post(
    '/api/ingest/webhook/:feedId',
    {
      bodyLimit: 5 * 1024 * 1024,
      config: { access: 'ingest', rateLimit: INGEST_RATE_LIMIT },
      schema: {
        tags: ['ingest'],
        summary: 'Push observations to a webhook feed (Standard Webhooks signature)',
        params: z.object({ feedId: IdSchema }),
        response: {
          200: WebhookResultSchema,
          400: ErrorResponseSchema,
          401: ErrorResponseSchema,
          404: ErrorResponseSchema,
          409: ErrorResponseSchema,
          415: ErrorResponseSchema,
          422: ErrorResponseSchema,
          503: ErrorResponseSchema,
        },
      },
    },
    async (request, reply) => {
      const feed = await feeds.getFeed(request.params.feedId);
      if (feed?.adapter !== 'webhook') {
        return reply.code(404).send(httpError(404, 'Not Found', 'No webhook feed with this id'));
      }
      if (!feed.enabled) {
        return reply.code(409).send(httpError(409, 'Conflict', 'This feed is disabled'));
      }
      const body = request.body;
      if (!Buffer.isBuffer(body)) {
        return reply
          .code(415)
          .send(httpError(415, 'Unsupported Media Type', 'Send application/json'));
      }
      let verified: ReturnType<typeof verifyWebhook>;
      try {
        verified = verifyWebhook({
          headers: request.headers,
          body,
          secrets: feed.config.secrets,
          nowSeconds: Math.floor(clock().getTime() / 1000),
        });
      } catch (error) {
        // A stored secret that does not decode: the sender cannot fix it, the administrator can.
        request.log.error({ feedId: feed.id, err: error }, 'webhook feed secret is misconfigured');
        return reply
          .code(503)
          .send(
            httpError(
              503,
              'Service Unavailable',
              'This feed is misconfigured; tell the IOC administrator',
            ),
          );
      }
      if (!verified.ok) {
        request.log.warn({ feedId: feed.id, reason: verified.reason }, 'webhook refused');
        return reply.code(401).send(httpError(401, 'Unauthorized', verified.message));
      }
      let document: unknown;
      try {
        document = JSON.parse(body.toString('utf8'));
      } catch {
        return reply.code(400).send(httpError(400, 'Bad Request', 'The body is not valid JSON'));
      }
      const mapped = mapJsonDocument(document, feed.config.mapping, clock().toISOString());
      if (!mapped.ok)
        return reply.code(422).send(httpError(422, 'Unprocessable Entity', mapped.reason));
      const { observations, problems, rejected } = mapped.result;
      if (observations.length === 0 && rejected > 0) {
        return reply
          .code(422)
          .send(
            httpError(
              422,
              'Unprocessable Entity',
              `No value could be mapped: ${problems.slice(0, 3).join('; ')}`,
            ),
          );
      }
      const outcome = await ingest.ingest(feed.id, observations, {
        receiptKey: `webhook:${verified.id}`,
      });
      if (!outcome.duplicate) {
        await feeds.recordSuccess(feed.id, clock().toISOString(), outcome.stored.length);
        const status = await feeds.getStatus(feed.id, clock());
        if (status) onStatus(status);
      }
      return {
        stored: outcome.stored.length,
        duplicate: outcome.duplicate,
        rejected,
        problems: problems.slice(0, 20),
      };
    },
  );
};
