import Fastify, { type FastifyInstance } from 'fastify';
import { buildDemoCity, type DemoCity } from '../demo/city';
import {
  airPayload,
  publicServicesPayload,
  rostersOf,
  SIMULATOR_SEED,
  trainingPayload,
  waterPayload,
} from './payloads';

export interface SimulatorOptions {
  /** Defaults to buildDemoCity(), the same deterministic city the demo seeds. */
  city?: DemoCity;
  /** Defaults to the system clock; tests pass a fixed one. */
  clock?: () => Date;
  /** Seed of the simulated readings. */
  seed?: number;
}

/**
 * The city simulator: a separate Fastify instance standing in for the departments' own
 * systems, which the IOC server polls over HTTP like any external source. Built, not started:
 * the caller listens (on its own port) and closes it.
 *
 * GET /sim/air, /sim/water, /sim/training-centres, /sim/public-services: readings at the
 * clock's current second; /sim/broken: a failing upstream; /sim/health: liveness.
 */
export const createSimulator = ({
  city = buildDemoCity(),
  clock = () => new Date(),
  seed = SIMULATOR_SEED,
}: SimulatorOptions = {}): FastifyInstance => {
  const app = Fastify({ logger: false });
  const rosters = rostersOf(city, seed);

  app.get('/sim/health', async () => ({ status: 'ok' }));
  app.get('/sim/air', async () => airPayload(clock(), rosters.air_sensor));
  app.get('/sim/water', async () => waterPayload(clock(), rosters.water_sensor));
  app.get('/sim/training-centres', async () => trainingPayload(clock(), rosters.training_centre));
  app.get('/sim/public-services', async () =>
    publicServicesPayload(clock(), rosters.service_centre),
  );

  // For testing failure handling: ?mode=error answers 500, ?mode=malformed answers 200 with
  // truncated JSON; without a mode it alternates with the clock's second (even = error).
  app.get<{ Querystring: { mode?: string } }>('/sim/broken', async (request, reply) => {
    const mode =
      request.query.mode ??
      (Math.floor(clock().getTime() / 1000) % 2 === 0 ? 'error' : 'malformed');
    if (mode === 'malformed') {
      return reply
        .code(200)
        .type('application/json')
        .send('{"stations": [{"stationId": "air-01", "aqi":');
    }
    return reply.code(500).send({ error: 'Simulated upstream failure' });
  });

  return app;
};
