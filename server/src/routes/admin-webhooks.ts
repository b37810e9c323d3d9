import { randomBytes } from 'node:crypto';
import {
  ErrorResponseSchema,
  IdSchema,
  WebhookCreatedSchema,
  WebhookDeliveriesQuerySchema,
  WebhookDeliveriesResponseSchema,
  WebhookDeliverySchema,
  WebhookSubscriptionInputSchema,
  WebhookSubscriptionSchema,
  WebhookSubscriptionsResponseSchema,
  WebhookTestResultSchema,
} from '@city-ioc/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../auth/actor';
import { decodeWebhookSecret, generateWebhookSecret } from '../feeds/webhook/signature';
import type { AttemptOutcome } from '../outbound-webhooks/dispatcher';
import { createAuditRepository } from '../store/audit-repository';
import type { Db } from '../store/db';
import {
  createWebhookRepository,
  type WebhookSubscriptionRecord,
} from '../store/webhook-repository';
import { httpError } from './http-error';

export interface AdminWebhookRoutesOptions {
  db: Db;
  clock: () => Date;
  newId: () => string;
  /** Why the outbound guard refuses a URL, or null when it may be used. */
  checkUrl: (url: string) => string | null;
  /** Sends one signed test ping; stores nothing. */
  sendTest: (url: string, secret: string) => Promise<AttemptOutcome>;
  /** Wakes the dispatcher (a delivery was put back in the queue). */
  onQueued: () => void;
}

const IdParamsSchema = z.object({ id: IdSchema });
const DeliveryParamsSchema = z.object({ id: z.coerce.number().int().positive() });
const MIN_SECRET_LENGTH = 16;

/** What the audit log keeps of a subscription: everything but the secret. */
const auditView = (s: WebhookSubscriptionRecord) => ({
  id: s.id,
  name: s.name,
  url: s.url,
  departmentIds: s.departmentIds,
  minSeverity: s.minSeverity,
  eventTypes: s.eventTypes,
  enabled: s.enabled,
});

/** Why a secret an administrator typed cannot sign, or null. Never echoes it. */
const secretProblem = (secret: string): string | null => {
  if (secret.length < MIN_SECRET_LENGTH)
    return `the secret needs at least ${MIN_SECRET_LENGTH} characters`;
  try {
    decodeWebhookSecret(secret);
    return null;
  } catch {
    return 'the secret starts with "whsec_" but the rest is not base64';
  }
};

/**
 * Outbound webhooks: subscriptions of outside systems to alert events, their delivery log, a
 * test ping and retrying a failed delivery. The secret is write-only: generated when absent
 * and shown once in the create answer, kept when an update leaves it blank, never returned,
 * logged or audited.
 */
