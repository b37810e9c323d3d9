import { describe, expect, it } from 'vitest';
import { cronProblem, nextCronRun } from './cron';

describe('nextCronRun', () => {
  it.each([
    // 2026-11-23 is a Monday; 10:00Z is 17:00 in Ho Chi Minh City.
    ['30 16 * * 1-5', '2026-11-23T10:00:00Z', '2026-11-24T09:30:00.000Z'],
    ['30 16 * * 1-5', '2026-11-23T09:00:00Z', '2026-11-23T09:30:00.000Z'],
    // Friday 17:00 local → Monday 16:30 local.
    ['30 16 * * 1-5', '2026-11-27T10:00:00Z', '2026-11-30T09:30:00.000Z'],
    ['*/15 * * * *', '2026-11-23T10:07:12Z', '2026-11-23T10:15:00.000Z'],
    // Midnight local is 17:00 UTC the day before.
    ['0 0 1 * *', '2026-11-23T00:00:00Z', '2026-11-30T17:00:00.000Z'],
  ])('%s after %s is %s', (expression, from, next) => {
    expect(nextCronRun(expression, new Date(from))?.toISOString()).toBe(next);
  });

  it('answers null for an invalid expression', () => {
    expect(nextCronRun('61 * * * *', new Date())).toBeNull();
  });
});

describe('cronProblem', () => {
  it.each([
    ['30 16 * * 1-5', null],
    ['61 * * * *', 'Invalid value for minute: 61'],
    ['0 0 * * * *', "mode '5-part' requires exactly 5 parts"],
    ['0 0 31 2 *', 'never runs'],
  ])('%s → %s', (expression, problem) => {
    const found = cronProblem(expression);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });
});
