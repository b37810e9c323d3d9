import type { Alert } from '@city-ioc/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { capIdentifierOf } from '../src/alerts/cap-output';
import { type CapAlert, parseCapAlert } from '../src/feeds/cap/parse';
import { parseCapFeed } from '../src/feeds/cap/parse-feed';
import { createCityRepository } from '../src/store/city-repository';
import type { Db } from '../src/store/db';
import { addPerson, department, indicator, rule, seedBasics, site } from './fixtures';
import { ENGINES, openTestDatabase, type RunningApp, signIn, startApp } from './helpers';

const DEPT_A = 'dept:TNMT';
const DEPT_B = 'dept:GTVT';
const PASSWORD = 'a long enough passphrase';
const FEED = '/api/cap/alerts.atom';

/** Two departments, each with a sensor and a threshold rule. */
const seed = async (db: Db) => {
  const city = createCityRepository(db);
  await city.upsertDepartments([
    department({
      id: DEPT_B,
      code: 'GTVT',
      name: { vi: 'Sở Giao thông vận tải', en: 'Department of Transport' },
    }),
  ]);
  await city.upsertIndicators([
    indicator({ id: 'traffic.speed_kmh', departmentId: DEPT_B, unit: 'km/h' }),
  ]);
  await seedBasics(db, {
    sites: [
      site(),
      site({
        id: 'site:cam-01',
        kind: 'traffic_sensor',
        name: 'Cầu Sài Gòn',
        departmentId: DEPT_B,
        position: [106.72, 10.79],
      }),
    ],
    rules: [
      rule(),
      rule({
        id: 'rule:speed-low',
        name: { vi: 'Kẹt xe nghiêm trọng', en: 'Heavy congestion' },
        departmentId: DEPT_B,
        indicatorId: 'traffic.speed_kmh',
        severity: 'Moderate',
        params: { operator: 'below', threshold: 10, clearThreshold: 20, pendingSeconds: 0 },
      }),
    ],
  });
};

/** The feed read with our own parsers; every embedded alert must also pass parseCapAlert. */
const readFeed = (xml: string): CapAlert[] => {
  const feed = parseCapFeed(xml);
  if (!feed.ok) throw new Error(`feed refused: ${feed.errors.join(' | ')}`);
  expect(feed.format).toBe('atom');
  expect(feed.warnings).toEqual([]);
  const raw =
    xml.match(/<alert xmlns="urn:oasis:names:tc:emergency:cap:1\.2">[\s\S]*?<\/alert>/g) ?? [];
  expect(raw).toHaveLength(feed.entries.length);
  return raw.map((text) => {
    const result = parseCapAlert(text);
    if (!result.ok) throw new Error(`alert refused: ${result.errors.join(' | ')}`);
    expect(result.warnings).toEqual([]);
    return result.alert;
  });
};

describe.each(ENGINES)('CAP Atom feed of alerts on %s', (engine) => {
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

  const observe = (indicatorId: string, subjectId: string, value: number) =>
    running.app.ioc.ingest.ingest(null, [
      { indicatorId, subjectId, observedAt: new Date().toISOString(), value },
    ]);
  const alertsNow = async () =>
    ((await running.app.inject('/api/alerts?status=all')).json() as { alerts: Alert[] }).alerts;
  /** One alert in each department, as the administrator sees them. */
  const raise = async () => {
    await observe('water.level_cm', 'site:wl-01', 175);
    await observe('traffic.speed_kmh', 'site:cam-01', 4);
    const alerts = await alertsNow();
    const a = alerts.find((x) => x.departmentId === DEPT_A);
    const b = alerts.find((x) => x.departmentId === DEPT_B);
    if (!a || !b) throw new Error('alerts not raised');
    return { a, b };
  };
  const getFeed = (headers?: Record<string, string>) =>
    running.app.inject({ method: 'GET', url: FEED, ...(headers ? { headers } : {}) });
  const capOf = (caps: CapAlert[], alert: Alert) =>
    caps.find((c) => c.identifier === capIdentifierOf(alert));

  it('answers an Atom feed of CAP 1.2 alerts that our parsers accept', async () => {
    const { a, b } = await raise();
    const res = await getFeed();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain(
      '<link rel="self" type="application/atom+xml" href="http://localhost',
    );

    const caps = readFeed(res.body);
    expect(caps).toHaveLength(2);
    const capA = capOf(caps, a);
    expect(capA).toMatchObject({
      sender: 'ioc@localhost',
      status: 'Actual',
      msgType: 'Alert',
      scope: 'Restricted',
    });
    expect(capA?.infos.map((i) => i.language)).toEqual(['vi-VN', 'en-US']);
    expect(capA?.infos[0]).toMatchObject({
      categories: ['Env'],
      severity: 'Severe',
      urgency: 'Immediate',
      headline: a.title.vi,
    });
    expect(capA?.infos[1]?.headline).toBe(a.title.en);
    expect(capA?.infos[0]?.areas[0]?.circles).toEqual([{ center: [106.7, 10.76], radiusKm: 0.5 }]);
    expect(capOf(caps, b)?.infos[0]).toMatchObject({
      categories: ['Transport'],
      severity: 'Moderate',
    });
  });

  it('keeps a resolved alert for a day, as an Update that expires when it ended', async () => {
    await raise();
    await observe('water.level_cm', 'site:wl-01', 120);
    const resolved = (await alertsNow()).find(
      (x) => x.departmentId === DEPT_A && x.status === 'resolved',
    );
    if (!resolved?.resolvedAt) throw new Error('alert not resolved');
    const cap = capOf(readFeed((await getFeed()).body), resolved);
    expect(cap?.msgType).toBe('Update');
    expect(cap?.references.map((r) => r.identifier)).toEqual([`${resolved.id}-v1`]);
    // CAP times have whole seconds.
    const expires = new Date(Math.floor(Date.parse(resolved.resolvedAt) / 1000) * 1000);
    for (const info of cap?.infos ?? []) expect(info.expires).toBe(expires.toISOString());
  });

  it("never contains another department's alert", async () => {
    const { a, b } = await raise();
    await addPerson(
      running.db,
      {
        username: 'head.gtvt',
        role: 'department_head',
        departmentIds: [DEPT_B],
        displayName: 'Trưởng phòng Giao thông',
      },
      PASSWORD,
    );
    const head = await signIn(running.app, 'head.gtvt', PASSWORD);
    const res = await getFeed({ cookie: head.cookie });
    expect(res.statusCode).toBe(200);
    const caps = readFeed(res.body);
    expect(caps.map((c) => c.identifier)).toEqual([capIdentifierOf(b)]);
    expect(res.body).not.toContain(a.id);
    expect(res.body).not.toContain(a.title.vi);
  });

  it('is only for signed-in principals', async () => {
    await raise();
    const res = await getFeed({ cookie: '' });
    expect(res.statusCode).toBe(401);
    expect(res.body).not.toContain('<feed');
  });
});
