import type { CapAlert, CapInfo, CapReference, CapStatus, LngLat } from './parse';

/** Languages the operations centre prefers, best first. */
export const DEFAULT_PREFERRED_LANGUAGES: readonly string[] = ['vi-VN', 'vi', 'en-US', 'en'];

/** Sides of the polygon that stands in for a CAP circle. */
export const CIRCLE_SEGMENTS = 32;

/** Mean Earth radius (IUGG), so 1° of latitude ≈ 111.2 km. */
const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEGREE = (Math.PI / 180) * EARTH_RADIUS_KM;

const primarySubtag = (tag: string): string => (tag.split('-')[0] ?? '').toLowerCase();

/**
 * Picks the `<info>` block to show: the first exact (case-insensitive) language match in
 * preference order, else the first whose primary subtag matches a preference in order
 * ('vi' matches 'vi-VN'; 'en-US' matches 'en-CA'), else the first block. Undefined when the
 * alert has no `<info>` (e.g. a bare Cancel).
 */
export const selectInfo = (
  alert: Pick<CapAlert, 'infos'>,
  preferredLanguages: readonly string[] = DEFAULT_PREFERRED_LANGUAGES,
): CapInfo | undefined => {
  const { infos } = alert;
  for (const preferred of preferredLanguages) {
    const wanted = preferred.toLowerCase();
    const exact = infos.find((info) => info.language.toLowerCase() === wanted);
    if (exact) return exact;
  }
  for (const preferred of preferredLanguages) {
    const wanted = primarySubtag(preferred);
    const related = infos.find((info) => primarySubtag(info.language) === wanted);
    if (related) return related;
  }
  return infos[0];
};

/**
 * True only for real alerts. Exercise, System, Test and Draft messages must never be shown
 * as live on the wall, whatever their severity.
 */
export const isLiveStatus = (status: CapStatus): boolean => status === 'Actual';

/** A GeoJSON MultiPolygon geometry (`[lng, lat]` positions). */
export interface CapMultiPolygon {
  type: 'MultiPolygon';
  coordinates: LngLat[][][];
}

/**
 * Approximates a circle by a closed ring of `CIRCLE_SEGMENTS` sides. Degrees of longitude
 * shrink with cos(latitude); near the poles the ring is clamped rather than exploding.
 * Not split at the antimeridian.
 */
export const circleToRing = (center: LngLat, radiusKm: number): LngLat[] => {
  const [lng, lat] = center;
  const dLat = radiusKm / KM_PER_DEGREE;
  const cosLat = Math.max(Math.cos((lat * Math.PI) / 180), 1e-6);
  const dLng = dLat / cosLat;
  const ring: LngLat[] = [];
  for (let i = 0; i < CIRCLE_SEGMENTS; i++) {
    const angle = (2 * Math.PI * i) / CIRCLE_SEGMENTS;
    const pointLat = Math.max(-90, Math.min(90, lat + dLat * Math.sin(angle)));
    ring.push([lng + dLng * Math.cos(angle), pointLat]);
  }
  const first = ring[0];
  if (first) ring.push([first[0], first[1]]);
  return ring;
};

/**
 * All polygons and circles of an `<info>`'s areas as one MultiPolygon, or null when none has
 * a shape (geocode-only areas need a lookup elsewhere). Circles of radius 0 mark a point and
 * are left out: a zero-area ring is not a valid polygon.
 */
export const capAreaToGeometry = (info: Pick<CapInfo, 'areas'>): CapMultiPolygon | null => {
  const coordinates: LngLat[][][] = [];
  for (const area of info.areas) {
    for (const polygon of area.polygons) coordinates.push([polygon.map(([x, y]) => [x, y])]);
    for (const circle of area.circles) {
      if (circle.radiusKm > 0) coordinates.push([circleToRing(circle.center, circle.radiusKm)]);
    }
  }
  return coordinates.length === 0 ? null : { type: 'MultiPolygon', coordinates };
};

const keyOf = ({ sender, identifier, sent }: CapReference): string =>
  `${sender}|${identifier}|${sent}`;

/**
 * The idempotency key of a CAP message, `sender|identifier|sent`: CAP defines a message by
 * these three. `sent` is the normalised UTC form, so the same instant written with another
 * offset ("-00:00" vs "+00:00") gives the same key, and references match it.
 */
export const capIdentityKey = (alert: Pick<CapAlert, 'sender' | 'identifier' | 'sent'>): string =>
  keyOf(alert);

/** Identity keys of the earlier messages this one updates, cancels or acknowledges. */
export const referencedKeys = (alert: Pick<CapAlert, 'references'>): string[] =>
  alert.references.map(keyOf);
