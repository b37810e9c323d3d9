import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserSkipReason,
  type ProductProcess,
  signInPage,
  startDemoProduct,
  watchConsole,
} from './harness';

const skip = browserSkipReason();
if (skip) console.warn(`[browser] SKIPPED: ${skip}`);

const OPERATOR = { username: 'sop.e2e', password: 'operator-password-2' };

describe.skipIf(skip !== null)(
  'one person ticks an SOP step, the other sees it live, in Chromium',
  () => {
    let product: ProductProcess;
    let browser: Browser;
    let close: () => Promise<void> = async () => {};

    beforeAll(async () => {
      ({ product, browser, close } = await startDemoProduct());
    });
    afterAll(() => close());

    const personPage = async (username?: string, password?: string) => {
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
      const page = await context.newPage();
      await signInPage(page, product, username, password);
      return page;
    };
    const openAlert = async (page: Page, alertId: string) => {
      const item = page.locator(`[data-testid="alert-item"][data-alert-id="${alertId}"]`);
      await item.waitFor({ timeout: 60_000 });
      await item.locator('button').first().click();
      const detail = page.locator(`[data-testid="alert-detail"][data-alert-id="${alertId}"]`);
      await detail.waitFor({ timeout: 30_000 });
      return detail;
    };

    it('ticks the first step; the second screen shows it done, by whom, without reloading', async () => {
      const admin = await personPage();
      const me = (await (await admin.request.get(`${product.url}/api/auth/me`)).json()) as {
        csrfToken: string;
      };
      const created = await admin.request.post(`${product.url}/api/admin/users`, {
        headers: { 'x-csrf-token': me.csrfToken },
        data: { ...OPERATOR, displayName: 'Điều hành SOP', role: 'operator', departmentIds: [] },
      });
      expect(created.status()).toBe(201);
      const operator = await personPage(OPERATOR.username, OPERATOR.password);
      const adminConsole = watchConsole(admin);
      const operatorConsole = watchConsole(operator);
      await admin.goto(product.url);
      await operator.goto(product.url);

      // An alert whose rule has a procedure (the list shows "SOP 0/N").
      const withSop = admin
        .locator('[data-testid="alert-item"]')
        .filter({ has: admin.locator('[data-testid="alert-sop-progress"]') })
        .first();
      await withSop.waitFor({ timeout: 120_000 });
      const alertId = (await withSop.getAttribute('data-alert-id')) as string;
      const adminDetail = await openAlert(admin, alertId);
      const operatorDetail = await openAlert(operator, alertId);
      const firstStep = (detail: ReturnType<Page['locator']>) =>
        detail.locator('[data-testid="alert-sop-step"]').first();
      await firstStep(operatorDetail).waitFor({ timeout: 30_000 });
      expect(await firstStep(operatorDetail).getAttribute('data-done')).toBe('false');

      // The box follows the server: it shows ticked once the answer (or the event) arrives.
      await firstStep(adminDetail).locator('input[type="checkbox"]').click();
      await expect
        .poll(() => firstStep(operatorDetail).getAttribute('data-done'), {
          timeout: 15_000,
          interval: 200,
        })
        .toBe('true');
      expect(
        await firstStep(operatorDetail).locator('[data-testid="alert-sop-done-by"]').textContent(),
      ).toContain('Quản trị viên');
      // The operator's timeline shows the tick too.
      await operatorDetail
        .locator('[data-testid="alert-timeline-entry"][data-type="checklist"]')
        .waitFor({ timeout: 15_000 });

      expect(adminConsole.errors).toEqual([]);
      expect(operatorConsole.errors).toEqual([]);
      await admin.context().close();
      await operator.context().close();
    });
  },
);
