import { createHash } from 'node:crypto';
import type { LngLat } from '@city-ioc/shared';
import { airPayload, type KindRoster, trainingPayload } from './payloads';

/**
 * The simulator's answers in formats other than JSON, built purely from `now` and a roster:
 * a CSV report exported the way Vietnamese provincial systems do it, and a GeoJSON layer.
 * Plus the validators (ETag, Last-Modified) and the conditional-request check they need.
 */

const MINUTE_MS = 60_000;
/** Asia/Ho_Chi_Minh is UTC+7 all year. */
const HCMC_OFFSET_MS = 7 * 60 * MINUTE_MS;

/** The training report is regenerated every 5 minutes; polls in between get the same bytes. */
export const TRAINING_REPORT_PERIOD_MS = 5 * MINUTE_MS;

/** Column names of the training centres' enrolment report, as the province exports it. */
export const TRAINING_CSV_COLUMNS = [
  'ma_co_so',
  'ten_co_so',
  'thoi_diem',
  'so_cho',
  'so_hoc_vien',
  'ty_le_su_dung',
] as const;

const CSV_DELIMITER = ';';
const CSV_LINE_END = '\r\n';
const UTF8_BOM = '\uFEFF';

/** The start of the report period containing `now` (rounded down to 5 minutes). */
export const reportBucketStart = (now: Date, periodMs = TRAINING_REPORT_PERIOD_MS): Date =>
  new Date(Math.floor(now.getTime() / periodMs) * periodMs);

/** `2025-11-04T10:15:00+07:00`: local time with its offset, as provincial exports write it. */
export const hcmcIsoTime = (instant: Date): string =>
  `${new Date(Math.floor(instant.getTime() / 1000) * 1000 + HCMC_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;

/**
 * One CSV field: quoted (with doubled quotes) when it holds the delimiter, a quote or a line
 * break, as written.
 */
export const csvField = (value: string): string =>
  /[;"\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

/** A number with a decimal comma (`82,5`) and no thousands separator (`1500`, never `1.500`). */
export const decimalComma = (value: number): string => String(value).replace('.', ',');

/**
 * The training centres' enrolment report for the 5-minute period containing `now`: the
 * numbers `trainingPayload` gives at the period's start, one row per centre, as a provincial
 * system exports it: `;` between fields, UTF-8 with a BOM (so that Excel shows the
 * Vietnamese letters), CRLF line ends, decimal commas, Vietnamese column names and the time in
 * local time with its offset. Same period, same bytes.
 */
export const trainingCentresCsv = (now: Date, roster: KindRoster): Buffer => {
  const bucket = reportBucketStart(now);
  const at = hcmcIsoTime(bucket);
  const rows = trainingPayload(bucket, roster).centres.map((centre) =>
    [
      centre.centreId,
      centre.name,
      at,
      String(centre.capacity),
      String(centre.enrolled),
      decimalComma(centre.utilisationPct),
    ]
      .map(csvField)
      .join(CSV_DELIMITER),
  );
  const lines = [TRAINING_CSV_COLUMNS.join(CSV_DELIMITER), ...rows];
  return Buffer.from(`${UTF8_BOM}${lines.map((line) => line + CSV_LINE_END).join('')}`, 'utf8');
};

/** A strong entity tag of a body: its SHA-256, base64url, quoted. */
export const strongEtag = (body: Buffer | string): string =>
  `"${createHash('sha256').update(body).digest('base64url')}"`;

/** Entity tags listed in an If-None-Match header (`*` kept as is; `W/` prefixes dropped). */
const listedEtags = (header: string): string[] =>
  header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .filter((tag) => tag !== '');

/**
 * Whether a GET can be answered 304 (RFC 9110 §13.2.2): with If-None-Match, when one of its
 * tags (weak comparison) or `*` matches; only without it, when If-Modified-Since is a valid
 * date at or after the last modification (HTTP dates have whole seconds).
 */
export const isNotModified = (
  headers: { ifNoneMatch?: string | undefined; ifModifiedSince?: string | undefined },
  validators: { etag: string; lastModified: Date },
): boolean => {
  if (headers.ifNoneMatch !== undefined) {
    const tags = listedEtags(headers.ifNoneMatch);
    const etag = validators.etag.replace(/^W\//, '');
    return tags.some((tag) => tag === '*' || tag === etag);
  }
  if (headers.ifModifiedSince !== undefined) {
    const since = Date.parse(headers.ifModifiedSince);
    const modified = Math.floor(validators.lastModified.getTime() / 1000) * 1000;
    return !Number.isNaN(since) && since >= modified;
  }
  return false;
};

export interface AirStationFeature {
  type: 'Feature';
  id: string;
  geometry: { type: 'Point'; coordinates: LngLat };
  properties: { stationId: string; name: string; observedAt: string; aqi: number; pm25: number };
}
export interface AirStationCollection {
  type: 'FeatureCollection';
  features: AirStationFeature[];
}

/**
 * The air-quality stations as a GeoJSON layer (RFC 7946): one Point feature per station at
 * its site's position ([lng, lat]), identified by the station code, with the readings of
 * `airPayload` at the same instant as properties.
 */
export const airGeoJson = (now: Date, roster: KindRoster): AirStationCollection => {
  const { stations } = airPayload(now, roster);
  return {
    type: 'FeatureCollection',
    // airPayload lists the roster's sites in order: station i is site i.
    features: roster.sites.flatMap((site, index) => {
      const station = stations[index];
      if (!station) return [];
      return [
        {
          type: 'Feature' as const,
          id: station.stationId,
          geometry: { type: 'Point' as const, coordinates: [site.position[0], site.position[1]] },
          properties: { ...station },
        },
      ];
    }),
  };
};
