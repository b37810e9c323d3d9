import {
  type DepartmentScope,
  type Silence,
  type SilenceKind,
  type SilenceMatchers,
  SilenceMatchersSchema,
  silenceState,
} from '@city-ioc/shared';
import type { Queryable } from './db';
import { toIso, toIsoOrNull } from './rows';

/** A silence as stored; its `state` depends on the time it is looked at. */
export type StoredSilence = Omit<Silence, 'state'>;

interface SilenceRow {
  id: string;
  kind: SilenceKind;
  matchers: unknown;
  starts_at: unknown;
  ends_at: unknown;
  reason: string;
  created_by: string;
  created_by_name: string;
  created_at: unknown;
  cancelled_at: unknown;
  cancelled_by: string | null;
}

const COLUMNS = `id, kind, matchers, starts_at, ends_at, reason, created_by, created_by_name,
  created_at, cancelled_at, cancelled_by`;

const toSilence = (r: SilenceRow): StoredSilence => ({
  id: r.id,
  kind: r.kind,
  // Written through the same schema; parsed again so a hand-edited row cannot widen a silence.
  matchers: SilenceMatchersSchema.parse(
    typeof r.matchers === 'string' ? JSON.parse(r.matchers) : r.matchers,
  ) as SilenceMatchers,
  startsAt: toIso(r.starts_at),
  endsAt: toIso(r.ends_at),
  reason: r.reason,
  createdBy: r.created_by,
  createdByName: r.created_by_name,
  createdAt: toIso(r.created_at),
  cancelledAt: toIsoOrNull(r.cancelled_at),
  cancelledBy: r.cancelled_by,
});

/** The silence with where it stands at `now`. */
export const withState = (silence: StoredSilence, now: Date): Silence => ({
  ...silence,
  state: silenceState(silence, now),
});

/** Silences and maintenance windows. Write methods run inside the caller's transaction. */
export const createSilenceRepository = (q: Queryable) => ({
  async insert(silence: StoredSilence, appliedAt: string | null): Promise<void> {
    await q.query(
      `INSERT INTO silences (id, kind, matchers, starts_at, ends_at, reason, created_by,
         created_by_name, created_at, applied_at)
       VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9, $10)`,
      [
        silence.id,
        silence.kind,
        JSON.stringify(silence.matchers),
        silence.startsAt,
        silence.endsAt,
        silence.reason,
        silence.createdBy,
        silence.createdByName,
        silence.createdAt,
        appliedAt,
      ],
    );
  },

  /** Silences in force at `at`: started, not ended, not cancelled. */
  async inForce(at: string): Promise<StoredSilence[]> {
    const rows = await q.query<SilenceRow>(
      `SELECT ${COLUMNS} FROM silences
        WHERE cancelled_at IS NULL AND starts_at <= $1 AND ends_at > $1`,
      [at],
    );
    return rows.map(toSilence);
  },

  /**
   * Silences a principal of `scope` sees, newest start first: a department's own (its
   * `departmentId` matcher), or every one for the city-wide scope. `active`: scheduled or in
   * force (true), or ended and cancelled ones (false).
   */
  async list(
    now: string,
    options: { active?: boolean; scope: DepartmentScope; limit?: number },
  ): Promise<StoredSilence[]> {
    const departments = options.scope.all ? null : [...options.scope.departmentIds];
    const rows = await q.query<SilenceRow>(
      `SELECT ${COLUMNS} FROM silences
        WHERE ($2::text[] IS NULL OR matchers->>'departmentId' = ANY($2::text[]))
          AND ($3::boolean IS NULL
               OR ($3 AND cancelled_at IS NULL AND ends_at > $1)
               OR (NOT $3 AND (cancelled_at IS NOT NULL OR ends_at <= $1)))
        ORDER BY starts_at DESC, id LIMIT $4`,
      [now, departments, options.active ?? null, options.limit ?? 500],
    );
    return rows.map(toSilence);
  },

  /** One silence, locked until the transaction ends. */
  async findForUpdate(id: string): Promise<StoredSilence | null> {
    const rows = await q.query<SilenceRow>(
      `SELECT ${COLUMNS} FROM silences WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ? toSilence(rows[0]) : null;
  },

  async cancel(id: string, at: string, by: string): Promise<StoredSilence | null> {
    const rows = await q.query<SilenceRow>(
      `UPDATE silences SET cancelled_at = $2, cancelled_by = $3
        WHERE id = $1 AND cancelled_at IS NULL RETURNING ${COLUMNS}`,
      [id, at, by],
    );
    return rows[0] ? toSilence(rows[0]) : null;
  },

  /**
   * Windows whose start has passed but that were not applied to the alerts already active yet,
   * locked (a second process skips them), marked applied at `now`.
   */
  async takeDue(now: string): Promise<StoredSilence[]> {
    const rows = await q.query<SilenceRow>(
      `UPDATE silences SET applied_at = $1
        WHERE id IN (SELECT id FROM silences
                      WHERE applied_at IS NULL AND cancelled_at IS NULL
                        AND starts_at <= $1 AND ends_at > $1
                      ORDER BY starts_at FOR UPDATE SKIP LOCKED)
        RETURNING ${COLUMNS}`,
      [now],
    );
    return rows.map(toSilence);
  },
});
export type SilenceRepository = ReturnType<typeof createSilenceRepository>;
