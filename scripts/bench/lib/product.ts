import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './paths';

export const SERVER_ENTRY = path.join(ROOT, 'server/dist/server.js');
export const CLIENT_INDEX = path.join(ROOT, 'client/dist/index.html');

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

/**
 * The built product as a user runs it (`node server/dist/server.js`) on its own ports and a
 * temporary data folder, removed again by `stop`. (The browser tests' harness does the same
 * in client/e2e; scripts do not import test code.)
 */
export const startProduct = async (env: Record<string, string>, timeoutMs = 90_000) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ioc-bench-product-'));
  const port = await freePort();
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...env,
  };
  delete childEnv.DATABASE_URL; // the product's default: embedded PGlite in DATA_DIR
  delete childEnv.MQTT_URL; // and its own embedded broker for the demo
  const log: string[] = [];
  const child: ChildProcess = spawn(process.execPath, [SERVER_ENTRY], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    log.push(chunk.toString());
    if (log.length > 200) log.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('exit', () => child.kill('SIGKILL'));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`the product exited with ${child.exitCode}:\n${log.join('')}`);
    }
    try {
      if ((await fetch(`${url}/api/ready`)).ok) return { url, pid: child.pid as number, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`the product was not ready in ${timeoutMs} ms:\n${log.join('')}`);
};
