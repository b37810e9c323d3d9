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

const OPERATOR = { username: 'dieuhanh.e2e', password: 'operator-password-1' };

describe.skipIf(skip !== null)(
  'two people work one alert, each sees the other live, in Chromium',
  () => {
    let product: ProductProcess;
    let browser: Browser;
    let close: () => Promise<void> = async () => {};

    beforeAll(async () => {
      ({ product, browser, close } = await startDemoProduct());
    });
    afterAll(() => close());

    /** A separate browser context per person: separate cookies, like two machines. */
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
    const statusOf = (detail: ReturnType<Page['locator']>) =>
      detail.locator('[data-testid="alert-detail-status"]').getAttribute('data-status');

    it('acknowledges, starts work, comments and resolves; the other screen follows each step', async () => {
      const admin = await personPage();
      // The administrator creates the operator through the API, with the session's CSRF token.
      const me = (await (await admin.request.get(`${product.url}/api/auth/me`)).json()) as {
        csrfToken: string;
      };
      const created = await admin.request.post(`${product.url}/api/admin/users`, {
        headers: { 'x-csrf-token': me.csrfToken },
        data: {
          ...OPERATOR,
          displayName: 'Điều hành viên E2E',
          role: 'operator',
          departmentIds: [],
        },
      });
      expect(created.status()).toBe(201);
      const operator = await personPage(OPERATOR.username, OPERATOR.password);

      const adminConsole = watchConsole(admin);
      const operatorConsole = watchConsole(operator);
      await admin.goto(product.url);
      await operator.goto(product.url);
      // The first open alert both screens show.
      const first = admin.locator('[data-testid="alert-item"][data-status="open"]').first();
      await first.waitFor({ timeout: 90_000 });
      const alertId = (await first.getAttribute('data-alert-id')) as string;
      const adminDetail = await openAlert(admin, alertId);
      const operatorDetail = await openAlert(operator, alertId);

      await adminDetail.locator('[data-testid="alert-action-acknowledge"]').click();
      await expect
        .poll(() => statusOf(operatorDetail), { timeout: 15_000, interval: 200 })
        .toBe('acknowledged');

      await operatorDetail.locator('[data-testid="alert-action-start"]').click();
      await expect
        .poll(() => statusOf(adminDetail), { timeout: 15_000, interval: 200 })
        .toBe('in_progress');

      const note = 'Đã cử tổ ứng cứu <b>khẩn</b>';
      await operatorDetail.locator('[data-testid="alert-comment-input"]').fill(note);
      await operatorDetail.locator('[data-testid="alert-comment-submit"]').click();
      await adminDetail
        .locator('[data-testid="alert-comment"]', { hasText: 'Đã cử tổ ứng cứu' })
        .waitFor({ timeout: 15_000 });
      expect(
        await adminDetail.locator('[data-testid="alert-comment"]').last().textContent(),
      ).toContain(note);
      await screenshot(admin, 'alert-drill-down');

      await adminDetail.locator('[data-testid="alert-action-resolve"]').click();
      // Resolved alerts leave the live list, on both screens.
      await expect
        .poll(
          () => operator.locator(`[data-testid="alert-item"][data-alert-id="${alertId}"]`).count(),
          { timeout: 15_000, interval: 200 },
        )
        .toBe(0);
      expect(adminConsole.errors).toEqual([]);
      expect(operatorConsole.errors).toEqual([]);
      await admin.context().close();
      await operator.context().close();
    });
  },
);
