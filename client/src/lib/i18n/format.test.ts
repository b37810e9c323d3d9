import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatClock,
  formatDateTime,
  formatDuration,
  formatNumber,
  formatShortDateTime,
} from './format';

const TZ = 'Asia/Ho_Chi_Minh';

describe('formatShortDateTime', () => {
  it.each([
    ['2025-11-23T05:07:00Z', '12:07 23/11'],
    ['2025-11-23T17:30:00Z', '00:30 24/11'],
    ['2025-01-01T00:00:00+07:00', '00:00 01/01'],
  ])('shows %s as %s in Ho Chi Minh City time', (iso, expected) => {
    expect(formatShortDateTime(iso, 'vi', TZ)).toBe(expected);
    expect(formatShortDateTime(iso, 'en', TZ)).toBe(expected);
  });

  it('returns an empty string for an unparsable timestamp', () => {
    expect(formatShortDateTime('not a date', 'vi', TZ)).toBe('');
  });
});

describe('formatClock', () => {
  it('shows the wall time and date in the city time zone', () => {
    expect(formatClock(Date.parse('2025-11-23T17:04:05Z'), 'vi', TZ)).toEqual({
      time: '00:04:05',
      date: '24/11/2025',
    });
  });
});

describe('formatAge', () => {
  const now = Date.parse('2025-11-23T05:00:00Z');
  it.each([
    ['vi', '2025-11-23T04:59:48Z', '12 giây trước'],
    ['en', '2025-11-23T04:59:48Z', '12 seconds ago'],
    ['vi', '2025-11-23T04:57:00Z', '3 phút trước'],
    ['en', '2025-11-23T02:00:00Z', '3 hours ago'],
  ] as const)('in %s says %s is %s', (language, iso, expected) => {
    expect(formatAge(iso, now, language)).toBe(expected);
  });

  it('treats a timestamp slightly in the future as now', () => {
    expect(formatAge('2025-11-23T05:00:03Z', now, 'en')).toBe('now');
  });
});

describe('formatNumber', () => {
  it('uses the separators of each language', () => {
    expect(formatNumber(12345.678, 'vi')).toBe('12.345,68');
    expect(formatNumber(12345.678, 'en')).toBe('12,345.68');
  });
});

describe('formatDateTime', () => {
  it('shows the full instant in the city time zone, in both languages alike', () => {
    expect(formatDateTime('2025-11-23T17:04:05Z', 'vi', TZ)).toBe('00:04:05 24/11/2025');
    expect(formatDateTime('2025-11-23T17:04:05Z', 'en', TZ)).toBe('00:04:05 24/11/2025');
  });

  it('returns an empty string for an unparsable timestamp', () => {
    expect(formatDateTime('yesterday', 'en', TZ)).toBe('');
  });
});

describe('formatDuration', () => {
  it.each([
    ['vi', 10, '10 giây'],
    ['en', 10, '10 seconds'],
    ['en', 1, '1 second'],
    ['vi', 300, '5 phút'],
    ['en', 90, '90 seconds'],
    ['vi', 3_600, '1 giờ'],
    ['en', 7_200, '2 hours'],
    ['vi', 86_400, '1 ngày'],
  ] as const)('in %s says %i s is %s', (language, seconds, expected) => {
    expect(formatDuration(seconds, language)).toBe(expected);
  });
});
