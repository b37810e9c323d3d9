import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '../..');
export const SCREENSHOT_DIR = path.join(here, 'screenshots');
const SERVER_ENTRY = path.join(ROOT, 'server/dist/server.js');
const CLIENT_INDEX = path.join(ROOT, 'client/dist/index.html');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or null when they can. */
export const browserSkipReason = (): string | null => {
  if (!fs.existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;
  if (!fs.existsSync(SERVER_ENTRY) || !fs.existsSync(CLIENT_INDEX))
    return 'the product is not built (pnpm build)';
  return null;
};

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

/** The built product as a user runs it (`node server/dist/server.js`), on its own ports and data folder. */
export class ProductProcess {
  private child: ChildProcess | null = null;
  readonly log: string[] = [];
  constructor(
    readonly port: number,
    readonly env: Record<string, string>,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(timeoutMs = 60_000) {
    const env: Record<string, string | undefined> = {
      ...process.env,
      ...this.env,
      PORT: String(this.port),
    };
    delete env.DATABASE_URL; // The product's default: embedded PGlite in DATA_DIR.
    delete env.MQTT_URL; // And its own embedded MQTT broker.
    const child = spawn(process.execPath, [SERVER_ENTRY], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.log.push(chunk.toString());
      if (this.log.length > 400) this.log.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null)
        throw new Error(`server exited ${child.exitCode}:\n${this.log.join('')}`);
      try {
        const res = await fetch(`${this.url}/api/ready`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`server not ready in ${timeoutMs} ms:\n${this.log.join('')}`);
  }

  /** Kills the process without any chance to clean up, as a power cut would. */
  async kill9() {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }

  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

export const makeDataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ioc-e2e-'));

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });

/**
 * Collects every console error and uncaught page error. `tolerate` lists messages expected while
 * the test itself has taken the server down (the browser reports refused connections).
 */
export const watchConsole = (page: Page) => {
  const errors: string[] = [];
  let tolerate: RegExp | null = null;
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = `${msg.text()} @ ${msg.location().url}`;
    if (tolerate?.test(text)) return;
    errors.push(text);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  return {
    errors,
    tolerateWhile: async <T>(pattern: RegExp, fn: () => Promise<T>): Promise<T> => {
      tolerate = pattern;
      try {
        return await fn();
      } finally {
        tolerate = null;
      }
    },
  };
};

export const screenshot = async (page: Page, name: string) => {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
};

/** Password of the demo's embedded broker in browser tests (user `city-ioc-demo`). */
export const DEMO_MQTT_PASSWORD = 'e2e-demo-broker-password';

/** The first administrator's account, created at first start from `IOC_ADMIN_PASSWORD`. */
export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD = 'e2e-admin-password-1';

/**
 * Signs the page in through the /login form, as a person would, and waits until the signed-in
 * app shows who it is. The session cookie then serves every later page load of the page's
 * context (and `page.request`). The page is left on about:blank: the caller goes where the
 * test starts, and attaches `watchConsole` before that. The sign-in page itself is noisy by
 * design (its first "who am I?" answers 401, which Chromium logs as a failed resource).
 */
export const signInPage = async (
  page: Page,
  product: ProductProcess,
  username = ADMIN_USERNAME,
  password = ADMIN_PASSWORD,
) => {
  await page.goto(`${product.url}/login`);
  await page.locator('[data-testid="login-username"]').fill(username);
  await page.locator('[data-testid="login-password"]').fill(password);
  await page.locator('[data-testid="login-submit"]').click();
  await page.waitForSelector('[data-testid="user-menu"]', { timeout: 30_000 });
  await page.goto('about:blank');
};

/** A GET of the API with the page's session (its cookie), answered as JSON. */
export const apiGet = async <T = unknown>(page: Page, product: ProductProcess, path: string) => {
  const response = await page.request.get(`${product.url}${path}`);
  if (!response.ok()) throw new Error(`GET ${path}: HTTP ${response.status()}`);
  return (await response.json()) as T;
};

/** The built product in demo mode on free ports with fast feeds, plus a browser: one per spec file. */
export const startDemoProduct = async () => {
  const dataDir = makeDataDir();
  const product = new ProductProcess(await freePort(), {
    DATA_DIR: dataDir,
    SIMULATOR_PORT: String(await freePort()),
    DEMO_MQTT_PORT: String(await freePort()),
    DEMO_MQTT_PASSWORD: DEMO_MQTT_PASSWORD,
    IOC_ADMIN_PASSWORD: ADMIN_PASSWORD,
    DEMO: 'true',
    DEMO_SENSOR_INTERVAL_SECONDS: '2',
    DEMO_SLOW_INTERVAL_SECONDS: '5',
    LOG_LEVEL: 'warn',
  });
  await product.start();
  const browser = await launchBrowser();
  return {
    product,
    browser,
    async close() {
      await browser.close();
      await product.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
