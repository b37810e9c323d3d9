/**
 * The CAP 1.2 date-time form (XSD pattern `\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\d[-,+]\d\d:\d\d`):
 * seconds, no fraction, and an explicit numeric offset. The spec forbids "Z".
 */
const CAP_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-])(\d{2}):(\d{2})$/;

/** RFC 3339 as Atom uses it: optional fraction, "Z" or a numeric offset. */
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeapYear = (year: number): boolean =>
  (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  offsetMinutes: number;
}

/** Epoch milliseconds of valid calendar fields, or null when a field is out of range. */
const toEpochMs = (f: Fields): number | null => {
  if (f.month < 1 || f.month > 12 || f.day < 1) return null;
  const days = f.month === 2 && isLeapYear(f.year) ? 29 : (DAYS_IN_MONTH[f.month - 1] ?? 0);
  if (f.day > days || f.hour > 23 || f.minute > 59 || f.second > 59) return null;
  if (Math.abs(f.offsetMinutes) > 14 * 60) return null;
  const utc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second, f.millisecond);
  // Date.UTC maps years 0-99 to 1900-1999; CAP times never mean those, so refuse them.
  if (f.year < 1000) return null;
  return utc - f.offsetMinutes * 60_000;
};

const isoOf = (ms: number | null): string | null =>
  ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString();

/**
 * Converts a CAP date-time ("2003-04-02T14:39:01-05:00") to an ISO-8601 UTC string
 * ("2003-04-02T19:39:01.000Z"). Returns null for anything else, including "Z" offsets,
 * fractional seconds and impossible dates.
 */
export const capDateTimeToIso = (raw: string): string | null => {
  const m = CAP_DATE_TIME.exec(raw);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, sign, oh, om] = m;
  const offset = Number(oh) * 60 + Number(om);
  return isoOf(
    toEpochMs({
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      hour: Number(h),
      minute: Number(mi),
      second: Number(s),
      millisecond: 0,
      offsetMinutes: sign === '-' ? -offset : offset,
    }),
  );
};

/** Converts an RFC 3339 timestamp (Atom `updated`) to an ISO-8601 UTC string, or null. */
export const rfc3339ToIso = (raw: string): string | null => {
  const m = RFC3339.exec(raw.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, oh, om] = m;
  const offset = zulu ? 0 : Number(oh) * 60 + Number(om);
  return isoOf(
    toEpochMs({
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      hour: Number(h),
      minute: Number(mi),
      second: Number(s),
      millisecond: fraction ? Math.floor(Number(`0.${fraction}`) * 1000) : 0,
      offsetMinutes: sign === '-' ? -offset : offset,
    }),
  );
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** RFC 822 zone names (hours from UTC); military single letters other than Z are ambiguous. */
const ZONES: Readonly<Record<string, number>> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  EST: -5,
  EDT: -4,
  CST: -6,
  CDT: -5,
  MST: -7,
  MDT: -6,
  PST: -8,
  PDT: -7,
};

const RFC822 =
  /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{2}|\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s+([A-Za-z]{1,3}|[+-]\d{4})$/;

/** Converts an RFC 822 date (RSS `pubDate`, "Wed, 11 Jun 2003 22:39:00 PDT") to ISO UTC, or null. */
export const rfc822ToIso = (raw: string): string | null => {
  const m = RFC822.exec(raw.trim());
  if (!m) return null;
  const [, d, monthName, y, h, mi, s, zone = ''] = m;
  const month = MONTHS.indexOf((monthName ?? '').toLowerCase()) + 1;
  if (month === 0) return null;
  let offsetMinutes: number;
  if (/^[+-]\d{4}$/.test(zone)) {
    const value = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3));
    offsetMinutes = zone.startsWith('-') ? -value : value;
  } else {
    const hours = ZONES[zone.toUpperCase()];
    if (hours === undefined) return null;
    offsetMinutes = hours * 60;
  }
  // Two-digit years (RFC 822) are read as 19xx/20xx with a 1950 pivot, as RFC 2822 advises.
  const twoDigit = Number(y);
  const year =
    (y ?? '').length === 2 ? (twoDigit < 50 ? 2000 + twoDigit : 1900 + twoDigit) : twoDigit;
  return isoOf(
    toEpochMs({
      year,
      month,
      day: Number(d),
      hour: Number(h),
      minute: Number(mi),
      second: Number(s ?? 0),
      millisecond: 0,
      offsetMinutes,
    }),
  );
};
