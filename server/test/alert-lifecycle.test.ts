import type { AlertDetail, AlertEvent, Role } from '@city-ioc/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCityRepository } from '../src/store/city-repository';
import { addPerson, department, rule, seedBasics } from './fixtures';
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

const PASSWORD = 'lifecycle-password-1';

describe.each(ENGINES)('the alert lifecycle on %s', (engine) => {
  let running: RunningApp;
  let drop: () => Promise<void>;
  let watcher: TestSocket;
  let live: AlertEvent[];

  const addUser = async (username: string, role: Role, departmentIds: string[]) => {
    const user = await addPerson(
      running.db,
      { username, role, departmentIds, displayName: `Tên ${username}` },
      PASSWORD,
    );
    return { user, ...(await signIn(running.app, username, PASSWORD)) };
  };

  beforeEach(async () => {
    const opened = await openTestDatabase(engine);
    drop = opened.drop;
    await seedBasics(opened.db, {
      rules: [
        rule({
          params: { operator: 'above', threshold: 160, clearThreshold: 150, pendingSeconds: 0 },
        }),
      ],
    });
    await createCityRepository(opened.db).upsertDepartments([
      department({ id: 'dept:GTVT', code: 'GTVT', name: { vi: 'Sở GTVT', en: 'Transport' } }),
    ]);
    running = await startApp(opened.db);
    watcher = await connectClient(running.url, running.cookie);
    live = [];
    watcher.on('alert:changed', (event) => live.push(event));
    await running.app.ioc.ingest.ingest(null, [
      {
        indicatorId: 'water.level_cm',
        subjectId: 'site:wl-01',
        observedAt: '2026-11-23T03:00:00.000Z',
        value: 171,
      },
    ]);
    await waitFor(() => live.length === 1, 10_000, 'the raised alert');
  });
  afterEach(async () => {
    watcher.close();
    await running.close();
    await running.db.close();
    await drop();
  });

  const alertId = () => live[0]?.alert.id as string;
  const as = (session: { cookie: string; csrfToken: string } | null) => ({
    post: (url: string, payload: object) =>
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

  it('goes open → acknowledged → in progress → resolved → closed, with comments, assignee and timeline, live to every viewer', async () => {
    const head = await addUser('lanhdao.tnmt', 'department_head', ['dept:TNMT']);
    const me = as(head);
    const base = `/api/alerts/${encodeURIComponent(alertId())}`;

    expect((await me.post(`${base}/actions`, { action: 'acknowledge' })).json().status).toBe(
      'acknowledged',
    );
    expect((await me.post(`${base}/actions`, { action: 'start' })).json().status).toBe(
      'in_progress',
    );
    const assignees = (await me.get(`${base}/assignees`)).json() as { userId: string }[];
    expect(assignees.map((a) => a.userId)).toContain(head.user.id);
    const assigned = await me.post(`${base}/assign`, { userId: head.user.id });
    expect(assigned.json().assignee).toEqual({ userId: head.user.id, name: 'Tên lanhdao.tnmt' });
    const hostile = 'Đã cử đội ứng cứu <img src=x onerror=alert(1)>\nhai dòng';
    expect((await me.post(`${base}/comments`, { body: hostile })).statusCode).toBe(201);
    const resolved = await me.post(`${base}/actions`, {
      action: 'resolve',
      comment: 'Nước đã rút',
    });
    expect(resolved.json()).toMatchObject({ status: 'resolved', commentCount: 2 });
    expect(resolved.json().resolvedAt).not.toBeNull();
    const closed = await me.post(`${base}/actions`, { action: 'close' });
    expect(closed.json().closedAt).not.toBeNull();

    const detail = (await me.get(base)).json() as AlertDetail;
    expect(detail.comments.map((c) => c.body)).toEqual([hostile, 'Nước đã rút']);
    expect(detail.comments[0]?.authorName).toBe('Tên lanhdao.tnmt');
    expect(detail.timeline.map((e) => [e.type, e.actor])).toEqual([
      ['raised', null],
      ['acknowledged', 'lanhdao.tnmt'],
      ['progressed', 'lanhdao.tnmt'],
      ['assigned', 'lanhdao.tnmt'],
      ['commented', 'lanhdao.tnmt'],
      ['resolved', 'lanhdao.tnmt'],
      ['commented', 'lanhdao.tnmt'],
      ['closed', 'lanhdao.tnmt'],
    ]);
    // The administrator's screen saw every step, in order, once.
    await waitFor(() => live.length === 8, 10_000, 'every step live');
    expect(live.map((e) => e.type)).toEqual(detail.timeline.map((e) => e.type));
    expect(new Set(live.map((e) => e.seq)).size).toBe(8);
    const audit = (await running.app.inject('/api/admin/audit?action=alert.')).json() as {
      action: string;
      actor: string;
    }[];
    expect(audit.map((a) => a.action).sort()).toEqual([
      'alert.acknowledge',
      'alert.assigned',
      'alert.close',
      'alert.commented',
      'alert.resolve',
      'alert.start',
    ]);
  });

  it('refuses steps the status does not allow, with the reason, and repeats harmlessly', async () => {
    const admin = as({ cookie: running.cookie, csrfToken: running.csrfToken });
    const base = `/api/alerts/${encodeURIComponent(alertId())}`;
    const early = await admin.post(`${base}/actions`, { action: 'close' });
    expect(early.statusCode).toBe(409);
    expect(early.json().message).toContain('only a resolved alert can be closed');
    await admin.post(`${base}/actions`, { action: 'acknowledge' });
    const again = await admin.post(`${base}/actions`, { action: 'acknowledge' });
    expect(again.statusCode).toBe(200);
    await admin.post(`${base}/actions`, { action: 'resolve' });
    expect((await admin.post(`${base}/actions`, { action: 'start' })).statusCode).toBe(409);
    await waitFor(() => live.length === 3, 10_000, 'raised, acknowledged, resolved');
  });

  it('hides the alert from other departments (404), lets viewers read only, and assigns only people who may act', async () => {
    const other = as(await addUser('lanhdao.gtvt', 'department_head', ['dept:GTVT']));
    const viewer = as(await addUser('nguoixem', 'viewer', []));
    const base = `/api/alerts/${encodeURIComponent(alertId())}`;
    expect((await other.get(base)).statusCode).toBe(404);
    expect((await other.post(`${base}/actions`, { action: 'acknowledge' })).statusCode).toBe(404);
    expect((await other.post(`${base}/comments`, { body: 'x' })).statusCode).toBe(404);
    expect((await viewer.get(base)).statusCode).toBe(200);
    expect((await viewer.post(`${base}/actions`, { action: 'acknowledge' })).statusCode).toBe(403);
    const admin = as({ cookie: running.cookie, csrfToken: running.csrfToken });
    const wrong = await admin.post(`${base}/assign`, { userId: 'user:lanhdao.gtvt' });
    expect(wrong.statusCode).toBe(400);
    expect((await admin.post(`${base}/assign`, { userId: null })).json().assignee).toBeNull();
  });
});
