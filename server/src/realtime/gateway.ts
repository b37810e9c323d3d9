import {
  type Access,
  type AckResult,
  ackError,
  ackOk,
  clientEventSchemas,
  type DepartmentScope,
  departmentScope,
  inScope,
  isAllowed,
  PROTOCOL_VERSION,
  ROOMS,
  SESSION_COOKIE,
  SYNC_PAGE_LIMIT,
} from '@city-ioc/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import type { AlertService } from '../alerts/service';
import { actorOf } from '../auth/actor';
import type { AuthService } from '../auth/service';
import type { IocSocketServer } from '../plugins/socket-io';
import { createAlertRepository } from '../store/alert-repository';
import type { Db } from '../store/db';
import type { ResolvedSession } from '../store/identity-repository';
import type { EventRelay } from './relay';

export interface GatewayDeps {
  io: IocSocketServer;
  db: Db;
  alerts: AlertService;
  relay: EventRelay;
  serverId: string;
  log: FastifyBaseLogger;
  auth: AuthService;
  parseCookie: (header: string) => Record<string, string | undefined>;
  /** How often open sockets' sessions are re-checked (revocation, role changes); 2 s. */
  recheckMs?: number;
}

/** Who may send each client event, deny by default (the matrix test reads this table). */
export const SOCKET_EVENT_ACCESS: Readonly<Record<keyof typeof clientEventSchemas, Access>> = {
  'alerts:sync': 'read',
  'alert:acknowledge': 'act',
  'display:heartbeat': 'read',
};

/** What a socket carries once its handshake was authenticated. */
interface SocketAuth {
  session: ResolvedSession;
  scope: DepartmentScope;
}

/** The rooms a principal's socket is put in by the server (never on the client's request). */
export const roomsFor = (scope: DepartmentScope): string[] =>
  scope.all ? [ROOMS.city] : scope.departmentIds.map((id) => ROOMS.department(id));

type Handler<K extends keyof typeof clientEventSchemas, R> = (
  payload: z.infer<(typeof clientEventSchemas)[K]>,
) => Promise<AckResult<R>>;

/**
 * Registers the socket handlers. Every inbound payload is parsed against the shared schema
 * first; every request answers through the ack result shape, never with internal messages.
 */
