import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/**
 * OpenAPI document generated from the same zod schemas that validate requests, at
 * /api/docs/json, with a browsable UI at /api/docs.
 */
export const registerOpenApi = async (app: FastifyInstance, version: string) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'City IOC API',
        description:
          'Intelligent Operations Centre: city reference data, feeds, observations and alerts.',
        version,
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      tags: [
        { name: 'system', description: 'Health, readiness and runtime settings' },
        { name: 'city', description: 'Departments, wards, sites, indicators and values' },
        { name: 'alerts', description: 'Alerts and their event log' },
        { name: 'feeds', description: 'Data feeds and their health' },
        { name: 'ingest', description: 'Data pushed by departments' },
        { name: 'admin', description: 'Configuration by administrators' },
      ],
    },
    transform: jsonSchemaTransform,
  });
  // Its own CSP for its own pages (it ships inline styles).
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
};
