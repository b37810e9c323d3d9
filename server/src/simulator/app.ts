import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildDemoCity, type DemoCity } from '../demo/city';
import { capWarningByIdentifier, capWarningsAt } from './cap-warnings';
import { capAlertXml, capAtomFeedXml } from './cap-xml';
import {
  airGeoJson,
  isNotModified,
  reportBucketStart,
  strongEtag,
  trainingCentresCsv,
} from './format-payloads';
import { ngsiLdEntities, TRAFFIC_ENTITY_TYPE, TRAFFIC_LD_LINK_HEADER } from './ngsi-payloads';
import {
  airPayload,
  publicServicesPayload,
  rostersOf,
  SIMULATOR_SEED,
  trainingPayload,
  waterPayload,
} from './payloads';
import { sampleProgramme } from './programme';
import { sampleTraffic } from './traffic';

/** NGSI-LD's default and largest page size of an entity query. */
const NGSI_DEFAULT_LIMIT = 20;
const NGSI_MAX_LIMIT = 1000;

/** An NGSI-LD ProblemDetails body (ETSI GS CIM 009). */
const ngsiProblem = (kind: string, title: string, detail: string) => ({
  type: `https://uri.etsi.org/ngsi-ld/errors/${kind}`,
  title,
  detail,
});

export interface SimulatorOptions {
  /** Defaults to buildDemoCity(), the same deterministic city the demo seeds. */
  city?: DemoCity;
  /** Defaults to the system clock; tests pass a fixed one. */
  clock?: () => Date;
  /** Seed of the simulated readings. */
  seed?: number;
  /**
   * API key the training centres' CSV report asks for in `x-api-key`, like a provincial
   * system. Undefined leaves the report open.
   */
  apiKey?: string;
}

/** Compares in constant time (over digests, so that lengths do not leak either). */
const sameSecret = (given: string, expected: string): boolean =>
  timingSafeEqual(
    createHash('sha256').update(given).digest(),
    createHash('sha256').update(expected).digest(),
  );

/** A request header's single value (a repeated header counts as absent). */
const headerOf = (value: string | string[] | undefined): string | undefined =>
  typeof value === 'string' ? value : undefined;

/**
 * The city simulator: a separate Fastify instance standing in for the departments' own
 * systems, which the IOC server polls over HTTP like any external source. Built, not started:
 * the caller listens (on its own port) and closes it.
 *
 * GET /sim/air, /sim/water, /sim/training-centres, /sim/public-services: readings at the
 * clock's current second; /sim/broken: a failing upstream; /sim/health: liveness.
 * GET /sim/training-centres.csv: the enrolment report as a provincial CSV export, refreshed
 * every 5 minutes, behind an API key, with ETag / Last-Modified and 304 answers.
 * GET /sim/air.geojson: the air stations as a GeoJSON FeatureCollection.
 * GET /sim/cap/warnings.atom: the hydro-meteorological station's CAP warnings of the last 24 h
 * as an Atom feed; /sim/cap/alerts/<identifier>.xml: one CAP message.
 * GET /sim/ngsi-ld/v1/entities?type=TrafficFlowObserved: the traffic broker's entity query.
 */
export const createSimulator = ({
  city = buildDemoCity(),
  clock = () => new Date(),
  seed = SIMULATOR_SEED,
  apiKey,
}: SimulatorOptions = {}): FastifyInstance => {
  const app = Fastify({ logger: false });
  const rosters = rostersOf(city, seed);

  app.get('/sim/health', async () => ({ status: 'ok' }));
  app.get('/sim/air', async () => airPayload(clock(), rosters.air_sensor));
  app.get('/sim/water', async () => waterPayload(clock(), rosters.water_sensor));
  app.get('/sim/dx-programme', async () => sampleProgramme(clock(), seed));
  app.get('/sim/training-centres', async () => trainingPayload(clock(), rosters.training_centre));
  app.get('/sim/public-services', async () =>
    publicServicesPayload(clock(), rosters.service_centre),
  );

  // The provincial enrolment report: a CSV regenerated every 5 minutes. Polls within a period
  // get the same bytes, or 304 when they send back its ETag (or a date at/after the period).
  app.get('/sim/training-centres.csv', async (request, reply) => {
    const given = headerOf(request.headers['x-api-key']);
    if (apiKey !== undefined && (given === undefined || !sameSecret(given, apiKey))) {
      return reply.code(401).send({ error: 'Missing or wrong API key (x-api-key)' });
    }
    const now = clock();
    const body = trainingCentresCsv(now, rosters.training_centre);
    const etag = strongEtag(body);
    const lastModified = reportBucketStart(now);
    reply.header('etag', etag).header('last-modified', lastModified.toUTCString());
    const conditional = {
      ifNoneMatch: headerOf(request.headers['if-none-match']),
      ifModifiedSince: headerOf(request.headers['if-modified-since']),
    };
    if (isNotModified(conditional, { etag, lastModified })) return reply.code(304).send();
    return reply.type('text/csv; charset=utf-8').send(body);
  });

  app.get('/sim/air.geojson', async (_request, reply) =>
    reply
      .type('application/geo+json')
      .send(JSON.stringify(airGeoJson(clock(), rosters.air_sensor))),
  );

  app.get('/sim/cap/warnings.atom', async (request, reply) => {
    const now = clock();
    const selfUrl = `${request.protocol}://${request.host}/sim/cap/warnings.atom`;
    return reply
      .type('application/atom+xml; charset=utf-8')
      .send(capAtomFeedXml(capWarningsAt(now, seed), now, selfUrl));
  });
  app.get<{ Params: { identifier: string } }>(
    '/sim/cap/alerts/:identifier.xml',
    async (request, reply) => {
      const warning = capWarningByIdentifier(request.params.identifier, clock(), seed);
      if (!warning) return reply.code(404).send({ error: 'No such CAP message' });
      return reply.type('application/cap+xml; charset=utf-8').send(capAlertXml(warning));
    },
  );

  // The traffic broker's entity query, which the IOC polls to reconcile missed notifications.
  // Answers like an NGSI-LD broker with Accept: application/json: the context in a Link header,
  // pages of `limit` (default 20) from `offset`, 400 without a type.
  app.get<{ Querystring: { type?: string; limit?: string; offset?: string } }>(
    '/sim/ngsi-ld/v1/entities',
    async (request, reply) => {
      const { type, limit = String(NGSI_DEFAULT_LIMIT), offset = '0' } = request.query;
      if (!type) {
        return reply
          .code(400)
          .send(ngsiProblem('BadRequestData', 'Bad request', 'An entity query needs a type'));
      }
      const pageSize = /^\d+$/.test(limit) ? Number(limit) : Number.NaN;
      const from = /^\d+$/.test(offset) ? Number(offset) : Number.NaN;
      if (!(pageSize >= 1 && pageSize <= NGSI_MAX_LIMIT) || !Number.isSafeInteger(from)) {
        return reply
          .code(400)
          .send(
            ngsiProblem(
              'BadRequestData',
              'Bad request',
              `limit must be 1–${NGSI_MAX_LIMIT} and offset a non-negative integer`,
            ),
          );
      }
      const types = type.split(',');
      const now = clock();
      const entities = types.includes(TRAFFIC_ENTITY_TYPE)
        ? ngsiLdEntities(sampleTraffic(now, seed), now)
        : [];
      return reply
        .header('link', TRAFFIC_LD_LINK_HEADER)
        .type('application/json')
        .send(entities.slice(from, from + pageSize));
    },
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
