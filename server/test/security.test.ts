import type { Access, AlertEvent, ObservationsRecorded, Principal, Role } from '@city-ioc/shared';
import { clientEventSchemas, isAllowed } from '@city-ioc/shared';
import Fastify from 'fastify';
import { io as connect } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newSecret, sha256 } from '../src/auth/secrets';
import { createAuthService } from '../src/auth/service';
import { registerAuth } from '../src/plugins/auth';
import { SOCKET_EVENT_ACCESS } from '../src/realtime/gateway';
import { createAlertRepository } from '../src/store/alert-repository';
import { createCityRepository } from '../src/store/city-repository';
import { createIdentityRepository } from '../src/store/identity-repository';
import { addPerson, department, indicator, seedBasics } from './fixtures';
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

/**
 * The access rule every API route must have. A route added to the app without a line here
 * fails "every route is in the matrix"; a line whose route is gone fails it too.
 */
const EXPECTED: Record<string, Access> = {
  // Checks its own credentials: METRICS_TOKEN as a bearer token, or an admin session.
  'GET /metrics': 'ingest',
  'GET /api/health': 'public',
  'GET /api/ready': 'public',
  'GET /api/config': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/display': 'public',
  'GET /api/auth/me': 'read',
  'POST /api/auth/logout': 'read',
  'POST /api/auth/password': 'read',
  'GET /api/departments': 'read',
  'GET /api/areas': 'read',
  'GET /api/sites': 'read',
  'GET /api/indicators': 'read',
  'GET /api/indicators/:id/series': 'read',
  'GET /api/observations/latest': 'read',
  'POST /api/areas/import': 'admin',
  'GET /api/alerts': 'read',
  'GET /api/alerts/events': 'read',
  'POST /api/alerts/:id/acknowledge': 'act',
  'GET /api/alerts/:id': 'read',
  'POST /api/alerts/:id/actions': 'act',
  'GET /api/alerts/:id/assignees': 'act',
  'POST /api/alerts/:id/assign': 'act',
  'POST /api/alerts/:id/comments': 'act',
  'POST /api/alerts/:id/sop/:idx': 'act',
  'GET /api/alerts/:id/readings': 'read',
  'GET /api/silences': 'read',
  'POST /api/silences': 'act',
  'POST /api/silences/:id/cancel': 'act',
  'GET /api/admin/webhooks': 'admin',
  'POST /api/admin/webhooks': 'admin',
  'PUT /api/admin/webhooks/:id': 'admin',
  'DELETE /api/admin/webhooks/:id': 'admin',
  'GET /api/admin/webhooks/:id/deliveries': 'admin',
  'POST /api/admin/webhooks/:id/test': 'admin',
  'POST /api/admin/webhooks/deliveries/:id/retry': 'admin',
  'GET /api/feeds': 'read',
  'POST /api/ingest/webhook/:feedId': 'ingest',
  'POST /api/ingest/cap/:feedId': 'ingest',
  'POST /api/ingest/ngsi/:feedId': 'ingest',
  'GET /api/admin/feeds': 'admin',
  'GET /api/admin/feeds/:id': 'admin',
  'POST /api/admin/feeds': 'admin',
  'PUT /api/admin/feeds/:id': 'admin',
  'POST /api/admin/feeds/:id/enable': 'admin',
  'POST /api/admin/feeds/:id/disable': 'admin',
  'DELETE /api/admin/feeds/:id': 'admin',
  'POST /api/admin/feeds/test': 'admin',
  'GET /api/admin/rules': 'admin',
  'POST /api/admin/rules': 'admin',
  'PUT /api/admin/rules/:id': 'admin',
  'POST /api/admin/rules/:id/enabled': 'admin',
  'DELETE /api/admin/rules/:id': 'admin',
  'POST /api/admin/rules/backtest': 'admin',
  'GET /api/admin/audit': 'admin',
  'GET /api/admin/users': 'admin',
  'POST /api/admin/users': 'admin',
  'PUT /api/admin/users/:id': 'admin',
  'GET /api/admin/display-tokens': 'admin',
  'POST /api/admin/display-tokens': 'admin',
  'POST /api/admin/display-tokens/:id/revoke': 'admin',
  'GET /api/alerts/export.csv': 'read',
  'GET /api/cap/alerts.atom': 'read',
};

