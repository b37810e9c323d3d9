import { AreaSchema, type LngLat } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { distanceKm, isPointInRing, ringSignedArea } from './geometry';
import { buildDemoAreas, HCMC_WARD_ROWS, shortWardName, type WardRow, wardRadiusKm } from './wards';

const areas = buildDemoAreas(HCMC_WARD_ROWS);
const outerRing = (index: number): LngLat[] => {
  const geometry = areas[index]?.geometry;
  if (geometry?.type !== 'Polygon') throw new Error('expected a Polygon');
  return geometry.coordinates[0] as LngLat[];
};

describe('HCMC_WARD_ROWS', () => {
  it('lists the 168 units: 113 wards, 54 communes and 1 special zone', () => {
    expect(HCMC_WARD_ROWS).toHaveLength(168);
    const count = (kind: WardRow['kind']) => HCMC_WARD_ROWS.filter((r) => r.kind === kind).length;
    expect(count('ward')).toBe(113);
    expect(count('commune')).toBe(54);
    expect(count('special_zone')).toBe(1);
  });

  it('has unique codes', () => {
    expect(new Set(HCMC_WARD_ROWS.map((row) => row.code)).size).toBe(168);
  });
});

describe('shortWardName', () => {
  it.each([
    ['Phường Sài Gòn', 'Sài Gòn'],
    ['Xã Cần Giờ', 'Cần Giờ'],
    ['Đặc khu Côn Đảo', 'Côn Đảo'],
  ])('turns %s into %s', (full, short) => {
    expect(shortWardName(full)).toBe(short);
  });
});

describe('buildDemoAreas', () => {
  it('builds one approximate area per ward, each valid against AreaSchema', () => {
    expect(areas).toHaveLength(168);
    for (const area of areas) {
      expect(AreaSchema.safeParse(area).success).toBe(true);
      expect(area.isApproximate).toBe(true);
      expect(area.id).toBe(`area:${area.code}`);
    }
  });

  it('includes Phường Sài Gòn as area:26740', () => {
    const saiGon = areas.find((area) => area.code === '26740');
    expect(saiGon).toMatchObject({ id: 'area:26740', name: 'Phường Sài Gòn', kind: 'ward' });
  });

  it('draws closed counter-clockwise rings of at least 4 positions rounded to 5 decimals', () => {
    areas.forEach((_, index) => {
      const ring = outerRing(index);
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(ring[0]).toEqual(ring.at(-1));
      expect(ringSignedArea(ring)).toBeGreaterThan(0);
      for (const [lng, lat] of ring) {
        expect(Math.round(lng * 1e5) / 1e5).toBe(lng);
        expect(Math.round(lat * 1e5) / 1e5).toBe(lat);
      }
    });
  });

  it('puts every centroid inside its own cell', () => {
    areas.forEach((area, index) => {
      expect(isPointInRing(area.centroid, outerRing(index))).toBe(true);
    });
  });

  it('never puts a centroid inside another cell', () => {
    areas.forEach((area, index) => {
      areas.forEach((_, other) => {
        if (other !== index) expect(isPointInRing(area.centroid, outerRing(other))).toBe(false);
      });
    });
  });

  it('keeps each cell within 1.25 × the equal-area radius of its centroid', () => {
    areas.forEach((area, index) => {
      const row = HCMC_WARD_ROWS[index] as WardRow;
      const farthest = Math.max(...outerRing(index).map((p) => distanceKm(area.centroid, p)));
      expect(farthest).toBeLessThanOrEqual(wardRadiusKm(row.areaKm2) * 1.01);
    });
  });

  it('is deterministic', () => {
    expect(buildDemoAreas(HCMC_WARD_ROWS)).toEqual(areas);
  });
});
