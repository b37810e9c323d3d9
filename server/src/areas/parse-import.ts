import {
  type Area,
  AreaGeometrySchema,
  type AreaImportRequest,
  type AreaKind,
  type LngLat,
} from '@city-ioc/shared';

export interface AreaImportResult {
  areas: Area[];
  /** Features refused, with the reason: nothing is imported while any is refused. */
  problems: { index: number; message: string }[];
}

const text = (props: Record<string, unknown> | null, ...keys: string[]): string | undefined => {
  for (const key of keys) {
    const v = props?.[key];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
    if (typeof v === 'number') return String(v);
  }
  return undefined;
};

const kindOf = (name: string, explicit?: string): AreaKind => {
  if (explicit === 'ward' || explicit === 'commune' || explicit === 'special_zone') return explicit;
  const lower = name.toLowerCase();
  if (lower.startsWith('xã')) return 'commune';
  if (lower.startsWith('đặc khu')) return 'special_zone';
  return 'ward';
};

/** Area-weighted centroid of a ring (shoelace); falls back to the vertex mean for a degenerate one. */
const ringCentroid = (ring: number[][]): { c: LngLat; area: number } => {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length - 1; i += 1) {
    const p = ring[i] as number[];
    const q = ring[i + 1] as number[];
    const cross = (p[0] as number) * (q[1] as number) - (q[0] as number) * (p[1] as number);
    a += cross;
    cx += ((p[0] as number) + (q[0] as number)) * cross;
    cy += ((p[1] as number) + (q[1] as number)) * cross;
  }
  if (Math.abs(a) < 1e-12) {
    const n = ring.length;
    const sx = ring.reduce((s, p) => s + (p[0] as number), 0);
    const sy = ring.reduce((s, p) => s + (p[1] as number), 0);
    return { c: [sx / n, sy / n], area: 0 };
  }
  return { c: [cx / (3 * a), cy / (3 * a)], area: Math.abs(a / 2) };
};

const positionsOf = (geometry: Area['geometry']): number[][] =>
  geometry.type === 'Polygon' ? geometry.coordinates.flat() : geometry.coordinates.flat(2);

/** Centroid of the largest outer ring of a Polygon or MultiPolygon. */
export const geometryCentroid = (geometry: Area['geometry']): LngLat => {
  const outers =
    geometry.type === 'Polygon'
      ? [geometry.coordinates[0] ?? []]
      : geometry.coordinates.map((poly) => poly[0] ?? []);
  let best: { c: LngLat; area: number } | null = null;
  for (const ring of outers) {
    const r = ringCentroid(ring);
    if (!best || r.area > best.area) best = r;
  }
  return best?.c ?? [0, 0];
};

/**
 * Turns an administrator's GeoJSON FeatureCollection of wards into areas. Pure. Each feature
 * needs a code (properties.code, or the feature id) and a name (fullName or name), and a
 * Polygon or MultiPolygon with longitude/latitude in range.
 */
export const parseAreaImport = (collection: AreaImportRequest): AreaImportResult => {
  const areas: Area[] = [];
  const problems: AreaImportResult['problems'] = [];
  const seen = new Set<string>();
  collection.features.forEach((feature, index) => {
    const props = feature.properties;
    const code =
      text(props, 'code', 'ma', 'Code') ??
      (feature.id === undefined ? undefined : String(feature.id));
    const name = text(props, 'fullName', 'name', 'ten', 'FullName');
    if (!code || !/^[A-Za-z0-9._-]{1,16}$/.test(code)) {
      problems.push({
        index,
        message: 'needs a code (properties.code or feature id) of letters and digits',
      });
      return;
    }
    if (seen.has(code)) {
      problems.push({ index, message: `code ${code} appears twice` });
      return;
    }
    if (!name) {
      problems.push({ index, message: 'needs a name (properties.fullName or properties.name)' });
      return;
    }
    const geometry = AreaGeometrySchema.safeParse(feature.geometry);
    if (!geometry.success) {
      problems.push({ index, message: 'geometry must be a Polygon or MultiPolygon' });
      return;
    }
    const outOfRange = positionsOf(geometry.data).some(
      (p) => Math.abs(p[0] ?? 0) > 180 || Math.abs(p[1] ?? 0) > 90,
    );
    if (outOfRange) {
      problems.push({ index, message: 'coordinates must be [longitude, latitude] in degrees' });
      return;
    }
    seen.add(code);
    const nameEn = text(props, 'fullNameEn', 'nameEn', 'name_en');
    areas.push({
      id: `area:${code}`,
      code,
      kind: kindOf(name, text(props, 'kind')),
      name,
      ...(nameEn ? { nameEn } : {}),
      centroid: geometryCentroid(geometry.data),
      isApproximate: false,
      geometry: geometry.data,
    });
  });
  return { areas, problems };
};
