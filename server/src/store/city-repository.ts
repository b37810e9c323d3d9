import type { Area, Department, Indicator, Site } from '@city-ioc/shared';
import type { Queryable } from './db';
import { chunk, valuesPlaceholders } from './rows';

interface AreaRow {
  id: string;
  code: string;
  kind: Area['kind'];
  name: string;
  name_en: string | null;
  centroid_lng: number;
  centroid_lat: number;
  is_approximate: boolean;
  geometry: Area['geometry'];
}
interface SiteRow {
  id: string;
  kind: Site['kind'];
  name: string;
  department_id: string;
  area_id: string | null;
  lng: number;
  lat: number;
  capacity: number | null;
}
interface IndicatorRow {
  id: string;
  department_id: string;
  name_vi: string;
  name_en: string | null;
  unit: string;
  target: number | null;
  target_direction: Indicator['targetDirection'];
  cadence_seconds: number;
}

/** Departments, wards, sites and indicators: the city's reference data. */
export const createCityRepository = (db: Queryable) => ({
  async upsertDepartments(departments: readonly Department[]) {
    for (const d of departments) {
      await db.query(
        `INSERT INTO departments (id, code, name_vi, name_en) VALUES ($1,$2,$3,$4)
         ON CONFLICT (id) DO UPDATE SET code = excluded.code, name_vi = excluded.name_vi, name_en = excluded.name_en`,
        [d.id, d.code, d.name.vi, d.name.en ?? null],
      );
    }
  },

  async listDepartments(): Promise<Department[]> {
    const rows = await db.query<{
      id: string;
      code: string;
      name_vi: string;
      name_en: string | null;
    }>('SELECT id, code, name_vi, name_en FROM departments ORDER BY code');
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name_en ? { vi: r.name_vi, en: r.name_en } : { vi: r.name_vi },
    }));
  },

  /** Inserts or replaces areas by code; returns how many were created and updated. */
  async upsertAreas(areas: readonly Area[]): Promise<{ created: number; updated: number }> {
    let created = 0;
    for (const part of chunk(areas, 200)) {
      const params = part.flatMap((a) => [
        a.id,
        a.code,
        a.kind,
        a.name,
        a.nameEn ?? null,
        a.centroid[0],
        a.centroid[1],
        a.isApproximate,
        JSON.stringify(a.geometry),
      ]);
      const rows = await db.query<{ inserted: boolean }>(
        `INSERT INTO areas (id, code, kind, name, name_en, centroid_lng, centroid_lat, is_approximate, geometry)
         VALUES ${valuesPlaceholders(part.length, 9, ['', '', '', '', '', '', '', '', '::jsonb'])}
         ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, name = excluded.name,
           name_en = excluded.name_en, centroid_lng = excluded.centroid_lng,
           centroid_lat = excluded.centroid_lat, is_approximate = excluded.is_approximate,
           geometry = excluded.geometry, updated_at = now()
         RETURNING (xmax = 0) AS inserted`,
        params,
      );
      created += rows.filter((r) => r.inserted).length;
    }
    return { created, updated: areas.length - created };
  },

  async listAreas(): Promise<Area[]> {
    const rows = await db.query<AreaRow>(
      `SELECT id, code, kind, name, name_en, centroid_lng, centroid_lat, is_approximate, geometry
       FROM areas ORDER BY code`,
    );
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      kind: r.kind,
      name: r.name,
      ...(r.name_en ? { nameEn: r.name_en } : {}),
      centroid: [r.centroid_lng, r.centroid_lat],
      isApproximate: r.is_approximate,
      geometry: r.geometry,
    }));
  },

  async upsertSites(sites: readonly Site[]) {
    for (const part of chunk(sites, 500)) {
      await db.query(
        `INSERT INTO sites (id, kind, name, department_id, area_id, lng, lat, capacity)
         VALUES ${valuesPlaceholders(part.length, 8)}
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name,
           department_id = excluded.department_id, area_id = excluded.area_id,
           lng = excluded.lng, lat = excluded.lat, capacity = excluded.capacity`,
        part.flatMap((s) => [
          s.id,
          s.kind,
          s.name,
          s.departmentId,
          s.areaId,
          s.position[0],
          s.position[1],
          s.capacity,
        ]),
      );
    }
  },

  async listSites(): Promise<Site[]> {
    const rows = await db.query<SiteRow>(
      'SELECT id, kind, name, department_id, area_id, lng, lat, capacity FROM sites ORDER BY id',
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      name: r.name,
      departmentId: r.department_id,
      areaId: r.area_id,
      position: [r.lng, r.lat],
      capacity: r.capacity,
    }));
  },

  async upsertIndicators(indicators: readonly Indicator[]) {
    for (const i of indicators) {
      await db.query(
        `INSERT INTO indicators (id, department_id, name_vi, name_en, unit, target, target_direction, cadence_seconds)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8)
         ON CONFLICT (id) DO UPDATE SET department_id = excluded.department_id,
           name_vi = excluded.name_vi, name_en = excluded.name_en, unit = excluded.unit,
           target = excluded.target, target_direction = excluded.target_direction,
           cadence_seconds = excluded.cadence_seconds`,
        [
          i.id,
          i.departmentId,
          i.name.vi,
          i.name.en ?? null,
          i.unit,
          i.target,
          i.targetDirection,
          i.cadenceSeconds,
        ],
      );
    }
  },

  async listIndicators(): Promise<Indicator[]> {
    const rows = await db.query<IndicatorRow>(
      `SELECT id, department_id, name_vi, name_en, unit, target, target_direction, cadence_seconds
       FROM indicators ORDER BY id`,
    );
    return rows.map((r) => ({
      id: r.id,
      departmentId: r.department_id,
      name: r.name_en ? { vi: r.name_vi, en: r.name_en } : { vi: r.name_vi },
      unit: r.unit,
      target: r.target,
      targetDirection: r.target_direction,
      cadenceSeconds: r.cadence_seconds,
    }));
  },
});
export type CityRepository = ReturnType<typeof createCityRepository>;
