import {
  type AlertEventType,
  AlertEventTypeSchema,
  type Severity,
  type WebhookHealth,
  type WebhookSubscription,
  type WebhookSubscriptionInput,
  WebhookSubscriptionInputSchema,
} from '@city-ioc/shared';
import { DICTIONARY, type Language, type MessageKey, translate } from '../../../lib/i18n';
import { type FieldErrors, fieldErrorsFromIssues } from '../../admin-feeds/model/form-errors';

/** The create/edit form of a webhook subscription. */
export interface WebhookFormState {
  name: string;
  url: string;
  /** Write-only: blank keeps the stored one (edit) or lets the server make one (create). */
  secret: string;
  departmentIds: readonly string[];
  minSeverity: Severity;
  eventTypes: readonly AlertEventType[];
  enabled: boolean;
}

export const emptyWebhookForm = (): WebhookFormState => ({
  name: '',
  url: '',
  secret: '',
  departmentIds: [],
  minSeverity: 'Minor',
  eventTypes: [],
  enabled: true,
});

/** The form of an existing subscription; the secret is never known to the client. Pure. */
export const webhookFormOf = (s: WebhookSubscription): WebhookFormState => ({
  name: s.name,
  url: s.url,
  secret: '',
  departmentIds: s.departmentIds,
  minSeverity: s.minSeverity,
  eventTypes: s.eventTypes,
  enabled: s.enabled,
});

/** Checks the form with the server's schema; a blank secret is left out. Pure. */
export const validateWebhookForm = (
  form: WebhookFormState,
): { ok: true; input: WebhookSubscriptionInput } | { ok: false; errors: FieldErrors } => {
  const candidate = {
    name: form.name,
    url: form.url,
    ...(form.secret.trim() === '' ? {} : { secret: form.secret }),
    departmentIds: [...form.departmentIds],
    minSeverity: form.minSeverity,
    eventTypes: [...form.eventTypes],
    enabled: form.enabled,
  };
  const parsed = WebhookSubscriptionInputSchema.safeParse(candidate);
  if (!parsed.success) {
    return { ok: false, errors: fieldErrorsFromIssues(parsed.error.issues, candidate) };
  }
  return { ok: true, input: parsed.data };
};

/** Every alert event type a subscription may choose. */
export const EVENT_TYPES: readonly AlertEventType[] = AlertEventTypeSchema.options;

/** An event type in the UI language; its code when the dictionary has no name for it. Pure. */
export const eventTypeLabel = (type: string, language: Language): string => {
  const key = `alertEvent.${type}`;
  return Object.hasOwn(DICTIONARY[language], key) ? translate(language, key as MessageKey) : type;
};

export type HealthState = 'none' | 'delivered' | 'pending' | 'failed';

/**
 * A subscription's health at a glance: failing when any delivery gave up or the newest one
 * did, pending while the newest waits, delivered otherwise; none before the first. Pure.
 */
export const healthState = (health: WebhookHealth): HealthState => {
  if (health.failedCount > 0 || health.lastStatus === 'failed') return 'failed';
  if (health.lastStatus === null) return 'none';
  return health.lastStatus;
};

/** Subscriptions by name, enabled first. Pure. */
export const sortWebhooks = (list: readonly WebhookSubscription[]): WebhookSubscription[] =>
  [...list].sort(
    (a, b) => Number(b.enabled) - Number(a.enabled) || a.name.localeCompare(b.name, 'vi'),
  );
