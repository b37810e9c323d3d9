import { describe, expect, it } from 'vitest';
import type { Alert } from '../schemas/alert';
import { alertLogFromSnapshot, applyAlertEvent, applyAlertPage } from './alert-log';

const sampleAlert = (): Alert => ({
  id: 'x',
  key: 'rule:r|site:s',
  ruleId: 'rule:r',
  departmentId: 'dept:A',
  indicatorId: 'water.level_cm',
  subjectId: 'site:s',
  areaId: null,
  position: null,
  geometry: null,
  source: 'rule',
  severity: 'Severe',
  status: 'open',
  title: { vi: 'Mực nước cao', en: 'High water' },
  value: 170,
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
  sopDone: 0,
  sopTotal: 0,
  silencedUntil: null,
  silenceId: null,
  escalationLevel: 0,
  reminderCount: 0,
  incidentId: null,
});
describe('applyAlertPage', () => {
  const at = '2026-11-23T03:00:00.000Z';
  const alertOf = (id: string, version: number) =>
    ({ ...sampleAlert(), id, version }) satisfies Alert;
  const eventOf = (seq: number, id: string, version = 1) => ({
    seq,
    type: 'raised' as const,
    at,
    alert: alertOf(id, version),
  });

  it('applies a page that skips numbers and stands at throughSeq afterwards', () => {
    const start = alertLogFromSnapshot([], 3);
    const { state, applied } = applyAlertPage(start, [eventOf(5, 'a'), eventOf(9, 'b')], 12);
    expect(applied).toBe(2);
    expect(state.lastSeq).toBe(12);
    expect([...state.alerts.keys()].sort()).toEqual(['a', 'b']);
    // A live event right after is contiguous again; an old one is a duplicate.
    expect(applyAlertEvent(state, eventOf(13, 'c')).kind).toBe('applied');
    expect(applyAlertEvent(state, eventOf(9, 'b')).kind).toBe('duplicate');
  });

  it('ignores events already applied or beyond throughSeq', () => {
    const start = alertLogFromSnapshot([alertOf('a', 2)], 5);
    const { state, applied } = applyAlertPage(
      start,
      [eventOf(4, 'a', 1), eventOf(6, 'b'), eventOf(8, 'c')],
      7,
    );
    expect(applied).toBe(1);
    expect(state.alerts.get('a')?.version).toBe(2);
    expect(state.alerts.has('c')).toBe(false);
    expect(state.lastSeq).toBe(7);
  });

  it('returns the same state when nothing changes', () => {
    const start = alertLogFromSnapshot([], 5);
    expect(applyAlertPage(start, [], 5).state).toBe(start);
  });
});
