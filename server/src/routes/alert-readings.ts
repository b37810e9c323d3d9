import {
  AlertIdParamsSchema,
  AlertReadingsSchema,
  ErrorResponseSchema,
  inScope,
} from '@city-ioc/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { downsample } from '../alerts/downsample';
import { createAlertRepository } from '../store/alert-repository';
import type { Db } from '../store/db';
import { toIso } from '../store/rows';
import { createRuleRepository } from '../store/rule-repository';
import { httpError } from './http-error';

const HOUR_MS = 3_600_000;
const MAX_POINTS = 300;
const MAX_SERIES = 6;
const MAX_ROWS = 200_000;

/**
 * The drill-down chart's data: the alert's indicator around the alert, from three hours before
 * it was raised to an hour after it ended (or now). A ward's alert (area rule) shows the ward's
 * sites. Scoped like the alert itself: outside the asker's departments it answers 404.
 */
export const alertReadingsRoutes: FastifyPluginAsyncZod<{ db: Db; clock: () => Date }> = async (
  app,
  { db, clock },
) => {
  app.get(
    '/api/alerts/:id/readings',
    {
      config: { access: 'read' },
      schema: {
        tags: ['alerts'],
        summary: 'The indicator’s readings around an alert, for its chart',
        params: AlertIdParamsSchema,
        response: { 200: AlertReadingsSchema, 404: ErrorResponseSchema },
      },
    },
    async (request, reply) => {
      const alert = await createAlertRepository(db).findById(request.params.id);
      if (!alert || !inScope(request.scope, alert.departmentId))
        return reply.code(404).send(httpError(404, 'Not Found', 'No such alert'));
      const now = clock().getTime();
      const from = Date.parse(alert.firstAt) - 3 * HOUR_MS;
      const end = alert.resolvedAt ? Date.parse(alert.resolvedAt) + HOUR_MS : now;
      const to = Math.max(from + HOUR_MS, Math.min(now, end));
      const rule = alert.ruleId ? await createRuleRepository(db).findRule(alert.ruleId) : null;
      const unitRows = alert.indicatorId
        ? await db.query<{ unit: string }>('SELECT unit FROM indicators WHERE id = $1', [
            alert.indicatorId,
          ])
        : [];
      const subjects =
        rule?.kind === 'area'
          ? await db.query<{ id: string; name: string }>(
              'SELECT id, name FROM sites WHERE area_id = $1 ORDER BY id LIMIT $2',
              [alert.subjectId, MAX_SERIES],
            )
          : [
              {
                id: alert.subjectId,
                name:
                  (
                    await db.query<{ name: string }>('SELECT name FROM sites WHERE id = $1', [
                      alert.subjectId,
                    ])
                  )[0]?.name ?? alert.subjectId,
              },
            ];
      const rows = alert.indicatorId
        ? await db.query<{ subject_id: string; observed_at: unknown; value: number }>(
            `SELECT subject_id, observed_at, value FROM observations
              WHERE indicator_id = $1 AND subject_id = ANY($2::text[])
                AND observed_at >= $3::timestamptz AND observed_at <= $4::timestamptz
              ORDER BY observed_at LIMIT $5`,
            [
              alert.indicatorId,
              subjects.map((s) => s.id),
              new Date(from).toISOString(),
              new Date(to).toISOString(),
              MAX_ROWS,
            ],
          )
        : [];
      const bySubject = new Map<string, { at: string; value: number }[]>();
      for (const r of rows) {
        const list = bySubject.get(r.subject_id) ?? [];
        list.push({ at: toIso(r.observed_at), value: Number(r.value) });
        bySubject.set(r.subject_id, list);
      }
      const direct = rule?.kind === 'threshold';
      return {
        indicatorId: alert.indicatorId,
        unit: unitRows[0]?.unit ?? '',
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        ruleKind: rule?.kind ?? null,
        threshold: direct ? (rule?.params.threshold ?? null) : null,
        clearThreshold: direct ? (rule?.params.clearThreshold ?? null) : null,
        series: subjects.map((s) => ({
          subjectId: s.id,
          name: s.name,
          points: downsample(bySubject.get(s.id) ?? [], from, to, MAX_POINTS),
        })),
      };
    },
  );
};
