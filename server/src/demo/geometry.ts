import type { LngLat } from '@city-ioc/shared';

/** Kilometres per degree of latitude (mean, WGS84), and of longitude at the equator. */
const KM_PER_DEGREE_LAT = 110.574;
const KM_PER_DEGREE_LNG_EQUATOR = 111.32;

/**
 * Signed area of a ring in square degrees: positive when counter-clockwise with x = lng and
 * y = lat (the GeoJSON / RFC 7946 winding for outer rings). Works on open or closed rings.
 */
export const ringSignedArea = (ring: readonly LngLat[]): number => {
  let a2 = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x0, y0] = ring[i] as LngLat;
    const [x1, y1] = ring[(i + 1) % ring.length] as LngLat;
    a2 += x0 * y1 - x1 * y0;
  }
  return a2 / 2;
};

/** Even-odd point-in-ring test (ray casting). Points exactly on an edge may go either way. */
export const isPointInRing = (point: LngLat, ring: readonly LngLat[]): boolean => {
  const [x, y] = point;
  let isInside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as LngLat;
    const [xj, yj] = ring[j] as LngLat;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) isInside = !isInside;
  }
  return isInside;
};

/**
 * An open ring of `segments` points approximating a circle of `radiusKm` around `center`,
 * counter-clockwise. Longitude degrees shrink with cos(latitude), so the ring is an ellipse in
 * degree space and a circle on the ground.
 */
export const circleRing = (center: LngLat, radiusKm: number, segments = 48): LngLat[] => {
  const [lng, lat] = center;
  const dLng = radiusKm / (KM_PER_DEGREE_LNG_EQUATOR * Math.cos((lat * Math.PI) / 180));
  const dLat = radiusKm / KM_PER_DEGREE_LAT;
  return Array.from({ length: segments }, (_, i): LngLat => {
    const angle = (2 * Math.PI * i) / segments;
    return [lng + dLng * Math.cos(angle), lat + dLat * Math.sin(angle)];
  });
};

/**
 * Sutherland–Hodgman: the part of `subject` inside the convex, counter-clockwise `clip`. Both
 * are open rings. The result is convex when the subject is convex; it may be empty.
 */
export const clipToConvex = (subject: readonly LngLat[], clip: readonly LngLat[]): LngLat[] => {
  let output: LngLat[] = [...subject];
  for (let i = 0; i < clip.length && output.length > 0; i++) {
    const a = clip[i] as LngLat;
    const b = clip[(i + 1) % clip.length] as LngLat;
    // Positive on the left of a→b, i.e. inside a counter-clockwise clip polygon.
    const side = (p: LngLat) => (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
    const input = output;
    output = [];
    for (let j = 0; j < input.length; j++) {
      const current = input[j] as LngLat;
      const previous = input[(j + input.length - 1) % input.length] as LngLat;
      const sc = side(current);
      const sp = side(previous);
      if (sc >= 0) {
        if (sp < 0) output.push(intersect(previous, current, sp, sc));
        output.push(current);
      } else if (sp >= 0) {
        output.push(intersect(previous, current, sp, sc));
      }
    }
  }
  return output;
};

const intersect = (p: LngLat, q: LngLat, sp: number, sq: number): LngLat => {
  const t = sp / (sp - sq);
  return [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
};

/** Ground distance in km between two nearby points (equirectangular approximation). */
export const distanceKm = (a: LngLat, b: LngLat): number => {
  const meanLat = ((a[1] + b[1]) / 2) * (Math.PI / 180);
  const dx = (b[0] - a[0]) * KM_PER_DEGREE_LNG_EQUATOR * Math.cos(meanLat);
  const dy = (b[1] - a[1]) * KM_PER_DEGREE_LAT;
  return Math.hypot(dx, dy);
};

/** Moves `origin` by east/north offsets in km. */
export const offsetKm = (origin: LngLat, eastKm: number, northKm: number): LngLat => [
  origin[0] + eastKm / (KM_PER_DEGREE_LNG_EQUATOR * Math.cos((origin[1] * Math.PI) / 180)),
  origin[1] + northKm / KM_PER_DEGREE_LAT,
];

/** Rounds a coordinate to `decimals` places (5 decimals ≈ 1 m). */
export const roundLngLat = (point: LngLat, decimals: number): LngLat => {
  const f = 10 ** decimals;
  return [Math.round(point[0] * f) / f, Math.round(point[1] * f) / f];
};
