import type { AlertEvent, Area, Observation } from '@city-ioc/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCityRepository } from '../src/store/city-repository';
import type { Db } from '../src/store/db';
import { createObservationRepository } from '../src/store/observation-repository';
import { createRuleRepository } from '../src/store/rule-repository';
import { department, indicator, rule, site } from './fixtures';
import { ENGINES, openTestDatabase, type RunningApp, startApp } from './helpers';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 23, 3, 0, 0);
const ward = (id: string, lng: number): Area => ({
  id,
  code: id.slice(-3),
  kind: 'ward',
  name: `Phường ${id.slice(-1)}`,
  centroid: [lng, 10.77],
  isApproximate: true,
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [lng - 0.01, 10.76],
        [lng + 0.01, 10.76],
        [lng + 0.01, 10.78],
        [lng - 0.01, 10.76],
      ],
    ],
  },
});

const seed = async (db: Db) => {
  const city = createCityRepository(db);
  await city.upsertDepartments([department()]);
  await city.upsertAreas([ward('ward:001', 106.7), ward('ward:002', 106.8)]);
  await city.upsertIndicators([
    indicator({ id: 'traffic.speed_kmh', unit: 'km/h' }),
    indicator({ id: 'portal.submissions', unit: '/min' }),
    indicator(),
  ]);
  await city.upsertSites(
    ['a', 'b', 'c'].map((s) =>
      site({ id: `site:${s}`, kind: 'traffic_sensor', name: `Nút ${s}`, areaId: 'ward:001' }),
    ),
  );
  await city.upsertSites([site({ areaId: 'ward:002' })]);
  await createRuleRepository(db).upsertRules([
    rule({
      id: 'rule:silent',
      kind: 'no_data',
      indicatorId: 'traffic.speed_kmh',
      severity: 'Minor',
      params: { operator: 'above', threshold: 600, clearThreshold: 600, pendingSeconds: 0 },
    }),
    rule({
      id: 'rule:jam-area',
      kind: 'area',
      indicatorId: 'traffic.speed_kmh',
      params: {
        operator: 'above',
        threshold: 2,
        clearThreshold: 1,
        pendingSeconds: 0,
        windowSeconds: 900,
        match: { operator: 'below', value: 15 },
      },
    }),
    rule({
      id: 'rule:portal-unusual',
      kind: 'anomaly',
      indicatorId: 'portal.submissions',
      params: {
        operator: 'above',
        threshold: 4,
        clearThreshold: 2,
        pendingSeconds: 0,
        baselineDays: 28,
      },
    }),
    rule({
      id: 'rule:water-high',
      severity: 'Moderate',
      sop: [{ vi: 'Gọi trạm bơm', en: 'Call the pumping station' }],
      escalation: { afterMinutes: 5, raiseTo: 'Severe' },
      remindEveryMinutes: 10,
    }),
  ]);
};

