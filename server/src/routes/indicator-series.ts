import {
  ErrorResponseSchema,
  IndicatorSeriesParamsSchema,
  IndicatorSeriesQuerySchema,
  IndicatorSeriesSchema,
  inScope,
} from '@city-ioc/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { downsample } from '../alerts/downsample';
import type { Db } from '../store/db';
import { toIso } from '../store/rows';
import { httpError } from './http-error';

const DAY_MS = 86_400_000;
const MAX_POINTS = 60;

/**
 * An indicator's recent values for one subject (a KPI's sparkline). Scoped: an indicator of
 * another department answers 404.
 */
export const indicatorSeriesRoutes: FastifyPluginAsyncZod<{ db: Db; clock: () => Date }> = async (
  app,
  { db, clock },
) => {
  app.get(
    '/api/indicators/:id/series',
    {
      config: { access: 'read' },
      schema: {
        tags: ['city'],
        summary: 'An indicator’s values for one subject over the last days, for a sparkline',
        params: IndicatorSeriesParamsSchema,
        querystring: IndicatorSeriesQuerySchema,
        response: { 200: IndicatorSeriesSchema, 404: ErrorResponseSchema },
      },
    },
    async (request, reply) => {
      const rows = await db.query<{ department_id: string }>(
        'SELECT department_id FROM indicators WHERE id = $1',
        [request.params.id],
      );
      const indicator = rows[0];
      if (!indicator || !inScope(request.scope, indicator.department_id))
        return reply.code(404).send(httpError(404, 'Not Found', 'No such indicator'));
      const to = clock().getTime();
      const from = to - request.query.days * DAY_MS;
      const values = await db.query<{ observed_at: unknown; value: number }>(
        `SELECT observed_at, value FROM observations
          WHERE indicator_id = $1 AND subject_id = $2
            AND observed_at >= $3::timestamptz AND observed_at <= $4::timestamptz
          ORDER BY observed_at LIMIT 100000`,
        [
          request.params.id,
          request.query.subjectId,
          new Date(from).toISOString(),
          new Date(to).toISOString(),
        ],
      );
      return {
        indicatorId: request.params.id,
        subjectId: request.query.subjectId,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        points: downsample(
          values.map((v) => ({ at: toIso(v.observed_at), value: Number(v.value) })),
          from,
          to,
          MAX_POINTS,
        ),
      };
    },
  );
};
