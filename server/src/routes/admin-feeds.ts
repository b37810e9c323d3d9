import {
  AdminFeedSchema,
  AdminFeedsResponseSchema,
  ErrorResponseSchema,
  type Feed,
  FeedIdParamsSchema,
  FeedInputSchema,
  FeedTestRequestSchema,
  type FeedTestResult,
  FeedTestResultSchema,
  type HttpPollConfig,
  type HttpPollFeed,
  type MqttFeed,
  type Observation,
} from '@city-ioc/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth/actor';
import { cronProblem } from '../feeds/cron';
import { feedFromInput, toFeedView } from '../feeds/feed-view';
import { listenOnce } from '../feeds/mqtt/listen';
import type { OutboundPolicy } from '../feeds/outbound/url-guard';
import { type PreviewFeed, previewFeed } from '../feeds/preview';
import { decodeWebhookSecret } from '../feeds/webhook/signature';
import { createAuditRepository } from '../store/audit-repository';
import type { Db } from '../store/db';
import { createFeedRepository } from '../store/feed-repository';
import { httpError } from './http-error';

export interface AdminFeedRoutesOptions {
  db: Db;
  clock: () => Date;
  /** Refuses an unsafe polled URL at save time, with the reason; null when acceptable. */
  checkUrl: (url: string) => string | null;
  /** The same for an MQTT broker URL. */
  checkBrokerUrl: (url: string) => string | null;
  /** Where a preview may connect (an MQTT test listens on the broker through it). */
  policy: OutboundPolicy;
  /** Fetch a feed's document once (with the same safety as polling). */
  fetchDocument: (url: string, timeoutMs: number) => Promise<unknown>;
  /** One HTTP poll with its format and credentials, the raw answer. */
  fetchPoll: (config: HttpPollConfig) => Promise<Buffer>;
  fetchXml: (url: string, timeoutMs: number) => Promise<string>;
  /** Restarts polling after a change. */
  onFeedsChanged: () => Promise<void>;
}

