import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedBasics } from './fixtures';
import {
  connectClient,
  ENGINES,
  openTestDatabase,
  type RunningApp,
  startApp,
  type TestSocket,
} from './helpers';

/** Wall screens say what they show; administrators see it beside "last seen" (issue #5). */
describe.each(ENGINES)('wall screen heartbeat on %s', (engine) => {
  let running: RunningApp;
  let drop: () => Promise<void>;
  const sockets: TestSocket[] = [];

  beforeEach(async () => {
    const opened = await openTestDatabase(engine);
    drop = opened.drop;
    await seedBasics(opened.db);
    running = await startApp(opened.db);
  });
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    await running.close();
    await running.db.close();
    await drop();
  });

  const tokens = async () =>
    (await running.app.inject('/api/admin/display-tokens')).json() as {
      id: string;
      showing: string | null;
      showingAt: string | null;
      lastSeenAt: string | null;
    }[];

  it('records what a display token’s screen shows, and nothing for a person’s browser', async () => {
    const created = await running.app.inject({
      method: 'POST',
      url: '/api/admin/display-tokens',
      payload: { name: 'Tường phòng điều hành', departmentIds: [], scenes: [] },
    });
    expect(created.statusCode).toBe(201);
    const { token, displayToken } = created.json() as {
      token: string;
      displayToken: { id: string };
    };
    const signedIn = await running.app.inject({
      method: 'POST',
      url: '/api/auth/display',
      payload: { token },
      headers: { cookie: '' },
    });
    const value = signedIn.cookies.find((c) => c.name === 'ioc_session')?.value;
    const wall = await connectClient(running.url, `ioc_session=${value}`);
    sockets.push(wall);

    expect((await tokens())[0]?.showing).toBeNull();
    const ack = await wall
      .timeout(5_000)
      .emitWithAck('display:heartbeat', { showing: 'wall:programme' });
    expect(ack).toEqual({ ok: true, data: { recorded: true } });
    const [stored] = await tokens();
    expect(stored).toMatchObject({ id: displayToken.id, showing: 'wall:programme' });
    expect(stored?.showingAt).not.toBeNull();
    expect(stored?.lastSeenAt).toBe(stored?.showingAt);

    // A malformed heartbeat is refused and changes nothing.
    const bad = (await wall
      .timeout(5_000)
      .emitWithAck('display:heartbeat', { showing: '' } as never)) as { ok: boolean };
    expect(bad.ok).toBe(false);
    expect((await tokens())[0]?.showing).toBe('wall:programme');

    // The administrator's own browser on /wall is not a wall screen: nothing is recorded.
    const admin = await connectClient(running.url, running.cookie);
    sockets.push(admin);
    expect(
      await admin.timeout(5_000).emitWithAck('display:heartbeat', { showing: 'wall:overview' }),
    ).toEqual({ ok: true, data: { recorded: false } });
    expect((await tokens())[0]?.showing).toBe('wall:programme');
  });
});
