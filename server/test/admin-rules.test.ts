import type { AdminRule, Observation, RuleBacktestResult } from '@city-ioc/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createObservationRepository } from '../src/store/observation-repository';
import { createRuleRepository } from '../src/store/rule-repository';
import { addPerson, rule, seedBasics } from './fixtures';
import { ENGINES, openTestDatabase, type RunningApp, signIn, startApp } from './helpers';

const MINUTE = 60_000;
/** The app's clock: the back-test looks at the 24 hours before it. */
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const ago = (minutes: number) => new Date(NOW - minutes * MINUTE).toISOString();

describe.each(ENGINES)('administering alert rules on %s', (engine) => {
  let running: RunningApp;
  let drop: () => Promise<void>;

  beforeEach(async () => {
    const opened = await openTestDatabase(engine);
    drop = opened.drop;
    await seedBasics(opened.db);
    running = await startApp(opened.db, { clock: () => new Date(NOW) });
  });
  afterEach(async () => {
    await running.close();
    await running.db.close();
    await drop();
  });

  const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    running.app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const countRows = async (table: string) =>
    (await running.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n;
  const draft = (o: Parameters<typeof rule>[0] = {}) =>
    rule({
      id: 'rule:water-rising',
      name: { vi: 'Nước lên nhanh', en: 'Water rising fast' },
      ...o,
    });

  it('creates, lists, edits, enables and deletes a rule, and audits each change', async () => {
    const created = await api('POST', '/api/admin/rules', draft());
    expect(created.statusCode).toBe(201);
    expect((created.json() as AdminRule).states).toEqual({ pending: 0, firing: 0 });
    expect((await api('POST', '/api/admin/rules', draft())).statusCode).toBe(409);

    const listed: AdminRule[] = (await api('GET', '/api/admin/rules')).json();
    expect(listed.map((r) => r.rule.id)).toEqual(['rule:water-high', 'rule:water-rising']);

    const edited = await api(
      'PUT',
      '/api/admin/rules/rule:water-rising',
      draft({ severity: 'Extreme', sop: [{ vi: 'Gọi đội ứng phó', en: 'Call the team' }] }),
    );
    expect(edited.statusCode).toBe(200);
    expect((edited.json() as AdminRule).rule).toMatchObject({
      severity: 'Extreme',
      sop: [{ vi: 'Gọi đội ứng phó', en: 'Call the team' }],
    });
    expect((await api('PUT', '/api/admin/rules/rule:water-high', draft())).statusCode).toBe(400); // id mismatch
    expect(
      (await api('PUT', '/api/admin/rules/rule:nope', draft({ id: 'rule:nope' }))).statusCode,
    ).toBe(404);

    const disabled = await api('POST', '/api/admin/rules/rule:water-rising/enabled', {
      enabled: false,
    });
    expect((disabled.json() as AdminRule).rule.enabled).toBe(false);
    expect((await createRuleRepository(running.db).findRule('rule:water-rising'))?.enabled).toBe(
      false,
    );

    expect((await api('DELETE', '/api/admin/rules/rule:water-rising')).statusCode).toBe(204);
    expect((await api('DELETE', '/api/admin/rules/rule:water-rising')).statusCode).toBe(404);

    const audit = (await api('GET', '/api/admin/audit?action=rule.')).json() as {
      action: string;
      target: string;
      actor: string;
    }[];
    expect(audit.map((a) => a.action).sort()).toEqual([
      'rule.created',
      'rule.deleted',
      'rule.enabled',
      'rule.updated',
    ]);
    expect(audit.every((a) => a.actor === 'admin' && a.target === 'rule:water-rising')).toBe(true);
  });

  it('refuses unknown departments and indicators, and invalid parameters, with a clear message', async () => {
    const noDept = await api('POST', '/api/admin/rules', draft({ departmentId: 'dept:NOPE' }));
    expect(noDept.statusCode).toBe(400);
    expect(noDept.json().message).toContain('Unknown department dept:NOPE');
    const noIndicator = await api('POST', '/api/admin/rules', draft({ indicatorId: 'x.unknown' }));
    expect(noIndicator.statusCode).toBe(400);
    expect(noIndicator.json().message).toContain('Unknown indicator x.unknown');
    const backwards = await api('POST', '/api/admin/rules', {
      ...draft(),
      params: { operator: 'above', threshold: 100, clearThreshold: 120, pendingSeconds: 0 },
    });
    expect(backwards.statusCode).toBe(400);
    expect(await countRows('rules')).toBe(1);
  });

  it('clears the states of a rule whose definition changes, not of one renamed', async () => {
    const states = createRuleRepository(running.db);
    const firing = new Map([
      [
        'rule:water-high\u0000site:wl-01',
        {
          state: 'firing' as const,
          since: ago(30),
          lastValue: 170,
          lastAt: ago(1),
          clearSince: null,
        },
      ],
    ]);
    await states.saveStates(firing);
    const listed: AdminRule[] = (await api('GET', '/api/admin/rules')).json();
    expect(listed[0]?.states).toEqual({ pending: 0, firing: 1 });

    await api('PUT', '/api/admin/rules/rule:water-high', rule({ name: { vi: 'Tên mới' } }));
    expect(await countRows('rule_states')).toBe(1);

    await api(
      'PUT',
      '/api/admin/rules/rule:water-high',
      rule({
        name: { vi: 'Tên mới' },
        params: { operator: 'above', threshold: 180, clearThreshold: 150, pendingSeconds: 0 },
      }),
    );
    expect(await countRows('rule_states')).toBe(0);
    const audit = (await api('GET', '/api/admin/audit?action=rule.updated')).json() as {
      details: { statesCleared: boolean };
    }[];
    expect(audit.map((a) => a.details.statesCleared).sort()).toEqual([false, true]);
  });

  it('refuses the rule administration to anyone but an administrator', async () => {
    await addPerson(
      running.db,
      { username: 'op', role: 'operator', departmentIds: ['dept:TNMT'] },
      'a-long-test-password',
    );
    const op = await signIn(running.app, 'op', 'a-long-test-password');
    const as = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
      running.app.inject({
        method,
        url,
        headers: { cookie: op.cookie, 'x-csrf-token': op.csrfToken },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    expect((await as('GET', '/api/admin/rules')).statusCode).toBe(403);
    expect((await as('POST', '/api/admin/rules', draft())).statusCode).toBe(403);
    expect((await as('POST', '/api/admin/rules/backtest', draft())).statusCode).toBe(403);
  });

  it('back-tests a rule over the last 24 hours of stored readings, saving nothing', async () => {
    // A reading every 5 minutes for 26 hours: 100 cm, but 170 cm for an hour from 20 h ago
    // and for 30 minutes from 5 h ago, and 170 cm in the warm-up (25 h ago, before `from`).
    const readings: Observation[] = [];
    for (let m = 26 * 60; m >= 0; m -= 5) {
      const high =
        (m <= 20 * 60 && m > 19 * 60) ||
        (m <= 5 * 60 && m > 4.5 * 60) ||
        (m <= 25 * 60 && m > 24.5 * 60);
      readings.push({
        indicatorId: 'water.level_cm',
        subjectId: 'site:wl-01',
        observedAt: ago(m),
        value: high ? 170 : 100,
      });
    }
    await running.db.transaction((tx) =>
      createObservationRepository(tx).insertBatch(readings, { feedId: null, receivedAt: ago(0) }),
    );
    const res = await api(
      'POST',
      '/api/admin/rules/backtest',
      draft({
        params: { operator: 'above', threshold: 160, clearThreshold: 150, pendingSeconds: 600 },
      }),
    );
    expect(res.statusCode).toBe(200);
    const result = res.json() as RuleBacktestResult;
    expect(result).toMatchObject({
      from: ago(24 * 60),
      to: ago(0),
      fires: 2,
      resolves: 2,
      subjects: 1,
      truncated: false,
      firingAtEnd: [],
    });
    // 24 h plus the one-hour warm-up, both ends included.
    expect(result.evaluated).toBe(25 * 12 + 1);
    expect(result.decisions.map((d) => [d.transition, d.at, d.subjectName])).toEqual([
      ['fire', ago(20 * 60 - 10), 'Trạm Phú An'],
      ['resolve', ago(19 * 60), 'Trạm Phú An'],
      ['fire', ago(5 * 60 - 10), 'Trạm Phú An'],
      ['resolve', ago(4.5 * 60), 'Trạm Phú An'],
    ]);
    expect(result.perHour).toHaveLength(24);
    expect(result.perHour.reduce((n, h) => n + h.fires, 0)).toBe(2);
    // Nothing saved: no rule, no state, no alert.
    expect(await countRows('rules')).toBe(1);
    expect(await countRows('rule_states')).toBe(0);
    expect(await countRows('alerts')).toBe(0);
  });
});
