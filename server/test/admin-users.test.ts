import type { Alert, AuditEntry, DisplayToken, User } from '@city-ioc/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '../src/auth/secrets';
import { DEPT_B, seedTwoDepartments } from './fixtures';
import { ENGINES, openTestDatabase, type RunningApp, signIn, startApp } from './helpers';

const DEPT_A = 'dept:TNMT';
const PASSWORD = 'a long enough passphrase';
const NEW_PASSWORD = 'another long passphrase';

describe.each(ENGINES)('administering users and display tokens on %s', (engine) => {
  let running: RunningApp;
  let drop: () => Promise<void>;

  beforeEach(async () => {
    const opened = await openTestDatabase(engine);
    drop = opened.drop;
    await seedTwoDepartments(opened.db);
    running = await startApp(opened.db);
  });
  afterEach(async () => {
    await running.close();
    await running.db.close();
    await drop();
  });

  type Method = 'GET' | 'POST' | 'PUT';
  /** As the administrator. */
  const api = (method: Method, url: string, payload?: unknown) =>
    running.app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  /** As someone else, with their session cookie and CSRF token. */
  const as = (
    who: { cookie: string; csrfToken: string },
    method: Method,
    url: string,
    payload?: unknown,
  ) =>
    running.app.inject({
      method,
      url,
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  const userInput = (o: Record<string, unknown> = {}) => ({
    username: 'head.tnmt',
    displayName: 'Trưởng phòng Tài nguyên',
    role: 'department_head',
    departmentIds: [DEPT_A],
    password: PASSWORD,
    ...o,
  });
  const createUser = async (o: Record<string, unknown> = {}) => {
    const res = await api('POST', '/api/admin/users', userInput(o));
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as User;
  };
  const audit = async (query = '') =>
    (await api('GET', `/api/admin/audit${query}`)).json() as AuditEntry[];
  const adminId = async () =>
    ((await api('GET', '/api/admin/users')).json() as User[]).find((u) => u.username === 'admin')
      ?.id as string;

  /** One alert in each department, raised through the rules. */
  const raiseAlerts = async () => {
    const at = new Date().toISOString();
    await running.app.ioc.ingest.ingest(null, [
      { indicatorId: 'water.level_cm', subjectId: 'site:wl-01', observedAt: at, value: 175 },
      { indicatorId: 'traffic.speed_kmh', subjectId: 'site:cam-01', observedAt: at, value: 4 },
    ]);
    const { alerts } = (await api('GET', '/api/alerts')).json() as { alerts: Alert[] };
    const a = alerts.find((x) => x.departmentId === DEPT_A);
    const b = alerts.find((x) => x.departmentId === DEPT_B);
    if (!a || !b) throw new Error('alerts not raised');
    return { a, b };
  };

  it('creates a user, lists users without password hashes, and audits without the password', async () => {
    const created = await createUser();
    expect(created).toMatchObject({
      username: 'head.tnmt',
      role: 'department_head',
      departmentIds: [DEPT_A],
      isDisabled: false,
      lastSignInAt: null,
    });
    const listed = await api('GET', '/api/admin/users');
    expect(listed.statusCode).toBe(200);
    expect((listed.json() as User[]).map((u) => u.username)).toEqual(['admin', 'head.tnmt']);
    const everything = JSON.stringify([listed.json(), created, await audit()]);
    expect(everything).not.toMatch(/passwordHash|password_hash|\$argon2/);
    expect(everything).not.toContain(PASSWORD);
    expect((await audit())[0]).toMatchObject({
      action: 'user.created',
      actor: 'admin',
      target: created.id,
    });
  });

  it('refuses invalid users with a clear message', async () => {
    const { password: _none, ...withoutPassword } = userInput();
    const noPassword = await api('POST', '/api/admin/users', withoutPassword);
    expect(noPassword.statusCode).toBe(400);
    expect(noPassword.json().message).toMatch(/password/i);

    const shortPassword = await api('POST', '/api/admin/users', userInput({ password: 'short' }));
    expect(shortPassword.statusCode).toBe(400);

    const unknownDept = await api(
      'POST',
      '/api/admin/users',
      userInput({ departmentIds: ['dept:NOPE'] }),
    );
    expect(unknownDept.statusCode).toBe(400);
    expect(unknownDept.json().message).toContain('dept:NOPE');

    const headless = await api('POST', '/api/admin/users', userInput({ departmentIds: [] }));
    expect(headless.statusCode).toBe(400);
    expect(headless.json().message).toMatch(/department head needs at least one department/i);

    await createUser();
    const taken = await api('POST', '/api/admin/users', userInput({ username: 'HEAD.TNMT' }));
    expect(taken.statusCode).toBe(409);

    const missing = await api('PUT', '/api/admin/users/nobody', userInput());
    expect(missing.statusCode).toBe(404);
    expect(
      (await audit('?action=user.')).map((e) => e.action),
      'nothing refused is audited',
    ).toEqual(['user.created']);
  });

  it('edits a user, audits what changed, and refuses renaming', async () => {
    const created = await createUser();
    const { password: _keep, ...profile } = userInput();
    const edited = await api('PUT', `/api/admin/users/${created.id}`, {
      ...profile,
      displayName: 'Trưởng phòng',
      departmentIds: [DEPT_A, DEPT_B],
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({
      displayName: 'Trưởng phòng',
      departmentIds: [DEPT_A, DEPT_B],
    });
    const [entry] = await audit('?action=user.updated');
    expect(entry).toMatchObject({ actor: 'admin', target: created.id });
    expect(entry?.details).toMatchObject({
      changes: { departmentIds: { from: [DEPT_A], to: [DEPT_A, DEPT_B] } },
    });
    const renamed = await api('PUT', `/api/admin/users/${created.id}`, {
      ...profile,
      username: 'someone.else',
    });
    expect(renamed.statusCode).toBe(400);
  });

  it('refuses to let an administrator lock themself out', async () => {
    const id = await adminId();
    const base = { username: 'admin', displayName: 'Quản trị viên', role: 'admin' };
    for (const change of [{ isDisabled: true }, { role: 'operator' }]) {
      const res = await api('PUT', `/api/admin/users/${id}`, { ...base, ...change });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toContain('you cannot lock yourself out');
    }
    expect((await api('GET', '/api/auth/me')).statusCode).toBe(200);
    // Changing one's own password keeps this session.
    const reset = await api('PUT', `/api/admin/users/${id}`, { ...base, password: NEW_PASSWORD });
    expect(reset.statusCode).toBe(200);
    expect((await api('GET', '/api/auth/me')).statusCode).toBe(200);
  });

  it('keeps at least one enabled administrator when two disable each other at once', async () => {
    const second = await createUser({ username: 'admin2', role: 'admin', departmentIds: [] });
    const first = await adminId();
    const admin2 = await signIn(running.app, 'admin2', PASSWORD);
    const disable = (username: string) => ({
      username,
      displayName: username,
      role: 'admin',
      isDisabled: true,
    });
    const [byFirst, bySecond] = await Promise.all([
      api('PUT', `/api/admin/users/${second.id}`, disable('admin2')),
      as(admin2, 'PUT', `/api/admin/users/${first}`, disable('admin')),
    ]);
    const codes = [byFirst.statusCode, bySecond.statusCode];
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    // The loser is refused by the last-admin rule, or finds its own session ended.
    expect(codes.filter((c) => c !== 200).every((c) => c === 409 || c === 401)).toBe(true);
    const admins = await running.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND NOT is_disabled",
    );
    expect(admins[0]?.n).toBe(1);
    const refused = [byFirst, bySecond].find((r) => r.statusCode === 409);
    if (refused) expect(refused.json().message).toMatch(/at least one enabled administrator/i);
  });

  it('scopes a department head to their department: alerts, CSV export and acknowledgement', async () => {
    const { a, b } = await raiseAlerts();
    await createUser();
    const head = await signIn(running.app, 'head.tnmt', PASSWORD);

    const snapshot = await as(head, 'GET', '/api/alerts?status=all');
    expect(snapshot.statusCode).toBe(200);
    const seen = (snapshot.json() as { alerts: Alert[] }).alerts;
    expect(seen.map((x) => x.id)).toEqual([a.id]);

    const csv = await as(head, 'GET', '/api/alerts/export.csv?status=all');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(a.id);
    expect(csv.body).not.toContain(b.id);
    expect(csv.body).not.toContain(DEPT_B);

    const foreign = await as(head, 'POST', `/api/alerts/${b.id}/acknowledge`);
    expect(foreign.statusCode).toBe(404);
    const own = await as(head, 'POST', `/api/alerts/${a.id}/acknowledge`);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ id: a.id, status: 'acknowledged' });
    // Not allowed in the administration.
    expect((await as(head, 'GET', '/api/admin/users')).statusCode).toBe(403);
  });

  it("ends a user's sessions when the administrator resets their password", async () => {
    const user = await createUser();
    const session = await signIn(running.app, 'head.tnmt', PASSWORD);
    expect((await as(session, 'GET', '/api/auth/me')).statusCode).toBe(200);

    const { password: _old, ...profile } = userInput();
    const reset = await api('PUT', `/api/admin/users/${user.id}`, {
      ...profile,
      password: NEW_PASSWORD,
    });
    expect(reset.statusCode).toBe(200);
    expect((await as(session, 'GET', '/api/auth/me')).statusCode).toBe(401);
    await expect(signIn(running.app, 'head.tnmt', PASSWORD)).rejects.toThrow();
    const again = await signIn(running.app, 'head.tnmt', NEW_PASSWORD);
    expect((await as(again, 'GET', '/api/auth/me')).statusCode).toBe(200);

    const entries = await audit(`?target=${encodeURIComponent(user.id)}`);
    expect(entries.map((e) => e.action)).toContain('user.password_reset');
    // A password reset alone changes no profile field: no user.updated entry.
    expect(entries.map((e) => e.action)).not.toContain('user.updated');
    expect(JSON.stringify(entries)).not.toContain(NEW_PASSWORD);
  });

  it("ends a disabled user's session and refuses their sign-in", async () => {
    const user = await createUser();
    const session = await signIn(running.app, 'head.tnmt', PASSWORD);
    const { password: _keep, ...profile } = userInput();
    const disabled = await api('PUT', `/api/admin/users/${user.id}`, {
      ...profile,
      isDisabled: true,
    });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json()).toMatchObject({ isDisabled: true });
    expect((await as(session, 'GET', '/api/auth/me')).statusCode).toBe(401);
    await expect(signIn(running.app, 'head.tnmt', PASSWORD)).rejects.toThrow();
  });

  it('creates a read-only display token shown once, signs a screen in with it, and revokes it', async () => {
    const { a, b } = await raiseAlerts();
    const created = await api('POST', '/api/admin/display-tokens', {
      name: 'Màn hình phòng điều hành',
      departmentIds: [DEPT_A],
    });
    expect(created.statusCode).toBe(201);
    const { displayToken, token } = created.json() as {
      displayToken: DisplayToken;
      token: string;
    };
    expect(token.length).toBeGreaterThanOrEqual(40);
    expect(displayToken).toMatchObject({ createdBy: 'admin', revokedAt: null });

    const stored = await running.db.query<{ token_hash: string }>(
      'SELECT token_hash FROM display_tokens WHERE id = $1',
      [displayToken.id],
    );
    expect(stored[0]?.token_hash).toBe(sha256(token));
    const listed = await api('GET', '/api/admin/display-tokens');
    expect((listed.json() as DisplayToken[]).map((t) => t.id)).toEqual([displayToken.id]);
    expect(JSON.stringify([listed.json(), await audit()])).not.toContain(token);

    const signedIn = await running.app.inject({
      method: 'POST',
      url: '/api/auth/display',
      payload: { token },
      headers: { cookie: '' },
    });
    expect(signedIn.statusCode).toBe(200);
    const cookie = signedIn.cookies.find((c) => c.name === 'ioc_session');
    const screen = {
      cookie: `ioc_session=${cookie?.value}`,
      csrfToken: (signedIn.json() as { csrfToken: string }).csrfToken,
    };
    const alerts = await as(screen, 'GET', '/api/alerts');
    expect(alerts.statusCode).toBe(200);
    expect((alerts.json() as { alerts: Alert[] }).alerts.map((x) => x.id)).toEqual([a.id]);
    expect((await as(screen, 'POST', `/api/alerts/${a.id}/acknowledge`)).statusCode).toBe(403);
    expect((await as(screen, 'POST', `/api/alerts/${b.id}/acknowledge`)).statusCode).toBe(403);

    const revoked = await api('POST', `/api/admin/display-tokens/${displayToken.id}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).toEqual(expect.any(String));
    expect((await as(screen, 'GET', '/api/auth/me')).statusCode).toBe(401);
    const retry = await running.app.inject({
      method: 'POST',
      url: '/api/auth/display',
      payload: { token },
      headers: { cookie: '' },
    });
    expect(retry.statusCode).toBe(401);
    // Revoking again is harmless and not audited twice.
    expect(
      (await api('POST', `/api/admin/display-tokens/${displayToken.id}/revoke`)).statusCode,
    ).toBe(200);
    expect((await api('POST', '/api/admin/display-tokens/nope/revoke')).statusCode).toBe(404);
    const entries = await audit('?action=display_token.');
    expect(entries.map((e) => e.action)).toEqual([
      'display_token.revoked',
      'display_token.created',
    ]);
    expect(JSON.stringify(entries)).not.toContain(token);
  });

  it('refuses a display token for an unknown department', async () => {
    const res = await api('POST', '/api/admin/display-tokens', {
      name: 'Wall',
      departmentIds: ['dept:NOPE'],
    });
    expect(res.statusCode).toBe(400);
    expect((await api('GET', '/api/admin/display-tokens')).json()).toEqual([]);
  });

  it('filters the audit log by action prefix, actor, target, time and count', async () => {
    const user = await createUser();
    await signIn(running.app, 'head.tnmt', PASSWORD);

    const unfiltered = await audit();
    expect(unfiltered.map((e) => e.action)).toEqual([
      'auth.signed_in',
      'user.created',
      'auth.signed_in',
    ]);
    expect(unfiltered.map((e) => e.id)).toEqual(
      [...unfiltered.map((e) => e.id)].sort((x, y) => y - x),
    );

    const signIns = await audit('?action=auth.');
    expect(signIns.map((e) => [e.action, e.actor])).toEqual([
      ['auth.signed_in', 'head.tnmt'],
      ['auth.signed_in', 'admin'],
    ]);
    expect((await audit('?action=user.')).map((e) => e.action)).toEqual(['user.created']);
    expect((await audit('?actor=admin')).map((e) => e.action)).toEqual([
      'user.created',
      'auth.signed_in',
    ]);
    expect((await audit(`?target=${encodeURIComponent(user.id)}`)).map((e) => e.action)).toEqual([
      'auth.signed_in',
      'user.created',
    ]);
    expect(await audit('?actor=nobody')).toEqual([]);
    expect(await audit('?action=auth.&actor=head.tnmt&limit=1')).toHaveLength(1);
    expect(await audit('?limit=1')).toEqual([unfiltered[0]]);

    const first = unfiltered.at(-1)?.at as string;
    const last = unfiltered[0]?.at as string;
    expect(
      await audit(`?from=${encodeURIComponent(first)}&to=${encodeURIComponent(last)}`),
    ).toEqual(unfiltered);
    expect(await audit('?from=2099-01-01T00:00:00Z')).toEqual([]);
    expect(await audit('?to=2000-01-01T00:00:00Z')).toEqual([]);

    expect((await api('GET', '/api/admin/audit?from=yesterday')).statusCode).toBe(400);
    expect((await api('GET', '/api/admin/audit?limit=1001')).statusCode).toBe(400);
  });
});
