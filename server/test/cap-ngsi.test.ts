import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AlertEvent, CapFeed, NgsiFeed } from '@city-ioc/shared';
import fc from 'fast-check';
import Fastify from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signWebhook } from '../src/feeds/webhook/signature';
import { createAlertRepository } from '../src/store/alert-repository';
import { createFeedRepository } from '../src/store/feed-repository';
import { seedBasics } from './fixtures';
import { ENGINES, openTestDatabase, type RunningApp, startApp, waitFor } from './helpers';

const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../shared/fixtures',
);
const hasFixtures = fs.existsSync(FIXTURES);
if (!hasFixtures)
  console.warn(`[integration] ${FIXTURES} is absent: CAP/NGSI fixture tests are SKIPPED.`);

const TOKEN = 'cap-and-ngsi-token-for-tests-000001';
const SECRET = `whsec_${Buffer.from('webhook-secret-for-fuzz-tests-01').toString('base64')}`;
const SENDER = 'canhbao@kttv-nambo.gov.vn';

const capFeed = (o: Partial<CapFeed> = {}): CapFeed => ({
  id: 'feed:cap',
  name: 'Cảnh báo KTTV',
  adapter: 'cap',
  departmentId: 'dept:TNMT',
  enabled: true,
  config: { mode: 'push', token: TOKEN },
  ...o,
});
const ngsiFeed: NgsiFeed = {
  id: 'feed:ngsi',
  name: 'Orion-LD',
  adapter: 'ngsi',
  departmentId: 'dept:TNMT',
  enabled: true,
  config: {
    token: TOKEN,
    mapping: {
      entityTypes: ['WaterObserved'],
      idPattern: '^urn:ngsi-ld:WaterObserved:(.+)$',
      subjectPrefix: 'site:',
      attributes: [{ attribute: 'height', indicatorId: 'water.level_cm', scale: 100 }],
    },
  },
};

const cap = (o: {
  id: string;
  sent: string;
  msgType?: string;
  status?: string;
  references?: string;
  severity?: string;
  expires?: string;
}) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${o.id}</identifier><sender>${SENDER}</sender><sent>${o.sent}</sent>
  <status>${o.status ?? 'Actual'}</status><msgType>${o.msgType ?? 'Alert'}</msgType><scope>Public</scope>
  ${o.references ? `<references>${o.references}</references>` : ''}
  <info>
    <language>vi-VN</language><category>Met</category><event>Triều cường</event>
    <urgency>Expected</urgency><severity>${o.severity ?? 'Moderate'}</severity><certainty>Likely</certainty>
    ${o.expires ? `<expires>${o.expires}</expires>` : ''}
    <headline>Cảnh báo triều cường – ${o.id}</headline>
    <area><areaDesc>Nhà Bè, Cần Giờ</areaDesc><polygon>10.60,106.70 10.60,106.80 10.70,106.80 10.70,106.70 10.60,106.70</polygon></area>
  </info>
