import type { Alert } from '@city-ioc/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CSV_BOM, type CsvValue, toCsv } from '../exports/csv';
import { CITY_TIME_ZONE } from '../feeds/cron';
import { readAlertSnapshot } from '../store/alert-repository';
import type { Db } from '../store/db';

/** The most alerts one export holds (newest last activity first). */
export const EXPORT_LIMIT = 50_000;

const ExportQuerySchema = z.object({
  status: z.enum(['active', 'all']).default('active'),
});

const HEADER = [
  'id',
  'severity',
  'status',
  'department',
  'title_vi',
  'title_en',
  'subject',
  'value',
  'threshold',
  'first_at',
  'last_at',
  'resolved_at',
];

const toRow = (alert: Alert): CsvValue[] => [
  alert.id,
  alert.severity,
  alert.status,
  alert.departmentId,
  alert.title.vi,
  alert.title.en ?? null,
  alert.subjectId,
  alert.value,
  alert.threshold,
  alert.firstAt,
  alert.lastAt,
  alert.resolvedAt,
];

/** The city's calendar date of `now`, YYYY-MM-DD (for file names). */
const cityDate = (now: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: CITY_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);

/**
 * Alerts as a CSV file for spreadsheets: UTF-8 with a BOM, CRLF, cells made inert against
 * formula injection. Only the asker's departments.
 */
export const alertExportRoutes: FastifyPluginAsyncZod<{ db: Db; clock: () => Date }> = async (
  app,
  { db, clock },
) => {
  app.get(
    '/api/alerts/export.csv',
    {
      config: { access: 'read' },
      schema: {
        tags: ['alerts'],
        summary: 'Download alerts as CSV (your departments only)',
        description:
          'UTF-8 with a byte-order mark, CRLF line ends, one header row. Text cells that a ' +
          'spreadsheet would read as a formula start with a single quote.',
        querystring: ExportQuerySchema,
      },
    },
    async (request, reply) => {
      const { alerts } = await readAlertSnapshot(db, {
        activeOnly: request.query.status === 'active',
        limit: EXPORT_LIMIT,
        scope: request.scope,
      });
      const csv = CSV_BOM + toCsv([HEADER, ...alerts.map(toRow)]);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="canh-bao-${cityDate(clock())}.csv"`)
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );
};
