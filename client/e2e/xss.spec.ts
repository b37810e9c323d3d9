import type { Browser, Page } from 'playwright-core';
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

/** Markup that would run script if any text path rendered it as HTML. */
const PAYLOAD = `<img src=x onerror="window.__xss=(window.__xss||0)+1"><script>window.__xss=1</script>`;
const FEED_ID = 'feed:xss-cap';
const PUSH_TOKEN = 'xss-test-push-token-0123456789abcdef';

const xmlEscape = (text: string) =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');

/** A valid CAP 1.2 flood warning over central HCMC whose texts carry the payload. */
const capXml = (now: Date) => {
  const sent = now.toISOString().replace(/\.\d{3}Z$/, '+00:00');
  const expires = new Date(now.getTime() + 6 * 3_600_000)
    .toISOString()
    .replace(/\.\d{3}Z$/, '+00:00');
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>xss-${now.getTime()}</identifier>
  <sender>xss@test.example.vn</sender>
  <sent>${sent}</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <language>vi-VN</language>
    <category>Met</category>
    <event>${xmlEscape(`Ngập ${PAYLOAD}`)}</event>
    <urgency>Immediate</urgency>
    <severity>Severe</severity>
    <certainty>Observed</certainty>
    <expires>${expires}</expires>
    <headline>${xmlEscape(`Cảnh báo XSS ${PAYLOAD}`)}</headline>
    <description>${xmlEscape(`Mô tả ${PAYLOAD}`)}</description>
    <area>
      <areaDesc>${xmlEscape(`Khu vực ${PAYLOAD}`)}</areaDesc>
      <polygon>10.76,106.69 10.79,106.69 10.79,106.72 10.76,106.72 10.76,106.69</polygon>
    </area>
  </info>
</alert>`;
};

describe.skipIf(skip !== null)('untrusted text is never HTML, in Chromium', () => {
  let product: ProductProcess;
  let browser: Browser;
  let close: () => Promise<void> = async () => {};

  beforeAll(async () => {
    ({ product, browser, close } = await startDemoProduct());
  });
  afterAll(() => close());

  const csrfOf = async (page: Page) =>
    ((await (await page.request.get(`${product.url}/api/auth/me`)).json()) as { csrfToken: string })
      .csrfToken;

  it('shows feed names, CAP headline, description and area and ward names as text: no script runs', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await signInPage(page, product);
    const csrf = await csrfOf(page);
    const headers = { 'x-csrf-token': csrf, 'content-type': 'application/json' };

    // A feed named with the payload.
    const created = await page.request.post(`${product.url}/api/admin/feeds`, {
      headers,
      data: {
        id: FEED_ID,
        name: `Nguồn ${PAYLOAD}`,
        departmentId: 'dept:TNMT',
        adapter: 'cap',
        config: { mode: 'push', token: PUSH_TOKEN },
      },
    });
    expect(created.status()).toBe(201);
    // A CAP warning whose texts carry it, pushed as a department would.
    const pushed = await page.request.post(
      `${product.url}/api/ingest/cap/${encodeURIComponent(FEED_ID)}`,
      {
        headers: { authorization: `Bearer ${PUSH_TOKEN}`, 'content-type': 'application/cap+xml' },
        data: capXml(new Date()),
      },
    );
    expect(pushed.status()).toBeLessThan(300);
    // A ward renamed through the GeoJSON import (properties are untrusted text too).
    const areas = (await (await page.request.get(`${product.url}/api/areas`)).json()) as {
      code: string;
      geometry: unknown;
    }[];
    const ward = areas.find((a) => a.code) as { code: string; geometry: unknown };
    const imported = await page.request.post(`${product.url}/api/areas/import`, {
      headers,
      data: {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            geometry: ward.geometry,
            properties: { code: ward.code, fullName: `Phường ${PAYLOAD}` },
          },
        ],
      },
    });
    expect(imported.status()).toBeLessThan(300);

    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const console = watchConsole(page);
    await page.goto(product.url);
    const item = page.locator('[data-testid="alert-item"]', { hasText: 'Cảnh báo XSS' });
    await item.first().waitFor({ timeout: 60_000 });
    // The markup is shown literally, as the characters it is made of.
    expect(await item.first().textContent()).toContain('<img src=x onerror=');
    await item.first().locator('button').first().click();
    await page.waitForTimeout(1_000);
    await screenshot(page, 'xss-operator');

    await page.goto(`${product.url}/admin/feeds`);
    const row = page.locator(`[data-testid="feed-row"][data-feed-id="${FEED_ID}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.locator('th').textContent()).toContain(`Nguồn ${PAYLOAD}`);
    await page.goto(`${product.url}/admin/audit`);
    await page.waitForTimeout(1_000);

    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    // No element with an inline handler made it into the document.
    expect(await page.locator('img[onerror], script:not([src])').count()).toBe(0);
    expect(console.errors).toEqual([]);
    await page.close();
  });
});