</alert>`;

const ngsiNotification = (id: string, height: number, at: string) => ({
  id: `urn:ngsi-ld:Notification:${id}`,
  type: 'Notification',
  subscriptionId: 'urn:ngsi-ld:Subscription:water',
  notifiedAt: at,
  data: [
    {
      id: 'urn:ngsi-ld:WaterObserved:wl-01',
      type: 'WaterObserved',
      height: { type: 'Property', value: height, observedAt: at, unitCode: 'MTR' },
    },
  ],
});

describe.each(ENGINES)('CAP and NGSI ingest on %s', (engine) => {
  let running: RunningApp;
  let drop: () => Promise<void>;
  let upstream: ReturnType<typeof Fastify> | null = null;

  beforeEach(async () => {
    const opened = await openTestDatabase(engine);
    drop = opened.drop;
    await seedBasics(opened.db);
    await createFeedRepository(opened.db).upsertFeeds([capFeed(), ngsiFeed]);
    running = await startApp(opened.db);
  });
  afterEach(async () => {
    await upstream?.close();
    upstream = null;
    await running.close();
    await running.db.close();
    await drop();
  });

  const postCap = (xml: string | Buffer, token = TOKEN, feedId = 'feed:cap') =>
    running.app.inject({
      method: 'POST',
      url: `/api/ingest/cap/${feedId}`,
      headers: { 'content-type': 'application/cap+xml', authorization: `Bearer ${token}` },
      payload: xml,
    });
  const postNgsi = (body: unknown, token = TOKEN) =>
    running.app.inject({
      method: 'POST',
      url: '/api/ingest/ngsi/feed:ngsi',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      payload: body as object,
    });
  const events = async (): Promise<AlertEvent[]> =>
    (await running.app.inject('/api/alerts/events')).json().events;

  it('raises a CAP alert with its area, supersedes it with an Update, clears it with a Cancel', async () => {
    const first = await postCap(cap({ id: 'VN-1', sent: '2026-11-23T10:00:00+07:00' }));
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ duplicate: false, isLive: true });
    const [raised] = await events();
    expect(raised?.alert).toMatchObject({
      source: 'cap',
      severity: 'Moderate',
      status: 'open',
      departmentId: 'dept:TNMT',
      title: { vi: 'Cảnh báo triều cường – VN-1' },
      geometry: {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [106.7, 10.6],
              [106.8, 10.6],
              [106.8, 10.7],
              [106.7, 10.7],
              [106.7, 10.6],
            ],
          ],
        ],
      },
    });

    expect(
      (await postCap(cap({ id: 'VN-1', sent: '2026-11-23T10:00:00+07:00' }))).json().duplicate,
    ).toBe(true);

    const update = cap({
      id: 'VN-2',
      sent: '2026-11-23T11:00:00+07:00',
      msgType: 'Update',
      severity: 'Severe',
      references: `${SENDER},VN-1,2026-11-23T10:00:00+07:00`,
    });
    expect((await postCap(update)).json()).toMatchObject({
      isLive: true,
      alertId: raised?.alert.id,
    });
    const cancel = cap({
      id: 'VN-3',
      sent: '2026-11-23T12:00:00+07:00',
      msgType: 'Cancel',
      references: `${SENDER},VN-2,2026-11-23T11:00:00+07:00`,
    });
    expect((await postCap(cancel)).json()).toMatchObject({
      isLive: false,
      alertId: raised?.alert.id,
    });

    expect(
      (await events()).map((e) => [e.type, e.alert.severity, e.alert.id === raised?.alert.id]),
    ).toEqual([
      ['raised', 'Moderate', true],
      ['updated', 'Severe', true],
      ['resolved', 'Severe', true],
    ]);
  });

  it('shows nothing for a warning that had expired when it arrived, and ends one when its time passes', async () => {
    const late = await postCap(
      cap({
        id: 'VN-OLD',
        sent: '2020-01-01T10:00:00+07:00',
        expires: '2020-01-01T12:00:00+07:00',
      }),
    );
    expect(late.json()).toMatchObject({
      isLive: false,
      note: 'the warning had expired when it arrived',
    });
    expect(await events()).toEqual([]);

    const soon = new Date(Date.now() + 60_000)
      .toISOString()
      .replace('Z', '+00:00')
      .replace(/\.\d{3}/, '');
    await postCap(cap({ id: 'VN-SOON', sent: '2026-11-23T10:00:00+07:00', expires: soon }));
    const repo = createAlertRepository(running.db);
    expect(
      await running.db.transaction((tx) =>
        createAlertRepository(tx).resolveExpired(new Date().toISOString()),
      ),
    ).toEqual([]);
    const ended = await running.db.transaction((tx) =>
      createAlertRepository(tx).resolveExpired(new Date(Date.now() + 120_000).toISOString()),
    );
    expect(ended.map((e) => [e.type, e.alert.title.vi])).toEqual([
      ['resolved', 'Cảnh báo triều cường – VN-SOON'],
    ]);
    expect(await repo.headSeq()).toBe(2);
  });

  it.each(['Test', 'Draft', 'System', 'Exercise'])(
    'records a %s message but never shows it as live',
    async (status) => {
      const res = await postCap(
        cap({ id: `VN-${status}`, sent: '2026-11-23T10:00:00+07:00', status }),
      );
      expect(res.json()).toMatchObject({ isLive: false, alertId: null });
      expect(await events()).toEqual([]);
    },
  );

  it('refuses a CAP push without the token, and an unsafe or invalid document, storing nothing', async () => {
    expect(
      (
        await postCap(
          cap({ id: 'VN-9', sent: '2026-11-23T10:00:00+07:00' }),
          'wrong-token-wrong-token-wrong',
        )
      ).statusCode,
    ).toBe(401);
    const xxe = `<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&xxe;</identifier></alert>`;
    const refused = await postCap(xxe);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().message).toMatch(/DOCTYPE|entit/i);
    expect(await events()).toEqual([]);
  });

  it.skipIf(!hasFixtures)(
    'accepts every valid real CAP sample and refuses every invalid one with a reason',
    async () => {
      const dir = (sub: string) =>
        fs.readdirSync(path.join(FIXTURES, 'cap', sub)).filter((f) => f.endsWith('.xml'));
      for (const file of [...dir('real'), ...dir('oasis-spec')]) {
        const sub = dir('real').includes(file) ? 'real' : 'oasis-spec';
        const res = await postCap(fs.readFileSync(path.join(FIXTURES, 'cap', sub, file)));
        expect([file, res.statusCode]).toEqual([file, 200]);
      }
      for (const file of dir('invalid')) {
        const res = await postCap(
          fs.readFileSync(path.join(FIXTURES, 'cap', 'invalid', file), 'utf8'),
        );
        expect([file, res.statusCode]).toEqual([file, 422]);
        expect(res.json().message.length).toBeGreaterThan(10);
      }
    },
  );

  it('stores an NGSI-LD notification once, mapped by configuration, and refuses a wrong token', async () => {
    const body = ngsiNotification('n1', 1.72, '2026-11-23T03:00:00Z');
    expect((await postNgsi(body, 'x'.repeat(TOKEN.length))).statusCode).toBe(401);
    expect((await postNgsi(body)).json()).toMatchObject({ duplicate: false, stored: 1 });
    expect((await postNgsi(body)).json()).toMatchObject({ duplicate: true, stored: 0 });
    const latest = (await running.app.inject('/api/observations/latest')).json();
    expect(latest).toEqual([
      expect.objectContaining({
        indicatorId: 'water.level_cm',
        subjectId: 'site:wl-01',
        value: 172,
      }),
    ]);
    expect((await running.app.inject('/api/alerts')).json().alerts).toHaveLength(1);
  });

  it('reconciles NGSI entities and polls a CAP Atom feed from an allow-listed upstream', async () => {
    const server = Fastify({ logger: false });
    upstream = server;
    server.get(
      '/ngsi-ld/v1/entities',
      async () => ngsiNotification('r', 1.2, '2026-11-23T04:00:00Z').data,
    );
    server.get('/cap.atom', async (_req, reply) =>
      reply.type('application/atom+xml').send(`<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:kttv:nambo</id><title>Cảnh báo</title><updated>2026-11-23T03:00:00Z</updated>
