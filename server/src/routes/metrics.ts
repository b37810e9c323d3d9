import { isAllowed, SESSION_COOKIE } from '@city-ioc/shared';
import type { FastifyPluginAsync } from 'fastify';
import { sameSecret } from '../auth/secrets';
import type { AuthService } from '../auth/service';
import type { Metrics } from '../plugins/metrics';
import { httpError } from './http-error';

export interface MetricsRouteOptions {
  metrics: Metrics;
  auth: AuthService;
  /** METRICS_TOKEN: what a Prometheus scraper sends as `Authorization: Bearer …`. */
  token: string | null;
}

/** The bearer token of an Authorization header, or null. */
const bearerOf = (header: string | undefined) =>
  header?.startsWith('Bearer ') ? header.slice(7).trim() : null;

/**
 * `GET /metrics`, Prometheus text format. Not public: a scraper presents METRICS_TOKEN as a
 * bearer token (compared in constant time), or an administrator's session reads it in a
 * browser. The route checks its own credentials (access `ingest`, like the feeds' push
 * endpoints), because the session check of other routes would refuse the token.
 */
export const metricsRoutes: FastifyPluginAsync<MetricsRouteOptions> = async (
  app,
  { metrics, auth, token },
) => {
  app.get(
    '/metrics',
    { config: { access: 'ingest' }, schema: { hide: true } },
    async (request, reply) => {
      const given = bearerOf(request.headers.authorization);
      const isScraper = given !== null && token !== null && sameSecret(given, token);
      if (!isScraper) {
        const sessionId = request.cookies[SESSION_COOKIE];
        const session = sessionId ? await auth.resolve(sessionId) : null;
        if (!session) {
          return reply
            .code(401)
            .header('www-authenticate', 'Bearer realm="metrics"')
            .send(httpError(401, 'Unauthorized', 'Metrics need METRICS_TOKEN or an admin session'));
        }
        if (!isAllowed('admin', session.principal)) {
          return reply.code(403).send(httpError(403, 'Forbidden', 'Your role does not allow this'));
        }
      }
      const { body, contentType } = await metrics.scrape();
      return reply.type(contentType).send(body);
    },
  );
};
