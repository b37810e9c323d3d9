import type { HttpPollFormat, JsonMapping } from '@city-ioc/shared';
import { parseCsv } from './csv';
import { geoJsonRecords } from './geojson';
import { mapJsonDocument, type ParseResult } from './parse';

const SAMPLE_LENGTH = 40;

/**
 * Bytes → text: UTF-8 (BOM or not) or UTF-16 with its BOM (Excel's "Unicode text"). Anything
 * else that is not valid UTF-8 is refused rather than shown with broken Vietnamese letters.
 */
export const decodeText = (
  body: Buffer,
): { ok: true; text: string } | { ok: false; reason: string } => {
  const utf16 =
    body[0] === 0xff && body[1] === 0xfe
      ? 'utf-16le'
      : body[0] === 0xfe && body[1] === 0xff
        ? 'utf-16be'
        : null;
  try {
    // TextDecoder drops a matching BOM itself.
    return { ok: true, text: new TextDecoder(utf16 ?? 'utf-8', { fatal: true }).decode(body) };
  } catch {
    return {
      ok: false,
      reason: `answer is not ${utf16 ? 'valid UTF-16' : 'UTF-8'} text (export it as UTF-8)`,
    };
  }
};

const parseJson = (text: string): { ok: true; value: unknown } | { ok: false; reason: string } => {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return {
      ok: false,
      reason: `answer is not valid JSON (starts with ${JSON.stringify(text.slice(0, SAMPLE_LENGTH))})`,
    };
  }
};

/**
 * A polled answer in its declared format → the document the mapping reads. JSON: the parsed
 * value (the mapping's `itemsPath` selects the records). CSV: one record per row, keyed by the
 * header. GeoJSON: one record per feature (`id`, `properties`, `geometry`, `lon`, `lat`). Pure.
 */
export const decodePollBody = (
  body: Buffer,
  format: HttpPollFormat,
): { ok: true; document: unknown; problems: string[] } | { ok: false; reason: string } => {
  const text = decodeText(body);
  if (!text.ok) return text;
  switch (format) {
    case 'json': {
      const json = parseJson(text.text);
      return json.ok ? { ok: true, document: json.value, problems: [] } : json;
    }
    case 'csv': {
      const csv = parseCsv(text.text);
      return csv.ok ? { ok: true, document: csv.records, problems: csv.problems } : csv;
    }
    case 'geojson': {
      const json = parseJson(text.text);
      if (!json.ok) return json;
      const geo = geoJsonRecords(json.value);
      if (!geo.ok) return geo;
      const problems =
        geo.skipped > 0 ? [`${geo.skipped} feature(s) are not objects: skipped`] : [];
      return { ok: true, document: geo.records, problems };
    }
  }
};

/**
 * A polled answer → observations: decoded by format, then mapped. For CSV and GeoJSON the
 * records are the rows or features themselves, so the mapping's `itemsPath` is not used. Pure.
 */
export const mapPollBody = (
  body: Buffer,
  format: HttpPollFormat,
  mapping: JsonMapping,
  fallbackTime: string,
): ParseResult => {
  const decoded = decodePollBody(body, format);
  if (!decoded.ok) return decoded;
  return mapDecoded(decoded, format, mapping, fallbackTime);
};

/** Maps an already decoded document (a preview's pasted sample goes through here too). Pure. */
export const mapDecoded = (
  decoded: { document: unknown; problems: string[] },
  format: HttpPollFormat,
  mapping: JsonMapping,
  fallbackTime: string,
): ParseResult => {
  const effective = format === 'json' ? mapping : { ...mapping, itemsPath: '' };
  const mapped = mapJsonDocument(decoded.document, effective, fallbackTime);
  if (!mapped.ok || decoded.problems.length === 0) return mapped;
  return {
    ok: true,
    result: {
      ...mapped.result,
      problems: [...decoded.problems, ...mapped.result.problems].slice(0, 20),
    },
  };
};
