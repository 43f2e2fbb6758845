// The auditor must bind a second factor before anything else, then logs in with password and
// code; the audit page searches, verifies the chain and exports.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { totpCode } from '../../server/platform/auth/totp.js';
import { CHROMIUM, DESKTOP, fillLogin, logOut, nextTotp, openPage, PHONE, screenshot, settle, submitLogin, webSuite } from './browser.js';

describe.skipIf(!CHROMIUM)('TOTP enrolment and the audit page (auditor)', () => {
  const env = webSuite();
  let page: Page;
  let secret = '';

  it('forces the auditor to bind a one-time code, then shows the audit page', async () => {
    page = await openPage(env.browser, `${env.server.url}/login`);
    await fillLogin(page, 'zhengjie');
    await page.getByRole('heading', { name: '绑定动态口令' }).waitFor();
    // Nothing else is reachable until the code is bound: the server refuses the audit log.
    const refused = await page.evaluate(() => fetch('/api/v1/audit').then(async (r) => [r.status, (await r.json()).error.code]));
    expect(refused).toEqual([403, 'mfa_enrolment_required']);
    await expect(page.getByAltText('QR').isVisible()).resolves.toBe(true);
    secret = (await page.getByTestId('totp-secret').getAttribute('data-secret'))!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // What is shown (grouped for reading) is the same secret.
    expect((await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '')).toBe(secret);

    await page.getByLabel('动态口令').fill('000000' === totpCode(secret) ? '111111' : '000000');
    await page.getByRole('button', { name: '确认绑定' }).click();
    await expect.poll(() => page.getByTestId('totp-error').innerText()).toContain('动态口令不正确');

    await page.getByLabel('动态口令').fill(totpCode(secret));
    await page.getByRole('button', { name: '确认绑定' }).click();
    await page.getByTestId('user-menu').waitFor();
    const menu = page.getByRole('navigation', { name: 'modules' });
    // The auditor reads the audit log and nothing else: no organisation, no attachments.
    await expect(menu.getByRole('menuitem', { name: '组织机构' }).count()).resolves.toBe(0);
    await expect(menu.getByRole('menuitem', { name: '附件与密级' }).count()).resolves.toBe(0);
    await menu.getByRole('menuitem', { name: '审计日志' }).click();
    await page.getByRole('heading', { name: '审计日志' }).waitFor();
    await page.getByRole('cell', { name: 'auth.totp.enrol' }).first().waitFor();
  });

  it('logs out, and back in with password and a fresh code', async () => {
    await logOut(page);
    await fillLogin(page, 'zhengjie');
    await expect.poll(() => page.getByTestId('login-error').innerText()).toContain('动态口令');
    // The step used at enrolment cannot be replayed: use the next one (accepted within ±1 step).
    await page.getByLabel('动态口令').fill(nextTotp(secret));
    await submitLogin(page);
    await page.getByTestId('user-menu').waitFor();
    await page.goto(`${env.server.url}/audit`);
    await page.getByRole('heading', { name: '审计日志' }).waitFor();
  });

  it('searches, verifies the chain and exports the log', async () => {
    await page.getByLabel('操作', { exact: true }).fill('auth.login');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await settle(page);
    const actions = await page.locator('.ant-table-row td:nth-child(6)').allInnerTexts();
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.every((a) => a === 'auth.login')).toBe(true);

    await page.getByRole('button', { name: '校验哈希链' }).click();
    await expect.poll(() => page.getByTestId('verify-result').innerText()).toMatch(/哈希链完整：已校验 \d+ 条记录/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()]);
    expect(download.suggestedFilename()).toBe('审计日志.xlsx');
    const bytes = fs.readFileSync((await download.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe('PK'); // an .xlsx is a zip
  });

  it('screenshots the audit page at desktop and phone widths', async () => {
    await page.setViewportSize(DESKTOP);
    await page.getByRole('button', { name: /重\s*置/ }).click();
    await settle(page);
    await screenshot(page, 'audit-desktop');
    const phone = await openPage(env.browser, `${env.server.url}/audit`, PHONE);
    await phone.context().addCookies(await page.context().cookies());
    await phone.goto(`${env.server.url}/audit`);
    await phone.getByRole('heading', { name: '审计日志' }).waitFor();
    await screenshot(phone, 'audit-phone');
    await phone.context().close();
  });
});
