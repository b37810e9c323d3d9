import type { DisplayToken, Principal, Role, User } from '@city-ioc/shared';
import type { Queryable } from './db';
import { toIso, toIsoOrNull } from './rows';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  department_ids: string[];
  is_disabled: boolean;
  access_version: number;
  created_at: unknown;
  last_sign_in_at: unknown;
}

interface TokenRow {
  id: string;
  name: string;
  department_ids: string[];
  scenes: string[];
  created_at: unknown;
  created_by: string;
  revoked_at: unknown;
  last_seen_at: unknown;
  showing: string | null;
  showing_at: unknown;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  departmentIds: r.department_ids,
  isDisabled: r.is_disabled,
  createdAt: toIso(r.created_at),
  lastSignInAt: toIsoOrNull(r.last_sign_in_at),
});

const toToken = (r: TokenRow): DisplayToken => ({
  id: r.id,
  name: r.name,
  departmentIds: r.department_ids,
  scenes: r.scenes,
  createdAt: toIso(r.created_at),
  createdBy: r.created_by,
  revokedAt: toIsoOrNull(r.revoked_at),
  lastSeenAt: toIsoOrNull(r.last_seen_at),
  showing: r.showing,
  showingAt: toIsoOrNull(r.showing_at),
});

const USER_COLUMNS = `id, username, display_name, password_hash, role, department_ids, is_disabled,
  access_version, created_at, last_sign_in_at`;
const TOKEN_COLUMNS = `id, name, department_ids, scenes, created_at, created_by, revoked_at,
  last_seen_at, showing, showing_at`;

/** A session as resolved from its cookie: who, and what it may still do. */
export interface ResolvedSession {
  idHash: string;
  csrfToken: string;
  principal: Principal;
}

