import {
  AreaImportRequestSchema,
  AreaImportResponseSchema,
  AreasResponseSchema,
  DepartmentsResponseSchema,
  ErrorResponseSchema,
  IndicatorsResponseSchema,
  inScope,
  LatestValuesResponseSchema,
  SitesResponseSchema,
} from '@city-ioc/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { parseAreaImport } from '../areas/parse-import';
import { createCityRepository } from '../store/city-repository';
import type { Db } from '../store/db';
import { createObservationRepository } from '../store/observation-repository';

/** Reference data of the city and the latest values. */
export const cityRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  const city = createCityRepository(db);
  const observations = createObservationRepository(db);

  app.get(
    '/api/departments',
    {
      config: { access: 'read' },
      schema: { tags: ['city'], response: { 200: DepartmentsResponseSchema } },
    },
    () => city.listDepartments(),
  );
  app.get(
    '/api/areas',
    {
      config: { access: 'read' },
      schema: {
        tags: ['city'],
        summary: 'Wards, communes and special zones',
        response: { 200: AreasResponseSchema },
      },
    },
    () => city.listAreas(),
  );
  app.get(
    '/api/sites',
    {
      config: { access: 'read' },
      schema: { tags: ['city'], response: { 200: SitesResponseSchema } },
    },
    async (request) =>
      (await city.listSites()).filter((s) => inScope(request.scope, s.departmentId)),
  );
  app.get(
    '/api/indicators',
    {
      config: { access: 'read' },
      schema: { tags: ['city'], response: { 200: IndicatorsResponseSchema } },
    },
    async (request) =>
      (await city.listIndicators()).filter((i) => inScope(request.scope, i.departmentId)),
  );
  app.get(
    '/api/observations/latest',
    {
      config: { access: 'read' },
      schema: {
        tags: ['city'],
        summary: 'Newest value of every indicator per subject, with its times',
        response: { 200: LatestValuesResponseSchema },
      },
    },
    async (request) => {
      const latest = await observations.listLatest();
      if (request.scope.all) return latest;
      // Values belong to their indicator's department.
      const visible = new Set(
        (await city.listIndicators())
          .filter((i) => inScope(request.scope, i.departmentId))
          .map((i) => i.id),
      );
      return latest.filter((v) => visible.has(v.indicatorId));
    },
  );

  app.post(
    '/api/areas/import',
    {
      bodyLimit: 50 * 1024 * 1024,
      config: { access: 'admin' },
      schema: {
        tags: ['city'],
        summary: 'Replace ward geometry from a GeoJSON FeatureCollection',
        body: AreaImportRequestSchema,
        response: { 200: AreaImportResponseSchema, 400: ErrorResponseSchema },
      },
    },
    async (request, reply) => {
      const { areas, problems } = parseAreaImport(request.body);
      if (problems.length > 0) {
        return reply.code(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: `${problems.length} feature(s) refused; nothing was imported`,
          issues: problems
            .slice(0, 50)
            .map((p) => ({ path: `features.${p.index}`, message: p.message })),
        });
      }
      const { created, updated } = await db.transaction((tx) =>
        createCityRepository(tx).upsertAreas(areas),
      );
      return { imported: areas.length, created, updated };
    },
  );
};
