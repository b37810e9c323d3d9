/** One GeoJSON feature flattened into a record, with a representative point. */
export type GeoJsonRecord = {
  id: string | number | undefined;
  properties: Record<string, unknown>;
  geometry: Record<string, unknown> | null;
  /** Longitude of the representative point, or null when the geometry has none. */
  lon: number | null;
  /** Latitude of the representative point, or null when the geometry has none. */
  lat: number | null;
};

export type GeoJsonResult =
  | {
      ok: true;
      records: GeoJsonRecord[];
      /** Elements of `features` that were not objects and were left out. */
      skipped: number;
    }
  | { ok: false; reason: string };

const MAX_FEATURES = 100_000;
/** GeometryCollections should not nest at all; this bounds the recursion on hostile input. */
const MAX_COLLECTION_DEPTH = 8;
/** How deep the positions lie in `coordinates` for each geometry type. */
const POSITION_DEPTH = new Map<unknown, number>([
  ['Point', 0],
  ['MultiPoint', 1],
  ['LineString', 1],
  ['MultiLineString', 2],
  ['Polygon', 2],
  ['MultiPolygon', 3],
]);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const kindOf = (value: unknown): string => {
  if (value === null || value === undefined) return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
};

interface Box {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

const isLon = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= -180 && v <= 180;
const isLat = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= -90 && v <= 90;

/**
 * Widens `box` by every position found `depth` levels inside `coordinates`. False when the
 * nesting is wrong or a position is not a valid longitude/latitude pair.
 */
const addPositions = (coordinates: unknown, depth: number, box: Box): boolean => {
  if (!Array.isArray(coordinates)) return false;
  if (depth === 0) {
    const [lon, lat] = coordinates;
    if (!isLon(lon) || !isLat(lat)) return false;
    box.minLon = Math.min(box.minLon, lon);
    box.maxLon = Math.max(box.maxLon, lon);
    box.minLat = Math.min(box.minLat, lat);
    box.maxLat = Math.max(box.maxLat, lat);
    return true;
  }
  return coordinates.every((inner) => addPositions(inner, depth - 1, box));
};

/** Widens `box` by a whole geometry; false when the geometry is unknown or invalid. */
const addGeometry = (geometry: unknown, box: Box, nesting: number): boolean => {
  if (!isObject(geometry)) return false;
  if (geometry.type === 'GeometryCollection') {
    const members = geometry.geometries;
    return (
      nesting < MAX_COLLECTION_DEPTH &&
      Array.isArray(members) &&
      members.every((member) => addGeometry(member, box, nesting + 1))
    );
  }
  const depth = POSITION_DEPTH.get(geometry.type);
  return depth !== undefined && addPositions(geometry.coordinates, depth, box);
};

/**
 * The representative point of a geometry: a Point's own position, otherwise the centre of the
 * bounding box of all its positions. Null for a missing, unknown, empty or invalid geometry,
 * including any position outside [-180, 180] × [-90, 90].
 */
const representativePoint = (geometry: unknown): { lon: number | null; lat: number | null } => {
  const box: Box = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  if (!addGeometry(geometry, box, 0) || box.minLon > box.maxLon) return { lon: null, lat: null };
  return { lon: (box.minLon + box.maxLon) / 2, lat: (box.minLat + box.maxLat) / 2 };
};

const toRecord = (feature: Record<string, unknown>): GeoJsonRecord => {
  const { id, properties, geometry } = feature;
  return {
    id: typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : undefined,
    properties: isObject(properties) ? properties : {},
    geometry: isObject(geometry) ? geometry : null,
    ...representativePoint(geometry),
  };
};

/**
 * Turns a parsed GeoJSON document, a FeatureCollection or a single Feature, into one record
 * per feature: its id, properties, geometry and a representative lon/lat. Pure. Any other
 * document, or more than 100 000 features, is refused; elements of `features` that are not
 * objects are left out and counted in `skipped`. Other objects are taken as features even
 * without `type: "Feature"`.
 */
export const geoJsonRecords = (document: unknown): GeoJsonResult => {
  if (!isObject(document)) {
    return { ok: false, reason: `not GeoJSON: expected an object, found ${kindOf(document)}` };
  }
  const { type } = document;
  if (typeof type !== 'string') return { ok: false, reason: 'not GeoJSON: no "type"' };
  if (type === 'Feature') return { ok: true, records: [toRecord(document)], skipped: 0 };
  if (type !== 'FeatureCollection') {
    return {
      ok: false,
      reason: `not GeoJSON: expected a FeatureCollection or a Feature, found type ${JSON.stringify(type.slice(0, 40))}`,
    };
  }
  const { features } = document;
  if (!Array.isArray(features)) {
    return { ok: false, reason: 'not GeoJSON: a FeatureCollection without a "features" array' };
  }
  if (features.length > MAX_FEATURES) {
    return { ok: false, reason: `more than ${MAX_FEATURES} features` };
  }
  const records: GeoJsonRecord[] = [];
  let skipped = 0;
  for (const feature of features) {
    if (isObject(feature)) records.push(toRecord(feature));
    else skipped++;
  }
  return { ok: true, records, skipped };
};
