import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiGet,
  browserSkipReason,
  type ProductProcess,
  screenshot,
  signInPage,
  startDemoProduct,
  watchConsole,
} from './harness';

interface AlertsSnapshot {
  alerts: { id: string }[];
  asOfSeq: number;
}

const skip = browserSkipReason();
if (skip) console.warn(`[browser] SKIPPED: ${skip}`);

// Refused connections the browser reports while the test has killed the server on purpose.
const OUTAGE_NOISE =
  /WebSocket connection to|Failed to load resource|ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE|socket\.io/;

describe.skipIf(skip !== null)('operator wall in Chromium', () => {
  let product: ProductProcess;
  let browser: Browser;
  let close: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const started = await startDemoProduct();
    ({ product, browser, close } = started);
  });
  afterAll(() => close());

  it('shows the map of HCMC with wards and sites, and a live alert arrives', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await signInPage(page, product);
    const console = watchConsole(page);
    await page.goto(product.url);
    await page.waitForSelector('[data-testid="map"][data-map-loaded="true"]', { timeout: 60_000 });
    expect(await page.locator('[data-testid="map"] canvas').count()).toBeGreaterThan(0);
    await page.waitForSelector('[data-testid="connection-status"][data-state="connected"]', {
      timeout: 30_000,
    });
    // The applied event sequence at load; a live alert must take it further.
    await page.waitForSelector('[data-testid="alert-list"][data-last-seq]', { timeout: 30_000 });
    const list = page.locator('[data-testid="alert-list"]');
    const seqAtLoad = Number(await list.getAttribute('data-last-seq'));
    await expect
      .poll(async () => Number(await list.getAttribute('data-last-seq')), {
        timeout: 90_000,
        interval: 250,
      })
      .toBeGreaterThan(seqAtLoad);
    await page.waitForSelector('[data-testid="alert-item"]', { timeout: 30_000 });
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await screenshot(page, 'operator-dashboard');
    expect(console.errors).toEqual([]);
    await page.close();
  });

  it('keeps every alert through kill -9 and a restart; the open page catches up without reload or duplicates', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await signInPage(page, product);
    const console = watchConsole(page);
    await page.goto(product.url);
    await page.waitForSelector('[data-testid="alert-item"]', { timeout: 60_000 });
    await page.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });
    const before = await apiGet<AlertsSnapshot>(page, product, '/api/alerts?status=all');

    await console.tolerateWhile(OUTAGE_NOISE, async () => {
      await product.kill9();
      await page.waitForSelector(
        '[data-testid="connection-status"]:not([data-state="connected"])',
        { timeout: 30_000 },
      );
      await product.start();
      await page.waitForSelector('[data-testid="connection-status"][data-state="connected"]', {
        timeout: 60_000,
      });
    });

    // Every alert stored before the kill is still there after the restart.
    const after = await apiGet<AlertsSnapshot>(page, product, '/api/alerts?status=all');
    const afterIds = new Set(after.alerts.map((a: { id: string }) => a.id));
    for (const a of before.alerts) expect(afterIds.has(a.id)).toBe(true);
    expect(after.asOfSeq).toBeGreaterThanOrEqual(before.asOfSeq);

    // The page shows exactly the active alerts, each once, and was never reloaded.
    await expect
      .poll(
        async () => {
          const snapshot = await apiGet<AlertsSnapshot>(page, product, '/api/alerts');
          const shown: string[] = await page
            .locator('[data-testid="alert-item"]')
            .evaluateAll((els) => els.map((e) => e.getAttribute('data-alert-id') ?? ''));
          const expected = snapshot.alerts.map((a: { id: string }) => a.id).sort();
          return {
            duplicates: shown.length - new Set(shown).size,
            same: JSON.stringify([...shown].sort()) === JSON.stringify(expected),
          };
        },
        { timeout: 30_000, interval: 500 },
      )
      .toEqual({ duplicates: 0, same: true });
    expect(
      await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);
    // Still signed in (the session lives in the database), still on the map.
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.locator('[data-testid="user-role"]').textContent()).toBe('Quản trị viên');
    // The map came through the outage too: loaded, drawn, not stuck on its loading label.
    await page.waitForSelector('[data-testid="map"][data-map-loaded="true"]', { timeout: 60_000 });
    await screenshot(page, 'operator-after-restart');
    expect(console.errors).toEqual([]);
    await page.close();
  });
});
