// The shell as the demo secretary sees it, and the log-in page's error messages.
import { describe, expect, it } from 'vitest';
import { companyDate } from '../../web/lib/format.js';
import { CHROMIUM, fillLogin, logInAs, logOut, openPage, PHONE, settle, webSuite } from './browser.js';

describe.skipIf(!CHROMIUM)('web shell', () => {
  const env = webSuite();

  it('logs the secretary in, shows her modules and name, and logs her out', async () => {
    const page = await openPage(env.browser, `${env.server.url}/`, undefined, { motion: true });
    await expect.poll(() => page.url()).toContain('/login');
    await logInAs(page, 'wangfang');
    await expect.poll(() => page.getByTestId('user-menu').innerText()).toContain('王芳');
    const menu = page.getByRole('navigation', { name: 'modules' });
    for (const item of ['工作台', '组织机构', '附件与密级', '节假日日历']) await expect(menu.getByRole('menuitem', { name: item }).isVisible()).resolves.toBe(true);
    // The secretary has no audit capability: the auditor's module is not offered at all.
    await expect(menu.getByRole('menuitem', { name: '审计日志' }).count()).resolves.toBe(0);
    await expect(page.getByTestId('greeting').innerText()).resolves.toMatch(/王芳/);
    // Today in Asia/Shanghai, although this browser runs in London.
    const [y, m, d] = companyDate().split('-').map(Number);
    await expect(page.getByTestId('today').innerText()).resolves.toContain(`${y}年${m}月${d}日`);
    // The server knows her session, then forgets it at log-out.
    await logOut(page);
    await expect(page.getByLabel('用户名').isVisible()).resolves.toBe(true);
    const me = await page.evaluate(() => fetch('/api/v1/me').then((r) => r.status));
    expect(me).toBe(401);
    await page.context().close();
  });

  it('goes back to the log-in page, saying why, when the session ends under the page', async () => {
    const page = await openPage(env.browser, `${env.server.url}/login`);
    await logInAs(page, 'liming');
    // The home page has made its requests (the day tag comes last); the next one is the click's.
    await page.getByText(/今天是工作日|今天休息/).waitFor();
    await settle(page);
    await page.context().clearCookies(); // as if the session expired or the account was disabled
    await page.getByRole('navigation', { name: 'modules' }).getByRole('menuitem', { name: '组织机构' }).click();
    await page.getByText('登录已失效，请重新登录').waitFor();
    await logInAs(page, 'liming');
    await page.getByText('共 40 条').waitFor(); // back where the person was
    await page.context().close();
  });

  it('opens a module on a phone through the drawer menu', async () => {
    const page = await openPage(env.browser, `${env.server.url}/`, PHONE, { motion: true });
    await logInAs(page, 'wangfang');
    await page.getByRole('button', { name: 'menu' }).click();
    await page.getByRole('menuitem', { name: '组织机构' }).click();
    await page.getByText('王芳').first().waitFor();
    expect(page.url()).toContain('/org');
    await page.context().close();
  });

  it('says clearly why a log-in failed: wrong password, then lock-out', async () => {
    const page = await openPage(env.browser, `${env.server.url}/login`);
    await fillLogin(page, 'zhaomin', 'wrong-password-1');
    await expect.poll(() => page.getByTestId('login-error').innerText()).toContain('用户名或密码错误');
    expect(page.url()).toContain('/login');
    // Four more failures lock the account; the fifth attempt is refused with the lock-out message.
    for (let i = 0; i < 4; i++) {
      // Listen before submitting: the answer can come back before a listener set up after the click.
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
      await fillLogin(page, 'zhaomin', `wrong-password-${i + 2}`);
      await answered;
    }
    await fillLogin(page, 'zhaomin', 'Zongban2026');
    await expect.poll(() => page.getByTestId('login-error').innerText()).toContain('锁定');
    await expect(page.getByTestId('user-menu').count()).resolves.toBe(0);
    await page.context().close();
  });
});
