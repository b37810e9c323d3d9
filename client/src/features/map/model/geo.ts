import type { AreaGeometry, LngLat } from '@city-ioc/shared';

/** A finite WGS84 position inside the valid ranges. Anything else is never drawn. */
export const isValidLngLat = (value: unknown): value is LngLat =>
  Array.isArray(value) &&
  value.length >= 2 &&
  typeof value[0] === 'number' &&
  typeof value[1] === 'number' &&
  Number.isFinite(value[0]) &&
  Number.isFinite(value[1]) &&
  value[0] >= -180 &&
  value[0] <= 180 &&
  value[1] >= -90 &&
  value[1] <= 90;

const isValidRing = (ring: readonly (readonly number[])[]) =>
  ring.length >= 4 && ring.every((position) => isValidLngLat(position));

/** A polygon or multipolygon whose every ring is long enough and every position is valid. */
export const isValidAreaGeometry = (geometry: AreaGeometry): boolean => {
  if (geometry.type === 'Polygon') {
    return geometry.coordinates.length > 0 && geometry.coordinates.every(isValidRing);
  }
  return (
    geometry.coordinates.length > 0 &&
    geometry.coordinates.every((polygon) => polygon.length > 0 && polygon.every(isValidRing))
  );
};
