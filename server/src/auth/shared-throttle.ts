import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { createSignInThrottle, retryAfterMs, type ThrottlePolicy } from './throttle';

/** The sign-in throttle as the routes use it: in memory, or shared by every process. */
export interface SignInThrottle {
  retryAfterMs(keys: readonly string[], now: number): Promise<number>;
  fail(keys: readonly string[], now: number): Promise<void>;
  succeed(keys: readonly string[]): Promise<void>;
}

/** One process's throttle (no Redis): the in-memory store. */
export const createLocalSignInThrottle = (policy: ThrottlePolicy): SignInThrottle => {
  const local = createSignInThrottle(policy);
  return {
    retryAfterMs: async (keys, now) => local.retryAfterMs(keys, now),
    fail: async (keys, now) => local.fail(keys, now),
    succeed: async (keys) => local.succeed(keys),
  };
};

/**
 * The throttle shared through Redis, so several processes count the same failures: each key is
 * a list of failure times (at most twice the allowance, expiring after the window), judged by
 * the same pure `retryAfterMs`. Every failure is also counted in memory, and that count
 * decides while Redis does not answer: the throttle never fails open for long, nor blocks
 * sign-in because Redis is down.
 */
export const createRedisSignInThrottle = (
  redis: Redis,
  policy: ThrottlePolicy,
  prefix: string,
  log: Pick<FastifyBaseLogger, 'warn'>,
): SignInThrottle => {
  const local = createSignInThrottle(policy);
  const keyOf = (key: string) => `${prefix}${key}`;
  return {
    async retryAfterMs(keys, now) {
      try {
        const pipeline = redis.pipeline();
        for (const key of keys) pipeline.lrange(keyOf(key), 0, -1);
        const answers = (await pipeline.exec()) ?? [];
        return Math.max(
          0,
          ...answers.map(([error, times]) => {
            if (error) throw error;
            const failures = (times as string[]).map(Number).sort((a, b) => a - b);
            return retryAfterMs({ failures }, now, policy);
          }),
        );
      } catch (error) {
        log.warn({ err: error }, 'sign-in throttle: redis unavailable, using this process');
        return local.retryAfterMs(keys, now);
      }
    },
    async fail(keys, now) {
      local.fail(keys, now);
      try {
        const multi = redis.multi();
        for (const key of keys) {
          multi
            .rpush(keyOf(key), String(now))
            .ltrim(keyOf(key), -policy.maxFailures * 2, -1)
            .pexpire(keyOf(key), policy.windowMs);
        }
        await multi.exec();
      } catch (error) {
        log.warn({ err: error }, 'sign-in throttle: failure not shared (redis unavailable)');
      }
    },
    async succeed(keys) {
      local.succeed(keys);
      try {
        if (keys.length > 0) await redis.del(...keys.map(keyOf));
      } catch (error) {
        log.warn({ err: error }, 'sign-in throttle: success not shared (redis unavailable)');
      }
    },
  };
};
