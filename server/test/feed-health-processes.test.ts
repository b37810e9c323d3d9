import { afterEach, describe, expect, it } from 'vitest';
import { feedHealthAlertKey } from '../src/feeds/health-alerts';
import { feed, seedBasics } from './fixtures';
import { openTestDatabase, type RunningApp, startApp, waitFor } from './helpers';
import { startUpstream } from './upstream';

const hasPostgres = Boolean(process.env.DATABASE_URL);
if (!hasPostgres) {
  console.warn('[integration] DATABASE_URL is not set: feed health across processes SKIPPED.');
}

describe.skipIf(!hasPostgres)('feed health with two processes on one PostgreSQL', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  it('polls a failing feed in one process only and raises its health alert once, without errors', async () => {
    const upstream = await startUpstream();
    closers.push(upstream.close);
    upstream.state.mode = 'error';
    const first = await openTestDatabase('postgres');
    closers.push(first.drop);
    await seedBasics(first.db, { feeds: [feed(upstream.url)] });
    const errors: string[] = [];
    const logger = { level: 'error', stream: { write: (line: string) => errors.push(line) } };
    const processes: RunningApp[] = [];
    for (const db of [
      first.db,
      (await openTestDatabase('postgres', { schema: first.schema })).db,
    ]) {
      const running = await startApp(db, {
        extraAllowedHosts: [new URL(upstream.url).host],
        logger,
      });
      closers.push(async () => {
        await running.close();
        await db.close();
      });
      processes.push(running);
    }
    const [a, b] = processes as [RunningApp, RunningApp];
    expect([...a.app.ioc.heldFeedIds(), ...b.app.ioc.heldFeedIds()]).toEqual(['feed:water']);

    // Both health watchers see the feed turn Error and both sync its alert.
    const key = feedHealthAlertKey('feed:water');
    const raised = () =>
      first.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM alert_events e JOIN alerts a ON a.id = e.alert_id
         WHERE a.key = $1 AND e.type = 'raised'`,
        [key],
      );
    await waitFor(async () => (await raised())[0]?.n === 1, 15_000, 'the health alert');
    // Give the slower watcher its turn (they check every 5 s).
    await new Promise((r) => setTimeout(r, 5_500));
    expect((await raised())[0]?.n).toBe(1);
    expect(errors.filter((l) => l.includes('feed health alert failed'))).toEqual([]);
  }, 40_000);
});
