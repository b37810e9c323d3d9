import type { LngLat } from '@city-ioc/shared';
import { toIsoUtc } from './iso-time';

/**
 * Pure parsing of FIWARE context-broker notifications (Orion for NGSI v2, Orion-LD and other
 * NGSI-LD brokers) into one flat entity shape. No I/O, no clock; never throws.
 *
 * Accepted bodies:
 * - NGSI v2 `{ subscriptionId, data: [entity…] }` with attrsFormat `normalized` or `keyValues`,
 *   and Orion-LD's `x-ngsiv2-normalized` (the v2 shape with expanded attribute names);
 * - NGSI v2 `simplifiedNormalized` / `simplifiedKeyValues`: one bare entity, no envelope;
 * - NGSI-LD `{ id, type: 'Notification', subscriptionId, notifiedAt, data: [entity…] }`,
 *   normalized or keyValues (concise forms are read as a mix of both).
 * Refused with a reason: attrsFormat `values` (it carries no entity ids nor attribute names),
 * GeoJSON notifications, and anything over the bounds in {@link NGSI_LIMITS}.
 */

/** One attribute of an entity, whatever the wire form was. */
export interface NgsiAttribute {
  /** The value: `value`, or `object` for a Relationship; in keyValues, the plain value. */
  value: unknown;
  /**
   * When the value was observed, ISO-8601 UTC, from `observedAt` or the v2 metadata
   * `observedAt`, `dateObserved`, `TimeInstant` or `timestamp`; null when none is given.
   */
  observedAt: string | null;
  /** UN/CEFACT unit code (e.g. "GQ" for µg/m³), from NGSI-LD `unitCode` or v2 metadata. */
  unitCode: string | null;
}

/** One entity of a notification. Type and attribute names are short ({@link compactNgsiName}). */
export interface NgsiEntity {
  id: string;
  type: string;
  attributes: Record<string, NgsiAttribute>;
  /** From a GeoJSON Point in the `location` attribute (or a v2 `geo:point`); null otherwise. */
  location: LngLat | null;
}

/** Which NGSI family a notification belongs to. */
export type NgsiFormat = 'ngsi-v2' | 'ngsi-ld';

/** A notification that parsed. */
export interface NgsiNotification {
  ok: true;
  format: NgsiFormat;
  /** Null only for the v2 simplified forms, which carry no envelope. */
  subscriptionId: string | null;
  /** The NGSI-LD notification id; v2 notifications have none. */
  notificationId: string | null;
  /** NGSI-LD `notifiedAt` as ISO-8601 UTC; null when absent or unreadable. */
  notifiedAt: string | null;
  entities: NgsiEntity[];
}

/** The result of {@link parseNgsiNotification}: the notification, or why it was refused. */
export type NgsiParseResult = NgsiNotification | { ok: false; reason: string };

/** Bounds on what one notification may hold; beyond them it is refused, not truncated. */
export const NGSI_LIMITS = {
  maxEntities: 1000,
  maxAttributesPerEntity: 200,
  /** For ids, types, attribute names, subscription and notification ids. */
  maxNameLength: 256,
} as const;

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

// Own properties only: a body may carry keys such as "constructor" or "__proto__".
const own = (object: JsonObject, key: string): unknown =>
  Object.hasOwn(object, key) ? object[key] : undefined;

const isName = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= NGSI_LIMITS.maxNameLength;

/** Entity members that are not attributes (NGSI-LD system members included). */
const NON_ATTRIBUTE_KEYS = new Set([
  'id',
  'type',
  '@context',
  'createdAt',
  'modifiedAt',
  'deletedAt',
  'scope',
]);

/** NGSI-LD attribute types, and the member holding the value when it is not `value`. */
const LD_VALUE_MEMBER: Record<string, string> = {
  Property: 'value',
  GeoProperty: 'value',
  Relationship: 'object',
  LanguageProperty: 'languageMap',
  VocabProperty: 'vocab',
  JsonProperty: 'json',
  ListProperty: 'valueList',
  ListRelationship: 'objectList',
};

/** Metadata / sub-attribute names that carry the observation time, by preference. */
const TIME_KEYS = ['observedAt', 'dateObserved', 'TimeInstant', 'timestamp'] as const;

const ABSOLUTE_URI = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * The short name of an NGSI-LD term: an expanded URI such as
 * `https://smartdatamodels.org/dataModel.Environment/pm25` or `https://w3id.org/saref#fillingLevel`
 * becomes its last path segment or fragment (`pm25`, `fillingLevel`). Other names are returned
 * unchanged. Brokers send expanded names when the subscription's `@context` does not define a term
 * (Orion-LD's `x-ngsiv2-normalized` always does), so a short name is what a mapping refers to.
 */
export const compactNgsiName = (name: string): string => {
  if (!ABSOLUTE_URI.test(name)) return name;
  const cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('#'));
  const last = name.slice(cut + 1);
  return last === '' || last.endsWith(':') ? name : last;
};

/**
 * A wire object is a full (normalized) attribute when it has a string `type` and a `value`, or an
 * NGSI-LD attribute type. KeyValues GeoJSON (`{type: 'Point', coordinates}`) and structured values
 * (`{type: 'PostalAddress', …}`) have a type but no `value`, so they stay plain values.
 */
