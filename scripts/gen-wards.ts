/**
 * Generates server/src/demo/data/hcmc-wards.json: one row per ward-level unit of Ho Chi Minh
 * City (168 since 1 July 2025) with its code, names, kind, official area and a centroid.
 *
 * The JSON is GENERATED: do not edit it by hand. Regenerate it from the repository root with
 *
 *   npx tsx scripts/gen-wards.ts
 *
 * Source: thanglequoc/vietnamese-provinces-database (MIT), commit cd5806329958, files
 * json/geojson/79_ho_chi_minh/wards/*.geojson, merged and simplified in the shared fixtures as
 * ../shared/fixtures/boundaries/vn_2025/hcmc_168_wards_2025_simplified.geojson (see SOURCES.md
 * there). Only derived numbers go into the repository, never the geometry: the demo draws
 * approximate polygons from these centroids (server/src/demo/wards.ts), and administrators
 * import the real boundaries through POST /api/areas/import.
 *
 * The centroid is the area-weighted centroid of the unit's largest polygon (holes subtracted),
 * so that an island or an exclave does not drag it into the sea.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

type Ring = [number, number][];
type PolygonCoords = Ring[];

interface WardFeature {
  properties: {
    code: string;
    fullName: string;
    fullNameEn: string;
    areaKm2: number;
  };
  geometry:
    | { type: 'Polygon'; coordinates: PolygonCoords }
    | { type: 'MultiPolygon'; coordinates: PolygonCoords[] };
}

const here = dirname(fileURLToPath(import.meta.url));
const SOURCE = resolve(
  here,
  '../../shared/fixtures/boundaries/vn_2025/hcmc_168_wards_2025_simplified.geojson',
);
const TARGET = resolve(here, '../server/src/demo/data/hcmc-wards.json');

/** Twice the signed area and the first moments of a ring (shoelace), in degree space. */
const ringMoments = (ring: Ring): { a2: number; cx6: number; cy6: number } => {
  let a2 = 0;
  let cx6 = 0;
  let cy6 = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = ring[i] as [number, number];
    const [x1, y1] = ring[i + 1] as [number, number];
    const cross = x0 * y1 - x1 * y0;
    a2 += cross;
    cx6 += (x0 + x1) * cross;
    cy6 += (y0 + y1) * cross;
  }
  return { a2, cx6, cy6 };
};

/**
 * Area (in square degrees) and centroid of a polygon with holes. An affine scaling such as an
 * equirectangular projection does not move a centroid, so degree space is good enough.
 */
const polygonCentroid = (polygon: PolygonCoords): { area: number; centroid: [number, number] } => {
  let a2 = 0;
  let cx6 = 0;
  let cy6 = 0;
  polygon.forEach((ring, index) => {
    const m = ringMoments(ring);
    // Outer ring counts positively and holes negatively, whatever their winding.
    const sign = (index === 0 ? 1 : -1) * Math.sign(m.a2);
    a2 += sign * m.a2;
    cx6 += sign * m.cx6;
    cy6 += sign * m.cy6;
  });
  return { area: a2 / 2, centroid: [cx6 / (3 * a2), cy6 / (3 * a2)] };
};

const kindOf = (fullName: string): 'ward' | 'commune' | 'special_zone' => {
  if (fullName.startsWith('Phường ')) return 'ward';
  if (fullName.startsWith('Xã ')) return 'commune';
  if (fullName.startsWith('Đặc khu ')) return 'special_zone';
  throw new Error(`Unknown unit kind in "${fullName}"`);
};

const round = (value: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
};

const collection = JSON.parse(readFileSync(SOURCE, 'utf8')) as { features: WardFeature[] };

const rows = collection.features
  .map((feature) => {
    const { code, fullName, fullNameEn, areaKm2 } = feature.properties;
    const polygons =
      feature.geometry.type === 'Polygon'
        ? [feature.geometry.coordinates]
        : feature.geometry.coordinates;
    const largest = polygons
      .map(polygonCentroid)
      .reduce((best, next) => (next.area > best.area ? next : best));
    return {
      code,
      name: fullName,
      nameEn: fullNameEn,
      kind: kindOf(fullName),
      areaKm2,
      centroid: [round(largest.centroid[0], 4), round(largest.centroid[1], 4)],
    };
  })
  .sort((a, b) => a.code.localeCompare(b.code));

if (rows.length !== 168) throw new Error(`Expected 168 units, found ${rows.length}`);

// One row per line keeps diffs readable when the source is updated.
writeFileSync(TARGET, `[\n${rows.map((row) => JSON.stringify(row)).join(',\n')}\n]\n`);
console.log(`Wrote ${rows.length} rows to ${TARGET}`);
