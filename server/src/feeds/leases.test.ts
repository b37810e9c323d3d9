import { describe, expect, it } from 'vitest';
import type { DbSession } from '../store/db';
import { createFeedLeases } from './leases';

const silent = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * A fake database whose sessions share one table of advisory locks, like PostgreSQL's: a lock
 * belongs to a session until it unlocks it or the session ends.
 */
const fakeDatabase = () => {
  const locks = new Map<string, FakeSession>();
  let refuseConnections = false;
  interface FakeSession extends DbSession {
    fail: (error: Error) => void;
    isBroken: boolean;
  }
  const open = async (): Promise<FakeSession> => {
    if (refuseConnections) throw new Error('connection refused');
    const listeners: ((error: Error) => void)[] = [];
    const release = () => {
      for (const [key, owner] of locks) if (owner === session) locks.delete(key);
    };
    const session: FakeSession = {
      isBroken: false,
      async query<T>(sql: string, params: readonly unknown[] = []) {
        if (session.isBroken) throw new Error('query timeout');
        if (sql.includes('pg_advisory_unlock')) {
          locks.delete(String(params[1]));
          return [] as T[];
        }
        const taken = (params[1] as string[]).filter((id) => {
          const owner = locks.get(id);
          if (owner && owner !== session) return false;
          locks.set(id, session);
          return true;
        });
        return taken.map((id) => ({ id })) as T[];
      },
      onLost: (listener) => listeners.push(listener),
      async close() {
        release();
      },
      fail(error) {
        release();
        for (const listener of listeners) listener(error);
      },
    };
    return session;
  };
  return {
    open,
    locks,
    refuse: (value: boolean) => {
      refuseConnections = value;
    },
  };
};

describe('createFeedLeases', () => {
  it('takes only the feeds nobody holds, and the rest once they are released', async () => {
    const db = fakeDatabase();
    const a = createFeedLeases({ openSession: db.open, onChange: () => {}, log: silent });
    const b = createFeedLeases({ openSession: db.open, onChange: () => {}, log: silent });
    await a.want(['feed:1']);
    await b.want(['feed:1', 'feed:2']);
    expect([...a.held()]).toEqual(['feed:1']);
    expect([...b.held()]).toEqual(['feed:2']);
    await a.want([]);
    await b.want(['feed:1', 'feed:2']);
    expect([...b.held()].sort()).toEqual(['feed:1', 'feed:2']);
  });

  it('drops every lease and reports it when its connection is lost, then takes them again', async () => {
    const db = fakeDatabase();
    const changes: string[][] = [];
    let session: (DbSession & { fail: (e: Error) => void }) | undefined;
    const leases = createFeedLeases({
      openSession: async () => {
        session = (await db.open()) as typeof session;
        return session as DbSession;
      },
      onChange: (held) => changes.push([...held]),
      log: silent,
    });
    await leases.want(['feed:1', 'feed:2']);
    session?.fail(new Error('server closed the connection'));
    await new Promise((r) => setTimeout(r, 0));
    expect([...leases.held()]).toEqual([]);
    // The next check opens a new connection and takes the free leases again.
    await leases.want(['feed:1', 'feed:2']);
    expect(changes).toEqual([['feed:1', 'feed:2'], [], ['feed:1', 'feed:2']]);
  });

  it('treats a failing check as a lost connection: it stops running the feeds', async () => {
    const db = fakeDatabase();
    const changes: string[][] = [];
    let session: { isBroken: boolean } | undefined;
    const leases = createFeedLeases({
      openSession: async () => {
        const opened = await db.open();
        session = opened as unknown as { isBroken: boolean };
        return opened;
      },
      onChange: (held) => changes.push([...held]),
      log: silent,
    });
    await leases.want(['feed:1']);
    if (session) session.isBroken = true;
    await leases.want(['feed:1']);
    expect([...leases.held()]).toEqual([]);
    expect(changes).toEqual([['feed:1'], []]);
    // Its locks went with the closed connection: another process may take the feed.
    expect(db.locks.size).toBe(0);
  });

  it('holds nothing while the database refuses connections, and never throws', async () => {
    const db = fakeDatabase();
    db.refuse(true);
    const leases = createFeedLeases({ openSession: db.open, onChange: () => {}, log: silent });
    await leases.want(['feed:1']);
    expect([...leases.held()]).toEqual([]);
    db.refuse(false);
    await leases.want(['feed:1']);
    expect([...leases.held()]).toEqual(['feed:1']);
    await leases.stop();
    expect(db.locks.size).toBe(0);
  });
});