const isFullAttribute = (raw: unknown): raw is JsonObject => {
  if (!isObject(raw)) return false;
  const type = own(raw, 'type');
  return (
    typeof type === 'string' &&
    (Object.hasOwn(raw, 'value') || Object.hasOwn(LD_VALUE_MEMBER, type))
  );
};

const readStamp = (raw: unknown): string | null =>
  toIsoUtc(isObject(raw) && Object.hasOwn(raw, 'value') ? raw.value : raw);

const readObservedAt = (attribute: JsonObject): string | null => {
  const metadata = own(attribute, 'metadata');
  for (const source of [attribute, isObject(metadata) ? metadata : {}]) {
    for (const key of TIME_KEYS) {
      const stamp = readStamp(own(source, key));
      if (stamp !== null) return stamp;
    }
  }
  return null;
};

const readUnitCode = (attribute: JsonObject): string | null => {
  const metadata = own(attribute, 'metadata');
  for (const raw of [
    own(attribute, 'unitCode'),
    isObject(metadata) ? own(metadata, 'unitCode') : undefined,
  ]) {
    const code = isObject(raw) ? own(raw, 'value') : raw;
    if (isName(code)) return code;
  }
  return null;
};

interface ReadAttribute {
  attribute: NgsiAttribute;
  /** The wire type (v2 "geo:point", "Number"…; NGSI-LD "Property"…); null in keyValues. */
  wireType: string | null;
}

const readAttribute = (raw: unknown): ReadAttribute => {
  let wire = raw;
  // NGSI-LD multi-attributes: several instances told apart by datasetId. The default instance
  // (no datasetId) is the attribute; without one, the first instance stands for it.
  if (Array.isArray(raw) && raw.length > 0 && raw.every(isFullAttribute)) {
    wire = raw.find((instance) => !Object.hasOwn(instance, 'datasetId')) ?? raw[0];
  }
  if (!isFullAttribute(wire)) {
    return { attribute: { value: raw ?? null, observedAt: null, unitCode: null }, wireType: null };
  }
  const wireType = own(wire, 'type') as string;
  const member = Object.hasOwn(LD_VALUE_MEMBER, wireType) ? LD_VALUE_MEMBER[wireType] : undefined;
  // Orion-LD's x-ngsiv2-normalized writes a Relationship's target in `value`, not `object`.
  const value =
    member !== undefined && Object.hasOwn(wire, member) ? wire[member] : own(wire, 'value');
  return {
    attribute: {
      value: value ?? null,
      observedAt: readObservedAt(wire),
      unitCode: readUnitCode(wire),
    },
    wireType,
  };
};

const isLongitude = (n: unknown): n is number =>
  typeof n === 'number' && Number.isFinite(n) && n >= -180 && n <= 180;
const isLatitude = (n: unknown): n is number =>
  typeof n === 'number' && Number.isFinite(n) && n >= -90 && n <= 90;

const GEO_POINT_TEXT = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/;

const readLocation = ({ attribute, wireType }: ReadAttribute): LngLat | null => {
  const { value } = attribute;
  // NGSI v2 "geo:point" is the text "lat, lng" (latitude first, unlike GeoJSON).
  if (wireType === 'geo:point' && typeof value === 'string') {
    const m = GEO_POINT_TEXT.exec(value);
    const lat = m ? Number(m[1]) : Number.NaN;
    const lng = m ? Number(m[2]) : Number.NaN;
    return isLongitude(lng) && isLatitude(lat) ? [lng, lat] : null;
  }
  if (!isObject(value) || own(value, 'type') !== 'Point') return null;
  const coordinates = own(value, 'coordinates');
  if (!Array.isArray(coordinates) || coordinates.length < 2 || coordinates.length > 3) return null;
  const [lng, lat] = coordinates;
  return isLongitude(lng) && isLatitude(lat) ? [lng, lat] : null;
};

const readEntityType = (raw: unknown): string | null => {
  // NGSI-LD 1.5+ allows several types; the first one names the entity here.
  const first = Array.isArray(raw) ? raw[0] : raw;
  return isName(first) ? compactNgsiName(first) : null;
};

