/**
 * Date-time normalisation for NGSI payloads. Pure: no clock, no locale.
 *
 * NGSI brokers and Smart Data Models write times in several ways: full ISO-8601 with `Z` or an
 * offset, without any offset ("2016-03-15T11:00:00"), as an interval ("start/end"), or as a
 * JSON-LD typed literal (`{ "@type": "DateTime", "@value": "…" }`). `Date.parse` would read the
 * offset-less form in the server's local zone, so the parsing here is explicit.
 */

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

const MAX_TIME_TEXT = 64;

const offsetMinutes = (zone: string | undefined): number | null => {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
};

const parseOne = (text: string): string | null => {
  const m = ISO_DATE_TIME.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  const millis = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const offset = offsetMinutes(zone);
  if (offset === null) return null;
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  date.setUTCHours(hour, minute, second, millis);
  const utc = new Date(date.getTime() - offset * 60_000);
  const utcYear = utc.getUTCFullYear();
  // Outside 0001–9999 toISOString writes an expanded year that no ISO reader downstream accepts.
  if (utcYear < 1 || utcYear > 9999) return null;
  return utc.toISOString();
};

/**
 * Reads an NGSI date-time and returns it as an ISO-8601 UTC string (`…Z`), or null when it is
 * not one. A time without an offset is taken as UTC, as Orion does. For an interval
 * ("start/end", as TrafficFlowObserved writes `dateObserved`) the end is returned: a value
 * measured over a window is known when the window closes. A JSON-LD typed literal
 * (`{ "@value": "…" }`) is read through its `@value`. Never throws.
 */
export const toIsoUtc = (raw: unknown): string | null => {
  let text: unknown = raw;
  if (text !== null && typeof text === 'object' && !Array.isArray(text)) {
    text = Object.hasOwn(text, '@value') ? (text as Record<string, unknown>)['@value'] : undefined;
  }
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_TIME_TEXT) return null;
  const parts = text.split('/');
  if (parts.length > 2) return null;
  const last = parts[parts.length - 1];
  if (last === undefined) return null;
  if (parts.length === 2 && parseOne(parts[0] ?? '') === null) return null;
  return parseOne(last);
};
