import type { Alert } from '@city-ioc/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { alertsToCapAtom, CAP_OUTPUT_MAX_ENTRIES, capToken } from '../alerts/cap-output';
import { readAlertSnapshot } from '../store/alert-repository';
import { createCityRepository } from '../store/city-repository';
import type { Db } from '../store/db';

export const CAP_FEED_PATH = '/api/cap/alerts.atom';
/**
 * Recent alerts (active or not, newest last activity first) read to find those resolved in the
 * last 24 h; the active ones are read separately, so a burst of resolved alerts never hides one.
 */
const RECENT_LIMIT = 2_000;

/** A host name fit for a CAP sender: letters, digits, dots and dashes only. */
const senderHost = (hostname: string): string =>
  /^[A-Za-z0-9.-]+$/.test(hostname) ? hostname : capToken(hostname);

/** The asker's alerts as a CAP 1.2 Atom feed (their departments only). */
export const capOutputRoutes: FastifyPluginAsyncZod<{ db: Db; clock: () => Date }> = async (
  app,
  { db, clock },
) => {
  const city = createCityRepository(db);

  app.get(
    CAP_FEED_PATH,
    {
      config: { access: 'read' },
      schema: {
        tags: ['alerts'],
        summary: 'Alerts as a CAP 1.2 Atom feed (your departments only)',
        description:
          'Atom 1.0 with one entry per alert, each embedding a CAP 1.2 message (scope ' +
          'Restricted) with vi-VN and en-US <info> blocks: active alerts and those resolved in ' +
          'the last 24 hours (with <expires>), newest first, at most 500.',
      },
    },
    async (request, reply) => {
      const active = await readAlertSnapshot(db, {
        activeOnly: true,
        limit: CAP_OUTPUT_MAX_ENTRIES,
        scope: request.scope,
      });
      const recent = await readAlertSnapshot(db, {
        activeOnly: false,
        limit: RECENT_LIMIT,
        scope: request.scope,
      });
      const departments = await city.listDepartments();
      const byId = new Map<string, Alert>();
      for (const alert of [...active.alerts, ...recent.alerts]) {
        const seen = byId.get(alert.id);
        if (!seen || seen.version < alert.version) byId.set(alert.id, alert);
      }
      const xml = alertsToCapAtom([...byId.values()], {
        now: clock(),
        selfUrl: `${request.protocol}://${request.host}${CAP_FEED_PATH}`,
        sender: `ioc@${senderHost(request.hostname)}`,
        departments: new Map(
          departments.map((d) => [d.id, { vi: d.name.vi, en: d.name.en, code: d.code }]),
        ),
      });
      return reply
        .header('content-type', 'application/atom+xml; charset=utf-8')
        .header('cache-control', 'no-cache')
        .send(xml);
    },
  );
};
