import type { Principal, User } from '@city-ioc/shared';
import type { Db } from '../store/db';
import { createIdentityRepository, type ResolvedSession } from '../store/identity-repository';
import { hashPassword, newSecret, sha256, verifyAgainstDummy, verifyPassword } from './secrets';

/** A person's session ends after 12 hours without a request; a wall screen's after a year. */
export const USER_SESSION_IDLE_MS = 12 * 3_600_000;
export const DISPLAY_SESSION_IDLE_MS = 365 * 86_400_000;

export interface AuthServiceDeps {
  db: Db;
  clock: () => Date;
  newId: () => string;
}

export type SignInOutcome =
  | { ok: true; sessionId: string; session: ResolvedSession; user: User }
  | { ok: false; reason: 'invalid' | 'disabled' };

/**
 * Sign-in, sessions and first-start administrator. Session ids and display tokens are random
 * 256-bit values given to the browser once and stored only as SHA-256 hashes.
 */
export const createAuthService = ({ db, clock, newId }: AuthServiceDeps) => {
  const repo = createIdentityRepository(db);
  const at = () => clock().toISOString();
  const later = (ms: number) => new Date(clock().getTime() + ms).toISOString();

  const openSession = async (
    owner: { userId: string } | { displayTokenId: string },
    idleMs: number,
  ): Promise<{ sessionId: string; idHash: string }> => {
    const sessionId = newSecret();
    const idHash = sha256(sessionId);
    await repo.insertSession({
      idHash,
      userId: 'userId' in owner ? owner.userId : null,
      displayTokenId: 'displayTokenId' in owner ? owner.displayTokenId : null,
      csrfToken: newSecret(),
      createdAt: at(),
      expiresAt: later(idleMs),
    });
    return { sessionId, idHash };
  };

  const resolveOne = async (sessionId: string): Promise<ResolvedSession | null> => {
    const [found] = await repo.resolveSessions([sha256(sessionId)], at());
    return found ?? null;
  };

  return {
    /**
     * Checks a user name and password. Unknown names cost as much time as wrong passwords.
     * A disabled account is refused after the password check, so its existence only shows to
     * someone who knows its password.
     */
    async signIn(username: string, password: string): Promise<SignInOutcome> {
      const user = await repo.findUserByUsername(username);
      if (!user) {
        await verifyAgainstDummy(password);
        return { ok: false, reason: 'invalid' };
      }
      if (!(await verifyPassword(user.passwordHash, password)))
        return { ok: false, reason: 'invalid' };
      if (user.isDisabled) return { ok: false, reason: 'disabled' };
      const { sessionId } = await openSession({ userId: user.id }, USER_SESSION_IDLE_MS);
      await repo.recordSignIn(user.id, at());
      const session = await resolveOne(sessionId);
      if (!session) return { ok: false, reason: 'invalid' };
      const { passwordHash: _omitted, ...shown } = user;
      return { ok: true, sessionId, session, user: { ...shown, lastSignInAt: at() } };
    },

    /** A wall screen signs in with its display token; null when unknown or revoked. */
    async signInDisplay(token: string) {
      const displayToken = await repo.findDisplayTokenByHash(sha256(token));
      if (!displayToken || displayToken.revokedAt) return null;
      const { sessionId } = await openSession(
        { displayTokenId: displayToken.id },
        DISPLAY_SESSION_IDLE_MS,
      );
      await repo.touchDisplayTokens([displayToken.id], at());
      const session = await resolveOne(sessionId);
      return session ? { sessionId, session } : null;
    },

    /** The session behind a cookie value, if still valid; slides its expiry. */
    async resolve(sessionId: string): Promise<ResolvedSession | null> {
      const session = await resolveOne(sessionId);
      if (!session) return null;
      const idleMs =
        session.principal.kind === 'user' ? USER_SESSION_IDLE_MS : DISPLAY_SESSION_IDLE_MS;
      await repo.touchSession(session.idHash, at(), later(idleMs));
      return session;
    },

    /** Which of these sessions (by hash) are still valid, for re-checking open sockets. */
    stillValid: (idHashes: readonly string[]) => repo.resolveSessions(idHashes, at()),

    signOut: (idHash: string) => repo.revokeSession(idHash, at()),

    /** Wall screens seen now (their sockets are open), for "last seen" in the admin screen. */
    touchDisplays: (tokenIds: readonly string[]) => repo.touchDisplayTokens(tokenIds, at()),
    recordDisplayShowing: (tokenId: string, showing: string) =>
      repo.recordDisplayShowing(tokenId, showing, at()),

    /** Changes one's own password; every other session of the user ends. */
    async changePassword(
      principal: Extract<Principal, { kind: 'user' }>,
      keepIdHash: string,
      currentPassword: string,
      newPassword: string,
    ): Promise<boolean> {
      const user = await repo.getUser(principal.userId);
      if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) return false;
      await db.transaction(async (tx) => {
        const txRepo = createIdentityRepository(tx);
        await txRepo.setPassword(user.id, await hashPassword(newPassword));
        await txRepo.revokeUserSessions(user.id, at(), keepIdHash);
      });
      return true;
    },

    /**
     * First start: creates `admin` with `password`, or with a random one that is returned to
     * be printed once. Does nothing when any user exists. Never a default password.
     */
    async ensureAdmin(password: string | null): Promise<{ created: boolean; password?: string }> {
      if ((await repo.countUsers()) > 0) return { created: false };
      const chosen = password ?? newSecret(18);
      const user: User = {
        id: newId(),
        username: 'admin',
        displayName: 'Quản trị viên',
        role: 'admin',
        departmentIds: [],
        isDisabled: false,
        createdAt: at(),
        lastSignInAt: null,
      };
      try {
        await repo.insertUser(user, await hashPassword(chosen));
      } catch (error) {
        // Another process of the same deployment created it first (unique user name).
        if ((await repo.findUserByUsername('admin')) !== null) return { created: false };
        throw error;
      }
      return password ? { created: true } : { created: true, password: chosen };
    },
  };
};
export type AuthService = ReturnType<typeof createAuthService>;
