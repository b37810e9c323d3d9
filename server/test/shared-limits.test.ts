import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IocApp } from '../src/app';
import { buildApp } from '../src/app';
import { REDIS_PREFIX } from '../src/plugins/redis';
import { openTestDatabase, testConfig } from './helpers';

const { REDIS_URL } = process.env;
if (!REDIS_URL) {
  console.warn('[integration] REDIS_URL is not set: shared rate limit and throttle tests SKIPPED.');
}

/**
 * Two apps (two processes' worth) on one Redis share the sign-in throttle and the rate limits.
 * Each app has its own PGlite: what they share here is Redis alone.
 */
describe.skipIf(!REDIS_URL)('sign-in throttle and rate limits shared through Redis', () => {
  const apps: IocApp[] = [];
  let redis: Redis;
  // A documentation address (RFC 5737) of its own per run: Redis outlives the test.
  const address = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
  const username = `nobody-${Date.now().toString(36)}`;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL as string);
    for (let i = 0; i < 2; i += 1) {
      const { db } = await openTestDatabase('pglite');
      const app = await buildApp({
        config: testConfig({ redisUrl: REDIS_URL as string }),
        db,
        logger: false,
      });
      app.addHook('onClose', () => db.close());
      await app.ready();
      apps.push(app);
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    const keys = await redis.keys(`${REDIS_PREFIX}*${address}*`);
    const userKeys = await redis.keys(`${REDIS_PREFIX}*${username}*`);
    if (keys.length + userKeys.length > 0) await redis.del(...keys, ...userKeys);
    redis.disconnect();
  });

  const signIn = (app: IocApp | undefined) =>
    (app as IocApp).inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: address,
      payload: { username, password: 'wrong-password-123' },
    });

  it('counts failed sign-ins of both processes against one allowance', async () => {
    // Five failures per user name, spread over the two processes.
    for (let i = 0; i < 5; i += 1) expect((await signIn(apps[i % 2])).statusCode).toBe(401);
    const sixth = await signIn(apps[1]);
    expect(sixth.statusCode).toBe(429);
    expect(sixth.headers['retry-after']).toBeDefined();
    expect((await signIn(apps[0])).statusCode).toBe(429);
  });

  it('keeps the per-address rate limit in Redis', async () => {
    const keys = await redis.keys(`${REDIS_PREFIX}rate-limit:*${address}`);
    expect(keys.length).toBeGreaterThan(0);
    const counts = await Promise.all(keys.map((k) => redis.get(k)));
    // Every request of both apps went to the one counter (seven in the test above).
    expect(counts.map(Number)).toContain(7);
  });
});
