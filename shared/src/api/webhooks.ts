import { z } from 'zod';
import { AlertEventTypeSchema } from '../schemas/alert';
import { IdSchema, IsoDateTimeSchema } from '../schemas/common';
import { SeveritySchema } from '../schemas/severity';

/** Where one delivery of one event to one subscription stands. */
export const WebhookDeliveryStatusSchema = z.enum(['pending', 'delivered', 'failed']);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatusSchema>;

/** How a subscription's deliveries are going, for the administrators' list. */
export const WebhookHealthSchema = z.object({
  /** The newest delivery's status; null before the first one. */
  lastStatus: WebhookDeliveryStatusSchema.nullable(),
  lastAttemptAt: IsoDateTimeSchema.nullable(),
  /** The HTTP status of the newest attempt; null when none answered (refused, timeout). */
  lastStatusCode: z.number().int().nullable(),
  /** Deliveries that gave up after every attempt (until retried). */
  failedCount: z.number().int().nonnegative(),
  /** Deliveries waiting for their first or next attempt. */
  pendingCount: z.number().int().nonnegative(),
});
export type WebhookHealth = z.infer<typeof WebhookHealthSchema>;

/**
 * A subscription of an outside system to alert events, as the API shows it: never its secret.
 * Empty `departmentIds` means every department; empty `eventTypes` every alert event type.
 */
export const WebhookSubscriptionSchema = z.object({
  id: IdSchema,
  name: z.string(),
  url: z.string(),
  departmentIds: z.array(IdSchema),
  minSeverity: SeveritySchema,
  eventTypes: z.array(AlertEventTypeSchema),
  enabled: z.boolean(),
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
  health: WebhookHealthSchema,
});
export type WebhookSubscription = z.infer<typeof WebhookSubscriptionSchema>;
export const WebhookSubscriptionsResponseSchema = z.array(WebhookSubscriptionSchema);

/**
 * What an administrator sends to create or change a subscription. `secret` is write-only: left
 * out or blank, the server generates one on create and keeps the stored one on update.
 */
export const WebhookSubscriptionInputSchema = z.object({
  name: z.string().trim().min(1).max(200),
  url: z.string().trim().min(1).max(2_000),
  secret: z.string().trim().max(200).optional(),
  departmentIds: z.array(IdSchema).max(50).default([]),
  minSeverity: SeveritySchema.default('Minor'),
  eventTypes: z.array(AlertEventTypeSchema).max(20).default([]),
  enabled: z.boolean().default(true),
});
export type WebhookSubscriptionInput = z.input<typeof WebhookSubscriptionInputSchema>;

/** A new subscription and its signing secret, shown this once. */
export const WebhookCreatedSchema = z.object({
  subscription: WebhookSubscriptionSchema,
  secret: z.string(),
});
export type WebhookCreated = z.infer<typeof WebhookCreatedSchema>;

/** One event's delivery to one subscription, with its latest attempt. */
export const WebhookDeliverySchema = z.object({
  id: z.number().int().positive(),
  subscriptionId: IdSchema,
  eventSeq: z.number().int().positive(),
  alertId: IdSchema,
  /** The alert event type (`raised`, `resolved`, …); the payload's `type` is `alert.<it>`. */
  eventType: AlertEventTypeSchema,
  status: WebhookDeliveryStatusSchema,
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: IsoDateTimeSchema.nullable(),
  lastAttemptAt: IsoDateTimeSchema.nullable(),
  /** HTTP status of the latest attempt; null when nothing answered. */
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: IsoDateTimeSchema.nullable(),
  createdAt: IsoDateTimeSchema,
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;
export const WebhookDeliveriesResponseSchema = z.array(WebhookDeliverySchema);

export const WebhookDeliveriesQuerySchema = z.object({
  status: WebhookDeliveryStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type WebhookDeliveriesQuery = z.infer<typeof WebhookDeliveriesQuerySchema>;

/** The answer of a test ping: what the receiver said, nothing stored. */
export const WebhookTestResultSchema = z.object({
  ok: z.boolean(),
  /** HTTP status; null when nothing answered. */
  status: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().nonnegative(),
});
export type WebhookTestResult = z.infer<typeof WebhookTestResultSchema>;
