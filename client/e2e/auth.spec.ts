import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  browserSkipReason,
  type ProductProcess,
  screenshot,
  signInPage,
  startDemoProduct,
  watchConsole,
} from './harness';

const skip = browserSkipReason();
if (skip) console.warn(`[browser] SKIPPED: ${skip}`);

// Chromium logs every 4xx answer to fetch as a console error. These tests cause some on
// purpose: the "who am I?" probe of a signed-out page (401), wrong passwords (401), the
// throttle (429), a wrong current password (400).
const EXPECTED_REFUSALS =
  /Failed to load resource: the server responded with a status of (400|401|429)/;

const VIEWER = { username: 'xem.e2e', password: 'viewer-password-1' };

const menuOf = (page: Page) => ({
  open: () => page.locator('[data-testid="user-menu-button"]').click(),
  name: () => page.locator('[data-testid="user-name"]').textContent(),
  role: () => page.locator('[data-testid="user-role"]').textContent(),
});

const navLinks = (page: Page) =>
  page.locator('.app-nav a').evaluateAll((links) => links.map((a) => a.textContent));

describe.skipIf(skip !== null)('sign-in, roles and administration of people in Chromium', () => {
  let product: ProductProcess;
  let browser: Browser;
  let close: () => Promise<void> = async () => {};

  beforeAll(async () => {
    const started = await startDemoProduct();
    ({ product, browser, close } = started);
  });
  afterAll(() => close());

  it('sends a visitor to sign in, refuses a wrong password, then returns to the page asked for', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    const console = watchConsole(page);
    await console.tolerateWhile(EXPECTED_REFUSALS, async () => {
      await page.goto(`${product.url}/admin/feeds`);
      await page.waitForURL(`${product.url}/login?next=/admin/feeds`, { timeout: 30_000 });
      // Focus is on the user name, labels are in Vietnamese.
      await page.waitForSelector('[data-testid="login-username"]:focus');
      expect(await page.locator('label', { hasText: 'Tên đăng nhập' }).count()).toBe(1);

      await page.locator('[data-testid="login-username"]').fill('admin');
      await page.locator('[data-testid="login-password"]').fill('not-the-password');
      await page.locator('[data-testid="login-submit"]').click();
      const error = page.locator('[data-testid="login-error"]');
      await error.waitFor({ timeout: 30_000 });
      expect(await error.textContent()).toBe('Sai tên đăng nhập hoặc mật khẩu');
      expect(new URL(page.url()).pathname).toBe('/login');
    });

    // The password field was emptied for the next try.
    expect(await page.locator('[data-testid="login-password"]').inputValue()).toBe('');
    await page.locator('[data-testid="login-password"]').fill(ADMIN_PASSWORD);
    await page.locator('[data-testid="login-submit"]').click();
    await page.waitForURL(`${product.url}/admin/feeds`, { timeout: 30_000 });
    await page.waitForSelector('[data-testid="feed-table"]', { timeout: 30_000 });
    const menu = menuOf(page);
    expect(await menu.role()).toBe('Quản trị viên');
    expect(await navLinks(page)).toEqual(['Bản đồ điều hành', 'Quản trị']);
    expect(
      await page
        .locator('[data-testid="admin-nav"] a')
        .evaluateAll((links) => links.map((a) => [a.textContent, a.getAttribute('aria-current')])),
    ).toEqual([
      ['Nguồn dữ liệu', 'page'],
      ['Quy tắc cảnh báo', null],
      ['Người dùng', null],
      ['Màn hình hiển thị', null],
      ['Webhook', null],
      ['Tạm ẩn & bảo trì', null],
      ['Nhật ký', null],
    ]);
    await screenshot(page, 'auth-admin-header');

    // Signing out ends the session on the server too.
    await console.tolerateWhile(EXPECTED_REFUSALS, async () => {
      await menu.open();
      await page.locator('[data-testid="sign-out"]').click();
      await page.waitForURL(`${product.url}/login`, { timeout: 30_000 });
      expect(await page.locator('[data-testid="login-notice"]').textContent()).toBe(
        'Bạn đã đăng xuất.',
      );
      const me = await page.request.get(`${product.url}/api/auth/me`);
      expect(me.status()).toBe(401);
      await page.goto(`${product.url}/admin/users`);
      await page.waitForURL(`${product.url}/login?next=/admin/users`, { timeout: 30_000 });
    });
    expect(console.errors).toEqual([]);
    await page.close();
  });

  it('counts down a throttled sign-in with the button disabled', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const console = watchConsole(page);
    await console.tolerateWhile(EXPECTED_REFUSALS, async () => {
      await page.goto(`${product.url}/login`);
      await page.locator('[data-testid="login-username"]').fill('khong-co-ai');
      let status = 0;
      for (let attempt = 0; attempt < 8 && status !== 429; attempt += 1) {
        await page.locator('[data-testid="login-password"]').fill(`wrong-${attempt}`);
        const [response] = await Promise.all([
          page.waitForResponse((r) => r.url().endsWith('/api/auth/login')),
          page.locator('[data-testid="login-submit"]').click(),
        ]);
        status = response.status();
      }
      expect(status).toBe(429);
      const error = page.locator('[data-testid="login-error"]');
      await expect
        .poll(() => error.textContent(), { timeout: 10_000 })
        .toMatch(/^Đăng nhập sai quá nhiều lần\. Vui lòng thử lại sau \d+ phút( \d+ giây)?\.$/);
      expect(await page.locator('[data-testid="login-submit"]').isDisabled()).toBe(true);
    });
    await screenshot(page, 'auth-throttled');
    expect(console.errors).toEqual([]);
    await page.close();
  });

  it('lets an administrator add a viewer, who watches without acting and is kept out of /admin', async () => {
    const admin = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await signInPage(admin, product);
    const adminConsole = watchConsole(admin);
    await admin.goto(`${product.url}/admin/users`);
    const table = admin.locator('[data-testid="user-table"]');
    await table.waitFor({ timeout: 30_000 });
    expect(await table.locator('[data-testid="user-row"][data-username="admin"]').count()).toBe(1);

    await admin.click('[data-testid="user-add"]');
    const form = admin.locator('[data-testid="user-form"]');
    await form.locator('[data-field="username"] input').fill(VIEWER.username);
    await form.locator('[data-field="displayName"] input').fill('Người xem E2E');
    await form.locator('[data-field="role"] select').selectOption('department_head');
    await form.locator('[data-field="password"] input').fill('short');
    await form.locator('[data-testid="user-save"]').click();
    // Checked here as the server would: nothing was sent.
    expect(await form.locator('[data-field="password"] .field__error').textContent()).toBe(
      'Cần ít nhất 12 ký tự',
    );
    expect(await form.locator('[data-field="departmentIds"] .field__error').textContent()).toBe(
      'Lãnh đạo sở cần được gán ít nhất một sở, ngành',
    );
    await form.locator('[data-field="role"] select').selectOption('viewer');
    await form.locator('[data-field="password"] input').fill(VIEWER.password);
    await form.locator('[data-testid="user-save"]').click();
    await admin.waitForSelector('[data-testid="user-saved"]', { timeout: 30_000 });
    const row = table.locator(`[data-testid="user-row"][data-username="${VIEWER.username}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.locator('td').nth(1).textContent()).toBe('Người xem');
    expect(await row.locator('td').nth(2).textContent()).toBe('Toàn thành phố');
    await screenshot(admin, 'admin-users');

    // The administrator sees acknowledge buttons on new alerts; the viewer will not.
    await admin.goto(product.url);
    await admin.waitForSelector(
      '[data-testid="alert-item"][data-status="open"] .alert-item__actions',
      {
        timeout: 90_000,
      },
    );
    expect(await admin.locator('[data-testid="alerts-export"]').getAttribute('href')).toBe(
      '/api/alerts/export.csv?status=active',
    );
    const csv = await admin.request.get(`${product.url}/api/alerts/export.csv?status=active`);
    expect(csv.status()).toBe(200);

    const viewer = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await signInPage(viewer, product, VIEWER.username, VIEWER.password);
    const viewerConsole = watchConsole(viewer);
    await viewer.goto(product.url);
    await viewer.waitForSelector('[data-testid="user-menu"]', { timeout: 30_000 });
    const viewerMenu = menuOf(viewer);
    expect(await viewerMenu.name()).toBe('Người xem E2E');
    expect(await viewerMenu.role()).toBe('Người xem');
    expect(await navLinks(viewer)).toEqual(['Bản đồ điều hành']);
    await viewer.waitForSelector('[data-testid="alert-item"][data-status="open"]', {
      timeout: 90_000,
    });
    expect(await viewer.locator('[data-testid="alert-item"] .alert-item__actions').count()).toBe(0);

    await viewer.goto(`${product.url}/admin/users`);
    await viewer.waitForSelector('[data-testid="forbidden"]', { timeout: 30_000 });
    expect(await viewer.locator('[data-testid="forbidden"] h2').textContent()).toBe(
      'Bạn không có quyền mở trang này',
    );
    expect(await viewer.locator('[data-testid="user-table"]').count()).toBe(0);

    // The viewer changes their own password; a wrong current one is said so.
    await viewerConsole.tolerateWhile(EXPECTED_REFUSALS, async () => {
      await viewerMenu.open();
      await viewer.click('[data-testid="change-password"]');
      const dialog = viewer.locator('[data-testid="password-dialog"]');
      await dialog.locator('[data-field="currentPassword"] input').fill('not-my-password');
      await dialog.locator('[data-field="newPassword"] input').fill('a-new-viewer-password');
      await dialog.locator('[data-field="confirmPassword"] input').fill('a-new-viewer-password');
      await dialog.locator('[data-testid="password-save"]').click();
      await expect
        .poll(() => dialog.locator('[data-field="currentPassword"] .field__error').textContent(), {
          timeout: 30_000,
        })
        .toBe('Mật khẩu hiện tại không đúng');
      await dialog.locator('[data-field="currentPassword"] input').fill(VIEWER.password);
      await dialog.locator('[data-testid="password-save"]').click();
      await dialog.locator('[data-testid="password-changed"]').waitFor({ timeout: 30_000 });
    });
    // This session stays signed in.
    await viewer.goto(product.url);
    await viewer.waitForSelector('[data-testid="user-menu"]', { timeout: 30_000 });

    expect(viewerConsole.errors).toEqual([]);
    expect(adminConsole.errors).toEqual([]);
    await viewer.close();
    await admin.close();
  });

  it('signs a wall screen in from its link once, and signs it out when revoked', async () => {
    const admin = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await signInPage(admin, product);
    const adminConsole = watchConsole(admin);
    await admin.goto(`${product.url}/admin/display-tokens`);
    await admin.waitForSelector('[data-testid="display-token-add"]', { timeout: 30_000 });
    await admin.click('[data-testid="display-token-add"]');
    const form = admin.locator('[data-testid="display-token-form"]');
    await form.locator('[data-field="name"] input').fill('Tường E2E');
    await form.locator('[data-testid="display-token-create"]').click();
    const created = admin.locator('[data-testid="display-token-created"]');
    await created.waitFor({ timeout: 30_000 });
    expect(await created.textContent()).toContain('sẽ không hiển thị lại');
    const link = await created.locator('[data-testid="display-token-url"]').inputValue();
    expect(link.startsWith(`${product.url}/display?token=`)).toBe(true);
    await screenshot(admin, 'admin-display-token-created');
    await created.locator('button', { hasText: 'Xong' }).click();
    // Shown once: gone with its panel.
    expect(await admin.content()).not.toContain(new URL(link).searchParams.get('token') ?? '§');
    const row = admin.locator('[data-testid="display-token-row"]', { hasText: 'Tường E2E' });
    await row.waitFor({ timeout: 30_000 });

    const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const wallConsole = watchConsole(wall);
    await wallConsole.tolerateWhile(EXPECTED_REFUSALS, async () => {
      await wall.goto(link);
      // A wall screen lands on the wall display: no chrome, no menus, its name in a corner.
      await wall.waitForURL(`${product.url}/wall`, { timeout: 30_000 });
      await wall.waitForSelector('[data-testid="connection-status"][data-state="connected"]', {
        timeout: 30_000,
      });
      expect(await wall.locator('[data-testid="wall-screen-name"]').textContent()).toBe(
        'Tường E2E',
      );
      expect(await wall.locator('[data-testid="user-menu"]').count()).toBe(0);
      // Its heartbeat tells the administrators what it shows.
      await admin.reload();
      const showing = admin
        .locator('[data-testid="display-token-row"]', { hasText: 'Tường E2E' })
        .locator('[data-testid="display-token-showing"]');
      await showing.waitFor({ timeout: 30_000 });
      expect(await showing.textContent()).toMatch(/^Đang hiển thị: /);
      // The token left the address bar and the history entry.
      expect(wall.url()).toBe(`${product.url}/wall`);
      expect(await wall.evaluate(() => history.length)).toBeLessThanOrEqual(2);

      // Revoked with confirmation: the wall is signed out within seconds, without a reload loop.
      await row.locator('[data-testid="display-token-revoke"]').click();
      await admin.locator('dialog button', { hasText: 'Thu hồi' }).click();
      await admin
        .locator('[data-testid="display-token-row"][data-revoked="true"]', { hasText: 'Tường E2E' })
        .waitFor({ timeout: 30_000 });
      await wall.waitForURL(/\/login(\?next=(\/|%2F)wall)?$/, { timeout: 30_000 });
      expect(await wall.locator('[data-testid="login-notice"]').textContent()).toContain(
        'Màn hình này đã bị đăng xuất',
      );

      // The same link no longer works, and says so clearly.
      await wall.goto(link);
      const error = wall.locator('[data-testid="display-error"]');
      await error.waitFor({ timeout: 30_000 });
      expect(await error.textContent()).toContain('không hợp lệ hoặc đã bị thu hồi');
      expect(new URL(wall.url()).search).toBe('');
    });
    expect(wallConsole.errors).toEqual([]);

    // The audit log lists the sign-ins, filtered, newest first, in Vietnam time.
    await admin.goto(`${product.url}/admin/audit`);
    await admin.waitForSelector('[data-testid="audit-table"]', { timeout: 30_000 });
    await admin.locator('[data-field="action"] select').selectOption('auth.');
    await admin.click('[data-testid="audit-apply"]');
    await expect
      .poll(
        async () =>
          (
            await admin
              .locator('[data-testid="audit-entry"]')
              .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action') ?? ''))
          ).every((action) => action.startsWith('auth.')),
        { timeout: 30_000 },
      )
      .toBe(true);
    const actions = await admin
      .locator('[data-testid="audit-entry"]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    expect(actions).toContain('auth.sign_in_failed');
    expect(actions).toContain('auth.display_signed_in');
    const firstTime = await admin.locator('[data-testid="audit-entry"] time').first().textContent();
    expect(firstTime).toMatch(/^\d{2}:\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/);
    await screenshot(admin, 'admin-audit');
    expect(adminConsole.errors).toEqual([]);
    await wall.close();
    await admin.close();
  });
});
