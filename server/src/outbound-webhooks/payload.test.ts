import type { Alert, AlertEvent } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { buildTestBody, buildWebhookBody, webhookMessageId } from './payload';

const snapshot = {
  id: 'alert-1',
  key: 'k',
  ruleId: null,
  departmentId: 'dept:TNMT',
  indicatorId: null,
  subjectId: 'site:wl-01',
  areaId: null,
  position: null,
  severity: 'Moderate',
  status: 'open',
  title: { vi: 'Mực nước' },
  value: null,
  threshold: null,
  occurrences: 1,
  firstAt: '2026-11-23T03:00:00.000Z',
  lastAt: '2026-11-23T03:00:00.000Z',
  resolvedAt: null,
  updatedAt: '2026-11-23T03:00:00.000Z',
  version: 1,
} as unknown as Alert;

const event = (alert: Alert = snapshot): AlertEvent => ({
  seq: 42,
  type: 'resolved',
  at: '2026-11-23T03:05:00.000Z',
  alert,
});

describe('buildWebhookBody', () => {
  it('sends the event type as alert.<type>, its seq and time, and the alert as the API shows it', () => {
    const body = JSON.parse(buildWebhookBody(event()));
    expect(body).toMatchObject({ type: 'alert.resolved', seq: 42, at: '2026-11-23T03:05:00.000Z' });
    // Defaults the API fills in are present, as in GET /api/alerts.
    expect(body.alert).toMatchObject({
      id: 'alert-1',
      geometry: null,
      source: 'rule',
      assignee: null,
    });
  });

  it('leaves out fields the API does not show', () => {
    const body = JSON.parse(buildWebhookBody(event({ ...snapshot, internal: 'x' } as Alert)));
    expect(body.alert).not.toHaveProperty('internal');
  });

  it('still sends a snapshot the schema refuses, as stored', () => {
    const odd = { ...snapshot, severity: 'Unknown' } as unknown as Alert;
    expect(JSON.parse(buildWebhookBody(event(odd))).alert.severity).toBe('Unknown');
  });

  it('gives the same bytes every time, so every retry signs the same content', () => {
    expect(buildWebhookBody(event())).toBe(buildWebhookBody(event()));
  });
});

describe('buildTestBody', () => {
  it('is an alert.test ping without an alert', () => {
    expect(JSON.parse(buildTestBody('2026-11-23T03:00:00.000Z'))).toEqual({
      type: 'alert.test',
      seq: 0,
      at: '2026-11-23T03:00:00.000Z',
      alert: null,
    });
  });
});

describe('webhookMessageId', () => {
  it('is stable per event and subscription and has no dots', () => {
    expect(webhookMessageId(42, 'hook.v1:a')).toBe('evt_42_hook_v1:a');
    expect(webhookMessageId(42, 'b')).not.toBe(webhookMessageId(43, 'b'));
  });
});
