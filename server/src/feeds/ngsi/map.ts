import { type NgsiMapping, type Observation, ObservationSchema } from '@city-ioc/shared';
import { toIsoUtc } from './iso-time';
import { compactNgsiName, type NgsiEntity } from './parse';

/**
 * NGSI entities → observations, driven by a per-feed mapping that administrators edit. Pure.
 */

export { type NgsiMapping, NgsiMappingSchema } from '@city-ioc/shared';

const isValidRegExp = (pattern: string): boolean => {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
};

/** Observations made from entities, and what was skipped and why. */
export interface NgsiMappingResult {
  observations: Observation[];
  /** One line per skipped value or entity; at most {@link MAX_PROBLEMS}, then a count. */
  problems: string[];
}

/** The most problem lines one mapping reports; the rest are counted in a last line. */
export const MAX_PROBLEMS = 50;

const DEFAULT_TIME_ATTRIBUTES = ['dateObserved'];
const NUMERIC_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
// "12,5": a decimal comma, as the http-poll adapter also accepts. No thousands separators.
const DECIMAL_COMMA_TEXT = /^[+-]?\d+,\d+$/;

const toNumber = (raw: unknown, depth = 0): number | null => {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (text.length > 64) return null;
    const n = NUMERIC_TEXT.test(text)
      ? Number(text)
      : DECIMAL_COMMA_TEXT.test(text)
        ? Number(text.replace(',', '.'))
        : Number.NaN;
    return Number.isFinite(n) ? n : null;
  }
  // A structured value `{ value: n }` (keyValues) or a JSON-LD literal `{ "@value": "n" }`.
  if (depth === 0 && raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const key of ['value', '@value']) {
      if (Object.hasOwn(raw, key)) return toNumber((raw as Record<string, unknown>)[key], 1);
    }
  }
  return null;
};

const preview = (value: unknown): string => {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  }
  if (value === null || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return Array.isArray(value) ? 'an array' : `a value of type ${typeof value}`;
};

const shortId = (id: string): string => (id.length > 80 ? `${id.slice(0, 80)}…` : id);

const readAttribute = (entity: NgsiEntity, name: string) =>
  Object.hasOwn(entity.attributes, name) ? entity.attributes[name] : undefined;

/**
 * Maps parsed NGSI entities to observations. For each entity of a selected type and each
 * configured attribute it carries:
 * - value: a finite number, a numeric string, or `{ value: n }`, times `scale`;
 * - time: the attribute's `observedAt`, else the entity's time attribute (`dateObserved` by
 *   default), else `fallbackTime` (the moment the notification arrived, passed in by the edge);
 * - subject: `subjectMap[id]`, else `subjectPrefix` + the id (or the part `idPattern` captures).
 * An attribute absent from an entity is skipped silently: brokers omit attributes that did not
 * change (`onlyChangedAttrs`) or were not asked for. Anything else that cannot become a valid
 * {@link Observation} is skipped and reported in `problems`. Never throws.
 */
export const ngsiEntitiesToObservations = (
  entities: readonly NgsiEntity[],
  mapping: NgsiMapping,
  fallbackTime: string,
): NgsiMappingResult => {
  const observations: Observation[] = [];
  const problems: string[] = [];
  let unlisted = 0;
  const report = (line: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(line);
    else unlisted += 1;
  };
  const finish = (): NgsiMappingResult => ({
    observations,
    problems: unlisted > 0 ? [...problems, `… and ${unlisted} more problems`] : problems,
  });

  let idPattern: RegExp | null = null;
  if (mapping.idPattern !== undefined) {
    // The schema checks this; a mapping built without the schema is refused here, not thrown.
    if (!isValidRegExp(mapping.idPattern)) {
      report('idPattern is not a valid regular expression; nothing was mapped');
      return finish();
    }
    idPattern = new RegExp(mapping.idPattern);
  }
  const fallback = toIsoUtc(fallbackTime);
  if (fallback === null) report(`fallbackTime ${preview(fallbackTime)} is not an ISO date-time`);
  const types = mapping.entityTypes ? new Set(mapping.entityTypes.map(compactNgsiName)) : null;
  const timeAttributes = (mapping.timeAttributes ?? DEFAULT_TIME_ATTRIBUTES).map(compactNgsiName);
  const targets = mapping.attributes.map((target) => ({
    ...target,
    name: compactNgsiName(target.attribute),
  }));
  const subjectMap = mapping.subjectMap ?? {};

  for (const entity of entities) {
    if (types && !types.has(entity.type)) continue;
    const label = `entity ${shortId(entity.id)}`;

    let subjectId: string;
    if (Object.hasOwn(subjectMap, entity.id)) {
      subjectId = subjectMap[entity.id] ?? '';
    } else {
      let local = entity.id;
      if (idPattern) {
        const match = idPattern.exec(entity.id);
        if (!match) {
          report(`${label}: id does not match idPattern; entity skipped`);
          continue;
        }
        local = match[1] ?? match[0];
      }
      subjectId = `${mapping.subjectPrefix ?? ''}${local}`;
    }

    let entityTime: string | null = null;
    for (const name of timeAttributes) {
      const attribute = readAttribute(entity, name);
      if (attribute === undefined) continue;
      entityTime = toIsoUtc(attribute.value);
      if (entityTime !== null) break;
      report(`${label}: ${name} ${preview(attribute.value)} is not a date-time`);
    }

    for (const target of targets) {
      const attribute = readAttribute(entity, target.name);
      if (attribute === undefined) continue;
      const where = `${label}: ${target.attribute}`;
      const raw = toNumber(attribute.value);
      if (raw === null) {
        report(`${where} is not a number (${preview(attribute.value)})`);
        continue;
      }
      const value = raw * (target.scale ?? 1);
      if (!Number.isFinite(value)) {
        report(`${where} is out of range once scaled`);
        continue;
      }
      const observedAt = attribute.observedAt ?? entityTime ?? fallback;
      if (observedAt === null) {
        report(`${where} has no observation time`);
        continue;
      }
      const parsed = ObservationSchema.safeParse({
        indicatorId: target.indicatorId,
        subjectId,
        observedAt,
        value,
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        report(`${where}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`.trim());
        continue;
      }
      observations.push(parsed.data);
    }
  }
  return finish();
};
