import type { WebhookHealth, WebhookSubscription } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import {
  emptyWebhookForm,
  eventTypeLabel,
  healthState,
  sortWebhooks,
  validateWebhookForm,
  webhookFormOf,
} from './webhooks';

const health = (o: Partial<WebhookHealth> = {}): WebhookHealth => ({
  lastStatus: null,
  lastAttemptAt: null,
  lastStatusCode: null,
  failedCount: 0,
  pendingCount: 0,
  ...o,
});

const subscription = (o: Partial<WebhookSubscription> = {}): WebhookSubscription => ({
  id: 'w1',
  name: 'Trung tâm 115',
  url: 'https://hooks.example.vn/ioc',
  departmentIds: ['dept:TNMT'],
  minSeverity: 'Severe',
  eventTypes: ['raised'],
  enabled: true,
  createdAt: '2026-11-23T03:00:00.000Z',
  updatedAt: '2026-11-23T03:00:00.000Z',
  health: health(),
  ...o,
});

describe('validateWebhookForm', () => {
  it('leaves a blank secret out, so the server generates or keeps one', () => {
    const result = validateWebhookForm({ ...emptyWebhookForm(), name: 'A', url: 'https://x.vn' });
    expect(result.ok && result.input).toMatchObject({ name: 'A', url: 'https://x.vn' });
    expect(result.ok && 'secret' in result.input).toBe(false);
  });

  it('sends a typed secret', () => {
    const form = { ...emptyWebhookForm(), name: 'A', url: 'https://x.vn', secret: 'whsec_abc' };
    const result = validateWebhookForm(form);
    expect(result.ok && result.input.secret).toBe('whsec_abc');
  });

  it('asks for the name and the URL', () => {
    const result = validateWebhookForm(emptyWebhookForm());
    expect(result.ok ? [] : Object.keys(result.errors).sort()).toEqual(['name', 'url']);
  });
});

describe('webhookFormOf', () => {
  it('fills the form from a subscription, with a blank secret', () => {
    expect(webhookFormOf(subscription())).toMatchObject({
      name: 'Trung tâm 115',
      secret: '',
      minSeverity: 'Severe',
      eventTypes: ['raised'],
    });
  });
});

describe('healthState', () => {
  it.each<[string, Partial<WebhookHealth>, string]>([
    ['nothing sent', {}, 'none'],
    ['the newest delivered', { lastStatus: 'delivered' }, 'delivered'],
    ['the newest pending', { lastStatus: 'pending', pendingCount: 1 }, 'pending'],
    ['an older delivery failed', { lastStatus: 'delivered', failedCount: 2 }, 'failed'],
  ])('reads %s as %s', (_, h, expected) => {
    expect(healthState(health(h))).toBe(expected);
  });
});

describe('eventTypeLabel', () => {
  it('names a known event type and shows the code of an unknown one', () => {
    expect(eventTypeLabel('raised', 'en')).toBe('Alert raised');
    expect(eventTypeLabel('teleported', 'vi')).toBe('teleported');
  });
});

describe('sortWebhooks', () => {
  it('lists enabled subscriptions first, then by name', () => {
    const list = [
      subscription({ id: 'c', name: 'C', enabled: false }),
      subscription({ id: 'b', name: 'B' }),
      subscription({ id: 'a', name: 'A' }),
    ];
    expect(sortWebhooks(list).map((s) => s.id)).toEqual(['a', 'b', 'c']);
  });
});
