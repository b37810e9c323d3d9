import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Alert, WebhookDelivery, WebhookSubscription } from '@city-ioc/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../src/feeds/webhook/signature';
import { createAlertRepository } from '../src/store/alert-repository';
import type { Db } from '../src/store/db';
import { seedBasics } from './fixtures';
import { ENGINES, openTestDatabase, type RunningApp, startApp, waitFor } from './helpers';

interface Received {
  headers: IncomingMessage['headers'];
  body: Buffer;
  json: { type: string; seq: number; at: string; alert: Alert | null };
}

/**
 * A real HTTP receiver on 127.0.0.1. It answers each request with the next status of `script`
 * (200 once the script runs out); `hang` leaves a request unanswered until the receiver closes.
 */
const startReceiver = async () => {
  const received: Received[] = [];
  const hanging: ServerResponse[] = [];
  let script: (number | 'hang')[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      received.push({ headers: req.headers, body, json: JSON.parse(body.toString('utf8')) });
      const next = script.shift() ?? 200;
      if (next === 'hang') {
        hanging.push(res);
        return;
      }
      res.writeHead(next, { 'content-type': 'text/plain' }).end(next === 200 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/ioc?token=abc`,
    host: `127.0.0.1:${port}`,
    received,
    answer: (statuses: (number | 'hang')[]) => {
      script = [...statuses];
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

const RETRY = { delaysMs: [100, 100], jitterRatio: 0 };

const observation = (value: number, observedAt = '2026-11-23T03:00:00.000Z') => ({
  indicatorId: 'water.level_cm',
  subjectId: 'site:wl-01',
  observedAt,
  value,
});

describe.each(ENGINES)('outbound webhooks on %s', (engine) => {
  let db: Db;
  let drop: () => Promise<void>;
  let running: RunningApp | null;
  let receiver: Receiver;
  let subscription: WebhookSubscription;
  let secret: string;

  const start = async () => {
    running = await startApp(db, { extraAllowedHosts: [receiver.host], webhookRetry: RETRY });
    return running;
  };
  const app = () => {
    if (!running) throw new Error('the app is not running');
    return running.app;
  };
  const deliveries = async (): Promise<WebhookDelivery[]> =>
    (await app().inject(`/api/admin/webhooks/${subscription.id}/deliveries`)).json();
  const verify = (request: Received, secrets = [secret]) =>
    verifyWebhook({
      headers: request.headers as Record<string, string>,
      body: request.body,
      secrets,
      nowSeconds: Math.floor(Date.now() / 1_000),
    });

  beforeEach(async () => {
    const opened = await openTestDatabase(engine);
    db = opened.db;
    drop = opened.drop;
    await seedBasics(db);
    receiver = await startReceiver();
    await start();
    const created = await app().inject({
      method: 'POST',
      url: '/api/admin/webhooks',
      payload: { name: 'Trung tâm 115', url: receiver.url },
    });
    expect(created.statusCode).toBe(201);
    ({ subscription, secret } = created.json());
  });
  afterEach(async () => {
    await running?.close();
    running = null;
    await receiver.close();
    await db.close();
    await drop();
  });

  it('delivers a raised alert once, signed so that a Standard Webhooks verifier accepts it', async () => {
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    await app().ioc.ingest.ingest(null, [observation(171)]);
    const [request] = await waitFor(
      () => receiver.received.length === 1 && receiver.received,
      10_000,
      'the delivery',
    );
    expect(request?.json).toMatchObject({
      type: 'alert.raised',
      alert: { departmentId: 'dept:TNMT', severity: 'Severe', status: 'open' },
    });
    expect(verify(request as Received)).toMatchObject({ ok: true });
    expect(
      verify(request as Received, ['whsec_d3JvbmctYnV0LWxvbmctZW5vdWdoLXNlY3JldA==']),
    ).toMatchObject({
      ok: false,
    });
    expect(request?.headers['webhook-id']).toBe(
      `evt_${request?.json.seq}_${subscription.id}`.replaceAll('.', '_'),
    );
    expect(request?.headers['content-type']).toBe('application/json');

    const log = await waitFor(
      async () => {
        const all = await deliveries();
        return all[0]?.status === 'delivered' && all;
      },
      5_000,
      'the delivered row',
    );
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ attempts: 1, lastStatus: 200, eventType: 'raised' });
    // Further passes find nothing new to send.
    await app().ioc.webhooks.poke();
    await app().ioc.webhooks.poke();
    expect(receiver.received).toHaveLength(1);
  });

  it('retries after 500, 500 and is delivered on the third attempt, with the same webhook-id', async () => {
    receiver.answer([500, 500, 200]);
    await app().ioc.ingest.ingest(null, [observation(171)]);
    const [row] = await waitFor(
      async () => {
        const all = await deliveries();
        return all[0]?.status === 'delivered' && all;
      },
      10_000,
      'delivered after retries',
    );
    expect(row).toMatchObject({ attempts: 3, lastStatus: 200, lastError: null });
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    for (const request of receiver.received) expect(verify(request).ok).toBe(true);
  });

  it('marks a delivery failed after its last attempt, and an administrator can retry it', async () => {
    receiver.answer([500, 503, 500]);
    await app().ioc.ingest.ingest(null, [observation(171)]);
    const [failed] = await waitFor(
      async () => {
        const all = await deliveries();
        return all[0]?.status === 'failed' && all;
      },
      10_000,
      'the failed delivery',
    );
    expect(failed).toMatchObject({ attempts: 3, lastStatus: 500 });
    expect(failed?.lastError).toContain('500');
    const list = (await app().inject('/api/admin/webhooks')).json() as WebhookSubscription[];
    expect(list[0]?.health).toMatchObject({ lastStatus: 'failed', failedCount: 1 });

    const retried = await app().inject({
      method: 'POST',
      url: `/api/admin/webhooks/deliveries/${failed?.id}/retry`,
    });
    expect(retried.statusCode).toBe(200);
    await waitFor(
      async () => (await deliveries())[0]?.status === 'delivered',
      10_000,
      'delivered after the retry',
    );
    expect(receiver.received).toHaveLength(4);
    const again = await app().inject({
      method: 'POST',
      url: `/api/admin/webhooks/deliveries/${failed?.id}/retry`,
    });
    expect(again.statusCode).toBe(404);
  });

  it('still delivers after a restart when the app stopped between the commit and the answer', async () => {
    receiver.answer(['hang']);
    await app().ioc.ingest.ingest(null, [observation(171)]);
    await waitFor(() => receiver.received.length === 1, 10_000, 'the first (unanswered) attempt');
    await running?.close();
    running = null;
    expect(
      (await db.query<{ status: string }>('SELECT status FROM webhook_deliveries'))[0],
    ).toEqual({ status: 'pending' });
    await start();
    await waitFor(() => receiver.received.length === 2, 10_000, 'the delivery after the restart');
    const [row] = await deliveries();
    expect(row).toMatchObject({ status: 'delivered', lastStatus: 200 });
    expect(receiver.received[1]?.headers['webhook-id']).toBe(
      receiver.received[0]?.headers['webhook-id'],
    );
  });

  it('delivers an event committed while no app was running (the outbox cursor is stored)', async () => {
    await app().ioc.ingest.ingest(null, [observation(171)]);
    await waitFor(() => receiver.received.length === 1, 10_000, 'the first delivery');
    const alert = receiver.received[0]?.json.alert as Alert;
    await running?.close();
    running = null;
    const written = await db.transaction((tx) =>
      createAlertRepository(tx).appendEvent(
        { ...alert, occurrences: 2, version: alert.version + 1 },
        'updated',
        '2026-11-23T03:01:00.000Z',
      ),
    );
    await start();
    await waitFor(() => receiver.received.length === 2, 10_000, 'the event written meanwhile');
    expect(receiver.received[1]?.json).toMatchObject({ type: 'alert.updated', seq: written.seq });
  });

  it('does not deliver an event of an alert that was silenced at the time', async () => {
    await app().ioc.ingest.ingest(null, [observation(171)]);
    await waitFor(() => receiver.received.length === 1, 10_000, 'the first delivery');
    const alert = receiver.received[0]?.json.alert as Alert;
    const [silenced, loud] = await db.transaction(async (tx) => {
      const alerts = createAlertRepository(tx);
      return [
        await alerts.appendEvent(
          { ...alert, silencedUntil: '2026-11-23T05:00:00.000Z' } as Alert,
          'updated',
          '2026-11-23T03:01:00.000Z',
        ),
        await alerts.appendEvent(
          { ...alert, silencedUntil: '2026-11-23T03:30:00.000Z' } as Alert,
          'updated',
          '2026-11-23T04:00:00.000Z',
        ),
      ];
    });
    await app().ioc.webhooks.poke();
    await waitFor(() => receiver.received.length === 2, 10_000, 'the unsilenced event');
    expect(receiver.received.map((r) => r.json.seq)).toEqual([
      receiver.received[0]?.json.seq,
      loud?.seq,
    ]);
    expect((await deliveries()).map((d) => d.eventSeq)).not.toContain(silenced?.seq);
  });

  it('keeps the secret write-only: never in answers or the audit log; a blank secret keeps it', async () => {
    const list = await app().inject('/api/admin/webhooks');
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(secret);
    expect(list.json()[0]).not.toHaveProperty('secret');

    const updated = await app().inject({
      method: 'PUT',
      url: `/api/admin/webhooks/${subscription.id}`,
      payload: {
        name: 'Trung tâm 115 (mới)',
        url: receiver.url,
        secret: '',
        minSeverity: 'Severe',
      },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.body).not.toContain(secret);
    expect(updated.json()).toMatchObject({ name: 'Trung tâm 115 (mới)', minSeverity: 'Severe' });

    const ping = await app().inject({
      method: 'POST',
      url: `/api/admin/webhooks/${subscription.id}/test`,
    });
    expect(ping.json()).toMatchObject({ ok: true, status: 200, error: null });
    const [request] = receiver.received;
    expect(request?.json).toMatchObject({ type: 'alert.test', alert: null });
    // Signed with the secret shown at creation: the blank one in the update kept it.
    expect(verify(request as Received).ok).toBe(true);
    expect(await deliveries()).toEqual([]);

    const audit = await db.query<{ action: string; text: string }>(
      "SELECT action, details::text AS text FROM audit_log WHERE action LIKE 'webhook.%' ORDER BY id",
    );
    expect(audit.map((a) => a.action)).toEqual(['webhook.created', 'webhook.updated']);
    for (const entry of audit) expect(entry.text).not.toContain(secret.slice(6));
  });

  it('refuses a URL the outbound guard refuses, and a malformed secret', async () => {
    const bad = await app().inject({
      method: 'POST',
      url: '/api/admin/webhooks',
      payload: { name: 'Metadata', url: 'http://169.254.169.254/latest' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('refused');
    const badSecret = await app().inject({
      method: 'POST',
      url: '/api/admin/webhooks',
      payload: { name: 'Bad secret', url: receiver.url, secret: 'whsec_not base64 at all!!' },
    });
    expect(badSecret.statusCode).toBe(400);
    expect(badSecret.body).not.toContain('not base64 at all');
  });
});
