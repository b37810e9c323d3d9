import type { Alert } from '@city-ioc/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../src/store/db';
import { DEPT_B, seedTwoDepartments } from './fixtures';
import { ENGINES, openTestDatabase, type RunningApp, signIn, startApp } from './helpers';

const DEPT_A = 'dept:TNMT';
const PASSWORD = 'a long enough passphrase';
/** A DDE payload (OWASP CSV injection) as a rule name, so that alert titles start with it. */
const EVIL = "=cmd|' /C calc'!A0";
const HEADER =
  'id,severity,status,department,title_vi,title_en,subject,value,threshold,first_at,last_at,resolved_at';

/** Department A's rule has a malicious name, B's a Vietnamese one. */
const seed = (db: Db) =>
  seedTwoDepartments(db, {
    ruleA: { name: { vi: EVIL, en: EVIL } },
    ruleB: { name: { vi: 'Kẹt xe nghiêm trọng', en: 'Heavy congestion' } },
  });

/** Records of a CSV without quoted cells (the tests' data has no comma, quote or newline). */
const records = (body: string) =>
  body
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => line.split(','));

describe.each(ENGINES)('alert CSV export on %s', (engine) => {
  let running: RunningApp;
  let drop: () => Promise<void>;

  beforeEach(async () => {
    const opened = await openTestDatabase(engine);
    drop = opened.drop;
    await seed(opened.db);
    running = await startApp(opened.db);
  });
  afterEach(async () => {
    await running.close();
    await running.db.close();
    await drop();
  });

  const observe = (indicatorId: string, subjectId: string, value: number, secondsAgo = 0) =>
    running.app.ioc.ingest.ingest(null, [
      {
        indicatorId,
        subjectId,
        observedAt: new Date(Date.now() - secondsAgo * 1000).toISOString(),
        value,
      },
    ]);
  /** One alert in each department, as the administrator sees them. */
  const raise = async () => {
    await observe('water.level_cm', 'site:wl-01', 175, 5);
    await observe('traffic.speed_kmh', 'site:cam-01', 4, 5);
    const { alerts } = (await running.app.inject('/api/alerts')).json() as { alerts: Alert[] };
    const a = alerts.find((x) => x.departmentId === DEPT_A);
    const b = alerts.find((x) => x.departmentId === DEPT_B);
    if (!a || !b) throw new Error('alerts not raised');
    return { a, b };
  };
  const exportCsv = (query = '', headers?: Record<string, string>) =>
    running.app.inject({
      method: 'GET',
      url: `/api/alerts/export.csv${query}`,
      ...(headers ? { headers } : {}),
    });

  it('answers a UTF-8 CSV attachment with a BOM, CRLF and the header row', async () => {
    const { a, b } = await raise();
    const res = await exportCsv();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="canh-bao-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.body.startsWith(`\uFEFF${HEADER}\r\n`)).toBe(true);
    expect(res.body.endsWith('\r\n')).toBe(true);
    expect(res.body.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);

    const [header, ...rows] = records(res.body);
    expect(header?.join(',')).toBe(HEADER);
    expect(rows).toHaveLength(2);
    const rowB = rows.find((r) => r[0] === b.id);
    expect(rowB).toEqual([
      b.id,
      'Severe',
      'open',
      DEPT_B,
      'Kẹt xe nghiêm trọng · Cầu Sài Gòn',
      'Heavy congestion · Cầu Sài Gòn',
      'site:cam-01',
      '4',
      '10',
      b.firstAt,
      b.lastAt,
      '',
    ]);
    expect(rows.find((r) => r[0] === a.id)?.[3]).toBe(DEPT_A);
  });

  it('neutralises a title that a spreadsheet would run as a formula', async () => {
    const { a } = await raise();
    expect(a.title.vi.startsWith(EVIL)).toBe(true);
    const res = await exportCsv();
    const row = records(res.body).find((r) => r[0] === a.id);
    expect(row?.[4]).toBe(`'${EVIL} · Trạm Phú An`);
    expect(row?.[5]).toBe(`'${EVIL} · Trạm Phú An`);
    // No cell of the file starts with a formula trigger.
    for (const cells of records(res.body)) {
      for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it('exports active alerts by default and resolved ones with status=all', async () => {
    const { a, b } = await raise();
    await observe('water.level_cm', 'site:wl-01', 120);
    const active = records((await exportCsv()).body).map((r) => r[0]);
    expect(active).toEqual(['id', b.id]);
    const all = records((await exportCsv('?status=all')).body);
    const resolved = all.find((r) => r[0] === a.id);
    expect(resolved?.[2]).toBe('resolved');
    expect(resolved?.[11]).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await exportCsv('?status=nope')).statusCode).toBe(400);
  });

  it("never contains another department's alert", async () => {
    const { a, b } = await raise();
    const created = await running.app.inject({
      method: 'POST',
      url: '/api/admin/users',
      payload: {
        username: 'head.gtvt',
        displayName: 'Trưởng phòng Giao thông',
        role: 'department_head',
        departmentIds: [DEPT_B],
        password: PASSWORD,
      },
    });
    expect(created.statusCode).toBe(201);
    const head = await signIn(running.app, 'head.gtvt', PASSWORD);
    const res = await exportCsv('?status=all', {
      cookie: head.cookie,
      'x-csrf-token': head.csrfToken,
    });
    expect(res.statusCode).toBe(200);
    expect(records(res.body).map((r) => r[0])).toEqual(['id', b.id]);
    expect(res.body).not.toContain(a.id);
    expect(res.body).not.toContain(DEPT_A);
    expect(res.body).not.toContain('calc');
  });

  it('is only for signed-in principals', async () => {
    expect((await exportCsv('', { cookie: '' })).statusCode).toBe(401);
  });
});
