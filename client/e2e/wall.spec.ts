import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserSkipReason,
  type ProductProcess,
  screenshot,
  signInPage,
  startDemoProduct,
  watchConsole,
} from './harness';

const skip = browserSkipReason();
if (skip) console.warn(`[browser] SKIPPED: ${skip}`);

// Refused connections the browser reports while the test has killed the server on purpose.
const OUTAGE_NOISE =
  /WebSocket connection to|Failed to load resource|ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE|socket\.io/;

describe.skipIf(skip !== null)('the wall display in Chromium', () => {
  let product: ProductProcess;
  let browser: Browser;
  let close: () => Promise<void> = async () => {};

  beforeAll(async () => {
    ({ product, browser, close } = await startDemoProduct());
  });
  afterAll(() => close());

  it('flashes and sounds a new alert, stops flashing once acknowledged, and runs through a restart without reload or duplicates', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const wall = await context.newPage();
    await signInPage(wall, product);
    const console = watchConsole(wall);
    await wall.goto(`${product.url}/wall?sound=Minor`);
    await wall.waitForSelector('[data-testid="wall"]', { timeout: 30_000 });
    await wall.waitForSelector('[data-testid="connection-status"][data-state="connected"]', {
      timeout: 30_000,
    });
    // Autoplay rules: sound waits for one click, then plays.
    const wallRoot = wall.locator('[data-testid="wall"]');
    if ((await wallRoot.getAttribute('data-audio')) === 'locked')
      await wall.locator('[data-testid="wall-unlock-sound"]').click();
    await expect
      .poll(() => wallRoot.getAttribute('data-audio'), { timeout: 10_000 })
      .toBe('running');
    expect(await wall.locator('[data-testid="wall-unlock-sound"]').count()).toBe(0);
    await wall.evaluate(() => {
      (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });

    // The simulator raises alerts within a minute: a new one flashes and plays its sound.
    await expect
      .poll(async () => Number(await wallRoot.getAttribute('data-sounds-played')), {
        timeout: 120_000,
        interval: 500,
      })
      .toBeGreaterThan(0);
    expect(await wallRoot.getAttribute('data-last-sound')).toMatch(
      /^(Minor|Moderate|Severe|Extreme)$/,
    );
    const flashing = wall.locator('[data-testid="wall-alert"][data-flashing="true"]').first();
    await flashing.waitFor({ timeout: 30_000 });
    const alertId = (await flashing.getAttribute('data-alert-id')) as string;
    await screenshot(wall, 'wall-flashing');

    // Acknowledged elsewhere: it stops flashing on the wall, live.
    const me = (await (await wall.request.get(`${product.url}/api/auth/me`)).json()) as {
      csrfToken: string;
    };
    const ack = await wall.request.post(`${product.url}/api/alerts/${alertId}/actions`, {
      headers: { 'x-csrf-token': me.csrfToken },
      data: { action: 'acknowledge' },
    });
    expect(ack.status()).toBe(200);
    await expect
      .poll(
        () =>
          wall
            .locator(`[data-testid="wall-alert"][data-alert-id="${alertId}"][data-flashing="true"]`)
            .count(),
        { timeout: 15_000, interval: 200 },
      )
      .toBe(0);

    // A server restart: the wall reconnects by itself, without reload and without duplicates.
    await console.tolerateWhile(OUTAGE_NOISE, async () => {
      await product.kill9();
      await wall.waitForSelector(
        '[data-testid="connection-status"]:not([data-state="connected"])',
        { timeout: 30_000 },
      );
      await product.start();
      await wall.waitForSelector('[data-testid="connection-status"][data-state="connected"]', {
        timeout: 60_000,
      });
    });
    await expect
      .poll(
        async () => {
          const shown = await wall
            .locator('[data-testid="wall-alert"]')
            .evaluateAll((els) => els.map((e) => e.getAttribute('data-alert-id') ?? ''));
          return shown.length > 0 && shown.length === new Set(shown).size;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(true);
    expect(
      await wall.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);
    expect(new URL(wall.url()).pathname).toBe('/wall');
    await screenshot(wall, 'wall-after-restart');
    expect(console.errors).toEqual([]);
    await context.close();
  });

  it('shows the programme KPIs with their targets, trends and freshness from the simulator', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await signInPage(page, product);
    const console = watchConsole(page);
    await page.goto(`${product.url}/wall?scenes=programme&sound=off`);
    const board = page.locator('[data-testid="kpi-board"]');
    await board.waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="wall-scenes"]').getAttribute('data-scene')).toBe(
      'programme',
    );
    // The daily report arrives within a poll: every card has a value and says how fresh it is.
    const cards = board.locator('[data-testid="kpi-card"]');
    await expect
      .poll(
        async () =>
          (
            await cards.evaluateAll((els) =>
              els.map((e) => e.querySelector('.kpi-card__value')?.textContent ?? ''),
            )
          ).filter((v) => v !== '' && !v.startsWith('—')).length,
        { timeout: 60_000, interval: 500 },
      )
      .toBe(3);
    expect(
      await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-indicator'))),
    ).toEqual(['dx.digital_economy_grdp_pct', 'dx.budget_share_pct', 'dx.civil_servants_trained']);
    const grdp = board.locator('[data-indicator="dx.digital_economy_grdp_pct"]');
    expect(await grdp.getAttribute('data-status')).toBe('behind');
    expect(await grdp.locator('.kpi-card__target').textContent()).toContain('Mục tiêu 40 %');
    expect(
      await board.locator('[data-indicator="dx.budget_share_pct"]').getAttribute('data-status'),
    ).toBe('met');
    expect(await board.locator('[data-testid="kpi-tasks"]').getAttribute('data-total')).toBe('18');
    // Thirty days of daily reports draw each KPI's trend.
    await expect
      .poll(() => grdp.locator('.kpi-card__spark path').getAttribute('d'), { timeout: 30_000 })
      .toMatch(/^M[\d.,]+( L[\d.,]+){10,}$/);
    expect(await board.locator('.kpi-fresh[data-freshness="fresh"]').count()).toBe(4);
    await screenshot(page, 'wall-programme');
    expect(console.errors).toEqual([]);
    await context.close();
  });
});
