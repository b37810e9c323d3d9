/**
 * Node-RED side by side, the same work on both: MQTT in → threshold (with a clear level, so a
 * reading above 160 raises and one at 150 or below resolves, per subject) → WebSocket out.
 *
 * - Node-RED: installed by this script into a temporary folder (`npm install --prefix`, never
 *   a project dependency), flow `mqtt in` → `function` (the threshold, state per subject in
 *   the node's context) → `websocket out`, run headless; a `ws` client receives.
 * - Ours: the app on a fresh PGlite database (and PostgreSQL when DATABASE_URL is set) with an
 *   MQTT feed and the threshold rule; each message is stored, evaluated and committed before
 *   its PUBACK, and the alert goes out as `alert:changed` to a Socket.IO client.
 *
 * The publisher (QoS 1) keeps at most BENCH_MQTT_WINDOW messages unanswered, so neither side
 * is fed faster than it answers and the broker never drops; messages/s = messages ÷ (last
 * output − first publish). Skipped when the broker at MQTT_URL (mqtt://127.0.0.1:1883) is not
 * reachable.
 *
 *   pnpm bench node-red          BENCH_MQTT_MESSAGES (3,000)  BENCH_MQTT_SUBJECTS (100)
 *                                BENCH_MQTT_WINDOW (200)  BENCH_NODE_RED_DIR (reuse an install)
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AlertEvent } from '@city-ioc/shared';
import { envInt, envString } from './lib/env';
import { SERVER_PACKAGE_JSON } from './lib/paths';
import { freePort } from './lib/product';
import { createReport, type Report, runBench } from './lib/report';
import { startServer } from './lib/server';

const MESSAGES = envInt('BENCH_MQTT_MESSAGES', 3_000);
const SUBJECTS = envInt('BENCH_MQTT_SUBJECTS', 100);
const WINDOW = envInt('BENCH_MQTT_WINDOW', 200);
const MQTT_URL = envString('MQTT_URL') ?? 'mqtt://127.0.0.1:1883';
const RUN = randomUUID().slice(0, 8);
const PROBE = SUBJECTS; // subject index of the readiness probes, not counted

interface MqttClient {
  publish(topic: string, payload: string, opts: { qos: 0 | 1 }, cb: (error?: Error) => void): void;
  once(event: 'connect' | 'error', listener: (arg?: unknown) => void): void;
  end(force: boolean, opts: object, cb: () => void): void;
}
interface Receiver {
  /** Outputs received for the counted subjects, and when the last one came. */
  count: () => number;
  lastAt: () => number;
  hasProbe: () => boolean;
  close: () => Promise<void>;
}

const serverRequire = createRequire(SERVER_PACKAGE_JSON);
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const isReachable = (url: string) =>
  new Promise<boolean>((resolve) => {
    const u = new URL(url);
    const socket = net.connect({ host: u.hostname, port: Number(u.port || 1883) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });

const connectPublisher = async (): Promise<MqttClient> => {
  const mqtt = serverRequire('mqtt') as { connect: (url: string, o: object) => MqttClient };
  const client = mqtt.connect(MQTT_URL, {
    clientId: `bench-pub-${RUN}`,
    clean: true,
    reconnectPeriod: 0,
  });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', (e) => reject(e as Error));
  });
  return client;
};

/** Message k: subject k mod S; per subject the readings alternate 200 (raise) and 100 (resolve). */
const message = (prefix: string, k: number, baseMs: number) => {
  const subject = k % SUBJECTS;
  const nth = Math.floor(k / SUBJECTS);
  return {
    topic: `${prefix}/b${subject}`,
    payload: JSON.stringify({
      at: new Date(baseMs + nth * 1_000).toISOString(),
      level: nth % 2 === 0 ? 200 : 100,
    }),
  };
};

/** Publishes until the receiver answers a probe, so the subscriber is surely in place. */
const awaitProbe = async (publisher: MqttClient, prefix: string, receiver: Receiver) => {
  const deadline = Date.now() + 60_000;
  let nth = 0;
  while (!receiver.hasProbe()) {
    if (Date.now() > deadline) throw new Error(`no answer to probes on ${prefix} in 60 s`);
    const payload = JSON.stringify({
      at: new Date(Date.now() - 3_600_000 + nth * 1_000).toISOString(),
      level: nth % 2 === 0 ? 200 : 100,
    });
    nth += 1;
    publisher.publish(`${prefix}/b${PROBE}`, payload, { qos: 1 }, () => {});
    await sleep(500);
  }
};

