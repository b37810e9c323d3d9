import { createAdapter } from '@socket.io/redis-adapter';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';

/** Prefix of every key and channel this app uses in a Redis it may share with others. */
export const REDIS_PREFIX = 'city-ioc:';

export interface SharedRedis {
  /** Commands: rate limits, sign-in throttle, the adapter's publishes. */
  commands: Redis;
  /** Subscriptions of the Socket.IO adapter (a subscribed connection takes no commands). */
  subscriber: Redis;
  /** The Socket.IO adapter over these two connections (pub/sub, see ADR 0007). */
  adapter: ReturnType<typeof createAdapter>;
  close: () => Promise<void>;
}

/**
 * Connects the two Redis connections several processes share. Fails when Redis does not answer
 * at start (a process that cannot reach its peers must not serve alone); later outages are
 * retried for ever, logged once each, and never crash the process.
 */
export const connectRedis = async (url: string, log: FastifyBaseLogger): Promise<SharedRedis> => {
  const options = {
    lazyConnect: true,
    connectTimeout: 5_000,
    // A command waits through two reconnect attempts at most, then fails (rate limits let the
    // request through, the throttle falls back to memory) instead of holding a request.
    maxRetriesPerRequest: 2,
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 5_000),
  };
  const commands = new Redis(url, options);
  const subscriber = new Redis(url, options);
  for (const [name, connection] of [
    ['commands', commands],
    ['subscriber', subscriber],
  ] as const) {
    let isDown = false;
    connection.on('error', (error) => {
      if (isDown) return;
      isDown = true;
      log.warn({ err: error, connection: name }, 'redis unreachable; retrying');
    });
    connection.on('ready', () => {
      if (isDown) log.info({ connection: name }, 'redis reachable again');
      isDown = false;
    });
  }
  try {
    await Promise.all([commands.connect(), subscriber.connect()]);
  } catch (error) {
    commands.disconnect();
    subscriber.disconnect();
    throw new Error(`REDIS_URL: cannot connect to Redis (${(error as Error).message})`);
  }
  // The adapter does not wait for its publishes and (un)subscribes: one that fails during an
  // outage, or after close, would be an unhandled rejection, which ends a Node process.
  // Broadcasts are a live view (alerts go through the database, ADR 0007): log and drop.
  const guarded = (connection: Redis) =>
    new Proxy(connection, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const result = value.apply(target, args);
          if (result instanceof Promise) {
            result.catch((error: unknown) =>
              log.debug({ err: error, command: String(property) }, 'socket.io redis call failed'),
            );
          }
          return result;
        };
      },
    });
  return {
    commands,
    subscriber,
    adapter: createAdapter(guarded(commands), guarded(subscriber), {
      key: `${REDIS_PREFIX}socket.io`,
    }),
    async close() {
      await Promise.allSettled([commands.quit(), subscriber.quit()]);
    },
  };
};
