import {
  type AckResult,
  ackError,
  ackOk,
  clientEventSchemas,
  PROTOCOL_VERSION,
  ROOMS,
  SYNC_PAGE_LIMIT,
} from '@city-ioc/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { z } from 'zod';
import type { AlertService } from '../alerts/service';
import type { IocSocketServer } from '../plugins/socket-io';
import { createAlertRepository } from '../store/alert-repository';
import type { Db } from '../store/db';
import type { EventRelay } from './relay';

export interface GatewayDeps {
  io: IocSocketServer;
  db: Db;
  alerts: AlertService;
  relay: EventRelay;
  serverId: string;
  log: FastifyBaseLogger;
}

type Handler<K extends keyof typeof clientEventSchemas, R> = (
  payload: z.infer<(typeof clientEventSchemas)[K]>,
) => Promise<AckResult<R>>;

/**
 * Registers the socket handlers. Every inbound payload is parsed against the shared schema
 * first; every request answers through the ack result shape, never with internal messages.
 */
export const registerGateway = ({ io, db, alerts, relay, serverId, log }: GatewayDeps) => {
  const repo = createAlertRepository(db);

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
    void socket.join(ROOMS.city);
    void repo
      .headSeq()
      .then((headSeq) =>
        socket.emit('server:hello', { protocolVersion: PROTOCOL_VERSION, serverId, headSeq }),
      )
      .catch((error) => log.error({ err: error }, 'could not greet socket'));

    socket.on(
      'alerts:sync',
      handle('alerts:sync', async ({ afterSeq, limit }) => {
        const pageSize = Math.min(limit ?? SYNC_PAGE_LIMIT, SYNC_PAGE_LIMIT);
        const [events, headSeq] = await Promise.all([
          repo.eventsAfter(afterSeq, pageSize + 1),
          repo.headSeq(),
        ]);
        const hasMore = events.length > pageSize;
        return ackOk({ events: events.slice(0, pageSize), headSeq, hasMore });
      }),
    );

    socket.on(
      'alert:acknowledge',
      handle('alert:acknowledge', async ({ alertId }) => {
        const result = await alerts.acknowledge(db, alertId);
        if (!result) return ackError('not_found', 'No such alert');
        if (result.event) void relay.poke();
        return ackOk(result.alert);
      }),
    );
  });
};