export const registerGateway = ({
  io,
  db,
  alerts,
  relay,
  serverId,
  log,
  auth,
  parseCookie,
  recheckMs = 2_000,
}: GatewayDeps) => {
  const repo = createAlertRepository(db);
  const authOf = (socket: { data: unknown }) => (socket.data as { auth?: SocketAuth }).auth;

  // Every connection presents a valid session cookie (a person's or a wall screen's).
  io.use((socket, next) => {
    const sessionId = parseCookie(socket.handshake.headers.cookie ?? '')[SESSION_COOKIE];
    if (!sessionId) {
      next(Object.assign(new Error('unauthorized'), { data: { code: 'unauthorized' } }));
      return;
    }
    auth.resolve(sessionId).then(
      (session) => {
        if (!session) {
          next(Object.assign(new Error('unauthorized'), { data: { code: 'unauthorized' } }));
          return;
        }
        const data: { auth?: SocketAuth } = socket.data as { auth?: SocketAuth };
        data.auth = { session, scope: departmentScope(session.principal) };
        next();
      },
      (error) => {
        log.error({ err: error }, 'socket authentication failed');
        next(new Error('unavailable'));
      },
    );
  });

  // Revocation, disabled accounts and changed roles reach open sockets within `recheckMs`:
  // each process re-checks its own sockets against the database, so it holds across processes.
  const recheck = setInterval(() => {
    const sockets = [...io.of('/').sockets.values()];
    const hashes = [
      ...new Set(sockets.map((s) => authOf(s)?.session.idHash).filter((h) => h !== undefined)),
    ];
    if (hashes.length === 0) return;
    void auth
      .stillValid(hashes)
      .then((valid) => {
        const alive = new Set(valid.map((v) => v.idHash));
        for (const socket of sockets) {
          const hash = authOf(socket)?.session.idHash;
          if (hash !== undefined && !alive.has(hash)) {
            socket.emit('session:ended', { reason: 'signed_out' });
            socket.disconnect(true);
          }
        }
        const screens = valid
          .map((v) => (v.principal.kind === 'display' ? v.principal.tokenId : null))
          .filter((id): id is string => id !== null);
        return auth.touchDisplays(screens);
      })
      .catch((error) => log.warn({ err: error }, 'socket session re-check failed'));
  }, recheckMs);
  recheck.unref();

  const handle =
    <K extends keyof typeof clientEventSchemas, R>(event: K, handler: Handler<K, R>) =>
    async (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return; // A request without an ack cannot be answered.
      const reply = ack as (result: AckResult<R>) => void;
      const parsed = clientEventSchemas[event].safeParse(payload);
      if (!parsed.success) {
        reply(
          ackError(
            'invalid_payload',
            `Invalid ${event} payload`,
            parsed.error.issues.map((i) => ({
              path: i.path.join('.'),
              message: i.message,
            })),
          ),
        );
        return;
      }
      try {
        reply(await handler(parsed.data as z.infer<(typeof clientEventSchemas)[K]>));
      } catch (error) {
        log.error({ err: error, event }, 'socket handler failed');
        reply(ackError('internal', 'The server could not complete the request'));
      }
    };

  io.on('connection', (socket) => {
    socket.on('error', (error) => log.warn({ err: error }, 'socket error'));
    const socketAuth = authOf(socket);
    if (!socketAuth) {
      socket.disconnect(true);
      return;
    }
    const { scope } = socketAuth;
    const principal = socketAuth.session.principal;
    void socket.join(roomsFor(scope));
    const allowed = (event: keyof typeof clientEventSchemas) =>
      isAllowed(SOCKET_EVENT_ACCESS[event], principal);
    void repo
      .headSeq()
      .then((headSeq) =>
        socket.emit('server:hello', { protocolVersion: PROTOCOL_VERSION, serverId, headSeq }),
      )
      .catch((error) => log.error({ err: error }, 'could not greet socket'));

    socket.on(
      'alerts:sync',
      handle('alerts:sync', async ({ afterSeq, limit }) => {
        if (!allowed('alerts:sync')) return ackError('forbidden', 'Your role does not allow this');
        const pageSize = Math.min(limit ?? SYNC_PAGE_LIMIT, SYNC_PAGE_LIMIT);
        return ackOk(await repo.eventsPage(afterSeq, pageSize, scope));
      }),
    );

    socket.on(
      'alert:acknowledge',
      handle('alert:acknowledge', async ({ alertId }) => {
        if (!allowed('alert:acknowledge')) {
          return ackError('forbidden', 'Your role does not allow this');
        }
        // An alert outside the socket's departments does not exist for it.
        const existing = await repo.findById(alertId);
        const result =
          existing && inScope(scope, existing.departmentId)
            ? await alerts.acknowledge(db, alertId, actorOf(principal))
            : null;
        if (!result) return ackError('not_found', 'No such alert');
        if (result.event) void relay.poke();
        return ackOk(result.alert);
      }),
    );

    // Wall screens say what they show, so administrators see which are alive and what is on
    // them. People's browsers may send it too; only a display token's is recorded.
    socket.on(
      'display:heartbeat',
      handle('display:heartbeat', async ({ showing }) => {
        if (!allowed('display:heartbeat'))
          return ackError('forbidden', 'Your role does not allow this');
        if (principal.kind !== 'display') return ackOk({ recorded: false });
        await auth.recordDisplayShowing(principal.tokenId, showing);
        return ackOk({ recorded: true });
      }),
    );
  });

  return {
    /** Stops re-checking sessions (the app is closing). */
    stop: () => clearInterval(recheck),
  };
};
