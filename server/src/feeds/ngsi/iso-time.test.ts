import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toIsoUtc } from './iso-time';

describe('toIsoUtc', () => {
  it.each([
    ['a UTC time with milliseconds', '2020-12-09T15:55:46.520Z', '2020-12-09T15:55:46.520Z'],
    ['a UTC time with centiseconds', '2016-11-30T07:00:00.00Z', '2016-11-30T07:00:00.000Z'],
    ['a time with an offset', '2020-09-16T13:30:00+05:30', '2020-09-16T08:00:00.000Z'],
    ['a Ho Chi Minh City time', '2026-11-23T09:59:00+07:00', '2026-11-23T02:59:00.000Z'],
    ['a time without offset, read as UTC', '2016-03-15T11:00:00', '2016-03-15T11:00:00.000Z'],
    ['a time without seconds', '2016-03-15T11:00Z', '2016-03-15T11:00:00.000Z'],
    ['a date alone, as midnight UTC', '2016-06-30', '2016-06-30T00:00:00.000Z'],
    ['microseconds, truncated', '2021-01-01T00:00:00.123456Z', '2021-01-01T00:00:00.123Z'],
    ['an offset without colon', '2021-01-01T07:00:00+0700', '2021-01-01T00:00:00.000Z'],
    [
      'an interval, as its end',
      '2016-12-07T11:10:00/2016-12-07T11:15:00',
      '2016-12-07T11:15:00.000Z',
    ],
    [
      'a JSON-LD typed literal',
      { '@type': 'DateTime', '@value': '2017-01-31T06:45:00Z' },
      '2017-01-31T06:45:00.000Z',
    ],
    ['an offset that crosses midnight', '2024-01-01T03:00:00+07:00', '2023-12-31T20:00:00.000Z'],
  ])('reads %s', (_label, raw, expected) => {
    expect(toIsoUtc(raw)).toBe(expected);
  });

  it.each([
    ['an empty string', ''],
    ['text', 'yesterday'],
    ['a duration', 'P2Y9M5DT6H5M20S'],
    ['an impossible date', '2021-02-30T00:00:00Z'],
    ['an impossible hour', '2021-01-01T24:00:00Z'],
    ['an impossible offset', '2021-01-01T00:00:00+25:00'],
    ['an interval with a bad start', 'soon/2016-12-07T11:15:00Z'],
    ['three parts', '2016-12-07/2016-12-08/2016-12-09'],
    ['a number', 1_700_000_000_000],
    ['null', null],
    ['an object without @value', { value: '2020-01-01T00:00:00Z' }],
    ['an array', ['2020-01-01T00:00:00Z']],
    ['a year that leaves 0001–9999 once shifted to UTC', '0001-01-01T00:00:00+01:00'],
  ])('returns null for %s', (_label, raw) => {
    expect(toIsoUtc(raw)).toBeNull();
  });

  it('returns null or an ISO UTC string for any input, and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.jsonValue()), (raw) => {
        const result = toIsoUtc(raw);
        expect(
          result === null || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(result),
        ).toBe(true);
      }),
    );
  });

  it('agrees with Date for every instant it prints', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2200-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        (date) => {
          expect(toIsoUtc(date.toISOString())).toBe(date.toISOString());
        },
      ),
    );
  });
});
