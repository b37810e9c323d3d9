import { describe, expect, it } from 'vitest';
import { checklistChange } from './checklist';

const open = { closedAt: null };
const closed = { closedAt: '2026-11-23T05:00:00.000Z' };
const todo = { doneAt: null };
const done = { doneAt: '2026-11-23T04:00:00.000Z' };

describe('checklistChange', () => {
  it.each([
    ['ticks an open step', open, todo, true, { ok: true, done: true }],
    ['unticks a done step', open, done, false, { ok: true, done: false }],
    [
      'changes nothing when ticking a done step again',
      open,
      done,
      true,
      { ok: true, unchanged: true },
    ],
    [
      'changes nothing when unticking an open step',
      open,
      todo,
      false,
      { ok: true, unchanged: true },
    ],
    ['refuses a closed alert', closed, todo, true, { ok: false, status: 409 }],
    ['refuses unticking on a closed alert', closed, done, false, { ok: false, status: 409 }],
    ['does not find a missing step', open, undefined, true, { ok: false, status: 404 }],
  ] as const)('%s', (_what, alert, step, want, expected) => {
    expect(checklistChange(alert, step, want)).toMatchObject(expected);
  });
});