/** Users, sessions and display tokens. Stores only hashes of secrets. */
export const createIdentityRepository = (q: Queryable) => ({
  async countUsers(): Promise<number> {
    const rows = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    return rows[0]?.n ?? 0;
  },

  async insertUser(user: User, passwordHash: string) {
    await q.query(
      `INSERT INTO users (id, username, display_name, password_hash, role, department_ids,
         is_disabled, created_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8)`,
      [
        user.id,
        user.username,
        user.displayName,
        passwordHash,
        user.role,
        JSON.stringify(user.departmentIds),
        user.isDisabled,
        user.createdAt,
      ],
    );
  },

  /**
   * Changes a user's profile and access; bumps `access_version` when the role, departments or
   * status changed, which ends their open sockets' authorisation within seconds.
   */
  async updateUser(
    id: string,
    change: Pick<User, 'displayName' | 'role' | 'departmentIds' | 'isDisabled'>,
  ): Promise<User | null> {
    const rows = await q.query<UserRow>(
      `UPDATE users SET display_name = $2, role = $3, department_ids = $4::jsonb, is_disabled = $5,
         access_version = access_version +
           CASE WHEN role <> $3 OR department_ids <> $4::jsonb OR is_disabled <> $5 THEN 1 ELSE 0 END
       WHERE id = $1 RETURNING ${USER_COLUMNS}`,
      [
        id,
        change.displayName,
        change.role,
        JSON.stringify(change.departmentIds),
        change.isDisabled,
      ],
    );
    return rows[0] ? toUser(rows[0]) : null;
  },

  async setPassword(id: string, passwordHash: string) {
    await q.query('UPDATE users SET password_hash = $2 WHERE id = $1', [id, passwordHash]);
  },

  async findUserByUsername(username: string): Promise<(User & { passwordHash: string }) | null> {
    const rows = await q.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE username = $1`, [
      username,
    ]);
    const r = rows[0];
    return r ? { ...toUser(r), passwordHash: r.password_hash } : null;
  },

  async getUser(id: string): Promise<(User & { passwordHash: string }) | null> {
    const rows = await q.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
    const r = rows[0];
    return r ? { ...toUser(r), passwordHash: r.password_hash } : null;
  },

  async listUsers(): Promise<User[]> {
    return (await q.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY username`)).map(
      toUser,
    );
  },

  async recordSignIn(id: string, at: string) {
    await q.query('UPDATE users SET last_sign_in_at = $2 WHERE id = $1', [id, at]);
  },

  async insertSession(session: {
    idHash: string;
    userId: string | null;
    displayTokenId: string | null;
    csrfToken: string;
    createdAt: string;
    expiresAt: string;
  }) {
    await q.query(
      `INSERT INTO sessions (id_hash, user_id, display_token_id, access_version, csrf_token,
         created_at, last_seen_at, expires_at)
       VALUES ($1, $2, $3,
         COALESCE((SELECT access_version FROM users WHERE id = $2), 1), $4, $5, $5, $6)`,
      [
        session.idHash,
        session.userId,
        session.displayTokenId,
        session.csrfToken,
        session.createdAt,
        session.expiresAt,
      ],
    );
  },

  /**
   * The sessions among `idHashes` that are still valid at `now`: not revoked, not expired,
   * their user enabled with unchanged access, their display token not revoked. One query, so
   * a process can re-check every open socket every few seconds.
   */
  async resolveSessions(idHashes: readonly string[], now: string): Promise<ResolvedSession[]> {
    if (idHashes.length === 0) return [];
    const rows = await q.query<{
      id_hash: string;
      csrf_token: string;
      user_id: string | null;
      username: string | null;
      display_name: string | null;
      role: Role | null;
      user_departments: string[] | null;
      token_id: string | null;
      token_name: string | null;
      token_departments: string[] | null;
      token_scenes: string[] | null;
    }>(
      `SELECT s.id_hash, s.csrf_token,
              u.id AS user_id, u.username, u.display_name, u.role,
              u.department_ids AS user_departments,
              t.id AS token_id, t.name AS token_name, t.department_ids AS token_departments,
              t.scenes AS token_scenes
         FROM sessions s
         LEFT JOIN users u ON u.id = s.user_id
         LEFT JOIN display_tokens t ON t.id = s.display_token_id
        WHERE s.id_hash = ANY($1::text[])
          AND s.revoked_at IS NULL AND s.expires_at > $2
          AND ((u.id IS NOT NULL AND NOT u.is_disabled AND u.access_version = s.access_version)
            OR (t.id IS NOT NULL AND t.revoked_at IS NULL))`,
      [idHashes, now],
    );
    return rows.map((r) => ({
      idHash: r.id_hash,
      csrfToken: r.csrf_token,
      principal:
        r.user_id !== null
          ? {
              kind: 'user',
              userId: r.user_id,
              username: r.username ?? '',
              displayName: r.display_name ?? '',
              role: r.role ?? 'viewer',
              departmentIds: r.user_departments ?? [],
            }
          : {
              kind: 'display',
              tokenId: r.token_id ?? '',
              name: r.token_name ?? '',
              departmentIds: r.token_departments ?? [],
              scenes: r.token_scenes ?? [],
            },
    }));
  },

  /** Slides an active session's expiry; at most once a minute per session (cheap). */
  async touchSession(idHash: string, now: string, expiresAt: string) {
    await q.query(
      `UPDATE sessions SET last_seen_at = $2, expires_at = GREATEST(expires_at, $3)
        WHERE id_hash = $1 AND last_seen_at < $2::timestamptz - interval '1 minute'`,
      [idHash, now, expiresAt],
    );
  },

  async revokeSession(idHash: string, at: string) {
    await q.query('UPDATE sessions SET revoked_at = $2 WHERE id_hash = $1', [idHash, at]);
  },

  /** Ends every session of a user but `keep` (after a password change). */
  async revokeUserSessions(userId: string, at: string, keep: string | null = null) {
    await q.query(
      `UPDATE sessions SET revoked_at = $2
        WHERE user_id = $1 AND revoked_at IS NULL AND ($3::text IS NULL OR id_hash <> $3)`,
      [userId, at, keep],
    );
  },

  async insertDisplayToken(token: DisplayToken, tokenHash: string) {
    await q.query(
      `INSERT INTO display_tokens (id, name, token_hash, department_ids, scenes, created_at,
         created_by)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7)`,
      [
        token.id,
        token.name,
        tokenHash,
        JSON.stringify(token.departmentIds),
        JSON.stringify(token.scenes),
        token.createdAt,
        token.createdBy,
      ],
    );
  },

  async findDisplayTokenByHash(tokenHash: string): Promise<DisplayToken | null> {
    const rows = await q.query<TokenRow>(
      `SELECT ${TOKEN_COLUMNS} FROM display_tokens WHERE token_hash = $1`,
      [tokenHash],
    );
    return rows[0] ? toToken(rows[0]) : null;
  },

  async listDisplayTokens(): Promise<DisplayToken[]> {
    return (
      await q.query<TokenRow>(
        `SELECT ${TOKEN_COLUMNS} FROM display_tokens ORDER BY created_at DESC`,
      )
    ).map(toToken);
  },

  async revokeDisplayToken(id: string, at: string): Promise<DisplayToken | null> {
    const rows = await q.query<TokenRow>(
      `UPDATE display_tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1
       RETURNING ${TOKEN_COLUMNS}`,
      [id, at],
    );
    return rows[0] ? toToken(rows[0]) : null;
  },

  /** A screen's heartbeat: what it shows now; it is also seen now. Revoked screens are left. */
  async recordDisplayShowing(id: string, showing: string, at: string) {
    await q.query(
      `UPDATE display_tokens SET showing = $2, showing_at = $3, last_seen_at = $3
        WHERE id = $1 AND revoked_at IS NULL`,
      [id, showing, at],
    );
  },

  /** Marks the screens seen now (their sockets' heartbeat), at most once a minute each. */
  async touchDisplayTokens(ids: readonly string[], at: string) {
    if (ids.length === 0) return;
    await q.query(
      `UPDATE display_tokens SET last_seen_at = $2
        WHERE id = ANY($1::text[])
          AND (last_seen_at IS NULL OR last_seen_at < $2::timestamptz - interval '1 minute')`,
      [ids, at],
    );
  },
});
export type IdentityRepository = ReturnType<typeof createIdentityRepository>;