const parseEntity = (raw: unknown, index: number): NgsiEntity | string => {
  if (!isObject(raw)) return `entity ${index} is not an object`;
  const id = own(raw, 'id');
  if (!isName(id)) {
    return `entity ${index} has no id (a string of 1 to ${NGSI_LIMITS.maxNameLength} characters)`;
  }
  const type = readEntityType(own(raw, 'type'));
  if (type === null) {
    return `entity ${index} has no type (a string of 1 to ${NGSI_LIMITS.maxNameLength} characters)`;
  }
  const keys = Object.keys(raw).filter((key) => !NON_ATTRIBUTE_KEYS.has(key));
  if (keys.length > NGSI_LIMITS.maxAttributesPerEntity) {
    return `entity ${index} has ${keys.length} attributes; at most ${NGSI_LIMITS.maxAttributesPerEntity} are accepted`;
  }
  const bad = keys.find((key) => !isName(key));
  if (bad !== undefined) {
    return `entity ${index} has an attribute name that is empty or longer than ${NGSI_LIMITS.maxNameLength} characters`;
  }
  // Names already short are placed first, so an expanded URI never overwrites a short name it
  // compacts to. A Map, then Object.fromEntries, keeps a "__proto__" name an ordinary key.
  const read = new Map<string, ReadAttribute>();
  const ordered = [
    ...keys.filter((key) => !ABSOLUTE_URI.test(key)),
    ...keys.filter((key) => ABSOLUTE_URI.test(key)),
  ];
  for (const key of ordered) {
    const name = compactNgsiName(key);
    if (!read.has(name)) read.set(name, readAttribute(raw[key]));
  }
  const locationAttribute = read.get('location');
  return {
    id,
    type,
    attributes: Object.fromEntries([...read].map(([name, { attribute }]) => [name, attribute])),
    location: locationAttribute ? readLocation(locationAttribute) : null,
  };
};

const refuse = (reason: string): NgsiParseResult => ({ ok: false, reason });

const parseEntities = (
  data: unknown,
  envelope: Omit<NgsiNotification, 'ok' | 'entities'>,
): NgsiParseResult => {
  if (!Array.isArray(data)) return refuse('notification "data" is not an array of entities');
  if (data.length > NGSI_LIMITS.maxEntities) {
    return refuse(
      `notification holds ${data.length} entities; at most ${NGSI_LIMITS.maxEntities} are accepted`,
    );
  }
  if (data.some(Array.isArray)) {
    return refuse(
      'attrsFormat "values" carries neither entity ids nor attribute names; subscribe with attrsFormat "normalized" or "keyValues"',
    );
  }
  const entities: NgsiEntity[] = [];
  for (const [index, raw] of data.entries()) {
    const entity = parseEntity(raw, index);
    if (typeof entity === 'string') return refuse(entity);
    entities.push(entity);
  }
  return { ok: true, ...envelope, entities };
};

const readSubscriptionId = (body: JsonObject): string | null | false => {
  const raw = own(body, 'subscriptionId');
  if (raw === undefined) return null;
  return isName(raw) ? raw : false;
};

const parseBody = (body: unknown): NgsiParseResult => {
  if (!isObject(body)) {
    return refuse(
      Array.isArray(body)
        ? 'body is an array; a notification is one JSON object'
        : 'body is not a JSON object',
    );
  }
  const type = own(body, 'type');
  const data = own(body, 'data');
  const subscriptionId = readSubscriptionId(body);
  if (subscriptionId === false) {
    return refuse(`subscriptionId is not a string of 1 to ${NGSI_LIMITS.maxNameLength} characters`);
  }

  if (type === 'Notification' && Object.hasOwn(body, 'data')) {
    if (subscriptionId === null) return refuse('NGSI-LD notification has no subscriptionId');
    const id = own(body, 'id');
    const notificationId = isName(id) ? id : null;
    if (id !== undefined && notificationId === null) {
      return refuse(
        `notification id is not a string of 1 to ${NGSI_LIMITS.maxNameLength} characters`,
      );
    }
    return parseEntities(data, {
      format: 'ngsi-ld',
      subscriptionId,
      notificationId,
      notifiedAt: toIsoUtc(own(body, 'notifiedAt')),
    });
  }

  if (subscriptionId !== null && Object.hasOwn(body, 'data')) {
    return parseEntities(data, {
      format: 'ngsi-v2',
      subscriptionId,
      notificationId: null,
      notifiedAt: null,
    });
  }

  if (type === 'FeatureCollection' || type === 'Feature') {
    return refuse(
      'GeoJSON notifications are not supported; subscribe with format "normalized" or "keyValues"',
    );
  }

  // v2 simplifiedNormalized / simplifiedKeyValues: the entity itself is the body.
  if (Object.hasOwn(body, 'id') && Object.hasOwn(body, 'type')) {
    return parseEntities([body], {
      format: Object.hasOwn(body, '@context') ? 'ngsi-ld' : 'ngsi-v2',
      subscriptionId: null,
      notificationId: null,
      notifiedAt: null,
    });
  }

  return refuse(
    'not an NGSI notification: expected {subscriptionId, data: [...]}, an NGSI-LD Notification, or one entity with id and type',
  );
};

/**
 * Parses the body of an NGSI v2 or NGSI-LD notification (already decoded from JSON) into
 * entities with flat attributes: value, observation time (ISO UTC) and unit code. Expanded
 * URIs in type and attribute names are shortened ({@link compactNgsiName}). A notification that
 * is malformed or over {@link NGSI_LIMITS} is refused as a whole, with a reason. Never throws.
 */
export const parseNgsiNotification = (body: unknown): NgsiParseResult => {
  try {
    return parseBody(body);
  } catch (error) {
    // JSON.parse output cannot throw here; this guards callers that hand over live objects
    // (getters, proxies). The reason is logged with a sample by the feed edge.
    return refuse(`unreadable notification: ${error instanceof Error ? error.message : 'error'}`);
  }
};
