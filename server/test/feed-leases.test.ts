import { afterEach, describe, expect, it } from 'vitest';
import { createFeedLeases, FEED_LEASE_LOCK, type FeedLeases } from '../src/feeds/leases';
import type { Db } from '../src/store/db';
import { openTestDatabase, waitFor } from './helpers';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

describe('feed leases on PGlite (one process)', () => {
  it('holds every wanted feed at once, and gives up the ones no longer wanted', async () => {
    const changes: string[][] = [];
    const leases = createFeedLeases({ onChange: (held) => changes.push([...held]), log: silent });
    await leases.want(['feed:a', 'feed:b']);
    expect([...leases.held()].sort()).toEqual(['feed:a', 'feed:b']);
    await leases.want(['feed:b']);
    expect([...leases.held()]).toEqual(['feed:b']);
    expect(changes).toEqual([['feed:a', 'feed:b'], ['feed:b']]);
    await leases.stop();
  });
});

const hasPostgres = Boolean(process.env.DATABASE_URL);
if (!hasPostgres) {
  console.warn('[integration] DATABASE_URL is not set: feed lease tests on PostgreSQL SKIPPED.');
}

describe.skipIf(!hasPostgres)('feed leases on PostgreSQL (several processes)', () => {
  let db: Db;
  let drop: () => Promise<void>;
  const running: FeedLeases[] = [];
  const CHECK_MS = 200;

  const leasesOf = (name: string, log: string[] = []) => {
    const leases = createFeedLeases({
      openSession: db.openSession,
      onChange: (held) => log.push(`${name}:${[...held].sort().join(',')}`),
      log: silent,
      checkMs: CHECK_MS,
    });
    running.push(leases);
    leases.start();
    return leases;
  };

  afterEach(async () => {
    await Promise.all(running.splice(0).map((l) => l.stop()));
    await db?.close();
    await drop?.();
  });

  const open = async () => {
    ({ db, drop } = await openTestDatabase('postgres'));
  };

  it('gives each feed to exactly one holder', async () => {
    await open();
    const a = leasesOf('a');
    const b = leasesOf('b');
    await a.want(['feed:1', 'feed:2']);
    await b.want(['feed:1', 'feed:2']);
    expect([...a.held()].sort()).toEqual(['feed:1', 'feed:2']);
    expect([...b.held()]).toEqual([]);
    // A feed A no longer runs (disabled on A's side first) is taken by B at its next check.
    await a.want(['feed:1']);
    await waitFor(() => b.held().has('feed:2'), 2 * CHECK_MS + 500, 'B takes feed:2');
    expect([...a.held()]).toEqual(['feed:1']);
  });

  it('moves the leases of a holder that stops to another within two checks', async () => {
    await open();
    const a = leasesOf('a');
    const b = leasesOf('b');
    await a.want(['feed:1', 'feed:2']);
    await b.want(['feed:1', 'feed:2']);
    const stoppedAt = Date.now();
    await a.stop();
    await waitFor(() => b.held().size === 2, 2 * CHECK_MS + 500, 'B holds both');
    expect(Date.now() - stoppedAt).toBeLessThanOrEqual(2 * CHECK_MS + 500);
  });

  it('drops every lease when its connection is lost, so two processes never both run a feed', async () => {
    await open();
    const log: string[] = [];
    const a = leasesOf('a', log);
    await a.want(['feed:1']);
    expect(log).toEqual(['a:feed:1']);
    // The database ends A's connection (a restart, a network failure, an operator).
    const [schema] = await db.query<{ s: string }>('SELECT current_schema() AS s');
    await db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks
       WHERE locktype = 'advisory' AND classid = $1 AND objid = hashtext($2)::oid`,
      [FEED_LEASE_LOCK, `${schema?.s}/feed:1`],
    );
    const b = leasesOf('b', log);
    await b.want(['feed:1']);
    await waitFor(() => log.includes('a:'), 2_000, 'A reports the loss');
    await waitFor(
      () => a.held().size + b.held().size === 1,
      2 * CHECK_MS + 1_000,
      'one holder again',
    );
    await new Promise((r) => setTimeout(r, 3 * CHECK_MS));
    expect(a.held().size + b.held().size).toBe(1);
  });
});
