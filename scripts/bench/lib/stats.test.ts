import { describe, expect, it } from 'vitest';
import { percentile, shares } from './stats';

describe('percentile', () => {
  it.each([
    [50, 5],
    [99, 10],
    [100, 10],
    [0, 1],
    [10, 1],
    [11, 2],
  ])('gives the nearest-rank p%i of 1..10 as %i', (p, expected) => {
    expect(percentile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], p)).toBe(expected);
  });

  it('is NaN without samples', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('shares', () => {
  it('splits a total into near-equal parts that add up to it', () => {
    expect(shares(10, 3)).toEqual([4, 3, 3]);
    expect(shares(2, 4)).toEqual([1, 1]);
  });
});
