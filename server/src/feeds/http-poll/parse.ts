import { type JsonMapping, type Observation, ObservationSchema, readPath } from '@city-ioc/shared';

export interface MappingResult {
  observations: Observation[];
  /** Records or values that could not be mapped, with the reason; at most 20 kept. */
  problems: string[];
  /** How many values were refused in all. */
  rejected: number;
}

export type ParseResult = { ok: true; result: MappingResult } | { ok: false; reason: string };

const MAX_PROBLEMS = 20;

const toNumber = (raw: unknown): number | null => {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw === 'string' && raw.trim() !== '') {
    const n = Number(raw.trim().replace(',', '.'));
    return Number.isFinite(n) ? n : null;
  }
  return null;
};

const toIsoTime = (raw: unknown): string | null => {
  if (typeof raw === 'number' && Number.isFinite(raw)) {
    // Epoch seconds or milliseconds: anything below 1e11 is seconds.
    return new Date(raw < 1e11 ? raw * 1000 : raw).toISOString();
  }
  if (typeof raw === 'string' && raw.trim() !== '') {
    const t = Date.parse(raw);
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  }
  return null;
};

/**
 * Turns a parsed JSON document into observations by a field mapping. Pure. A document whose
 * items cannot be found is refused as a whole; a bad record or value is skipped and reported.
 * `fallbackTime` stamps records that carry no time of their own.
 */
export const mapJsonDocument = (
  document: unknown,
  mapping: JsonMapping,
  fallbackTime: string,
): ParseResult => {
  const items = readPath(document, mapping.itemsPath);
  // Without an items path the document is one record, or, when it is an array (a batch
  // pushed in one request), one record per element.
  const isWhole = mapping.itemsPath === '' || mapping.itemsPath === '$';
  const records = isWhole && !Array.isArray(items) ? [items] : items;
  if (!Array.isArray(records)) {
    return { ok: false, reason: `itemsPath "${mapping.itemsPath}" is not an array in the answer` };
  }
  const observations: Observation[] = [];
  const problems: string[] = [];
  let rejected = 0;
  const refuse = (message: string, count = 1) => {
    rejected += count;
    if (problems.length < MAX_PROBLEMS) problems.push(message);
  };

  records.forEach((record, index) => {
    let subjectId = '';
    if (mapping.subjectPath) {
      const raw = readPath(record, mapping.subjectPath);
      if (typeof raw !== 'string' && typeof raw !== 'number') {
        refuse(`record ${index}: no subject at "${mapping.subjectPath}"`, mapping.values.length);
        return;
      }
      subjectId = `${mapping.subjectPrefix ?? ''}${String(raw)}`;
    }
    let observedAt = fallbackTime;
    if (mapping.timePath) {
      const time = toIsoTime(readPath(record, mapping.timePath));
      if (!time) {
        refuse(`record ${index}: no valid time at "${mapping.timePath}"`, mapping.values.length);
        return;
      }
      observedAt = time;
    }
    for (const v of mapping.values) {
      const value = toNumber(readPath(record, v.path));
      if (value === null) {
        refuse(`record ${index}: "${v.path}" is not a number`);
        continue;
      }
      const parsed = ObservationSchema.safeParse({
        indicatorId: v.indicatorId,
        subjectId,
        observedAt,
        value,
      });
      if (!parsed.success) {
        refuse(`record ${index}: ${parsed.error.issues[0]?.message ?? 'invalid observation'}`);
        continue;
      }
      observations.push(parsed.data);
    }
  });
  return { ok: true, result: { observations, problems, rejected } };
};
