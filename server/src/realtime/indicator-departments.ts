import type { Db } from '../store/db';

/** How long the indicator → department table is reused before it is read again. */
const TTL_MS = 30_000;

/**
 * Which department each indicator belongs to, cached for a while, to send each department's
 * room only its own values. An indicator added since the last read is looked up on the next.
 */
export const createIndicatorDepartments = (db: Db) => {
  let cache: { at: number; map: Map<string, string> } | null = null;
  const load = async () => {
    if (cache && Date.now() - cache.at < TTL_MS) return cache.map;
    const rows = await db.query<{ id: string; department_id: string }>(
      'SELECT id, department_id FROM indicators',
    );
    cache = { at: Date.now(), map: new Map(rows.map((r) => [r.id, r.department_id])) };
    return cache.map;
  };
  return {
    /** Groups values by their indicator's department; unknown indicators go nowhere. */
    async split<T extends { indicatorId: string }>(values: readonly T[]) {
      const map = await load();
      const groups = new Map<string, T[]>();
      for (const value of values) {
        const department = map.get(value.indicatorId);
        if (!department) continue;
        const group = groups.get(department);
        if (group) group.push(value);
        else groups.set(department, [value]);
      }
      return groups;
    },
  };
};
