import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, openTestDatabase, type RunningApp, startApp } from './helpers';

describe.each(ENGINES)('HTTP API on %s', (engine) => {
  let running: RunningApp;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const opened = await openTestDatabase(engine);
    drop = opened.drop;
    running = await startApp(opened.db);
  });
  afterAll(async () => {
    await running.close();
    await running.db.close();
    await drop();
  });

  it('answers health and readiness with the storage engine', async () => {
    expect((await running.app.inject('/api/health')).json()).toEqual({ status: 'ok' });
    const ready = await running.app.inject('/api/ready');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', database: 'ok', storage: engine });
  });

  it('serves runtime settings for the dashboard', async () => {
    const body = (await running.app.inject('/api/config')).json();
    expect(body).toMatchObject({
      timeZone: 'Asia/Ho_Chi_Minh',
      center: [106.7, 10.78],
      mapStyleUrl: null,
    });
  });

  it('publishes an OpenAPI document generated from the route schemas, with a UI', async () => {
    const doc = (await running.app.inject('/api/docs/json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/health',
        '/api/alerts',
        '/api/alerts/events',
        '/api/areas/import',
      ]),
    );
    expect(
      doc.paths['/api/alerts/events'].get.parameters.map((p: { name: string }) => p.name),
    ).toEqual(expect.arrayContaining(['afterSeq', 'limit']));
    const ui = await running.app.inject('/api/docs');
    expect(ui.statusCode).toBeLessThan(400);
  });

  it('refuses an invalid query with the field at fault', async () => {
    const res = await running.app.inject('/api/alerts/events?afterSeq=-4');
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].path).toBe('afterSeq');
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await running.app.inject('/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('imports ward geometry from GeoJSON and lists it', async () => {
    const square = [
      [
        [106.7, 10.77],
        [106.71, 10.77],
        [106.71, 10.78],
        [106.7, 10.78],
        [106.7, 10.77],
      ],
    ];
    const res = await running.app.inject({
      method: 'POST',
      url: '/api/areas/import',
      payload: {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            id: '26740',
            properties: { code: '26740', fullName: 'Phường Sài Gòn', fullNameEn: 'Sai Gon Ward' },
            geometry: { type: 'Polygon', coordinates: square },
          },
        ],
      },
    });
    expect(res.json()).toEqual({ imported: 1, created: 1, updated: 0 });
    const areas = (await running.app.inject('/api/areas')).json();
    expect(areas).toEqual([
      expect.objectContaining({
        id: 'area:26740',
        kind: 'ward',
        name: 'Phường Sài Gòn',
        isApproximate: false,
        centroid: [expect.closeTo(106.705, 6), expect.closeTo(10.775, 6)],
      }),
    ]);
  });

  it('refuses a GeoJSON import with a bad feature and imports nothing', async () => {
    const res = await running.app.inject({
      method: 'POST',
      url: '/api/areas/import',
      payload: {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { code: '1', name: 'Xã A' },
            geometry: { type: 'Point', coordinates: [1, 2] },
          },
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0]).toEqual({
      path: 'features.0',
      message: 'geometry must be a Polygon or MultiPolygon',
    });
    expect(
      (await running.app.inject('/api/areas')).json().map((a: { code: string }) => a.code),
    ).not.toContain('1');
  });
});
