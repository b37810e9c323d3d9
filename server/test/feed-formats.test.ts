import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { AdminFeed, FeedInput, FeedStatus } from '@city-ioc/shared';
import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCityRepository } from '../src/store/city-repository';
import { seedBasics, site } from './fixtures';
import { ENGINES, openTestDatabase, type RunningApp, startApp, waitFor } from './helpers';

const PASSWORD = 'csv-pass-9f2c1e7d';
const API_KEY = 'key-5b8e2d1f7a';

/**
 * A department's file server: a CSV report behind basic auth with ETag / Last-Modified and
 * 304s, a GeoJSON layer behind an API key header. Counts what it served.
 */
const startFileServer = async () => {
  const state = {
    csv: 'ma_tram;thoi_gian;muc_nuoc_cm\r\nwl-01;2026-11-23T10:00:00+07:00;"152,5"\r\nwl-02;2026-11-23T10:00:00+07:00;98\r\n',
    honourValidators: true,
    served: { full: 0, notModified: 0, unauthorised: 0 },
    lastAuthorization: '',
  };
  const geojson = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        id: 'wl-01',
        geometry: { type: 'Point', coordinates: [106.7, 10.76] },
        properties: { level: 161, at: '2026-11-23T03:05:00Z' },
      },
      {
        type: 'Feature',
        id: 'wl-02',
        geometry: { type: 'Point', coordinates: [106.71, 10.77] },
        properties: { level: 99, at: '2026-11-23T03:05:00Z' },
      },
    ],
  };
  const app = Fastify({ logger: false });
  app.get('/report.csv', async (request, reply) => {
    state.lastAuthorization = request.headers.authorization ?? '';
    const expected = `Basic ${Buffer.from(`ioc:${PASSWORD}`).toString('base64')}`;
    if (request.headers.authorization !== expected) {
      state.served.unauthorised += 1;
      return reply.code(401).send({ error: 'unauthorised' });
    }
    const etag = `"${createHash('sha256').update(state.csv).digest('hex').slice(0, 16)}"`;
    if (state.honourValidators && request.headers['if-none-match'] === etag) {
      state.served.notModified += 1;
      return reply.code(304).send();
    }
    state.served.full += 1;
    return reply
      .header('etag', etag)
      .type('text/csv; charset=utf-8')
      .send(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(state.csv)]));
  });
  app.get('/levels.geojson', async (request, reply) => {
    if (request.headers['x-api-key'] !== API_KEY) return reply.code(403).send({ error: 'no' });
    return reply.type('application/geo+json').send(geojson);
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { state, base: `http://127.0.0.1:${port}`, close: () => app.close() };
};

const csvFeed = (base: string, password?: string): FeedInput => ({
  id: 'feed:levels-csv',
  name: 'Báo cáo mực nước (CSV)',
  departmentId: 'dept:TNMT',
  enabled: true,
  adapter: 'http-poll',
  config: {
    url: `${base}/report.csv`,
    intervalSeconds: 1,
    timeoutMs: 2_000,
    format: 'csv',
    auth: { kind: 'basic', username: 'ioc', ...(password ? { password } : {}) },
    mapping: {
      itemsPath: '',
      subjectPath: 'ma_tram',
      subjectPrefix: 'site:',
      timePath: 'thoi_gian',
      values: [{ indicatorId: 'water.level_cm', path: 'muc_nuoc_cm' }],
    },
  },
});

describe.each(ENGINES)(
  'HTTP poll formats, credentials and conditional requests on %s',
  (engine) => {
    let running: RunningApp;
    let files: Awaited<ReturnType<typeof startFileServer>>;
    let drop: () => Promise<void>;
    let logs: string[];

    beforeEach(async () => {
      files = await startFileServer();
      const opened = await openTestDatabase(engine);
      drop = opened.drop;
      await seedBasics(opened.db);
      await createCityRepository(opened.db).upsertSites([site({ id: 'site:wl-02' })]);
      logs = [];
      const stream = new Writable({
        write(chunk, _encoding, done) {
          logs.push(String(chunk));
          done();
        },
      });
      running = await startApp(opened.db, {
        extraAllowedHosts: [new URL(files.base).host],
        logger: { level: 'debug', stream },
      });
    });
    afterEach(async () => {
      await running.close();
      await running.db.close();
      await files.close();
      await drop();
    });

    const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
      running.app.inject({
        method,
        url,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    const levels = () =>
      running.db.query<{ subject_id: string; value: number }>(
        'SELECT subject_id, value FROM observations ORDER BY subject_id',
      );
    const status = async (id: string): Promise<FeedStatus | null | undefined> =>
      ((await api('GET', '/api/admin/feeds')).json() as AdminFeed[]).find((f) => f.feed.id === id)
        ?.status;

    it('polls a CSV report with basic auth, then asks with If-None-Match and stores nothing twice', async () => {
      const created = await api('POST', '/api/admin/feeds', csvFeed(files.base, PASSWORD));
      expect(created.statusCode).toBe(201);
      await waitFor(async () => (await levels()).length === 2, 10_000, 'CSV rows stored');
      expect((await levels()).map((r) => [r.subject_id, Number(r.value)])).toEqual([
        ['site:wl-01', 152.5],
        ['site:wl-02', 98],
      ]);
      // Next polls (every second) carry the ETag and get 304: nothing more stored, feed still OK.
      await waitFor(() => files.state.served.notModified >= 2, 10_000, 'two 304 answers');
      expect(files.state.served.full).toBe(1);
      expect(await levels()).toHaveLength(2);
      const checked = await status('feed:levels-csv');
      expect(checked?.state).toBe('OK');
      expect(checked?.lastCheckedAt).not.toBeNull();

      // A server that ignores validators and answers the same bytes: skipped by content hash.
      files.state.honourValidators = false;
      await waitFor(() => files.state.served.full >= 3, 10_000, 'two full identical answers');
      expect(await levels()).toHaveLength(2);

      // New content (the next reading) is stored.
      files.state.csv = files.state.csv.replace(
        'wl-01;2026-11-23T10:00:00+07:00;"152,5"',
        'wl-01;2026-11-23T10:15:00+07:00;170',
      );
      await waitFor(
        async () => (await levels()).some((r) => Number(r.value) === 170),
        10_000,
        'changed report stored',
      );
    });

    it('never answers nor logs the credential, and keeps it when an edit leaves it out', async () => {
      await api('POST', '/api/admin/feeds', csvFeed(files.base, PASSWORD));
      await waitFor(async () => (await levels()).length === 2, 10_000, 'first poll');
      const listed = await api('GET', '/api/admin/feeds');
      expect(listed.body).not.toContain(PASSWORD);
      expect(
        (listed.json() as AdminFeed[])[0]?.feed.config as { auth: unknown } | undefined,
      ).toMatchObject({ auth: { kind: 'basic', username: 'ioc' } });

      // Edit without the password: the stored one is kept and polling goes on authorised.
      const edited = await api('PUT', '/api/admin/feeds/feed:levels-csv', {
        ...csvFeed(files.base),
        name: 'Báo cáo mực nước hằng ngày',
      });
      expect(edited.statusCode).toBe(200);
      expect(edited.body).not.toContain(PASSWORD);
      const before = files.state.served.full + files.state.served.notModified;
      await waitFor(
        () => files.state.served.full + files.state.served.notModified > before + 1,
        10_000,
        'polls after the edit',
      );
      expect(files.state.served.unauthorised).toBe(0);
      const audit = await api('GET', '/api/admin/audit');
      expect(audit.body).not.toContain(PASSWORD);

      // A wrong password: Error with an actionable reason, the secret nowhere.
      await api('PUT', '/api/admin/feeds/feed:levels-csv', csvFeed(files.base, 'wrong-password'));
      await waitFor(
        async () => (await status('feed:levels-csv'))?.state === 'Error',
        10_000,
        'feed in error',
      );
      expect((await status('feed:levels-csv'))?.lastError).toContain('credentials');
      const everything = logs.join('');
      expect(everything).toContain('feed poll failed');
      for (const secret of [
        PASSWORD,
        'wrong-password',
        Buffer.from(`ioc:${PASSWORD}`).toString('base64'),
      ]) {
        expect(everything).not.toContain(secret);
      }
    });

    it('polls GeoJSON features with an API key header, mapping ids and properties', async () => {
      const res = await api('POST', '/api/admin/feeds', {
        id: 'feed:levels-geo',
        name: 'Lớp điểm đo mực nước',
        departmentId: 'dept:TNMT',
        adapter: 'http-poll',
        config: {
          url: `${files.base}/levels.geojson`,
          intervalSeconds: 60,
          format: 'geojson',
          auth: { kind: 'header', name: 'X-Api-Key', value: API_KEY },
          mapping: {
            itemsPath: '',
            subjectPath: 'id',
            subjectPrefix: 'site:',
            timePath: 'properties.at',
            values: [{ indicatorId: 'water.level_cm', path: 'properties.level' }],
          },
        },
      });
      expect(res.statusCode).toBe(201);
      expect(res.body).not.toContain(API_KEY);
      await waitFor(async () => (await levels()).length === 2, 10_000, 'GeoJSON features stored');
      expect((await levels()).map((r) => Number(r.value))).toEqual([161, 99]);
    });

    it('tests a CSV feed with the stored credential when the form leaves it blank', async () => {
      await api('POST', '/api/admin/feeds', { ...csvFeed(files.base, PASSWORD), enabled: false });
      const tested = await api('POST', '/api/admin/feeds/test', { feed: csvFeed(files.base) });
      expect(tested.json()).toMatchObject({ ok: true, total: 2, error: null });
      // A pasted sample is mapped without fetching.
      const pasted = await api('POST', '/api/admin/feeds/test', {
        feed: csvFeed(files.base),
        sample: 'ma_tram;thoi_gian;muc_nuoc_cm\nwl-01;2026-11-23T03:00:00Z;12,5\n',
      });
      expect(pasted.json()).toMatchObject({ ok: true, total: 1, observations: [{ value: 12.5 }] });
    });

    it.each([
      [{ cron: '30 16 * * 1-5' }, 'must declare its cadence'],
      [
        { cron: '61 16 * * *', cadence: { kind: 'daily-before', localTime: '17:00' } },
        'Schedule refused',
      ],
    ])('refuses a schedule %o: %s', async (extra, message) => {
      const { cadence, ...config } = extra as { cron: string; cadence?: unknown };
      const input = csvFeed(files.base, PASSWORD);
      const res = await api('POST', '/api/admin/feeds', {
        ...input,
        ...(cadence ? { cadence } : {}),
        config: { ...input.config, ...config },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toContain(message);
    });

    it('accepts a cron schedule with a daily cadence and polls at start', async () => {
      const input = csvFeed(files.base, PASSWORD);
      const res = await api('POST', '/api/admin/feeds', {
        ...input,
        cadence: { kind: 'daily-before', localTime: '17:00' },
        config: { ...input.config, cron: '30 16 * * *' },
      });
      expect(res.statusCode).toBe(201);
      await waitFor(async () => (await levels()).length === 2, 10_000, 'poll at start');
      const feedStatus = await status('feed:levels-csv');
      expect(feedStatus?.cadence).toEqual({ kind: 'daily-before', localTime: '17:00' });
    });
  },
);