<entry><id>urn:kttv:VN-77</id><title>Triều cường</title><updated>2026-11-23T03:00:00Z</updated>
<content type="application/cap+xml">${cap({ id: 'VN-77', sent: '2026-11-23T10:00:00+07:00' }).replace(/<\?xml[^>]*\?>/, '')}</content></entry></feed>`),
    );
    await server.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(server.server.address() as { port: number }).port}`;
    await running.close();
    running = await startApp(running.db, {
      extraAllowedHosts: [new URL(base).host],
      logger: { level: 'warn' },
    });
    await createFeedRepository(running.db).upsertFeeds([
      {
        ...ngsiFeed,
        config: {
          ...ngsiFeed.config,
          reconcile: {
            url: `${base}/ngsi-ld/v1/entities?type=WaterObserved`,
            intervalSeconds: 1,
            timeoutMs: 2_000,
          },
        },
      },
      capFeed({
        id: 'feed:cap-poll',
        config: {
          mode: 'poll',
          poll: { url: `${base}/cap.atom`, intervalSeconds: 1, timeoutMs: 2_000 },
        },
      }),
    ]);
    await running.app.ioc.reloadFeeds();
    await waitFor(
      async () => (await events()).some((e) => e.alert.title.vi.includes('VN-77')),
      10_000,
      'CAP poll alert',
    );
    await waitFor(
      async () =>
        (await running.app.inject('/api/observations/latest'))
          .json()
          .some((v: { value: number }) => v.value === 120),
      10_000,
      'reconciled value',
    );
    // Polling the same feed again raises nothing new.
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await events()).filter((e) => e.alert.title.vi.includes('VN-77'))).toHaveLength(1);
  });

  it('never answers 5xx and stores nothing for garbage on any ingest endpoint', async () => {
    await createFeedRepository(running.db).upsertFeeds([
      {
        id: 'feed:hook',
        name: 'hook',
        adapter: 'webhook',
        departmentId: 'dept:TNMT',
        enabled: true,
        config: {
          secrets: [SECRET],
          mapping: {
            itemsPath: '',
            subjectPath: 'station',
            subjectPrefix: 'site:',
            values: [{ indicatorId: 'water.level_cm', path: 'level' }],
          },
        },
      },
    ]);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
        ),
        async (garbage) => {
          n += 1;
          const id = `fz_${n}`;
          const ts = Math.floor(Date.now() / 1000);
          const responses = await Promise.all([
            postCap(garbage),
            running.app.inject({
              method: 'POST',
              url: '/api/ingest/ngsi/feed:ngsi',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
              payload: garbage,
            }),
            running.app.inject({
              method: 'POST',
              url: '/api/ingest/webhook/feed:hook',
              headers: {
                'content-type': 'application/json',
                'webhook-id': id,
                'webhook-timestamp': String(ts),
                'webhook-signature': signWebhook({
                  id,
                  timestamp: ts,
                  body: garbage,
                  secret: SECRET,
                }),
              },
              payload: garbage,
            }),
          ]);
          for (const res of responses) expect(res.statusCode).toBeLessThan(500);
        },
      ),
      { numRuns: 60 },
    );
    const stored = await running.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM observations',
    );
    expect(stored[0]?.n).toBe(0);
    expect(await events()).toEqual([]);
  });
});
