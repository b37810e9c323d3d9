import type { Language } from './dictionary';

/** BCP 47 locale used for numbers and dates in each UI language. */
export const LOCALES: Readonly<Record<Language, string>> = { vi: 'vi-VN', en: 'en-GB' };

// Intl formatters are costly to build and formatting runs on every render: keep one per setting.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

const dateFormat = (locale: string, options: Intl.DateTimeFormatOptions) => {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    dateFormats.set(key, format);
  }
  return format;
};

const partsOf = (format: Intl.DateTimeFormat, date: Date) => {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of format.formatToParts(date)) parts[part.type] = part.value;
  return parts;
};

/** Formats a number for display; `maximumFractionDigits` defaults to 2. */
export const formatNumber = (value: number, language: Language, maximumFractionDigits = 2) => {
  const key = `${language}|${maximumFractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits });
    numberFormats.set(key, format);
  }
  return format.format(value);
};

/**
 * An instant as "HH:mm dd/MM" in the city's time zone (the Vietnamese operations habit, used in
 * both languages). Returns '' for an unparsable timestamp.
 */
export const formatShortDateTime = (iso: string, language: Language, timeZone: string): string => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const p = partsOf(
    dateFormat(LOCALES[language], {
      timeZone,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
      day: '2-digit',
      month: '2-digit',
    }),
    date,
  );
  return `${p.hour}:${p.minute} ${p.day}/${p.month}`;
};

/**
 * An instant in full, "HH:mm:ss dd/MM/yyyy" in the city's time zone, for titles and logs where
 * the exact moment matters. Returns '' for an unparsable timestamp.
 */
export const formatDateTime = (iso: string, language: Language, timeZone: string): string => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const { time, date: day } = formatClock(date.getTime(), language, timeZone);
  return `${time} ${day}`;
};

/** The wall clock: "HH:mm:ss" and "dd/MM/yyyy" in the city's time zone. */
export const formatClock = (
  nowMs: number,
  language: Language,
  timeZone: string,
): { time: string; date: string } => {
  const p = partsOf(
    dateFormat(LOCALES[language], {
      timeZone,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    }),
    new Date(nowMs),
  );
  return { time: `${p.hour}:${p.minute}:${p.second}`, date: `${p.day}/${p.month}/${p.year}` };
};

const unitFormats = new Map<string, Intl.NumberFormat>();

const DURATION_UNITS: readonly ['day' | 'hour' | 'minute', number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/**
 * A duration in its largest whole unit, e.g. "10 giây", "5 phút", "2 days". A duration that is
 * not a whole number of a larger unit stays in seconds ("90 giây"), so nothing is rounded away.
 */
export const formatDuration = (seconds: number, language: Language): string => {
  const [unit, size] = DURATION_UNITS.find(
    ([, unitSeconds]) => seconds >= unitSeconds && seconds % unitSeconds === 0,
  ) ?? ['second', 1];
  const key = `${language}|${unit}`;
  let format = unitFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[language], {
      style: 'unit',
      unit,
      unitDisplay: 'long',
    });
    unitFormats.set(key, format);
  }
  return format.format(seconds / size);
};

const AGE_UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/**
 * How long ago an instant was, e.g. "12 giây trước" / "12 seconds ago". Future instants (clock
 * skew between server and wall) read as "now". Returns '' for an unparsable timestamp.
 */
export const formatAge = (iso: string, nowMs: number, language: Language): string => {
  const thenMs = Date.parse(iso);
  if (Number.isNaN(thenMs)) return '';
  const seconds = Math.max(0, Math.floor((nowMs - thenMs) / 1_000));
  let format = relativeFormats.get(language);
  if (!format) {
    format = new Intl.RelativeTimeFormat(LOCALES[language], { numeric: 'auto' });
    relativeFormats.set(language, format);
  }
  for (const [unit, size] of AGE_UNITS) {
    if (seconds >= size) return format.format(-Math.floor(seconds / size), unit);
  }
  return format.format(-seconds, 'second');
};
