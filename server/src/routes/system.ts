import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ClientConfigSchema,
  HealthResponseSchema,
  PROTOCOL_VERSION,
  ReadyResponseSchema,
} from '@city-ioc/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppConfig } from '../config/env';
import type { Db } from '../store/db';

export interface SystemRoutesOptions {
  db: Db;
  config: AppConfig;
  version: string;
}

/** Liveness, readiness and the dashboard's runtime settings. */
export const systemRoutes: FastifyPluginAsyncZod<SystemRoutesOptions> = async (
  app,
  { db, config, version },
) => {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'The process is alive',
        response: { 200: HealthResponseSchema },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/api/ready',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'The database answers: ready to serve',
        response: { 200: ReadyResponseSchema, 503: ReadyResponseSchema },
      },
    },
    async (_request, reply) => {
      try {
        await db.query('SELECT 1');
        return { status: 'ready' as const, database: 'ok' as const, storage: db.kind };
      } catch {
        return reply
          .code(503)
          .send({ status: 'not_ready', database: 'unreachable', storage: db.kind });
      }
    },
  );

  app.get(
    '/api/config',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Runtime settings of the dashboard',
        response: { 200: ClientConfigSchema },
      },
    },
    async () => ({
      clientBuild: await readClientBuild(config.clientDist),
      cityName: { vi: 'Thành phố Hồ Chí Minh', en: 'Ho Chi Minh City' },
      center: [106.7, 10.78] as [number, number],
      zoom: 10,
      mapStyleUrl: config.mapStyleUrl,
      timeZone: 'Asia/Ho_Chi_Minh',
      protocolVersion: PROTOCOL_VERSION,
      isDemo: config.isDemo,
      version,
    }),
  );
};

/** The entry script named in an index.html: the build a screen is running. Pure. */
export const clientBuildOf = (indexHtml: string): string | null =>
  /<script[^>]*type="module"[^>]*src="([^"]+)"/.exec(indexHtml)?.[1] ??
  /<script[^>]*src="([^"]+)"[^>]*type="module"/.exec(indexHtml)?.[1] ??
  null;

const readClientBuild = async (clientDist: string | null) => {
  if (!clientDist) return null;
  try {
    return clientBuildOf(await readFile(path.join(clientDist, 'index.html'), 'utf8'));
  } catch {
    return null;
  }
};