describe.each(ENGINES)('rule kinds on the clock and on readings, on %s', (engine) => {
  let running: RunningApp;
  let drop: () => Promise<void>;
  let now = T0;
  const clock = () => new Date(now);
  const at = (minutes: number) => new Date(T0 + minutes * MINUTE).toISOString();
  const obs = (
    indicatorId: string,
    subjectId: string,
    minute: number,
    value: number,
  ): Observation => ({
    indicatorId,
    subjectId,
    observedAt: at(minute),
    value,
  });
  const ingest = (list: Observation[]) => running.app.ioc.ingest.ingest(null, list);
  const events = async () =>
    running.db.query<{ seq: number; type: string; snapshot: AlertEvent['alert'] }>(
      'SELECT seq, type, snapshot FROM alert_events ORDER BY seq',
    );

  beforeEach(async () => {
    now = T0;
    const opened = await openTestDatabase(engine);
    drop = opened.drop;
    await seed(opened.db);
    running = await startApp(opened.db, { clock, ruleTickMs: 3_600_000 });
  });
  afterEach(async () => {
    await running.close();
    await running.db.close();
    await drop();
  });

  it('anomaly against the hour-of-week baseline, area count per ward, and one incident for both', async () => {
    // Eight days of history: about 50 submissions a minute, every 5 minutes.
    const history: Observation[] = [];
    for (let m = -8 * 24 * 60; m < -24 * 60; m += 5)
      history.push(obs('portal.submissions', 'site:a', m, m % 10 === 0 ? 46 : 54));
    await running.db.transaction((tx) =>
      createObservationRepository(tx).insertBatch(history, { feedId: null, receivedAt: at(0) }),
    );
    const usual = await ingest([obs('portal.submissions', 'site:a', 0, 53)]);
    expect(usual.events).toEqual([]);
    const surge = await ingest([obs('portal.submissions', 'site:a', 1, 120)]);
    expect(surge.events.map((e) => [e.type, e.alert.ruleId, e.alert.subjectId])).toEqual([
      ['raised', 'rule:portal-unusual', 'site:a'],
    ]);
    // (120 − 50) / 4.01 ≈ 17 standard deviations.
    expect(surge.events[0]?.alert.value).toBeGreaterThan(15);

    // Three slow readings in ward 1 within 15 minutes: one alert for the ward.
    const jam = await ingest([
      obs('traffic.speed_kmh', 'site:a', 2, 9),
      obs('traffic.speed_kmh', 'site:b', 3, 40),
      obs('traffic.speed_kmh', 'site:b', 4, 12),
      obs('traffic.speed_kmh', 'site:c', 5, 8),
    ]);
    const raised = jam.events.find((e) => e.type === 'raised');
    expect(raised?.alert).toMatchObject({
      ruleId: 'rule:jam-area',
      subjectId: 'ward:001',
      areaId: 'ward:001',
      value: 3,
      position: [106.7, 10.77],
    });
    // The anomaly at site:a (ward 1) and the ward's jam are one incident: both alerts get an
    // `updated` event carrying it, so every client sees the link live.
    const updates = jam.events.filter((e) => e.type === 'updated');
    const incident = updates[0]?.alert.incidentId;
    expect(incident).toMatch(/^incident:/);
    expect(updates.map((e) => [e.alert.ruleId, e.alert.incidentId]).sort()).toEqual([
      ['rule:jam-area', incident],
      ['rule:portal-unusual', incident],
    ]);

    // The clock lets the jam age out of its window.
    now = T0 + 12 * MINUTE;
    await running.app.ioc.tickRules();
    now = T0 + 21 * MINUTE;
    await running.app.ioc.tickRules();
    const log = await events();
    expect(log.filter((e) => e.type === 'resolved').map((e) => e.snapshot.ruleId)).toContain(
      'rule:jam-area',
    );
  });

  it('no data fires per silent subject on the clock and resolves when it reports, without repeats across a restart', async () => {
    await ingest([
      obs('traffic.speed_kmh', 'site:a', 0, 40),
      obs('traffic.speed_kmh', 'site:b', 0, 40),
    ]);
    now = T0 + 8 * MINUTE;
    await ingest([obs('traffic.speed_kmh', 'site:b', 8, 40)]);
    expect(await running.app.ioc.tickRules()).toBe(0);
    now = T0 + 11 * MINUTE;
    await running.app.ioc.tickRules();
    let log = await events();
    expect(log.map((e) => [e.type, e.snapshot.ruleId, e.snapshot.subjectId])).toEqual([
      ['raised', 'rule:silent', 'site:a'],
    ]);
    expect(log[0]?.snapshot.value).toBe(660);

    // A restart (new process on the same database) does not raise it again.
    await running.close();
    running = await startApp(running.db, { clock, ruleTickMs: 3_600_000 });
    now = T0 + 12 * MINUTE;
    await running.app.ioc.tickRules();
    expect((await events()).length).toBe(1);

    now = T0 + 13 * MINUTE;
    await ingest([obs('traffic.speed_kmh', 'site:a', 13, 40)]);
    await running.app.ioc.tickRules();
    log = await events();
    expect(log.map((e) => [e.type, e.snapshot.subjectId])).toEqual([
      ['raised', 'site:a'],
      ['resolved', 'site:a'],
    ]);
  });

  it('escalates an unacknowledged alert once and reminds on schedule; acknowledging stops both', async () => {
    const fired = await ingest([obs('water.level_cm', 'site:wl-01', 0, 175)]);
    const alert = fired.events[0]?.alert;
    expect(alert).toMatchObject({ severity: 'Moderate', escalationLevel: 0, areaId: 'ward:002' });

    // The drill-down chart reads the readings around it, with the rule's levels.
    const readings = await running.app.inject(`/api/alerts/${alert?.id}/readings`);
    expect(readings.statusCode).toBe(200);
    expect(readings.json()).toMatchObject({
      indicatorId: 'water.level_cm',
      unit: 'cm',
      ruleKind: 'threshold',
      threshold: 160,
      clearThreshold: 150,
      series: [
        { subjectId: 'site:wl-01', name: 'Trạm Phú An', points: [{ at: at(0), value: 175 }] },
      ],
    });
    expect((await running.app.inject('/api/alerts/nope/readings')).statusCode).toBe(404);
    // And a KPI's sparkline reads an indicator's recent values the same way.
    const series = await running.app.inject(
      '/api/indicators/water.level_cm/series?subjectId=site:wl-01&days=1',
    );
    expect(series.json()).toMatchObject({ points: [{ at: at(0), value: 175 }] });
    expect((await running.app.inject('/api/indicators/nope/series')).statusCode).toBe(404);

    now = T0 + 4 * MINUTE;
    expect(await running.app.ioc.tickRules()).toBe(0);
    now = T0 + 5 * MINUTE;
    await running.app.ioc.tickRules();
    now = T0 + 6 * MINUTE;
    await running.app.ioc.tickRules();
    now = T0 + 10 * MINUTE;
    await running.app.ioc.tickRules();
    const log = await events();
    expect(log.map((e) => [e.type, e.snapshot.severity, e.snapshot.escalationLevel])).toEqual([
      ['raised', 'Moderate', 0],
      ['escalated', 'Severe', 1],
      ['reminded', 'Severe', 1],
    ]);

    const ack = await running.app.inject({
      method: 'POST',
      url: `/api/alerts/${alert?.id}/actions`,
      payload: { action: 'acknowledge' },
    });
    expect(ack.statusCode).toBe(200);
    now = T0 + 60 * MINUTE;
    await running.app.ioc.tickRules();
    expect((await events()).map((e) => e.type)).toEqual([
      'raised',
      'escalated',
      'reminded',
      'acknowledged',
    ]);
  });
});
