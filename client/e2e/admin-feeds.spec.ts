import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserSkipReason,
  DEMO_MQTT_PASSWORD,
  type ProductProcess,
  screenshot,
  signInPage,
  startDemoProduct,
  watchConsole,
} from './harness';

const skip = browserSkipReason();
if (skip) console.warn(`[browser] SKIPPED: ${skip}`);

// The demo's polled feeds (server/src/demo/city.ts); each must be healthy on the admin screen.
const DEMO_POLL_FEEDS = [
  'feed:sim-air',
  'feed:sim-water',
  'feed:sim-training',
  'feed:sim-services',
  'feed:sim-rain',
];

// Chromium reports every 4xx answer to fetch as a console error; the refused save is one, on
// purpose (the server is the one that knows its outbound policy).
const REFUSED_SAVE_NOISE = /Failed to load resource: the server responded with a status of 400/;

describe.skipIf(skip !== null)('feed administration in Chromium', () => {
  let product: ProductProcess;
  let browser: Browser;
  let close: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const started = await startDemoProduct();
    ({ product, browser, close } = started);
  });
  afterAll(() => close());

  it('lists the demo feeds as healthy, refuses a metadata URL, and saves a tested feed to the simulator', async () => {
    const simulator = `http://127.0.0.1:${product.env.SIMULATOR_PORT}`;
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await signInPage(page, product);
    const console = watchConsole(page);
    await page.goto(`${product.url}/admin/feeds`);

    // Loaded directly (the server answers index.html), in Vietnamese, without the map.
    await page.waitForSelector('[data-testid="feed-table"]', { timeout: 30_000 });
    expect(await page.locator('[data-testid="map"]').count()).toBe(0);
    for (const feedId of DEMO_POLL_FEEDS) {
      const row = page.locator(`[data-testid="feed-row"][data-feed-id="${feedId}"]`);
      await expect
        .poll(() => row.getAttribute('data-state'), { timeout: 60_000, interval: 250 })
        .toBe('OK');
      expect(await row.locator('.health-badge').textContent()).toBe('Hoạt động');
    }

    // A new poll feed, first pointed at the cloud metadata address.
    await page.click('[data-testid="feed-add"]');
    const form = page.locator('[data-testid="feed-form"]');
    await form.locator('[data-field="adapter"] select').selectOption('http-poll');
    await form.locator('[data-field="id"] input').fill('feed:e2e-water');
    await form.locator('[data-field="name"] input').fill('E2E – Mực nước');
    await form.locator('[data-field="departmentId"] select').selectOption('dept:TNMT');
    await form.locator('[data-field="config.url"] input').fill('http://169.254.169.254/');
    await form.locator('[data-field="config.intervalSeconds"] input').fill('2');
    await form.locator('[data-field="config.mapping.itemsPath"] input').fill('stations');
    await form.locator('[data-field="config.mapping.subjectPath"] input').fill('stationId');
    await form.locator('[data-field="config.mapping.subjectPrefix"] input').fill('site:');
    await form.locator('[data-field="config.mapping.timePath"] input').fill('observedAt');
    await form
      .locator('[data-field="config.mapping.values.0.indicatorId"] select')
      .selectOption('water.level_cm');
    await form.locator('[data-field="config.mapping.values.0.path"] input').fill('levelCm');

    await form.locator('[data-testid="feed-test"]').click();
    const result = form.locator('[data-testid="test-result"]');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-ok')).toBe('false');
    expect(await result.locator('.test-result__error').textContent()).toMatch(
      /URL refused: .*169\.254\.169\.254/,
    );

    await console.tolerateWhile(REFUSED_SAVE_NOISE, async () => {
      await form.locator('[data-testid="feed-save"]').click();
      await form.locator('[data-testid="form-server-error"]').waitFor({ timeout: 30_000 });
    });
    expect(await form.locator('[data-testid="form-server-error"]').textContent()).toMatch(
      /^Máy chủ từ chối: URL refused: .*169\.254\.169\.254/,
    );
    expect(
      await page.locator('[data-testid="feed-row"][data-feed-id="feed:e2e-water"]').count(),
    ).toBe(0);

    // The simulator's water stations instead: the dry run shows what would be stored.
    await form.locator('[data-field="config.url"] input').fill(`${simulator}/sim/water`);
    await form.locator('[data-testid="feed-test"]').click();
    await form.locator('[data-testid="test-result"][data-ok="true"]').waitFor({ timeout: 30_000 });
    expect(Number(await result.getAttribute('data-total'))).toBeGreaterThan(0);
    const observations = result.locator('[data-testid="test-observations"] tbody tr');
    expect(await observations.count()).toBeGreaterThan(0);
    expect(await observations.first().locator('td').nth(1).textContent()).toMatch(/^site:/);
    expect(await result.locator('[data-testid="test-unknown-subjects"]').count()).toBe(0);
    await result.scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-feeds-test-run');
    // Testing saved nothing.
    expect(
      await page.locator('[data-testid="feed-row"][data-feed-id="feed:e2e-water"]').count(),
    ).toBe(0);

    await form.locator('[data-testid="feed-save"]').click();
    await page.waitForSelector('[data-testid="feed-saved"]', { timeout: 30_000 });
    const saved = page.locator('[data-testid="feed-row"][data-feed-id="feed:e2e-water"]');
    await saved.waitFor({ timeout: 30_000 });
    expect(await saved.locator('th').textContent()).toContain('E2E – Mực nước');
    // Health arrives over the socket once the new feed has polled.
    await expect
      .poll(() => saved.getAttribute('data-state'), { timeout: 60_000, interval: 250 })
      .toBe('OK');
    await page
      .locator('[data-testid="audit-entry"][data-action="feed.created"]', {
        hasText: 'feed:e2e-water',
      })
      .waitFor({ timeout: 30_000 });
    await screenshot(page, 'admin-feeds');
    expect(console.errors).toEqual([]);
    await page.close();
  });
  it('adds a GeoJSON poll and an MQTT subscription in the form; both bring data within an interval', async () => {
    const simulator = `http://127.0.0.1:${product.env.SIMULATOR_PORT}`;
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await signInPage(page, product);
    const console = watchConsole(page);
    await page.goto(`${product.url}/admin/feeds`);
    await page.waitForSelector('[data-testid="feed-table"]', { timeout: 30_000 });
    const form = page.locator('[data-testid="feed-form"]');
    const field = (path: string, tag = 'input') => form.locator(`[data-field="${path}"] ${tag}`);
    const total = (feedId: string) =>
      page.evaluate(async (id) => {
        const feeds = await (await fetch('/api/admin/feeds')).json();
        return feeds.find((f: { feed: { id: string } }) => f.feed.id === id)?.status
          ?.observationsTotal as number | undefined;
      }, feedId);

    // The air stations as a GeoJSON layer: records are the features.
    await page.click('[data-testid="feed-add"]');
    await field('adapter', 'select').selectOption('http-poll');
    await field('id').fill('feed:e2e-air-geojson');
    await field('name').fill('E2E – Không khí (GeoJSON)');
    await field('departmentId', 'select').selectOption('dept:TNMT');
    await field('config.url').fill(`${simulator}/sim/air.geojson`);
    await field('config.intervalSeconds').fill('2');
    await field('config.format', 'select').selectOption('geojson');
    expect(await form.locator('[data-field="config.mapping.itemsPath"]').count()).toBe(0);
    await field('config.mapping.subjectPath').fill('properties.stationId');
    await field('config.mapping.subjectPrefix').fill('site:');
    await field('config.mapping.timePath').fill('properties.observedAt');
    await field('config.mapping.values.0.indicatorId', 'select').selectOption('air.aqi');
    await field('config.mapping.values.0.path').fill('properties.aqi');
    await form.locator('[data-testid="feed-test"]').click();
    await form.locator('[data-testid="test-result"][data-ok="true"]').waitFor({ timeout: 30_000 });
    await form.locator('[data-testid="feed-save"]').click();
    const geoRow = page.locator('[data-testid="feed-row"][data-feed-id="feed:e2e-air-geojson"]');
    await geoRow.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => geoRow.getAttribute('data-state'), { timeout: 30_000, interval: 250 })
      .toBe('OK');
    await expect.poll(() => total('feed:e2e-air-geojson'), { timeout: 30_000 }).toBeGreaterThan(0);

    // The demo's rain gauges on its MQTT broker, under a session of our own.
    await page.click('[data-testid="feed-add"]');
    await field('adapter', 'select').selectOption('mqtt');
    await field('id').fill('feed:e2e-rain');
    await field('name').fill('E2E – Đo mưa (MQTT)');
    await field('departmentId', 'select').selectOption('dept:TNMT');
    await field('config.url').fill(`mqtt://127.0.0.1:${product.env.DEMO_MQTT_PORT}`);
    expect(await field('config.clientId').inputValue()).toMatch(/^city-ioc-/);
    await field('config.protocolVersion', 'select').selectOption('4');
    await field('config.username').fill('city-ioc-demo');
    await field('config.password').fill(DEMO_MQTT_PASSWORD);
    await field('config.topics.0.filter').fill('hcmc/tnmt/rain/+');
    await field('config.topics.0.subjectFromTopicLevel').fill('3');
    await field('config.topics.0.mapping.subjectPrefix').fill('site:');
    await field('config.topics.0.mapping.timePath').fill('at');
    await field('config.topics.0.mapping.values.0.indicatorId', 'select').selectOption(
      'weather.rainfall_mm',
    );
    await field('config.topics.0.mapping.values.0.path').fill('rainfallMm');
    // Test listens on the broker for a few seconds and maps what the gauges publish.
    await form.locator('[data-testid="feed-test"]').click();
    await form.locator('[data-testid="test-result"][data-ok="true"]').waitFor({ timeout: 30_000 });
    expect(
      Number(await form.locator('[data-testid="test-result"]').getAttribute('data-total')),
    ).toBeGreaterThan(0);
    await form.locator('[data-testid="feed-save"]').click();
    const rainRow = page.locator('[data-testid="feed-row"][data-feed-id="feed:e2e-rain"]');
    await rainRow.waitFor({ timeout: 30_000 });
    await expect.poll(() => total('feed:e2e-rain'), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect
      .poll(() => rainRow.getAttribute('data-state'), { timeout: 30_000, interval: 250 })
      .toBe('OK');
    // The password is write-only: never in the page.
    expect(await page.content()).not.toContain(DEMO_MQTT_PASSWORD);
    await rainRow.scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-feeds-mqtt');
    expect(console.errors).toEqual([]);
    await page.close();
  });
});
