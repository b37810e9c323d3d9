import type { Severity } from '@city-ioc/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlertRepository, type RaiseInput } from '../src/store/alert-repository';
import type { Db } from '../src/store/db';
import { seedBasics } from './fixtures';
import { ENGINES, openTestDatabase } from './helpers';

const KEY = 'rule:rule:water-high:site:wl-01';
const at = (s: number) => new Date(Date.UTC(2026, 10, 23, 3, 0, s)).toISOString();
const raiseInput = (i: number, severity: Severity): RaiseInput => ({
  id: `alert-${i}`,
  key: KEY,
  ruleId: 'rule:water-high',
  departmentId: 'dept:TNMT',
  indicatorId: 'water.level_cm',
  subjectId: 'site:wl-01',
  areaId: null,
  position: null,
  severity,
  title: { vi: 'Mực nước vượt báo động' },
  value: 160 + i,
  threshold: 160,
  at: at(i),
});

/**
 * The alert identity (issue #4, item 3): a deterministic key and an atomic create-or-update.
 * On PostgreSQL the raises run truly at once, each in its own transaction and connection.
 */
describe.each(ENGINES)('atomic create-or-update of one alert key on %s', (engine) => {
  let db: Db;
  let drop: () => Promise<void>;

  beforeEach(async () => {
    const opened = await openTestDatabase(engine);
    db = opened.db;
    drop = opened.drop;
    await seedBasics(db);
  });
  afterEach(async () => {
    await db.close();
    await drop();
  });

  it('makes one alert of 24 concurrent raises, with 24 occurrences and the highest severity', async () => {
    const severities: Severity[] = Array.from({ length: 24 }, (_, i) =>
      i === 13 ? 'Extreme' : i % 3 === 0 ? 'Severe' : 'Moderate',
    );
    const events = await Promise.all(
      severities.map((severity, i) =>
        db.transaction((tx) => createAlertRepository(tx).raise(raiseInput(i, severity))),
      ),
    );
    const rows = await db.query<{
      id: string;
      occurrences: number;
      severity: string;
      status: string;
    }>('SELECT id, occurrences, severity, status FROM alerts WHERE key = $1', [KEY]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ occurrences: 24, severity: 'Extreme', status: 'open' });
    // One `raised` and 23 `updated` events, each with a distinct sequence number, gap-free.
    expect(events.filter((e) => e.type === 'raised')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'updated')).toHaveLength(23);
    expect(events.map((e) => e.seq).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 24 }, (_, i) => i + 1),
    );
    // Every event names the one alert.
    expect(new Set(events.map((e) => e.alert.id))).toEqual(new Set([rows[0]?.id]));
  });

  it('opens a new alert for the key once the active one is resolved, keeping the old one', async () => {
    await db.transaction((tx) => createAlertRepository(tx).raise(raiseInput(0, 'Severe')));
    await db.transaction((tx) => createAlertRepository(tx).resolveByKey(KEY, at(10), 150));
    const again = await Promise.all(
      [1, 2, 3].map((i) =>
        db.transaction((tx) => createAlertRepository(tx).raise(raiseInput(20 + i, 'Moderate'))),
      ),
    );
    const rows = await db.query<{ status: string; occurrences: number }>(
      'SELECT status, occurrences FROM alerts WHERE key = $1 ORDER BY first_at',
      [KEY],
    );
    expect(rows).toEqual([
      { status: 'resolved', occurrences: 1 },
      { status: 'open', occurrences: 3 },
    ]);
    expect(again.filter((e) => e.type === 'raised')).toHaveLength(1);
  });
});
