import { type AlertEvent, AlertSchema } from '@city-ioc/shared';

/** The JSON body of one delivery. `type` is `alert.<event type>`, or `alert.test` for a ping. */
export interface WebhookPayload {
  type: string;
  /** The alert event's sequence number (gap-free over all events); 0 for a test ping. */
  seq: number;
  at: string;
  /** The alert as the API serialises it; null for a test ping. */
  alert: unknown;
}

/**
 * The alert of an event as the HTTP API would answer it: parsed by the shared schema, which
 * drops internal fields and fills defaults. A snapshot the schema refuses (written by an older
 * or newer version) goes out as stored rather than never.
 */
const serialisedAlert = (alert: AlertEvent['alert']): unknown => {
  const parsed = AlertSchema.safeParse(alert);
  return parsed.success ? parsed.data : alert;
};

/** The body of a delivery of `event`: the exact bytes signed and sent on every attempt. */
export const buildWebhookBody = (event: AlertEvent): string =>
  JSON.stringify({
    type: `alert.${event.type}`,
    seq: event.seq,
    at: event.at,
    alert: serialisedAlert(event.alert),
  } satisfies WebhookPayload);

/** The body of a test ping sent from the administration screen. */
export const buildTestBody = (at: string): string =>
  JSON.stringify({ type: 'alert.test', seq: 0, at, alert: null } satisfies WebhookPayload);

/**
 * The `webhook-id` of a delivery: the same on every retry, so a receiver can drop duplicates.
 * Standard Webhooks forbids `.` in it, so dots become `_`.
 */
export const webhookMessageId = (eventSeq: number, subscriptionId: string): string =>
  `evt_${eventSeq}_${subscriptionId}`.replaceAll('.', '_');