/** Administrators' feed configuration, with a dry run and an audit trail. */
export const adminFeedRoutes: FastifyPluginAsyncZod<AdminFeedRoutesOptions> = async (
  app,
  {
    db,
    clock,
    checkUrl,
    checkBrokerUrl,
    policy,
    fetchDocument,
    fetchPoll,
    fetchXml,
    onFeedsChanged,
  },
) => {
  const feeds = createFeedRepository(db);
  const errors = { 400: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema };

  const view = async (feed: Feed) => ({
    feed: toFeedView(feed),
    status: await feeds.getStatus(feed.id, clock()),
  });

  const validate = async (feed: Feed): Promise<string | null> => {
    const dept = await db.query('SELECT 1 FROM departments WHERE id = $1', [feed.departmentId]);
    if (dept.length === 0) return `Unknown department ${feed.departmentId}`;
    if (feed.adapter === 'http-poll') {
      const reason = checkUrl(feed.config.url);
      if (reason) return `URL refused: ${reason}`;
      if (feed.config.cron !== undefined) {
        const problem = cronProblem(feed.config.cron);
        if (problem) return `Schedule refused: ${problem}`;
        if (!feed.cadence) {
          return 'A scheduled feed must declare its cadence (when its data is due), e.g. daily before 17:00';
        }
      }
    }
    if (feed.adapter === 'mqtt') {
      const reason = checkBrokerUrl(feed.config.url);
      if (reason) return `Broker URL refused: ${reason}`;
      const clash = await db.query<{ id: string }>(
        `SELECT id FROM feeds WHERE adapter = 'mqtt' AND id <> $1
           AND config->>'url' = $2 AND config->>'clientId' = $3`,
        [feed.id, feed.config.url, feed.config.clientId],
      );
      if (clash.length > 0) {
        return `Client id ${feed.config.clientId} is used by feed ${clash[0]?.id} on the same broker: each feed needs its own session`;
      }
    }
    if (feed.adapter === 'webhook') {
      for (const secret of feed.config.secrets) {
        try {
          decodeWebhookSecret(secret);
        } catch (error) {
          return `Invalid secret: ${(error as Error).message}`;
        }
      }
    }
    return null;
  };

  const save = async (feed: Feed, action: string, actor: string) => {
    await db.transaction(async (tx) => {
      await createFeedRepository(tx).upsertFeeds([feed]);
      await createAuditRepository(tx).record({
        at: clock().toISOString(),
        actor,
        action,
        target: feed.id,
        details: { feed: toFeedView(feed) },
      });
    });
    await onFeedsChanged();
  };

  app.get(
    '/api/admin/feeds',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Every feed with its configuration (no secrets) and health',
        response: { 200: AdminFeedsResponseSchema },
      },
    },
    async () => {
      const { feeds: list } = await feeds.listFeeds();
      return Promise.all(list.map(view));
    },
  );

  app.get(
    '/api/admin/feeds/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        params: FeedIdParamsSchema,
        response: { 200: AdminFeedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const feed = await feeds.getFeed(request.params.id);
      if (!feed) return reply.code(404).send(httpError(404, 'Not Found', 'No such feed'));
      return view(feed);
    },
  );

  app.post(
    '/api/admin/feeds',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Create a feed',
        body: FeedInputSchema,
        response: { 201: AdminFeedSchema, ...errors },
      },
    },
    async (request, reply) => {
      if (await feeds.getFeed(request.body.id)) {
        return reply
          .code(409)
          .send(httpError(409, 'Conflict', `A feed ${request.body.id} exists already`));
      }
      const feed = feedFromInput(request.body, null);
      if ('error' in feed) return reply.code(400).send(httpError(400, 'Bad Request', feed.error));
      const problem = await validate(feed);
      if (problem) return reply.code(400).send(httpError(400, 'Bad Request', problem));
      await save(feed, 'feed.created', actorOf(request.principal));
      return reply.code(201).send(await view(feed));
    },
  );

  app.put(
    '/api/admin/feeds/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Edit a feed (secrets not sent are kept)',
        params: FeedIdParamsSchema,
        body: FeedInputSchema,
        response: { 200: AdminFeedSchema, ...errors },
      },
    },
    async (request, reply) => {
      if (request.body.id !== request.params.id) {
        return reply
          .code(400)
          .send(httpError(400, 'Bad Request', 'The body id must match the URL'));
      }
      const existing = await feeds.getFeed(request.params.id);
      if (!existing) return reply.code(404).send(httpError(404, 'Not Found', 'No such feed'));
      const feed = feedFromInput(request.body, existing);
      if ('error' in feed) return reply.code(400).send(httpError(400, 'Bad Request', feed.error));
      const problem = await validate(feed);
      if (problem) return reply.code(400).send(httpError(400, 'Bad Request', problem));
      await save(feed, 'feed.updated', actorOf(request.principal));
      return view(feed);
    },
  );

  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    app.post(
      `/api/admin/feeds/:id/${verb}`,
      {
        config: { access: 'admin' },
        schema: {
          tags: ['admin'],
          summary: `${verb === 'enable' ? 'Enable' : 'Disable'} a feed`,
          params: FeedIdParamsSchema,
          response: { 200: AdminFeedSchema, ...errors },
        },
      },
      async (request, reply) => {
        const existing = await feeds.getFeed(request.params.id);
        if (!existing) return reply.code(404).send(httpError(404, 'Not Found', 'No such feed'));
        await save({ ...existing, enabled }, `feed.${verb}d`, actorOf(request.principal));
        return view({ ...existing, enabled });
      },
    );
  }

  app.delete(
    '/api/admin/feeds/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Delete a feed (its stored data stays)',
        params: FeedIdParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const existing = await feeds.getFeed(request.params.id);
      if (!existing) return reply.code(404).send(httpError(404, 'Not Found', 'No such feed'));
      await db.transaction(async (tx) => {
        await createFeedRepository(tx).deleteFeed(existing.id);
        await createAuditRepository(tx).record({
          at: clock().toISOString(),
          actor: actorOf(request.principal),
          action: 'feed.deleted',
          target: existing.id,
          details: { feed: toFeedView(existing) },
        });
      });
      await onFeedsChanged();
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/admin/feeds/test',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Run a feed once and show what it would store, saving nothing',
        body: FeedTestRequestSchema,
        response: { 200: FeedTestResultSchema },
      },
    },
    async (request): Promise<FeedTestResult> => {
      const { feed: input, sample } = request.body;
      let feed: PreviewFeed;
      if (input.adapter === 'http-poll' || input.adapter === 'mqtt') {
        // Credentials left blank in the form are the stored ones.
        const resolved = feedFromInput(input, await feeds.getFeed(input.id));
        if ('error' in resolved) {
          return { ...emptyResult, error: resolved.error };
        }
        feed = resolved as HttpPollFeed | MqttFeed;
      } else feed = input;
      const result = await previewFeed(feed, sample, {
        checkUrl,
        fetchJson: fetchDocument,
        fetchXml,
        fetchPoll,
        listenMqtt: (config) => {
          const refused = checkBrokerUrl(config.url);
          return refused
            ? Promise.reject(new Error(`Broker URL refused: ${refused}`))
            : listenOnce(config, { policy });
        },
        now: clock().toISOString(),
      });
      return {
        ...result,
        total: result.observations.length,
        observations: result.observations.slice(0, 200),
        ...(await unknownReferences(db, result.observations)),
      };
    },
  );
};

const emptyResult: FeedTestResult = {
  ok: false,
  error: null,
  total: 0,
  observations: [],
  problems: [],
  unknownIndicators: [],
  unknownSubjects: [],
  capMessages: [],
};

/** Indicator and subject ids a mapping produced that the city does not know. */
const unknownReferences = async (db: Db, observations: readonly Observation[]) => {
  const indicatorIds = [...new Set(observations.map((o) => o.indicatorId))];
  const subjectIds = [...new Set(observations.map((o) => o.subjectId).filter((s) => s !== ''))];
  const knownIndicators = new Set(
    (
      await db.query<{ id: string }>('SELECT id FROM indicators WHERE id = ANY($1::text[])', [
        indicatorIds,
      ])
    ).map((r) => r.id),
  );
  const knownSubjects = new Set(
    (
      await db.query<{ id: string }>(
        'SELECT id FROM sites WHERE id = ANY($1::text[]) UNION SELECT id FROM areas WHERE id = ANY($1::text[])',
        [subjectIds],
      )
    ).map((r) => r.id),
  );
  return {
    unknownIndicators: indicatorIds.filter((id) => !knownIndicators.has(id)),
    unknownSubjects: subjectIds.filter((id) => !knownSubjects.has(id)).slice(0, 50),
  };
};
