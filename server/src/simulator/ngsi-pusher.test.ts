import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseNgsiNotification } from '../feeds/ngsi/parse';
import { DEFAULT_TRAFFIC_SUBSCRIPTION_ID, startNgsiPusher } from './ngsi-pusher';
import { TRAFFIC_SEGMENTS } from './traffic';

const NOW = new Date('2025-11-04T00:45:12Z');
const TARGET = 'http://ioc.test/api/ingest/ngsi/feed:sim-traffic';
const TOKEN = 'sim-traffic-token-0123456789abcdef';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('startNgsiPusher', () => {
  it('POSTs an NGSI-LD notification with the bearer token every interval, until stopped', async () => {
    const fetchMock = vi.fn(async (_url: string, _init: RequestInit) => new Response('{}'));
    vi.stubGlobal('fetch', fetchMock);
    const pusher = startNgsiPusher({
      targetUrl: TARGET,
      token: TOKEN,
      intervalMs: 10,
      seed: 168,
      clock: () => NOW,
    });
    await vi.waitFor(() => expect(fetchMock.mock.calls.length).toBeGreaterThanOrEqual(2));
    await pusher.stop();
    const calls = fetchMock.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(fetchMock.mock.calls.length).toBe(calls);

    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe(TARGET);
    expect(init?.method).toBe('POST');
    const headers = init?.headers as Record<string, string>;
    expect(headers['content-type']).toBe('application/json');
    expect(headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(headers.link).toContain('rel="http://www.w3.org/ns/json-ld#context"');
    const parsed = parseNgsiNotification(JSON.parse(String(init?.body)));
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.subscriptionId).toBe(DEFAULT_TRAFFIC_SUBSCRIPTION_ID);
    expect(parsed.entities).toHaveLength(TRAFFIC_SEGMENTS.length);
    // Each notification has its own id, so the IOC never takes a new one for a repeat.
    const ids = fetchMock.mock.calls.map(([, i]) => JSON.parse(String(i.body)).id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps one request in flight, aborts it on stop and reports failures', async () => {
    const errors: string[] = [];
    let signal: AbortSignal | undefined;
    const fetchMock = vi.fn(
      (_url: string, init: RequestInit) =>
        new Promise<Response>((_resolve, reject) => {
          signal = init.signal ?? undefined;
          signal?.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const pusher = startNgsiPusher({
      targetUrl: TARGET,
      token: TOKEN,
      intervalMs: 5,
      seed: 168,
      clock: () => NOW,
      onError: (message) => errors.push(message),
    });
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    await pusher.stop();
    expect(signal?.aborted).toBe(true);
    expect(errors).toEqual([]);

    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('nope', { status: 401 })),
    );
    const failing = startNgsiPusher({
      targetUrl: TARGET,
      token: 'wrong',
      intervalMs: 5,
      seed: 168,
      clock: () => NOW,
      onError: (message) => errors.push(message),
    });
    await vi.waitFor(() => expect(errors.length).toBeGreaterThan(0));
    await failing.stop();
    expect(errors[0]).toBe('traffic NGSI notification answered HTTP 401');
  });
});
