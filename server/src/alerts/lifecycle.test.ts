import type { Alert, AlertAction } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { applyAction } from './lifecycle';

type State = Pick<Alert, 'status' | 'closedAt'>;
const OPEN: State = { status: 'open', closedAt: null };
const ACK: State = { status: 'acknowledged', closedAt: null };
const WORK: State = { status: 'in_progress', closedAt: null };
const DONE: State = { status: 'resolved', closedAt: null };
const CLOSED: State = { status: 'resolved', closedAt: '2026-11-23T03:00:00.000Z' };

describe('applyAction: the alert lifecycle', () => {
  it.each<[State, AlertAction, string]>([
    [OPEN, 'acknowledge', 'acknowledged/acknowledged'],
    [ACK, 'acknowledge', 'unchanged'],
    [WORK, 'acknowledge', 'unchanged'],
    [DONE, 'acknowledge', 'refused'],
    [OPEN, 'start', 'in_progress/progressed'],
    [ACK, 'start', 'in_progress/progressed'],
    [WORK, 'start', 'unchanged'],
    [DONE, 'start', 'refused'],
    [OPEN, 'resolve', 'resolved/resolved'],
    [ACK, 'resolve', 'resolved/resolved'],
    [WORK, 'resolve', 'resolved/resolved'],
    [DONE, 'resolve', 'refused'],
    [OPEN, 'close', 'refused'],
    [WORK, 'close', 'refused'],
    [DONE, 'close', 'resolved/closed+close'],
    [CLOSED, 'close', 'unchanged'],
  ])('%o + %s → %s', (state, action, expected) => {
    const outcome = applyAction(state, action);
    const shown = !outcome.ok
      ? 'refused'
      : 'unchanged' in outcome
        ? 'unchanged'
        : `${outcome.status}/${outcome.event}${outcome.close ? '+close' : ''}`;
    expect(shown).toBe(expected);
  });

  it('says why an action is refused', () => {
    expect(applyAction(OPEN, 'close')).toEqual({
      ok: false,
      reason: 'only a resolved alert can be closed',
    });
  });
});
