import type { Alert, AlertDetail, AlertEvent, Role, Silence } from '@city-ioc/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlertRepository } from '../src/store/alert-repository';
import { addPerson, DEPT_B, seedTwoDepartments } from './fixtures';
import {
  connectClient,
  ENGINES,
  openTestDatabase,
  type RunningApp,
  signIn,
  startApp,
  type TestSocket,
  waitFor,
} from './helpers';

const PASSWORD = 'sop-silence-password-1';
const T0 = Date.parse('2026-11-23T03:00:00.000Z');
const MINUTE = 60_000;
const SOP = [
  { vi: 'Gọi trạm bơm Phú An', en: 'Call the Phu An pumping station' },
  { vi: 'Cử tổ ứng cứu', en: 'Send the response team' },
  { vi: 'Báo UBND phường' },
];

describe.each(ENGINES)('SOP checklists and silences on %s', (engine) => {
  let running: RunningApp;
  let drop: () => Promise<void>;
  let watcher: TestSocket;
  let live: AlertEvent[];
  let nowMs: number;

  const start = async (severity: Alert['severity'] = 'Severe') => {
    const opened = await openTestDatabase(engine);
    drop = opened.drop;
    await seedTwoDepartments(opened.db, { ruleA: { sop: SOP, severity } });
    nowMs = T0;
    running = await startApp(opened.db, { clock: () => new Date(nowMs) });
    watcher = await connectClient(running.url, running.cookie);
    live = [];
    watcher.on('alert:changed', (event) => live.push(event));
  };
  afterEach(async () => {
    watcher.close();
    await running.close();
    await running.db.close();
    await drop();
  });

  /** A water level of 171 cm (above 160) at the fake clock's now: raises or repeats A's alert. */
  const raiseWater = async (subjectId = 'site:wl-01') => {
    const before = live.length;
    await running.app.ioc.ingest.ingest(null, [
      {
        indicatorId: 'water.level_cm',
        subjectId,
        observedAt: new Date(nowMs).toISOString(),
        value: 171,
      },
    ]);
    await waitFor(() => live.length > before, 10_000, 'the raised alert');
    return live.at(-1) as AlertEvent;
  };
  const addUser = async (username: string, role: Role, departmentIds: string[]) => {
    await addPerson(
      running.db,
      { username, role, departmentIds, displayName: `Tên ${username}` },
      PASSWORD,
    );
    return signIn(running.app, username, PASSWORD);
  };
  const as = (session?: { cookie: string; csrfToken: string }) => ({
    post: (url: string, payload: object = {}) =>
      running.app.inject({
        method: 'POST',
        url,
        payload,
        ...(session
          ? { headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken } }
          : {}),
      }),
    get: (url: string) =>
      running.app.inject({
        method: 'GET',
        url,
        ...(session ? { headers: { cookie: session.cookie } } : {}),
      }),
  });
  const alertPath = (id: string, rest = '') => `/api/alerts/${encodeURIComponent(id)}${rest}`;
  const silence = async (body: object, session?: { cookie: string; csrfToken: string }) =>
    as(session).post('/api/silences', body);

  describe('the SOP checklist', () => {
    beforeEach(() => start());

    it('copies the rule’s steps into a new alert; ticking one records who and when, in the timeline and live to another screen', async () => {
      const raised = await raiseWater();
      expect(raised.alert).toMatchObject({ sopTotal: 3, sopDone: 0 });
      const head = await addUser('lanhdao.tnmt', 'department_head', ['dept:TNMT']);
      const second = await connectClient(running.url, head.cookie);
      const seen: AlertEvent[] = [];
      second.on('alert:changed', (event) => seen.push(event));
      try {
        nowMs = T0 + 5 * MINUTE;
        const ticked = await as(head).post(alertPath(raised.alert.id, '/sop/1'), { done: true });
        expect(ticked.statusCode).toBe(200);
        expect(ticked.json()).toMatchObject({ sopDone: 1, sopTotal: 3 });
        const event = await waitFor(
          () => seen.find((e) => e.type === 'checklist'),
          10_000,
          'the checklist event on the second screen',
        );
        expect(event.alert).toMatchObject({ id: raised.alert.id, sopDone: 1 });

        const detail = (await as(head).get(alertPath(raised.alert.id))).json() as AlertDetail;
        expect(detail.sop).toEqual([
          { idx: 0, text: SOP[0], doneBy: null, doneAt: null },
          {
            idx: 1,
            text: SOP[1],
            doneBy: { userId: 'user:lanhdao.tnmt', name: 'Tên lanhdao.tnmt' },
            doneAt: new Date(T0 + 5 * MINUTE).toISOString(),
          },
          { idx: 2, text: SOP[2], doneBy: null, doneAt: null },
        ]);
        expect(detail.timeline.map((e) => [e.type, e.actor])).toEqual([
          ['raised', null],
          ['checklist', 'lanhdao.tnmt'],
        ]);
        const audit = (await running.app.inject('/api/admin/audit?action=alert.sop')).json() as {
          action: string;
        }[];
        expect(audit.map((a) => a.action)).toEqual(['alert.sop_done']);
      } finally {
        second.close();
      }
    });

    it('appends nothing when the step already stands so, unticks, and refuses a closed alert or a missing step', async () => {
      const raised = await raiseWater();
      const admin = as();
      const step = alertPath(raised.alert.id, '/sop/0');
      await admin.post(step, { done: true });
      const again = await admin.post(step, { done: true });
      expect(again.statusCode).toBe(200);
      expect(again.json().sopDone).toBe(1);
      const undone = await admin.post(step, { done: false });
      expect(undone.json().sopDone).toBe(0);
      expect(
        (await admin.post(alertPath(raised.alert.id, '/sop/7'), { done: true })).statusCode,
      ).toBe(404);
      await admin.post(alertPath(raised.alert.id, '/actions'), { action: 'resolve' });
      // Resolved but not reviewed yet: the checklist can still be completed.
      expect((await admin.post(step, { done: true })).statusCode).toBe(200);
      await admin.post(alertPath(raised.alert.id, '/actions'), { action: 'close' });
      const closed = await admin.post(step, { done: false });
      expect(closed.statusCode).toBe(409);
      const detail = (await admin.get(alertPath(raised.alert.id))).json() as AlertDetail;
      expect(detail.timeline.map((e) => e.type)).toEqual([
        'raised',
        'checklist',
        'checklist',
        'resolved',
        'checklist',
        'closed',
      ]);
    });

    it('keeps the checklist an alert was raised with when its rule changes', async () => {
      const raised = await raiseWater();
      const a = raised.alert;
      // One more occurrence of the same key, raised with the edited rule's procedure.
      const repeated = await running.db.transaction((tx) =>
        createAlertRepository(tx).raise({
          id: 'not-used',
          key: a.key,
          ruleId: a.ruleId,
          departmentId: a.departmentId,
          indicatorId: a.indicatorId,
          subjectId: a.subjectId,
          areaId: a.areaId,
          position: a.position,
          severity: a.severity,
          title: a.title,
          value: 175,
          threshold: 160,
          at: new Date(T0 + MINUTE).toISOString(),
          sop: [{ vi: 'Bước mới' }],
        }),
      );
      expect(repeated).toMatchObject({ type: 'updated', alert: { id: a.id, sopTotal: 3 } });
      const detail = (await as().get(alertPath(a.id))).json() as AlertDetail;
      expect(detail.sop.map((s) => s.text.vi)).toEqual(SOP.map((s) => s.vi));
    });

    it('refuses viewers (403) and hides the alert from another department (404)', async () => {
      const raised = await raiseWater();
      const viewer = await addUser('nguoixem', 'viewer', []);
      const other = await addUser('lanhdao.gtvt', 'department_head', [DEPT_B]);
      const step = alertPath(raised.alert.id, '/sop/0');
      expect((await as(viewer).post(step, { done: true })).statusCode).toBe(403);
      expect((await as(other).post(step, { done: true })).statusCode).toBe(404);
    });
  });

  describe('silences', () => {
    beforeEach(() => start());

    it('silences an alert raised while a matching silence is in force', async () => {
      const created = await silence({
        matchers: { departmentId: 'dept:TNMT', ruleId: 'rule:water-high' },
        durationMinutes: 60,
        reason: 'Đang nạo vét kênh',
      });
      expect(created.statusCode).toBe(201);
      const s = created.json() as Silence;
      expect(s).toMatchObject({ kind: 'silence', state: 'active', createdBy: 'admin' });
      nowMs = T0 + MINUTE;
      const raised = await raiseWater();
      expect(raised.type).toBe('raised');
      expect(raised.alert).toMatchObject({
        silencedUntil: new Date(T0 + 60 * MINUTE).toISOString(),
        silenceId: s.id,
      });
      // Still stored and listed: nothing is lost.
      const list = (await as().get('/api/alerts?status=active')).json() as { alerts: Alert[] };
      expect(list.alerts.map((a) => a.id)).toContain(raised.alert.id);
    });

    it('silences the active alerts a new silence matches, with an event naming who; cancelling releases them', async () => {
      const raised = await raiseWater();
      expect(raised.alert.silencedUntil).toBeNull();
      const operator = await addUser('dieuhanh', 'operator', []);
      nowMs = T0 + MINUTE;
      const created = await silence(
        {
          matchers: { departmentId: 'dept:TNMT', severities: ['Severe'] },
          durationMinutes: 240,
          reason: 'Bảo trì cảm biến',
        },
        operator,
      );
      const s = created.json() as Silence;
      const silenced = await waitFor(
        () => live.find((e) => e.type === 'silenced'),
        10_000,
        'the silenced event',
      );
      expect(silenced.alert).toMatchObject({
        id: raised.alert.id,
        silenceId: s.id,
        silencedUntil: new Date(T0 + 241 * MINUTE).toISOString(),
      });
      const active = (await as().get('/api/silences?active=true')).json() as Silence[];
      expect(active.map((x) => x.id)).toEqual([s.id]);

      nowMs = T0 + 2 * MINUTE;
      const cancelled = await as(operator).post(`/api/silences/${s.id}/cancel`);
      expect(cancelled.json()).toMatchObject({ state: 'cancelled', cancelledBy: 'dieuhanh' });
      await waitFor(
        () => live.filter((e) => e.type === 'silenced').length === 2,
        10_000,
        'the release event',
      );
      expect(live.at(-1)?.alert).toMatchObject({ silencedUntil: null, silenceId: null });
      const detail = (await as().get(alertPath(raised.alert.id))).json() as AlertDetail;
      expect(detail.timeline.map((e) => [e.type, e.actor])).toEqual([
        ['raised', null],
        ['silenced', 'dieuhanh'],
        ['silenced', 'dieuhanh'],
      ]);
      // Cancelling again changes nothing.
      const again = await as(operator).post(`/api/silences/${s.id}/cancel`);
      expect(again.statusCode).toBe(200);
      const past = (await as().get('/api/silences?active=false')).json() as Silence[];
      expect(past.map((x) => x.id)).toEqual([s.id]);
      const audit = (await running.app.inject('/api/admin/audit?action=silence.')).json() as {
        action: string;
      }[];
      expect(audit.map((a) => a.action).sort()).toEqual(['silence.cancelled', 'silence.created']);
    });

    it('refuses a department head silencing another department (403) and hides its silences (404)', async () => {
      const headB = await addUser('lanhdao.gtvt', 'department_head', [DEPT_B]);
      const refused = await silence(
        { matchers: { departmentId: 'dept:TNMT' }, durationMinutes: 60, reason: 'x' },
        headB,
      );
      expect(refused.statusCode).toBe(403);
      const unscoped = await silence(
        { matchers: { ruleId: 'rule:water-high' }, durationMinutes: 60, reason: 'x' },
        headB,
      );
      expect(unscoped.statusCode).toBe(403);
      const own = await silence(
        { matchers: { departmentId: DEPT_B }, durationMinutes: 60, reason: 'Sửa đèn' },
        headB,
      );
      expect(own.statusCode).toBe(201);
      const cityWide = (
        await silence({ matchers: { departmentId: 'dept:TNMT' }, durationMinutes: 60, reason: 'y' })
      ).json() as Silence;
      expect((await as(headB).post(`/api/silences/${cityWide.id}/cancel`)).statusCode).toBe(404);
      const seen = (await as(headB).get('/api/silences')).json() as Silence[];
      expect(seen.map((x) => x.matchers.departmentId)).toEqual([DEPT_B]);
      const viewer = await addUser('nguoixem', 'viewer', []);
      expect(
        (
          await silence(
            { matchers: { departmentId: DEPT_B }, durationMinutes: 5, reason: 'z' },
            viewer,
          )
        ).statusCode,
      ).toBe(403);
      expect(
        (
          await silence({
            matchers: { departmentId: DEPT_B, severities: ['Extreme'] },
            durationMinutes: 5,
            reason: 'z',
          })
        ).statusCode,
      ).toBe(400);
    });

    it('applies a maintenance window to the alerts already active when its start passes, and silences alerts raised inside it', async () => {
      const before = await raiseWater();
      const window = (
        await silence({
          matchers: { departmentId: 'dept:TNMT' },
          startsAt: new Date(T0 + 60 * MINUTE).toISOString(),
          endsAt: new Date(T0 + 180 * MINUTE).toISOString(),
          reason: 'Bảo trì định kỳ trạm bơm',
        })
      ).json() as Silence;
      expect(window).toMatchObject({ kind: 'maintenance', state: 'scheduled' });
      // Not started: nothing is silenced yet, and the sweep finds nothing due.
      expect(await running.app.ioc.applyDueSilences()).toBe(0);
      nowMs = T0 + 30 * MINUTE;
      const early = await raiseWater('site:wl-02');
      expect(early.alert.silencedUntil).toBeNull();

      nowMs = T0 + 61 * MINUTE;
      expect(await running.app.ioc.applyDueSilences()).toBe(2);
      await waitFor(
        () => live.filter((e) => e.type === 'silenced').length === 2,
        10_000,
        'both active alerts silenced',
      );
      const silenced = live.filter((e) => e.type === 'silenced').map((e) => e.alert.id);
      expect(silenced.sort()).toEqual([before.alert.id, early.alert.id].sort());
      // Applied once only.
      expect(await running.app.ioc.applyDueSilences()).toBe(0);
      const detail = (await as().get(alertPath(before.alert.id))).json() as AlertDetail;
      expect(detail.timeline.at(-1)).toMatchObject({ type: 'silenced', actor: null });

      nowMs = T0 + 90 * MINUTE;
      const inside = await raiseWater('site:wl-03');
      expect(inside.alert).toMatchObject({
        silenceId: window.id,
        silencedUntil: new Date(T0 + 180 * MINUTE).toISOString(),
      });
    });
  });

  describe('an Extreme alert', () => {
    beforeEach(() => start('Extreme'));

    it('is never silenced, neither when raised inside a silence nor by a new one', async () => {
      await silence({ matchers: { departmentId: 'dept:TNMT' }, durationMinutes: 60, reason: 'x' });
      const raised = await raiseWater();
      expect(raised.alert).toMatchObject({ severity: 'Extreme', silencedUntil: null });
      await silence({ matchers: { ruleId: 'rule:water-high' }, durationMinutes: 90, reason: 'y' });
      await running.app.ioc.applyDueSilences();
      const detail = (await as().get(alertPath(raised.alert.id))).json() as AlertDetail;
      expect(detail.alert.silencedUntil).toBeNull();
      expect(detail.timeline.map((e) => e.type)).toEqual(['raised']);
    });
  });
});
