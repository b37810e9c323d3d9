import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AlertEvent, ObservationsRecorded } from '@city-ioc/shared';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerHostKeyOf } from '../src/feeds/outbound/url-guard';
import type { Db } from '../src/store/db';
import { feed, seedBasics } from './fixtures';
import {
  ADMIN_PASSWORD,
  connectClient,
  openTestDatabase,
  type TestSocket,
  waitFor,
} from './helpers';

const { DATABASE_URL, REDIS_URL, MQTT_URL } = process.env;
const hasServices = Boolean(DATABASE_URL && REDIS_URL && MQTT_URL);
if (!hasServices) {
  console.warn(
    '[integration] DATABASE_URL, REDIS_URL and MQTT_URL are not all set: the two-process scale-out test is SKIPPED.',
  );
}

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const POLL_SECONDS = 2;
const METRICS_TOKEN = 'scale-out-test-metrics-token';

/** The `web` command of the Procfile: the test starts its processes exactly as it says. */
const procfileWebCommand = () => {
  const line = fs
    .readFileSync(path.join(REPO, 'Procfile'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith('web:'));
  if (!line) throw new Error('Procfile has no web: line');
  return line.slice('web:'.length).trim();
};

/** Builds server/dist/server.js when it is missing or older than the sources. */
const ensureServerBuilt = () => {
  const bundle = path.join(REPO, 'server/dist/server.js');
  const newestSource = (dir: string): number =>
    Math.max(
      0,
      ...fs.readdirSync(dir, { withFileTypes: true }).map((entry) => {
        const full = path.join(dir, entry.name);
        return entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs;
      }),
    );
  const sources = Math.max(
    newestSource(path.join(REPO, 'server/src')),
    newestSource(path.join(REPO, 'shared/src')),
  );
  if (!fs.existsSync(bundle) || fs.statSync(bundle).mtimeMs < sources) {
    execFileSync('node', ['build.mjs'], { cwd: path.join(REPO, 'server'), stdio: 'ignore' });
  }
};

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

interface ServerProcess {
  name: string;
  url: string;
  child: ChildProcess;
  output: string[];
  exited: Promise<void>;
}

const startProcess = async (name: string, env: Record<string, string>): Promise<ServerProcess> => {
  const port = await freePort();
  const child = spawn('sh', ['-c', `exec ${procfileWebCommand()}`], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (output.length > 400) output.splice(0, output.length - 400);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const proc = { name, url: `http://127.0.0.1:${port}`, child, output, exited };
  // Ready once started: leases taken, feeds scheduled (server.ts logs this after start()).
  await waitFor(
    () => {
      if (child.exitCode !== null) {
        throw new Error(`${name} exited: ${output.slice(-20).join('\n')}`);
      }
      return output.some((l) => l.includes('City IOC ready'));
    },
    20_000,
    `${name} started`,
  );
  return proc;
};

/** A gauge or counter value from a process's /metrics (summed over its labels). */
const metric = async (proc: ServerProcess, name: string): Promise<number> => {
  const res = await fetch(`${proc.url}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  if (res.status !== 200) throw new Error(`metrics of ${proc.name}: ${res.status}`);
  return (await res.text())
    .split('\n')
    .filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
};

/** A department server that answers the current level and remembers when it was asked. */
const startUpstream = async () => {
  const state = { level: 100, hits: [] as number[], urls: [] as string[] };
  const server: Server = createServer((req, res) => {
    state.hits.push(Date.now());
    state.urls.push(req.url ?? '');
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        stations: [{ id: 'wl-01', level: state.level, at: new Date().toISOString() }],
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    state,
    url: `http://127.0.0.1:${port}/levels`,
    host: `127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

describe.skipIf(!hasServices)('two server processes on PostgreSQL, Redis and Mosquitto', () => {
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const topicRoot = `test/${run}/mq`;
  const mqttClientId = `city-ioc-scale-${run}`;
  let db: Db;
  let drop: () => Promise<void>;
  let upstream: Awaited<ReturnType<typeof startUpstream>>;
  let a: ServerProcess;
  let b: ServerProcess;
  let cookie = '';
  const sockets: TestSocket[] = [];
  let publisher: MqttClient | undefined;

  beforeAll(async () => {
    ensureServerBuilt();
    upstream = await startUpstream();
    let url: string | undefined;
    ({ db, drop, url } = await openTestDatabase('postgres'));
    const brokerUrl = MQTT_URL as string;
    await seedBasics(db, {
      feeds: [
        feed(upstream.url, {
          config: { ...feed(upstream.url).config, intervalSeconds: POLL_SECONDS },
        }),
        {
          id: 'feed:mqtt-levels',
          name: 'Water levels over MQTT',
          departmentId: 'dept:TNMT',
          enabled: true,
          adapter: 'mqtt',
          cadence: { kind: 'interval', seconds: 60 },
          config: {
            url: brokerUrl,
            clientId: mqttClientId,
            protocolVersion: 5,
            topics: [
              {
                filter: `${topicRoot}/+/level`,
                subjectFromTopicLevel: 3,
                mapping: {
                  itemsPath: '',
                  subjectPrefix: 'site:',
                  timePath: 'at',
                  values: [{ indicatorId: 'water.level_cm', path: 'level' }],
                },
              },
            ],
          },
        } as never,
      ],
    });
    // The environment of docs/deploy.md; only PORT differs between the processes.
    const env = {
      DATABASE_URL: url as string,
      REDIS_URL: REDIS_URL as string,
      MQTT_URL: brokerUrl,
      DEMO: 'false',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      IOC_ADMIN_PASSWORD: ADMIN_PASSWORD,
      METRICS_TOKEN,
      FEED_ALLOWED_HOSTS: `${upstream.host},${brokerHostKeyOf(new URL(brokerUrl))}`,
    };
    // A first: it creates the administrator and takes every feed's lease.
    a = await startProcess('A', env);
    await waitFor(async () => (await metric(a, 'ioc_feed_leases_held')) === 2, 10_000, 'A holds');
    b = await startProcess('B', env);
    const signIn = await fetch(`${b.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    cookie = (signIn.headers.getSetCookie().find((c) => c.startsWith('ioc_session=')) ?? '').split(
      ';',
    )[0] as string;
  }, 60_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await publisher?.endAsync();
    for (const proc of [a, b]) {
      if (proc && proc.child.exitCode === null && proc.child.signalCode === null) {
        proc.child.kill('SIGTERM');
        await proc.exited;
      }
    }
    // A real broker keeps sessions for a week: end this test's.
    if (MQTT_URL) {
      const cleaner = await connectAsync(MQTT_URL, {
        clientId: mqttClientId,
        protocolVersion: 5,
        clean: true,
        properties: { sessionExpiryInterval: 0 },
        reconnectPeriod: 0,
      }).catch(() => null);
      await cleaner?.endAsync();
    }
    await upstream?.close();
    await db?.close();
    await drop?.();
  }, 30_000);

  it('starts B without feeds: A holds every lease', async () => {
    expect(await metric(a, 'ioc_feed_leases_held')).toBe(2);
    expect(await metric(b, 'ioc_feed_leases_held')).toBe(0);
  });

  it("delivers an alert raised in A to a client of B once, and A's observations through Redis", async () => {
    const onB = await connectClient(b.url, cookie);
    const onA = await connectClient(a.url, cookie);
    sockets.push(onB, onA);
    const eventsOnB: AlertEvent[] = [];
    const eventsOnA: AlertEvent[] = [];
    const observationsOnB: ObservationsRecorded['values'] = [];
    onB.on('alert:changed', (event) => eventsOnB.push(event));
    onA.on('alert:changed', (event) => eventsOnA.push(event));
    onB.on('observations:recorded', ({ values }) => observationsOnB.push(...values));

    // A polls the upstream (B holds no lease), stores 170 and the threshold rule (160) fires.
    upstream.state.level = 170;
    const raised = await waitFor(
      () => eventsOnB.find((e) => e.type === 'raised' && e.alert.ruleId === 'rule:water-high'),
      4 * POLL_SECONDS * 1000,
      'the alert on B',
    );
    await waitFor(
      () => observationsOnB.some((o) => o.subjectId === 'site:wl-01' && o.value === 170),
      5_000,
      "A's observation on B",
    );
    // Stored by A only: B's client had it through the Redis adapter.
    expect(await metric(b, 'ioc_observations_stored_total')).toBe(0);
    expect(await metric(a, 'ioc_observations_stored_total')).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1_500));
    const once = (events: AlertEvent[]) => events.filter((e) => e.seq === raised.seq).length;
    expect(once(eventsOnB)).toBe(1);
    expect(once(eventsOnA)).toBe(1);
  }, 30_000);

  it('follows a feed edit made elsewhere: the holder polls the new configuration within seconds', async () => {
    // As if edited through a third process: neither A nor B is told.
    const editedAt = Date.now();
    await db.query(
      `UPDATE feeds SET config = jsonb_set(config, '{url}', to_jsonb($1::text)), updated_at = now()
       WHERE id = 'feed:water'`,
      [`${upstream.url}?edited=1`],
    );
    await waitFor(
      () => upstream.state.urls.some((u) => u.includes('edited=1')),
      10_000,
      'a poll of the edited URL',
    );
    const index = upstream.state.urls.findIndex((u) => u.includes('edited=1'));
    console.info(
      `[scale-out] feed edited in the database: polled with the new URL ${(upstream.state.hits[index] ?? 0) - editedAt} ms later`,
    );
    // The lease stayed with A.
    expect(await metric(a, 'ioc_feed_leases_held')).toBe(2);
    expect(await metric(b, 'ioc_feed_leases_held')).toBe(0);
  }, 20_000);

  it('moves the feeds to B within two poll intervals of a kill -9 of A, losing no acknowledged message', async () => {
    publisher = await connectAsync(MQTT_URL as string, {
      clientId: `test-publisher-${run}`,
      protocolVersion: 5,
      reconnectPeriod: 0,
    });
    const base = Date.parse('2026-11-23T00:00:00Z');
    const acknowledged: string[] = [];
    let isPublishing = true;
    const publishing = (async () => {
      for (let i = 0; isPublishing; i += 1) {
        const at = new Date(base + i * 1000).toISOString();
        // Resolves on the broker's PUBACK: from then on the message is the system's to keep.
        await publisher?.publishAsync(
          `${topicRoot}/mq-01/level`,
          JSON.stringify({ level: 50, at }),
          {
            qos: 1,
          },
        );
        acknowledged.push(at);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const storedMqtt = async () =>
      (
        await db.query<{ at: Date }>(
          "SELECT observed_at AS at FROM observations WHERE subject_id = 'site:mq-01'",
        )
      ).map((r) => new Date(r.at).toISOString());
    await waitFor(async () => (await storedMqtt()).length >= 20, 10_000, 'A ingesting MQTT');

    const hitsBefore = upstream.state.hits.length;
    const lastPollByA = upstream.state.hits.at(-1) ?? 0;
    const killedAt = Date.now();
    a.child.kill('SIGKILL');
    await a.exited;
    await new Promise((r) => setTimeout(r, 2_000));
    isPublishing = false;
    await publishing;

    const firstPollByB = await waitFor(
      () => upstream.state.hits.slice(hitsBefore).find((t) => t > killedAt),
      4 * POLL_SECONDS * 1000,
      'B polling',
    );
    await waitFor(async () => (await metric(b, 'ioc_feed_leases_held')) === 2, 5_000, 'B holds');
    await waitFor(
      async () => (await storedMqtt()).length >= acknowledged.length,
      15_000,
      'every acknowledged MQTT message stored',
    );
    const stored = new Set(await storedMqtt());
    const lost = acknowledged.filter((at) => !stored.has(at));
    const takeoverMs = firstPollByB - killedAt;
    const gapMs = firstPollByB - lastPollByA;
    console.info(
      `[scale-out] kill -9 of A: B polled ${takeoverMs} ms later (${gapMs} ms after A's last poll, interval ${POLL_SECONDS * 1000} ms); MQTT: ${acknowledged.length} acknowledged, ${stored.size} stored, ${lost.length} lost`,
    );
    expect(gapMs).toBeLessThanOrEqual(2 * POLL_SECONDS * 1000);
    expect(lost).toEqual([]);
    // After the takeover B polls on its interval.
    const hitsNow = upstream.state.hits.length;
    await new Promise((r) => setTimeout(r, POLL_SECONDS * 1000 + 500));
    expect(upstream.state.hits.length).toBeGreaterThan(hitsNow);
  }, 45_000);
});