/** The closed loop: at most WINDOW messages without their output; resolves with messages/s. */
const drive = async (publisher: MqttClient, prefix: string, receiver: Receiver) => {
  const baseMs = Date.now() - 86_400_000;
  const started = now();
  const startCount = receiver.count();
  let published = 0;
  let seenWhilePublishing = receiver.count();
  let progressWhilePublishingAt = Date.now();
  while (published < MESSAGES) {
    if (published - (receiver.count() - startCount) >= WINDOW) {
      if (receiver.count() !== seenWhilePublishing) {
        seenWhilePublishing = receiver.count();
        progressWhilePublishingAt = Date.now();
      } else if (Date.now() - progressWhilePublishingAt > 15_000) {
        throw new Error(`${prefix}: stalled at ${receiver.count() - startCount} outputs`);
      }
      await new Promise((r) => setTimeout(r, 1));
      continue;
    }
    const m = message(prefix, published, baseMs);
    publisher.publish(m.topic, m.payload, { qos: 1 }, () => {});
    published += 1;
    // Let the socket write now and then rather than queueing the whole window in one tick.
    if (published % 50 === 0) await new Promise((r) => setImmediate(r));
  }
  // Done when every output is in; stalled when none came for 15 s.
  let seen = receiver.count();
  let progressAt = Date.now();
  while (receiver.count() - startCount < MESSAGES) {
    if (receiver.count() !== seen) {
      seen = receiver.count();
      progressAt = Date.now();
    } else if (Date.now() - progressAt > 15_000) {
      throw new Error(`${prefix}: stalled at ${seen - startCount}/${MESSAGES} outputs`);
    }
    await sleep(10);
  }
  return MESSAGES / ((receiver.lastAt() - started) / 1000);
};

// ---------------------------------------------------------------- Node-RED

const NODE_RED_THRESHOLD = `
const subject = msg.topic.split('/').pop();
const value = Number(msg.payload.level);
const firing = context.get('firing') || {};
let type = null;
if (!firing[subject] && value > 160) { firing[subject] = true; type = 'raised'; }
else if (firing[subject] && value <= 150) { firing[subject] = false; type = 'resolved'; }
if (type === null) return null;
context.set('firing', firing);
msg.payload = JSON.stringify({ type, subjectId: 'site:' + subject, value, at: msg.payload.at });
return msg;
`;

const nodeRedFlow = (prefix: string) => {
  const broker = new URL(MQTT_URL);
  return [
    { id: 'bench-tab', type: 'tab', label: 'bench' },
    {
      id: 'bench-broker',
      type: 'mqtt-broker',
      name: 'bench',
      broker: broker.hostname,
      port: broker.port || '1883',
      clientid: `node-red-bench-${RUN}`,
      autoConnect: true,
      usetls: false,
      protocolVersion: '4',
      keepalive: '60',
      cleansession: true,
    },
    {
      id: 'bench-in',
      type: 'mqtt in',
      z: 'bench-tab',
      topic: `${prefix}/+`,
      qos: '1',
      datatype: 'json',
      broker: 'bench-broker',
      nl: false,
      rap: true,
      rh: 0,
      inputs: 0,
      wires: [['bench-threshold']],
    },
    {
      id: 'bench-threshold',
      type: 'function',
      z: 'bench-tab',
      name: 'threshold',
      func: NODE_RED_THRESHOLD,
      outputs: 1,
      wires: [['bench-ws-out']],
    },
    {
      id: 'bench-ws-out',
      type: 'websocket out',
      z: 'bench-tab',
      server: 'bench-ws',
      client: '',
      wires: [],
    },
    { id: 'bench-ws', type: 'websocket-listener', path: '/ws/alerts', wholemsg: 'false' },
  ];
};