export const adminWebhookRoutes: FastifyPluginAsyncZod<AdminWebhookRoutesOptions> = async (
  app,
  { db, clock, newId, checkUrl, sendTest, onQueued },
) => {
  const webhooks = createWebhookRepository(db);
  const errors = { 400: ErrorResponseSchema, 404: ErrorResponseSchema };

  /** Checks the URL, the secret and the departments; an error message, or null. */
  const problemOf = async (input: {
    url: string;
    secret?: string | undefined;
    departmentIds: string[];
  }): Promise<string | null> => {
    const urlProblem = checkUrl(input.url);
    if (urlProblem) return `URL ${urlProblem}`;
    if (input.secret) {
      const problem = secretProblem(input.secret);
      if (problem) return problem;
    }
    if (input.departmentIds.length > 0) {
      const known = new Set(
        (
          await db.query<{ id: string }>('SELECT id FROM departments WHERE id = ANY($1::text[])', [
            input.departmentIds,
          ])
        ).map((r) => r.id),
      );
      const unknown = input.departmentIds.filter((id) => !known.has(id));
      if (unknown.length > 0) return `Unknown department ${unknown.join(', ')}`;
    }
    return null;
  };

  app.get(
    '/api/admin/webhooks',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Every webhook subscription with its delivery health (never the secret)',
        response: { 200: WebhookSubscriptionsResponseSchema },
      },
    },
    () => webhooks.list(),
  );

  app.post(
    '/api/admin/webhooks',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Create a webhook subscription; its secret is in this answer only',
        body: WebhookSubscriptionInputSchema,
        response: { 201: WebhookCreatedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const departmentIds = [...new Set(body.departmentIds)];
      const problem = await problemOf({ ...body, departmentIds });
      if (problem) return reply.code(400).send(httpError(400, 'Bad Request', problem));
      const at = clock().toISOString();
      const record: WebhookSubscriptionRecord = {
        id: newId(),
        name: body.name,
        url: body.url,
        departmentIds,
        minSeverity: body.minSeverity,
        eventTypes: [...new Set(body.eventTypes)],
        enabled: body.enabled,
        createdAt: at,
        updatedAt: at,
      };
      const secret = body.secret ? body.secret : generateWebhookSecret(randomBytes(32));
      await db.transaction(async (tx) => {
        await createWebhookRepository(tx).insert(record, secret);
        await createAuditRepository(tx).record({
          at,
          actor: actorOf(request.principal),
          action: 'webhook.created',
          target: record.id,
          details: { webhook: auditView(record) },
        });
      });
      const subscription = await webhooks.find(record.id);
      return reply.code(201).send({ subscription: subscription ?? never(), secret });
    },
  );

  app.put(
    '/api/admin/webhooks/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Change a webhook subscription; a blank secret keeps the stored one',
        params: IdParamsSchema,
        body: WebhookSubscriptionInputSchema,
        response: { 200: WebhookSubscriptionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const departmentIds = [...new Set(body.departmentIds)];
      const problem = await problemOf({ ...body, departmentIds });
      if (problem) return reply.code(400).send(httpError(400, 'Bad Request', problem));
      const at = clock().toISOString();
      const record = {
        id: request.params.id,
        name: body.name,
        url: body.url,
        departmentIds,
        minSeverity: body.minSeverity,
        eventTypes: [...new Set(body.eventTypes)],
        enabled: body.enabled,
        updatedAt: at,
      };
      const isSecretChanged = Boolean(body.secret);
      const found = await db.transaction(async (tx) => {
        const ok = await createWebhookRepository(tx).update(record, body.secret || null);
        if (ok) {
          await createAuditRepository(tx).record({
            at,
            actor: actorOf(request.principal),
            action: 'webhook.updated',
            target: record.id,
            details: { webhook: auditView({ ...record, createdAt: at }), isSecretChanged },
          });
        }
        return ok;
      });
      const subscription = found ? await webhooks.find(record.id) : null;
      if (!subscription)
        return reply.code(404).send(httpError(404, 'Not Found', 'No such webhook'));
      return subscription;
    },
  );

  app.delete(
    '/api/admin/webhooks/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Delete a webhook subscription and its delivery log',
        params: IdParamsSchema,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const at = clock().toISOString();
      const removed = await db.transaction(async (tx) => {
        const gone = await createWebhookRepository(tx).remove(request.params.id);
        if (gone) {
          await createAuditRepository(tx).record({
            at,
            actor: actorOf(request.principal),
            action: 'webhook.deleted',
            target: gone.id,
            details: { webhook: auditView(gone) },
          });
        }
        return gone;
      });
      if (!removed) return reply.code(404).send(httpError(404, 'Not Found', 'No such webhook'));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/admin/webhooks/:id/deliveries',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: "A webhook's deliveries, newest first",
        params: IdParamsSchema,
        querystring: WebhookDeliveriesQuerySchema,
        response: { 200: WebhookDeliveriesResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      if (!(await webhooks.find(request.params.id)))
        return reply.code(404).send(httpError(404, 'Not Found', 'No such webhook'));
      return webhooks.deliveries(request.params.id, request.query);
    },
  );

  app.post(
    '/api/admin/webhooks/:id/test',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Send one signed alert.test ping now and answer with what the receiver said',
        params: IdParamsSchema,
        response: { 200: WebhookTestResultSchema, ...errors },
      },
    },
    async (request, reply) => {
      const found = await webhooks.findWithSecret(request.params.id);
      if (!found) return reply.code(404).send(httpError(404, 'Not Found', 'No such webhook'));
      return sendTest(found.subscription.url, found.secret);
    },
  );

  app.post(
    '/api/admin/webhooks/deliveries/:id/retry',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Put a failed delivery back in the queue, due now, with a fresh set of attempts',
        params: DeliveryParamsSchema,
        response: { 200: WebhookDeliverySchema, ...errors },
      },
    },
    async (request, reply) => {
      const at = clock().toISOString();
      const delivery = await db.transaction(async (tx) => {
        const retried = await createWebhookRepository(tx).retry(request.params.id, at);
        if (retried) {
          await createAuditRepository(tx).record({
            at,
            actor: actorOf(request.principal),
            action: 'webhook.delivery_retried',
            target: retried.subscriptionId,
            details: { deliveryId: retried.id, eventSeq: retried.eventSeq },
          });
        }
        return retried;
      });
      if (!delivery)
        return reply.code(404).send(httpError(404, 'Not Found', 'No such failed delivery'));
      onQueued();
      return delivery;
    },
  );
};

const never = (): never => {
  throw new Error('the subscription just created is gone');
};
