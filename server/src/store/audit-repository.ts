import type { AuditEntry } from '@city-ioc/shared';
import type { Queryable } from './db';
import { toIso, toNumber } from './rows';

/** The append-only audit log. Details never carry secrets: callers pass redacted views. */
export const createAuditRepository = (q: Queryable) => ({
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

  async list(limit: number): Promise<AuditEntry[]> {
    const rows = await q.query<{
      id: unknown;
      at: unknown;
      actor: string;
      action: string;
      target: string;
      details: Record<string, unknown>;
    }>('SELECT id, at, actor, action, target, details FROM audit_log ORDER BY id DESC LIMIT $1', [
      limit,
    ]);
    return rows.map((r) => ({
      id: toNumber(r.id),
      at: toIso(r.at),
      actor: r.actor,
      action: r.action,
      target: r.target,
      details: r.details,
    }));
  },
});
