import type { Alert, AlertEvent } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { isSilencedAt, matches, type WebhookFilter } from './matches';

const alert = (
  o: Omit<Partial<Alert>, 'silencedUntil'> & { silencedUntil?: unknown } = {},
): Alert =>
  ({
    id: 'alert-1',
    key: 'rule:water-high|site:wl-01',
    ruleId: 'rule:water-high',
    departmentId: 'dept:TNMT',
    indicatorId: 'water.level_cm',
    subjectId: 'site:wl-01',
    areaId: null,
    position: [106.7, 10.76],
    geometry: null,
    source: 'rule',
    severity: 'Severe',
    status: 'open',
    title: { vi: 'Mực nước vượt báo động' },
    value: 171,
    threshold: 160,
    occurrences: 1,
    firstAt: '2026-11-23T03:00:00.000Z',
    lastAt: '2026-11-23T03:00:00.000Z',
    resolvedAt: null,
    updatedAt: '2026-11-23T03:00:00.000Z',
    version: 1,
    assignee: null,
    closedAt: null,
    commentCount: 0,
    ...o,
  }) as Alert;

const event = (o: Partial<AlertEvent> = {}, a: Parameters<typeof alert>[0] = {}): AlertEvent => ({
  seq: 7,
  type: 'raised',
  at: '2026-11-23T03:00:00.000Z',
  alert: alert(a),
  ...o,
});

const all: WebhookFilter = {
  enabled: true,
  departmentIds: [],
  minSeverity: 'Minor',
  eventTypes: [],
};

describe('matches', () => {
  it.each<[string, Partial<WebhookFilter>, boolean]>([
    ['everything when every list is empty', {}, true],
    ['nothing when the subscription is disabled', { enabled: false }, false],
    ['a listed department', { departmentIds: ['dept:GTVT', 'dept:TNMT'] }, true],
    ['not another department', { departmentIds: ['dept:GTVT'] }, false],
    ['a severity equal to the minimum', { minSeverity: 'Severe' }, true],
    ['a severity above the minimum', { minSeverity: 'Moderate' }, true],
    ['not a severity below the minimum', { minSeverity: 'Extreme' }, false],
    ['a listed event type', { eventTypes: ['raised', 'resolved'] }, true],
    ['not an event type left out', { eventTypes: ['resolved'] }, false],
  ])('delivers %s', (_, filter, expected) => {
    expect(matches({ ...all, ...filter }, event())).toBe(expected);
  });

  it('does not deliver an event of an alert silenced at that time', () => {
    expect(matches(all, event({}, { silencedUntil: '2026-11-23T04:00:00.000Z' }))).toBe(false);
  });

  it('delivers an event after the silence ended', () => {
    const later = event(
      { at: '2026-11-23T05:00:00.000Z' },
      { silencedUntil: '2026-11-23T04:00:00.000Z' },
    );
    expect(matches(all, later)).toBe(true);
  });
});

describe('isSilencedAt', () => {
  it.each<[string, unknown, boolean]>([
    ['absent', undefined, false],
    ['null', null, false],
    ['not a time', 'soon', false],
    ['not a string', 12, false],
    ['the same instant as the event', '2026-11-23T03:00:00.000Z', false],
    ['earlier than the event', '2026-11-23T02:59:59.000Z', false],
    ['later than the event', '2026-11-23T03:00:01.000Z', true],
    ['later, with an offset', '2026-11-23T10:30:00+07:00', true],
  ])('reads silencedUntil %s as %s', (_, silencedUntil, expected) => {
    expect(isSilencedAt(event({}, { silencedUntil }))).toBe(expected);
  });
});
