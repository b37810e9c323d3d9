import type { AuditEntry } from '@city-ioc/shared';
import type { Queryable } from './db';
import { toIso, toNumber } from './rows';

/** Which audit entries to list; every filter left out matches everything. */
export interface AuditFilter {
  /** At most this many entries. */
  limit: number;
  /** A prefix of the action (`auth.`, `feed.created`). */
  action?: string | undefined;
  actor?: string | undefined;
  target?: string | undefined;
  /** ISO times bounding `at`, inclusive. */
  from?: string | undefined;
  to?: string | undefined;
}

/** The append-only audit log. Details never carry secrets: callers pass redacted views. */
export const createAuditRepository = (q: Queryable) => {
  /**
   * Entries matching every filter given, newest first: `action` is a prefix (`auth.`,
   * `feed.`), `actor` and `target` match exactly, `from`/`to` bound `at` (both inclusive).
   */
  const search = async (filter: AuditFilter): Promise<AuditEntry[]> => {
    const rows = await q.query<{
      id: unknown;
      at: unknown;
      actor: string;
      action: string;
      target: string;
      details: Record<string, unknown>;
    }>(
      `SELECT id, at, actor, action, target, details FROM audit_log
        WHERE ($2::text IS NULL OR starts_with(action, $2::text))
          AND ($3::text IS NULL OR actor = $3::text)
          AND ($4::text IS NULL OR target = $4::text)
          AND ($5::timestamptz IS NULL OR at >= $5::timestamptz)
          AND ($6::timestamptz IS NULL OR at <= $6::timestamptz)
        ORDER BY id DESC LIMIT $1`,
      [
        filter.limit,
        filter.action ?? null,
        filter.actor ?? null,
        filter.target ?? null,
        filter.from ?? null,
        filter.to ?? null,
      ],
    );
    return rows.map((r) => ({
      id: toNumber(r.id),
      at: toIso(r.at),
      actor: r.actor,
      action: r.action,
      target: r.target,
      details: r.details,
    }));
  };

  return {
    async record(entry: {
      at: string;
      actor: string;
      action: string;
      target: string;
      details?: object;
    }) {
      await q.query(
        'INSERT INTO audit_log (at, actor, action, target, details) VALUES ($1, $2, $3, $4, $5::jsonb)',
        [entry.at, entry.actor, entry.action, entry.target, JSON.stringify(entry.details ?? {})],
      );
    },

    /** The newest `limit` entries, newest first. */
    list: (limit: number) => search({ limit }),

    search,
  };
};
