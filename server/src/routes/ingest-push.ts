import { timingSafeEqual } from 'node:crypto';
import { ErrorResponseSchema, type FeedStatus, IdSchema } from '@city-ioc/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { decodeXmlBytes } from '../feeds/cap/decode-xml-bytes';
import type { CapIngest } from '../feeds/cap/ingest';
import { parseCapAlert } from '../feeds/cap/parse';
import type { IngestService } from '../feeds/ingest';
import { ngsiNotificationKey } from '../feeds/ngsi/identity';
import { ngsiEntitiesToObservations } from '../feeds/ngsi/map';
import { parseNgsiNotification } from '../feeds/ngsi/parse';
import type { Db } from '../store/db';
import { createFeedRepository } from '../store/feed-repository';
import { httpError } from './http-error';
import { INGEST_RATE_LIMIT } from './rate-limits';

export interface PushIngestOptions {
  db: Db;
  ingest: IngestService;
  capIngest: CapIngest;
  clock: () => Date;
  onStatus: (status: FeedStatus) => void;
}

const errors = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
  415: ErrorResponseSchema,
  422: ErrorResponseSchema,
};

/** Constant-time check of `Authorization: Bearer <token>`. */
const hasToken = (request: FastifyRequest, token: string): boolean => {
  const header = request.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7).trim() : '', 'utf8');
  const wanted = Buffer.from(token, 'utf8');
  return given.length === wanted.length && timingSafeEqual(given, wanted);
};

/**
 * Pushes from systems that cannot sign: CAP publishers (XML to `/api/ingest/cap/:feedId`) and
 * FIWARE context brokers (NGSI notifications to `/api/ingest/ngsi/:feedId`). Both need the
 * feed's bearer token, answer 2xx only after the commit and store a repeated message once.
 */
export const pushIngestRoutes: FastifyPluginAsyncZod<PushIngestOptions> = async (
  app,
  { db, ingest, capIngest, clock, onStatus },
) => {
  const feeds = createFeedRepository(db);
  app.addContentTypeParser(
    ['application/cap+xml', 'application/xml', 'text/xml'],
    // Bytes, decoded by the document's own BOM or XML declaration (CAP senders use ISO-8859-1 too).
    { parseAs: 'buffer', bodyLimit: 1024 * 1024 },
    (_req, body, done) => done(null, decodeXmlBytes(body as Buffer)),
  );

  const reportStatus = async (feedId: string) => {
    const status = await feeds.getStatus(feedId, clock());
    if (status) onStatus(status);
  };

  /** The feed of `adapter` behind `feedId`, or the reply already sent. */
  const feedFor = async <A extends 'cap' | 'ngsi'>(
    request: FastifyRequest<{ Params: { feedId: string } }>,
    reply: FastifyReply,
    adapter: A,
  ) => {
    const feed = await feeds.getFeed(request.params.feedId);
    if (feed?.adapter !== adapter) {
      await reply
        .code(404)
        .send(httpError(404, 'Not Found', `No ${adapter.toUpperCase()} feed with this id`));
      return null;
    }
    const token =
      feed.adapter === 'ngsi'
        ? feed.config.token
        : feed.config.mode === 'push'
          ? feed.config.token
          : null;
    if (!token) {
      await reply.code(409).send(httpError(409, 'Conflict', 'This CAP feed is polled, not pushed'));
      return null;
    }
    if (!hasToken(request, token)) {
      await reply.code(401).send(httpError(401, 'Unauthorized', 'Missing or wrong bearer token'));
      return null;
    }
    if (!feed.enabled) {
      await reply.code(409).send(httpError(409, 'Conflict', 'This feed is disabled'));
      return null;
    }
    return feed as Extract<typeof feed, { adapter: A }>;
  };

  app.post(
    '/api/ingest/cap/:feedId',
    {
      config: { access: 'ingest', rateLimit: INGEST_RATE_LIMIT },
      schema: {
        tags: ['ingest'],
        summary:
          'Push one CAP 1.2 alert (XML); Update supersedes, Cancel clears, Test is never live',
        params: z.object({ feedId: IdSchema }),
        response: {
          200: z.object({
            duplicate: z.boolean(),
            isLive: z.boolean(),
            alertId: z.string().nullable(),
            note: z.string().nullable(),
            warnings: z.array(z.string()),
          }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const feed = await feedFor(request, reply, 'cap');
      if (!feed) return reply;
      if (typeof request.body !== 'string') {
        return reply
          .code(415)
          .send(httpError(415, 'Unsupported Media Type', 'Send application/cap+xml'));
      }
      const parsed = parseCapAlert(request.body);
      if (!parsed.ok) {
        return reply.code(422).send({
          ...httpError(
            422,
            'Unprocessable Entity',
            `Invalid CAP: ${parsed.errors[0] ?? 'refused'}`,
          ),
          issues: parsed.errors.slice(0, 20).map((message) => ({ path: '', message })),
        });
      }
      const outcome = await capIngest.ingest(feed, parsed.alert);
      await reportStatus(feed.id);
      return {
        duplicate: outcome.duplicate,
        isLive: outcome.isLive,
        alertId: outcome.alertId,
        note: outcome.note,
        warnings: parsed.warnings,
      };
    },
  );

  app.post(
    '/api/ingest/ngsi/:feedId',
    {
      bodyLimit: 5 * 1024 * 1024,
      config: { access: 'ingest', rateLimit: INGEST_RATE_LIMIT },
      schema: {
        tags: ['ingest'],
        summary: 'Receive an NGSI v2 / NGSI-LD notification (Orion, Orion-LD)',
        params: z.object({ feedId: IdSchema }),
        response: {
          200: z.object({
            duplicate: z.boolean(),
            stored: z.number().int(),
            problems: z.array(z.string()),
          }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const feed = await feedFor(request, reply, 'ngsi');
      if (!feed) return reply;
      const parsed = parseNgsiNotification(request.body);
      if (!parsed.ok)
        return reply.code(422).send(httpError(422, 'Unprocessable Entity', parsed.reason));
      const { observations, problems } = ngsiEntitiesToObservations(
        parsed.entities,
        feed.config.mapping,
        clock().toISOString(),
      );
      const outcome = await ingest.ingest(feed.id, observations, {
        receiptKey: `ngsi:${ngsiNotificationKey(parsed)}`,
      });
      if (!outcome.duplicate) {
        await feeds.recordSuccess(feed.id, clock().toISOString(), outcome.stored.length);
        await reportStatus(feed.id);
      }
      return {
        duplicate: outcome.duplicate,
        stored: outcome.stored.length,
        problems: problems.slice(0, 20),
      };
    },
  );
};
