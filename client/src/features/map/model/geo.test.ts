import { describe, expect, it } from 'vitest';
import { makeArea } from '../../../testing/factories';
import { isValidAreaGeometry, isValidLngLat } from './geo';

describe('isValidLngLat', () => {
  it.each([
    [[106.7, 10.77], true],
    [[-180, -90], true],
    [[181, 10], false],
    [[106.7, 91], false],
    [[Number.NaN, 10], false],
    [[106.7, Number.POSITIVE_INFINITY], false],
    [[106.7], false],
    [null, false],
    ['106.7,10.7', false],
  ])('says %o is valid: %s', (value, expected) => {
    expect(isValidLngLat(value)).toBe(expected);
  });
});

describe('isValidAreaGeometry', () => {
  it('accepts a closed polygon of valid positions', () => {
    expect(isValidAreaGeometry(makeArea().geometry)).toBe(true);
  });

  it('rejects a polygon with a non-finite position', () => {
    expect(
      isValidAreaGeometry({
        type: 'Polygon',
        coordinates: [
          [
            [106.69, 10.77],
            [Number.NaN, 10.77],
            [106.7, 10.78],
            [106.69, 10.77],
          ],
        ],
      }),
    ).toBe(false);
  });

  it('rejects a multipolygon with an empty polygon', () => {
    expect(isValidAreaGeometry({ type: 'MultiPolygon', coordinates: [[]] })).toBe(false);
  });
});