const installNodeRed = async (report: Report) => {
  const reuse = envString('BENCH_NODE_RED_DIR');
  if (reuse && fs.existsSync(path.join(reuse, 'node_modules/node-red/red.js'))) {
    return { dir: reuse, isTemporary: false };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ioc-bench-node-red-'));
  const started = Date.now();
  console.log(`[bench] node-red      installing node-red into ${dir} (npm) …`);
  try {
    await promisify(execFile)(
      'npm',
      [
        'install',
        '--prefix',
        dir,
        'node-red',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        '--omit=dev',
      ],
      { timeout: 600_000, maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const version = (
    JSON.parse(fs.readFileSync(path.join(dir, 'node_modules/node-red/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  report.note(
    `Node-RED ${version} installed in ${((Date.now() - started) / 1000).toFixed(0)} s (temporary folder, removed after)`,
  );
  return { dir, isTemporary: true };
};

const startNodeRed = async (dir: string, prefix: string) => {
  const userDir = path.join(dir, `user-${RUN}`);
  fs.mkdirSync(userDir, { recursive: true });
  fs.writeFileSync(path.join(userDir, 'flows.json'), JSON.stringify(nodeRedFlow(prefix), null, 2));
  const port = await freePort();
  const log: string[] = [];
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(dir, 'node_modules/node-red/red.js'),
      '--userDir',
      userDir,
      '--port',
      String(port),
      'flows.json',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  process.once('exit', () => child.kill('SIGKILL'));
  const keep = (chunk: Buffer) => {
    log.push(chunk.toString());
    if (log.length > 200) log.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(userDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  while (!log.join('').includes('Started flows')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`Node-RED did not start:\n${log.join('')}`);
    }
    await sleep(200);
  }
  return { port, pid: child.pid as number, stop, log };
};

const nodeRedReceiver = async (dir: string, port: number): Promise<Receiver> => {
  const WebSocket = createRequire(path.join(dir, 'node_modules/node-red/package.json'))(
    'ws',
  ) as new (
    url: string,
  ) => {
    on(event: string, listener: (data: unknown) => void): void;
    once(event: string, listener: (arg: unknown) => void): void;
    close(): void;
  };
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/alerts`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', (e) => reject(e as Error));
  });
  let count = 0;
  let lastAt = 0;
  let probe = false;
  const probeId = `site:b${PROBE}`;
  ws.on('message', (data) => {
    const out = JSON.parse(String(data)) as { subjectId: string };
    if (out.subjectId === probeId) {
      probe = true;
      return;
    }
    count += 1;
    lastAt = now();
  });
  return {
    count: () => count,
    lastAt: () => lastAt,
    hasProbe: () => probe,
    close: async () => ws.close(),
  };
};

// ---------------------------------------------------------------- ours

const oursReceiver = async (url: string, cookie: string): Promise<Receiver> => {
  const { io } = serverRequire('socket.io-client') as {
    io: (
      url: string,
      o: object,
    ) => {
      on(event: string, listener: (payload: AlertEvent) => void): void;
      once(event: string, listener: (arg: unknown) => void): void;
      disconnect(): void;
    };
  };
  const socket = io(url, { transports: ['websocket'], extraHeaders: { cookie }, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (e) => reject(e as Error));
  });
  let count = 0;
  let lastAt = 0;
  let probe = false;
  const probeId = `site:b${PROBE}`;
  socket.on('alert:changed', (event) => {
    if (event.type !== 'raised' && event.type !== 'resolved') return;
    if (event.alert.subjectId === probeId) {
      probe = true;
      return;
    }
    count += 1;
    lastAt = now();
  });
  return {
    count: () => count,
    lastAt: () => lastAt,
    hasProbe: () => probe,
    close: async () => socket.disconnect(),
  };
};

const report = createReport(
  'node-red',
  'Node-RED side by side: MQTT in → threshold → WebSocket out',
);
await runBench(report, async () => {
  if (!(await isReachable(MQTT_URL))) {
    report.skip(`no MQTT broker reachable at ${MQTT_URL} (start mosquitto, or set MQTT_URL)`);
    return;
  }
  const publisher = await connectPublisher();
  const note = `${MESSAGES.toLocaleString('en-US')} QoS 1 messages over ${SUBJECTS} subjects, window ${WINDOW}, broker ${MQTT_URL}`;
  let theirs = Number.NaN;
  try {
    // Node-RED first. Without it (no registry, a failed install) ours is still measured.
    try {
      const install = await installNodeRed(report);
      try {
        const prefix = `bench/${RUN}/nr`;
        const nodeRed = await startNodeRed(install.dir, prefix);
        try {
          const receiver = await nodeRedReceiver(install.dir, nodeRed.port);
          try {
            await awaitProbe(publisher, prefix, receiver);
            theirs = await drive(publisher, prefix, receiver);
            report.figure({
              label: 'Node-RED end to end',
              value: theirs,
              unit: 'messages/s',
              note,
            });
          } finally {
            await receiver.close();
          }
        } finally {
          await nodeRed.stop();
        }
      } finally {
        if (install.isTemporary) fs.rmSync(install.dir, { recursive: true, force: true });
      }
    } catch (error) {
      report.skip(
        `Node-RED: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      );
    }

    // Then ours, on a fresh PGlite database, and on PostgreSQL too when DATABASE_URL is set.
    const engines: { name: string; databaseUrl: string }[] = [{ name: 'PGlite', databaseUrl: '' }];
    const postgresUrl = envString('DATABASE_URL');
    if (postgresUrl) engines.push({ name: 'PostgreSQL', databaseUrl: postgresUrl });
    for (const engine of engines) {
      const prefix = `bench/${RUN}/ioc-${engine.name.toLowerCase()}`;
      const server = await startServer({
        subjects: SUBJECTS + 1,
        databaseUrl: engine.databaseUrl,
        mqtt: { url: MQTT_URL, topicPrefix: prefix },
      });
      let ours = Number.NaN;
      try {
        const receiver = await oursReceiver(server.ready.url, server.ready.cookie);
        try {
          await awaitProbe(publisher, prefix, receiver);
          ours = await drive(publisher, prefix, receiver);
          report.figure({
            label: `City IOC end to end (${engine.name})`,
            value: ours,
            unit: 'messages/s',
            note: 'each message stored, evaluated and committed before its PUBACK',
          });
        } finally {
          await receiver.close();
        }
      } finally {
        await server.stop();
      }
      if (Number.isFinite(theirs))
        report.figure({
          label: `ratio City IOC (${engine.name}) / Node-RED`,
          value: ours / theirs,
          unit: '×',
          target: { op: '>=', value: 2 },
        });
    }
  } finally {
    await new Promise<void>((r) => publisher.end(true, {}, () => r()));
  }
});
