/**
 * First render in Chromium: the built product (demo city, embedded PGlite) and Debian's
 * Chromium through playwright-core, with the flags the browser tests use. Each run is a fresh
 * browser context (empty cache) that signs in through the API and then opens the dashboard;
 * the page itself records, on its own clock (ms since navigation start), its first
 * contentful paint and the moment the map reports loaded (`data-map-loaded="true"`, set on
 * MapLibre's `load`), with its canvas in the page.
 *
 *   pnpm bench first-render      BENCH_RENDER_RUNS (3)  CHROMIUM_PATH (/usr/bin/chromium)
 */
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { ADMIN_PASSWORD } from './lib/bench-rule';
import { envInt, envString } from './lib/env';
import { CLIENT_INDEX, freePort, SERVER_ENTRY, startProduct } from './lib/product';
import { createReport, runBench } from './lib/report';
import { median } from './lib/stats';

const RUNS = envInt('BENCH_RENDER_RUNS', 3);
const CHROMIUM = envString('CHROMIUM_PATH') ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Runs in the page before its own scripts (a string: scripts have no DOM types): stamps the
 * moment the map element says it has loaded, in ms since navigation start.
 */
const STAMP_MAP_LOADED = `
  new MutationObserver(() => {
    if (window.__iocMapLoadedAt === undefined && document.querySelector('[data-map-loaded="true"]'))
      window.__iocMapLoadedAt = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-map-loaded'] });
`;
const READ_TIMING = `({
  mapLoadedAt: window.__iocMapLoadedAt ?? performance.now(),
  fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
})`;

const report = createReport(
  'first-render',
  'First map render in Chromium (built product, demo city)',
);
await runBench(report, async () => {
  if (!fs.existsSync(CHROMIUM)) {
    report.skip(`no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
    return;
  }
  if (!fs.existsSync(SERVER_ENTRY) || !fs.existsSync(CLIENT_INDEX)) {
    report.skip('the product is not built: run pnpm build first');
    return;
  }
  const product = await startProduct({
    DEMO: 'true',
    IOC_ADMIN_PASSWORD: ADMIN_PASSWORD,
    SIMULATOR_PORT: String(await freePort()),
    DEMO_MQTT_PORT: String(await freePort()),
    DEMO_MQTT_PASSWORD: 'bench-demo-broker-password',
  });
  const browser = await chromium
    .launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS })
    .catch(async (error) => {
      await product.stop();
      throw error;
    });
  try {
    const mapMs: number[] = [];
    const fcpMs: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      try {
        const login = await context.request.post(`${product.url}/api/auth/login`, {
          data: { username: 'admin', password: ADMIN_PASSWORD },
        });
        if (!login.ok()) throw new Error(`sign-in failed: HTTP ${login.status()}`);
        const page = await context.newPage();
        await page.addInitScript({ content: STAMP_MAP_LOADED });
        await page.goto(`${product.url}/`, { waitUntil: 'commit' });
        await page.waitForSelector('[data-testid="map"][data-map-loaded="true"]', {
          timeout: 60_000,
        });
        await page.waitForSelector('[data-testid="map"] canvas', { timeout: 10_000 });
        const timing = await page.evaluate<{ mapLoadedAt: number; fcp: number }>(READ_TIMING);
        mapMs.push(timing.mapLoadedAt);
        fcpMs.push(timing.fcp);
        console.log(
          `[bench] first-render  run ${run + 1}: first contentful paint ${timing.fcp.toFixed(0)} ms, map loaded ${timing.mapLoadedAt.toFixed(0)} ms`,
        );
      } finally {
        await context.close();
      }
    }
    const note = `${RUNS} runs, each a fresh context (cold cache), 1920×1080, ms since navigation start`;
    report.figure({
      label: 'first map render, first run',
      value: mapMs[0] ?? Number.NaN,
      unit: 'ms',
      note,
    });
    report.figure({ label: 'first map render, median', value: median(mapMs), unit: 'ms' });
    report.figure({ label: 'first contentful paint, median', value: median(fcpMs), unit: 'ms' });
  } finally {
    await browser.close();
    await product.stop();
  }
});
