import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';

/**
 * The Content Security Policy the dashboard runs under: its own scripts and workers only (the
 * MapLibre worker is a file of the build), no inline script, no plugins, no framing. Inline
 * styles stay allowed because MapLibre and deck.gl position their canvases and popups with
 * style attributes. An online map style (MAP_STYLE_URL) may fetch tiles, glyphs and sprites
 * from any https origin. Pure.
 */
export const contentSecurityPolicy = (mapStyleUrl: string | null) => {
  const remote = mapStyleUrl ? ['https:'] : [];
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'worker-src': ["'self'", 'blob:'],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', ...remote],
    'font-src': ["'self'", 'data:', ...remote],
    'connect-src': ["'self'", ...remote],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
};

/**
 * Security headers on every answer (CSP, HSTS behind TLS, no sniffing, no framing, no referrer
 * leaks) and rate limiting available per route (`config.rateLimit`): the sign-in and ingest
 * routes use it. Limits are per process, or shared by every process through Redis when given
 * one; a Redis outage lets requests through (`skipOnError`) rather than refusing all ingest.
 */
export const registerSecurity = async (
  app: FastifyInstance,
  mapStyleUrl: string | null,
  redis: Redis | null = null,
) => {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(mapStyleUrl) },
    // The map loads no cross-origin resources that would need CORP opt-in; keep COEP off so an
    // online style's tiles still load.
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(rateLimit, {
    global: false,
    ...(redis ? { redis, nameSpace: 'city-ioc:rate-limit:', skipOnError: true } : {}),
  });
};
