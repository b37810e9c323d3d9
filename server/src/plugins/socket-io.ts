import type { ClientToServerEvents, ServerToClientEvents } from '@city-ioc/shared';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Server, type ServerOptions } from 'socket.io';

export type IocSocketServer = Server<ClientToServerEvents, ServerToClientEvents>;

declare module 'fastify' {
  interface FastifyInstance {
    io: IocSocketServer;
  }
}

/**
 * Attaches Socket.IO to Fastify's own HTTP server, decorates `app.io` and closes it (and
 * every client connection) when the app closes.
 */
export const socketIoPlugin = fp(
  async (app: FastifyInstance, options: Partial<ServerOptions>) => {
    const io: IocSocketServer = new Server(app.server, {
      serveClient: false,
      // Short ping so a dead wall display is noticed within seconds on both sides.
      pingInterval: 10_000,
      pingTimeout: 8_000,
      ...options,
    });
    app.decorate('io', io);
    // Close the transports first: clients see "transport close" and reconnect by themselves
    // to the next process. (A server-side disconnect() would tell them not to come back.)
    app.addHook('preClose', async () => {
      io.engine.close();
    });
    app.addHook('onClose', async () => {
      // Fastify has closed the HTTP server already; io.close() only releases the rest.
      await io.close();
    });
  },
  { name: 'socket-io', fastify: '5.x' },
);
