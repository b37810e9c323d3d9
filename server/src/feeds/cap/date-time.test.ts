import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { capDateTimeToIso, rfc822ToIso, rfc3339ToIso } from './date-time';

describe('capDateTimeToIso', () => {
  it.each<[string, string | null]>([
    ['2003-04-02T14:39:01-05:00', '2003-04-02T19:39:01.000Z'],
    ['2025-09-01T10:00:00+07:00', '2025-09-01T03:00:00.000Z'],
    ['2012-05-02T23:21:04-00:00', '2012-05-02T23:21:04.000Z'],
    ['2024-02-29T00:00:00+00:00', '2024-02-29T00:00:00.000Z'],
    ['2023-02-29T00:00:00+00:00', null],
    ['2003-04-02T14:39:01Z', null],
    ['2003-04-02T14:39:01', null],
    ['2003-04-02T14:39:01.5-05:00', null],
    ['2003-04-02 14:39:01-05:00', null],
    ['2003-13-02T14:39:01-05:00', null],
    ['2003-04-02T24:00:00-05:00', null],
    ['2003-04-02T14:39:01-15:00', null],
    [' 2003-04-02T14:39:01-05:00', null],
  ])('reads %j as %j', (raw, expected) => {
    expect(capDateTimeToIso(raw)).toBe(expected);
  });

  it('round-trips any instant written with any whole-minute offset', () => {
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1970, 0, 1) / 1000, max: Date.UTC(2100, 0, 1) / 1000 }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (epochSeconds, offsetMinutes) => {
          const local = new Date((epochSeconds + offsetMinutes * 60) * 1000);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const abs = Math.abs(offsetMinutes);
          const text = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
          expect(capDateTimeToIso(text)).toBe(new Date(epochSeconds * 1000).toISOString());
        },
      ),
    );
  });
});

describe('rfc3339ToIso', () => {
  it.each<[string, string | null]>([
    ['2010-08-31T00:48:10Z', '2010-08-31T00:48:10.000Z'],
    ['2010-08-30T23:04:00-04:00', '2010-08-31T03:04:00.000Z'],
    ['2014-05-09T21:57:52.123456Z', '2014-05-09T21:57:52.123Z'],
    ['2010-08-31', null],
    ['yesterday', null],
  ])('reads %j as %j', (raw, expected) => {
    expect(rfc3339ToIso(raw)).toBe(expected);
  });
});

describe('rfc822ToIso', () => {
  it.each<[string, string | null]>([
    ['Fri, 04 Feb 2011 20:20:00 GMT', '2011-02-04T20:20:00.000Z'],
    ['Wed, 11 Jun 2003 22:39:00 PDT', '2003-06-12T05:39:00.000Z'],
    ['4 Feb 2011 20:20 +0700', '2011-02-04T13:20:00.000Z'],
    ['Fri, 04 Feb 11 20:20:00 UT', '2011-02-04T20:20:00.000Z'],
    ['Fri, 04 Foo 2011 20:20:00 GMT', null],
    ['Fri, 04 Feb 2011 20:20:00 XYZ', null],
    ['Fri, 31 Feb 2011 20:20:00 GMT', null],
  ])('reads %j as %j', (raw, expected) => {
    expect(rfc822ToIso(raw)).toBe(expected);
  });
});
