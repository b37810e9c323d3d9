import type { FastifyBaseLogger } from 'fastify';
import type { DbSession } from '../store/db';

/**
 * First key of the feed leases' advisory locks; the second is the hash of the schema and the
 * feed id (advisory locks are per database, and tests or two cities may share one database
 * in separate schemas). The two-key form lives in its own key space, apart from the one-key
 * transaction locks (720_250_001…) of migrations, the event log, the rule clock and the outbox.
 */
export const FEED_LEASE_LOCK = 720_250_020;

/** The second lock key of a feed id given as `$2`: its hash within the current schema. */
const LEASE_KEY_SQL = "hashtext(current_schema() || '/' || $2)";

export interface FeedLeasesDeps {
  /** A dedicated PostgreSQL connection; absent on PGlite, where every lease is local. */
  openSession?: () => Promise<DbSession>;
  /** The set of feeds this process holds changed: poll and subscribe exactly these. */
  onChange: (held: ReadonlySet<string>) => void;
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  /** How often leases not held are tried (and the connection checked); 1 s by default. */
  checkMs?: number;
}

/**
 * Feed leases: each feed that polls or subscribes is run by exactly one process. A lease is a
 * session-level advisory lock, `pg_try_advisory_lock(FEED_LEASE_LOCK, hash)`
 * (`LEASE_KEY_SQL`), held on a connection of its own for as long as the process lives:
 *
 * - nothing to renew: the lock is the connection's, and PostgreSQL releases it the moment the
 *   connection closes. A killed process's socket is closed by its kernel at once; a vanished
 *   host is noticed by TCP keepalives within about 20 s (see `openPostgresSession`).
 * - every `checkMs` each process tries the leases nobody holds; a free lease is taken within
 *   one check, and the new holder polls at once, well within two poll intervals of any feed
 *   polled every 2 s or slower.
 * - the same check is the holder's heartbeat: when its connection fails (or a query hangs) it
 *   drops every lease and stops polling before another process can have taken them over.
 * - two feed ids with the same hash share one lock: one process runs both. Session locks
 *   stack, so each held id is unlocked once when it is given up.
 *
 * Without `openSession` (PGlite is a single process) the leases are simply every wanted feed.
 */
export const createFeedLeases = ({
  openSession,
  onChange,
  log,
  checkMs = 1_000,
}: FeedLeasesDeps) => {
  let wanted = new Set<string>();
  let held = new Set<string>();
  let session: DbSession | null = null;
  let timer: NodeJS.Timeout | undefined;
  let isStopped = false;
  /** One cycle at a time: want(), the timer and stop() queue behind each other. */
  let queue: Promise<void> = Promise.resolve();

  const setHeld = (next: Set<string>) => {
    const isSame = next.size === held.size && [...next].every((id) => held.has(id));
    held = next;
    if (!isSame) onChange(new Set(held));
  };

  const dropSession = (reason: unknown) => {
    const lost = session;
    session = null;
    if (held.size > 0) {
      log.warn({ err: reason, feeds: [...held] }, 'feed leases lost with their connection');
    }
    setHeld(new Set());
    // Not awaited: closing a connection to an unreachable server must not hold up the checks.
    void lost?.close();
  };

  const cycle = async () => {
    if (isStopped) return;
    if (!openSession) {
      setHeld(new Set(wanted));
      return;
    }
    if (!session) {
      try {
        const opened = await openSession();
        opened.onLost((error) => {
          if (session !== opened) return;
          dropSession(error);
        });
        session = opened;
      } catch (error) {
        log.warn({ err: error }, 'feed leases: no database connection; retrying');
        return;
      }
    }
    const current = session;
    try {
      const release = [...held].filter((id) => !wanted.has(id));
      const next = new Set([...held].filter((id) => wanted.has(id)));
      for (const id of release) {
        await current.query(`SELECT pg_advisory_unlock($1, ${LEASE_KEY_SQL})`, [
          FEED_LEASE_LOCK,
          id,
        ]);
      }
      const missing = [...wanted].filter((id) => !held.has(id));
      // Also the heartbeat: it runs when nothing is missing, and fails on a dead connection.
      const taken = await current.query<{ id: string }>(
        `SELECT id FROM unnest($2::text[]) AS t(id)
         WHERE pg_try_advisory_lock($1, hashtext(current_schema() || '/' || id))`,
        [FEED_LEASE_LOCK, missing],
      );
      for (const { id } of taken) next.add(id);
      if (session === current) setHeld(next);
    } catch (error) {
      if (session === current) dropSession(error);
    }
  };

  const enqueue = () => {
    queue = queue.then(cycle).catch((error) => log.error({ err: error }, 'feed leases failed'));
    return queue;
  };

  return {
    /** The feeds that need a lease now (enabled feeds that poll or subscribe); tries at once. */
    want(feedIds: readonly string[]) {
      wanted = new Set(feedIds);
      return enqueue();
    },
    /** Starts trying, every `checkMs`, for the leases not held. */
    start() {
      if (timer || isStopped) return;
      timer = setInterval(() => void enqueue(), checkMs);
      timer.unref();
    },
    held: (): ReadonlySet<string> => held,
    /** Gives every lease up (closing the connection releases them) and stops trying. */
    async stop() {
      isStopped = true;
      if (timer) clearInterval(timer);
      await queue;
      const last = session;
      session = null;
      held = new Set();
      await last?.close();
    },
  };
};
export type FeedLeases = ReturnType<typeof createFeedLeases>;