const PASSWORD = 'a-long-test-password';
type Who = Role | 'display' | 'anonymous';
const WHO: Who[] = ['anonymous', 'display', 'viewer', 'department_head', 'operator', 'admin'];

const principalOf = (who: Who): Principal | null =>
  who === 'anonymous'
    ? null
    : who === 'display'
      ? { kind: 'display', tokenId: 't', name: 'wall', departmentIds: [], scenes: [] }
      : {
          kind: 'user',
          userId: who,
          username: who,
          displayName: who,
          role: who,
          departmentIds: ['dept:TNMT'],
        };

describe.each(ENGINES)('identity and access on %s', (engine) => {
  let running: RunningApp;
  let drop: () => Promise<void>;
  let schema: string | undefined;
  /** Session cookie and CSRF token of each kind of principal. */
  const sessions = new Map<Who, { cookie: string; csrfToken: string }>();
  const sockets: TestSocket[] = [];

  const addUser = (username: string, role: Role, departmentIds: string[] = []) =>
    addPerson(running.db, { username, role, departmentIds }, PASSWORD);
  const addDisplay = async (departmentIds: string[] = []) => {
    const token = newSecret();
    const id = `display:${newSecret(6)}`;
    await createIdentityRepository(running.db).insertDisplayToken(
      {
        id,
        name: 'Màn hình tường',
        departmentIds,
        scenes: [],
        createdAt: new Date().toISOString(),
        createdBy: 'admin',
        revokedAt: null,
        lastSeenAt: null,
        showing: null,
        showingAt: null,
      },
      sha256(token),
    );
    const res = await running.app.inject({
      method: 'POST',
      url: '/api/auth/display',
      payload: { token },
      headers: { cookie: '' },
    });
    expect(res.statusCode).toBe(200);
    const value = res.cookies.find((c) => c.name === 'ioc_session')?.value;
    return { id, cookie: `ioc_session=${value}`, csrfToken: res.json().csrfToken as string };
  };
  const socketFor = async (cookie: string) => {
    const socket = await connectClient(running.url, cookie);
    sockets.push(socket);
    return socket;
  };

  beforeEach(async () => {
    const opened = await openTestDatabase(engine);
    drop = opened.drop;
    schema = opened.schema;
    await seedBasics(opened.db);
    const city = createCityRepository(opened.db);
    await city.upsertDepartments([
      department({ id: 'dept:GTVT', code: 'GTVT', name: { vi: 'Sở GTVT', en: 'Transport' } }),
    ]);
    await city.upsertIndicators([
      indicator({ id: 'traffic.speed_kmh', departmentId: 'dept:GTVT', unit: 'km/h' }),
    ]);
    running = await startApp(opened.db);
    sessions.clear();
    sessions.set('anonymous', { cookie: '', csrfToken: '' });
    sessions.set('admin', { cookie: running.cookie, csrfToken: running.csrfToken });
    for (const role of ['viewer', 'department_head', 'operator'] as const) {
      await addUser(role, role, ['dept:TNMT']);
      sessions.set(role, await signIn(running.app, role, PASSWORD));
    }
    const display = await addDisplay();
    sessions.set('display', display);
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await running.close();
    await running.db.close();
    await drop();
  });

  const call = (
    who: Who,
    method: string,
    url: string,
    extra: { payload?: object; headers?: Record<string, string> } = {},
  ) => {
    const session = sessions.get(who) ?? { cookie: '', csrfToken: '' };
    return running.app.inject({
      method: method as 'GET',
      url,
      ...(method === 'GET' ? {} : { payload: extra.payload ?? {} }),
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, ...extra.headers },
    });
  };

  it('has every API route in the matrix, with exactly the expected access', () => {
    const table = running.app.accessTable.filter(
      (r) =>
        r.method !== 'HEAD' &&
        (r.url.startsWith('/api') || r.url === '/metrics') &&
        !r.url.startsWith('/api/docs'),
    );
    const declared = Object.fromEntries(table.map((r) => [`${r.method} ${r.url}`, r.access]));
    expect(declared).toEqual(EXPECTED);
    // Plugin routes (the OpenAPI pages) are public on purpose; nothing else is implied.
    for (const r of running.app.accessTable.filter((x) => x.url.startsWith('/api/docs'))) {
      expect(r.access).toBe('public');
    }
  });

  it('refuses to build an app with an API route that declares no access rule', async () => {
    const app = Fastify({ logger: false });
    await registerAuth(
      app,
      createAuthService({ db: running.db, clock: () => new Date(), newId: () => 'x' }),
    );
    expect(() => app.get('/api/undeclared', async () => ({ leaked: true }))).toThrow(
      /declares no access rule/,
    );
    expect(() =>
      app.get('/api/declared', { config: { access: 'read' } }, async () => ({})),
    ).not.toThrow();
    await app.close();
  });

  it('answers every route for every role exactly as its access rule says (role × route)', async () => {
    const routes = Object.entries(EXPECTED)
      .filter(([, access]) => access !== 'public' && access !== 'ingest')
      // Signing out ends the session the rest of the matrix uses: last.
      .sort(([a], [b]) => Number(a.includes('logout')) - Number(b.includes('logout')));
    const failures: string[] = [];
    for (const who of WHO) {
      for (const [route, access] of routes) {
        const [method = 'GET', path = ''] = route.split(' ');
        const url = path.replace(':feedId', 'feed:none').replace(':id', 'none');
        const res = await call(who, method, url);
        const allowed = isAllowed(access, principalOf(who));
        const expected = allowed ? 'not 401/403' : who === 'anonymous' ? '401' : '403';
        const ok = allowed
          ? res.statusCode !== 401 && res.statusCode !== 403
          : res.statusCode === (who === 'anonymous' ? 401 : 403);
        if (!ok) failures.push(`${who} ${route}: ${res.statusCode}, expected ${expected}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers GET /metrics to administrators only (401 without a session, 403 for others)', async () => {
    const answers = Object.fromEntries(
      await Promise.all(
        WHO.map(async (who) => [who, (await call(who, 'GET', '/metrics')).statusCode] as const),
      ),
    );
    expect(answers).toEqual({
      anonymous: 401,
      display: 403,
      viewer: 403,
      department_head: 403,
      operator: 403,
      admin: 200,
    });
  });

  it('answers every socket event for every role as its rule says, and refuses sockets without a session', async () => {
    expect(Object.keys(SOCKET_EVENT_ACCESS).sort()).toEqual(Object.keys(clientEventSchemas).sort());
    for (const who of WHO.filter((w) => w !== 'anonymous')) {
      const socket = await socketFor(sessions.get(who)?.cookie ?? '');
      for (const [event, access] of Object.entries(SOCKET_EVENT_ACCESS)) {
        const payload = event === 'alerts:sync' ? { afterSeq: 0 } : { alertId: 'none' };
        const answer = (await socket
          .timeout(5_000)
          .emitWithAck(event as 'alerts:sync', payload as never)) as {
          ok: boolean;
          error?: { code: string };
        };
        const allowed = isAllowed(access, principalOf(who));
        if (allowed) expect(answer.error?.code, `${who} ${event}`).not.toBe('forbidden');
        else expect(answer.error?.code, `${who} ${event}`).toBe('forbidden');
      }
    }
    await expect(connectClient(running.url, '')).rejects.toThrow(/unauthorized/);
    await expect(connectClient(running.url, 'ioc_session=forged')).rejects.toThrow(/unauthorized/);
  });

  it('refuses a cookie-authenticated change without the CSRF token or from another site', async () => {
    const admin = sessions.get('admin');
    if (!admin) throw new Error('no admin session');
    const body = { payload: {} };
    const noToken = await running.app.inject({
      method: 'POST',
      url: '/api/admin/feeds/test',
      ...body,
      headers: { cookie: admin.cookie },
    });
    expect(noToken.statusCode).toBe(403);
    const crossSite = await call('admin', 'POST', '/api/admin/feeds/test', {
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.statusCode).toBe(403);
    const sameSite = await call('admin', 'POST', '/api/admin/feeds/test', {
      // inject's requests are addressed to localhost:80.
      headers: { origin: 'http://localhost:80' },
    });
    expect(sameSite.statusCode).toBe(400); // past the checks: the empty body is invalid
  });

  it('refuses a socket opened by a page of another site (cross-site WebSocket hijacking)', async () => {
    const socket = connect(running.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: running.cookie, origin: 'https://evil.example' },
      reconnection: false,
      forceNew: true,
    });
    const outcome = await new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (error) => resolve(`refused: ${error.message}`));
    });
    socket.close();
    expect(outcome).toMatch(/^refused/);
  });

  it('sends 0 of 10,000 events of department B to a department-A socket', async () => {
    const headA = await socketFor(sessions.get('department_head')?.cookie ?? '');
    const city = await socketFor(running.cookie);
    const seenByA: AlertEvent[] = [];
    const valuesByA: ObservationsRecorded[] = [];
    let seenByCity = 0;
    headA.on('alert:changed', (e) => seenByA.push(e));
    headA.on('observations:recorded', (v) => valuesByA.push(v));
    city.on('alert:changed', () => {
      seenByCity += 1;
    });
    // 5,000 alerts of GTVT raised and resolved: 10,000 events in the log.
    const at = '2026-11-23T03:00:00.000Z';
    for (let batch = 0; batch < 10; batch += 1) {
      await running.db.transaction(async (tx) => {
        const repo = createAlertRepository(tx);
        for (let i = 0; i < 500; i += 1) {
          // PGlite answers in microtasks: without a turn of the event loop now and then, a
          // burst this size starves Socket.IO's ping and the test's own sockets time out.
          if (i % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
          const n = batch * 500 + i;
          await repo.raise({
            id: `b-${n}`,
            key: `rule:jam|road-${n}`,
            ruleId: null,
            departmentId: 'dept:GTVT',
            indicatorId: 'traffic.speed_kmh',
            subjectId: `road-${n}`,
            areaId: null,
            position: null,
            severity: 'Moderate',
            title: { vi: `Ùn tắc ${n}` },
            value: 5,
            threshold: 10,
            at,
          });
          await repo.resolveByKey(`rule:jam|road-${n}`, at, 20);
        }
      });
      void running.app.ioc.relay.poke();
    }
    // And department B's values.
    await running.app.ioc.ingest.ingest(null, [
      { indicatorId: 'traffic.speed_kmh', subjectId: 'road-1', observedAt: at, value: 30 },
    ]);
    await waitFor(() => seenByCity >= 10_000, 150_000, 'the city socket got all 10,000 events');
    const sync = (await headA.timeout(5_000).emitWithAck('alerts:sync', { afterSeq: 0 })) as {
      ok: true;
      data: { events: unknown[]; throughSeq: number; headSeq: number };
    };
    expect(sync.data.events).toHaveLength(0);
    expect(sync.data.throughSeq).toBe(sync.data.headSeq);
    const rest = await call('department_head', 'GET', '/api/alerts/events?afterSeq=0&limit=500');
    expect(rest.statusCode).toBe(200);
    expect(rest.json().events).toHaveLength(0);
    const snapshot = await call('department_head', 'GET', '/api/alerts?status=all');
    expect(snapshot.json().alerts).toHaveLength(0);
    expect(seenByA).toHaveLength(0);
    expect(valuesByA.flatMap((v) => v.values)).toHaveLength(0);
  }, 240_000);

  it('ends an open socket within 5 s when its account is disabled or its display token revoked', async () => {
    const viewer = await socketFor(sessions.get('viewer')?.cookie ?? '');
    const display = sessions.get('display') as { cookie: string } & { id?: string };
    const wall = await socketFor(display.cookie);
    const ended = (socket: TestSocket) =>
      new Promise<number>((resolve) => {
        const started = Date.now();
        socket.once('disconnect', () => resolve(Date.now() - started));
      });
    const viewerEnded = ended(viewer);
    await createIdentityRepository(running.db).updateUser('user:viewer', {
      displayName: 'viewer',
      role: 'viewer',
      departmentIds: ['dept:TNMT'],
      isDisabled: true,
    });
    expect(await viewerEnded).toBeLessThan(5_000);
    expect((await call('viewer', 'GET', '/api/auth/me')).statusCode).toBe(401);

    const wallEnded = ended(wall);
    const [token] = await createIdentityRepository(running.db).listDisplayTokens();
    await createIdentityRepository(running.db).revokeDisplayToken(
      token?.id ?? '',
      new Date().toISOString(),
    );
    expect(await wallEnded).toBeLessThan(5_000);
    expect((await call('display', 'GET', '/api/alerts')).statusCode).toBe(401);
  });

  // PGlite is one process by design; with PostgreSQL a second process shares the sessions.
  if (engine === 'postgres')
    it('ends a socket held by another server process within 5 s when an administrator disables the account there', async () => {
      // A second process of the same deployment: its own app and pool on the same database.
      const other = await openTestDatabase('postgres', { schema });
      const second = await startApp(other.db);
      try {
        const viewer = connect(second.url, {
          transports: ['websocket'],
          extraHeaders: { cookie: sessions.get('viewer')?.cookie ?? '' },
          reconnection: false,
          forceNew: true,
        });
        await new Promise<void>((resolve, reject) => {
          viewer.once('connect', () => resolve());
          viewer.once('connect_error', reject);
        });
        const started = Date.now();
        const ended = new Promise<number>((resolve) =>
          viewer.once('disconnect', () => resolve(Date.now() - started)),
        );
        // Disabled through the first process's API, as an administrator would.
        const res = await running.app.inject({
          method: 'PUT',
          url: '/api/admin/users/user:viewer',
          payload: {
            username: 'viewer',
            displayName: 'viewer',
            role: 'viewer',
            departmentIds: ['dept:TNMT'],
            isDisabled: true,
          },
        });
        expect(res.statusCode).toBe(200);
        expect(await ended).toBeLessThan(5_000);
        viewer.close();
      } finally {
        await second.close();
        await other.db.close();
      }
    });

  it('throttles password guessing: after 5 failures even the right password waits', async () => {
    const attempt = (password: string) =>
      running.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'operator', password },
        headers: { cookie: '' },
      });
    for (let i = 0; i < 5; i += 1) expect((await attempt(`wrong-${i}`)).statusCode).toBe(401);
    const blocked = await attempt(PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Other accounts are not locked by it.
    expect((await signIn(running.app, 'viewer', PASSWORD)).cookie).toMatch(/^ioc_session=/);
    const audit = (await running.app.inject('/api/admin/audit?limit=50')).json() as {
      action: string;
      details: Record<string, unknown>;
    }[];
    expect(audit.filter((e) => e.action === 'auth.sign_in_failed')).toHaveLength(5);
    expect(JSON.stringify(audit)).not.toContain('wrong-');
  });

  it('sets security headers, a Content Security Policy and a safe session cookie', async () => {
    const res = await running.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'operator', password: PASSWORD },
      headers: { cookie: '' },
    });
    const cookie = res.cookies.find((c) => c.name === 'ioc_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
