import type { AdminRule } from '@city-ioc/shared';
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

const skip = browserSkipReason();
if (skip) console.warn(`[browser] SKIPPED: ${skip}`);

// A demo threshold rule (server/src/demo/city.ts): water above 160 cm for 20 s.
const RULE_ID = 'rule:water-level-alarm-2';

describe.skipIf(skip !== null)('alert rule administration in Chromium', () => {
  let product: ProductProcess;
  let browser: Browser;
  let close: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const started = await startDemoProduct();
    ({ product, browser, close } = started);
  });
  afterAll(() => close());

  it('edits a threshold, back-tests it over 24 hours, saves it, and the list shows the change', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await signInPage(page, product);
    const console = watchConsole(page);
    await page.goto(`${product.url}/admin/rules`);

    // Loaded directly, in Vietnamese, from the administration bar's new entry.
    await page.waitForSelector('[data-testid="rule-table"]', { timeout: 30_000 });
    expect(await page.locator('[data-testid="admin-nav"]').textContent()).toContain(
      'Quy tắc cảnh báo',
    );
    const row = page.locator(`[data-testid="rule-row"][data-rule-id="${RULE_ID}"]`);
    expect(await row.getAttribute('data-threshold')).toBe('160');

    await row.locator('[data-testid="rule-edit"]').click();
    const form = page.locator('[data-testid="rule-form"]');
    await form.waitFor();
    // A threshold rule shows no window, baseline or silence fields.
    expect(await form.locator('[data-field="params.windowSeconds"]').count()).toBe(0);
    expect(await form.locator('[data-field="params.silence"]').count()).toBe(0);

    // An invalid clear level: a Vietnamese message and no way to save.
    const threshold = form.locator('[data-field="params.threshold"] input');
    await threshold.fill('140');
    expect(
      await form.locator('[data-field="params.clearThreshold"] .field__error').textContent(),
    ).toBe('Mức hết cảnh báo phải nhỏ hơn hoặc bằng ngưỡng');
    expect(await form.locator('[data-testid="rule-save"]').isDisabled()).toBe(true);

    await threshold.fill('155');
    expect(await form.locator('[data-testid="rule-save"]').isDisabled()).toBe(false);
    // Changing the condition restarts the evaluation: the form says so before saving.
    await form.locator('[data-testid="rule-restart-note"]').waitFor();

    // A SOP step added in both languages.
    await form.locator('[data-testid="sop-add"]').click();
    const steps = form.locator('[data-testid="sop-step"]');
    const last = steps.nth((await steps.count()) - 1);
    await last.locator('input').nth(0).fill('Kiểm tra camera trạm');
    await last.locator('input').nth(1).fill('Check the station camera');

    await form.locator('[data-testid="rule-backtest"]').click();
    const result = form.locator('[data-testid="backtest-result"]');
    await result.waitFor({ timeout: 60_000 });
    const fires = Number(await result.getAttribute('data-fires'));
    expect(Number.isInteger(fires)).toBe(true);
    expect(await result.locator('[data-testid="backtest-fires"]').textContent()).toContain(
      `Sẽ phát ${fires} cảnh báo`,
    );
    expect(
      await result.locator('[data-testid="backtest-chart"] rect').count(),
    ).toBeGreaterThanOrEqual(24);
    await screenshot(page, 'admin-rules-backtest');

    await form.locator('[data-testid="rule-save"]').click();
    await page.locator('[data-testid="rule-saved"]').waitFor({ timeout: 30_000 });
    await expect
      .poll(() => row.getAttribute('data-threshold'), { timeout: 30_000, interval: 200 })
      .toBe('155');
    expect(await page.locator('[data-testid="rule-form"]').count()).toBe(0);

    const stored = await apiGet<AdminRule[]>(page, product, '/api/admin/rules');
    const saved = stored.find((r) => r.rule.id === RULE_ID)?.rule;
    expect(saved?.params.threshold).toBe(155);
    expect(saved?.sop.at(-1)).toEqual({
      vi: 'Kiểm tra camera trạm',
      en: 'Check the station camera',
    });
    expect(console.errors).toEqual([]);
    await page.close();
  });
});
