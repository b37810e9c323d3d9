import type { FastifyRequest } from 'fastify';

/**
 * Requests per minute and address on the sign-in routes, on top of the per-account throttle:
 * a scripted attack from one address is cut off whatever names it tries.
 */
export const SIGN_IN_RATE_LIMIT = { max: 30, timeWindow: '1 minute' } as const;

/**
 * Ingest requests per minute, per sending address and feed: far above any department's
 * cadence (a sensor gateway every second is 60), low enough that a runaway sender cannot
 * starve the others. Batches carry many readings per request.
 */
export const INGEST_RATE_LIMIT = {
  max: 1_200,
  timeWindow: '1 minute',
  keyGenerator: (request: FastifyRequest) =>
    `${request.ip}|${(request.params as { feedId?: string }).feedId ?? ''}`,
} as const;
