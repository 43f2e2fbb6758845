// Home and people pages at desktop and phone widths (screenshots kept in test/artifacts/), the
// people search, the live notification badge, the language switch and personal API tokens.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../helpers/server.js';
import { totpCode } from '../../server/platform/auth/totp.js';
import { animationDone, chooseInUserMenu, CHROMIUM, DESKTOP, enrolTotpViaApi, logInAs, logOut, openPage, PHONE, screenshot, settle, webSuite } from './browser.js';

describe.skipIf(!CHROMIUM)('pages at desktop and phone widths', () => {
  const env = webSuite();

  async function secretaryAt(viewport: typeof DESKTOP): Promise<Page> {
    const page = await openPage(env.browser, `${env.server.url}/login`, viewport);
    await logInAs(page, 'wangfang');
    return page;
  }

  for (const [name, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`home and people pages fit a ${name} screen`, async () => {
      const page = await secretaryAt(viewport);
      await page.getByTestId('greeting').waitFor();
      await screenshot(page, `home-${name}`);
      await page.goto(`${env.server.url}/org`);
      await page.getByText('共 40 条').waitFor();
      await screenshot(page, `people-${name}`);
      await page.goto(`${env.server.url}/calendar`);
      await page.getByTestId('calendar-year').waitFor();
      await screenshot(page, `calendar-${name}`);
      await page.goto(`${env.server.url}/attachments`);
      await page.getByRole('heading', { name: '附件与密级' }).waitFor();
      await screenshot(page, `attachments-${name}`);
      await page.context().close();
    });
  }

  it('searches people on the server and filters by role', async () => {
    const page = await secretaryAt(DESKTOP);
    await page.goto(`${env.server.url}/org`);
    await page.getByText('共 40 条').waitFor();
    await page.getByPlaceholder('搜索姓名、用户名、职务').fill('秘书');
    await page.getByPlaceholder('搜索姓名、用户名、职务').press('Enter');
    await page.getByText('共 2 条').waitFor();
    const names = await page.locator('.ant-table-row td:first-child a').allInnerTexts();
    expect(names.sort()).toEqual(['刘洋', '王芳']);
    // The secretary may read the directory but not manage it: rows offer "view" only.
    await expect(page.getByRole('button', { name: '新增人员' }).count()).resolves.toBe(0);
    await expect(page.locator('.ant-table-row').first().getByRole('button', { name: /查\s*看/ }).isVisible()).resolves.toBe(true);
    await page.getByPlaceholder('搜索姓名、用户名、职务').fill('');
    await page.getByPlaceholder('搜索姓名、用户名、职务').press('Enter');
    await page.getByText('共 40 条').waitFor();
    await page.locator('.ant-tree').getByText('华东分公司').click(); // the department tree filters too
    await page.getByText('共 4 条').waitFor();
    await page.locator('.ant-tree').getByText('全部部门').click();
    await page.getByText('共 40 条').waitFor();
    await page.locator('.ant-select').filter({ hasText: '角色' }).click();
    await page.locator('.ant-select-dropdown').getByText('档案员', { exact: true }).click();
    await page.getByText('共 1 条').waitFor();
    expect(await page.locator('.ant-table-row td:first-child a').allInnerTexts()).toEqual(['孙丽']);
    await page.context().close();
  });

  it('shows a new notification live on the bell, and marks it read', async () => {
    const page = await secretaryAt(DESKTOP);
    const bell = page.getByTestId('notification-bell');
    await expect(bell.locator('.ant-badge-count').count()).resolves.toBe(0);
    // The security officer lets the secretary into a secret file's reading scope (via the API).
    const secretary = (await env.server.anonymous().login('wangfang')).id as string;
    const { client: officer } = await enrolTotpViaApi(env.server, 'zhoutao');
    const form = new FormData();
    form.append('classification', '2');
    form.append('file', new Blob(['会议纪要（秘密）'], { type: 'text/plain' }), '纪要.txt');
    const up = await officer.post('/api/v1/attachments', form);
    expect(up.status).toBe(201);
    const scope = [up.body.ownerId, secretary].map((id: string) => ({ kind: 'person', id }));
    const re = await officer.patch(`/api/v1/attachments/${up.body.id}/classification`, { classification: 2, scope, version: up.body.version });
    expect(re.status).toBe(200);
    await expect.poll(() => bell.locator('.ant-badge-count').innerText(), { timeout: 10_000 }).toBe('1');
    await bell.click();
    // The home page's unread card lists it too (it refetches on the same push).
    await page.locator('.ant-card').getByText('您已被加入知悉范围：纪要.txt').waitFor();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByText('您已被加入知悉范围：纪要.txt').waitFor();
    await drawer.getByRole('button', { name: '标为已读', exact: true }).click();
    await expect.poll(() => bell.locator('.ant-badge-count').count()).toBe(0);
    await page.context().close();
  });

  it('switches to English from the user menu and keeps the choice', async () => {
    const page = await secretaryAt(DESKTOP);
    await chooseInUserMenu(page, 'English');
    const menu = page.getByRole('navigation', { name: 'modules' });
    await menu.getByRole('menuitem', { name: 'Organisation' }).waitFor();
    await page.reload();
    await menu.getByRole('menuitem', { name: 'Holiday calendar' }).waitFor();
    await expect(page.getByTestId('greeting').innerText()).resolves.toMatch(/王芳/);
    // Under load a click can land while the dropdown is still animating in and be lost: open the
    // menu and choose again until the navigation speaks Chinese (a few tries at most).
    for (let attempt = 1; ; attempt++) {
      await page.keyboard.press('Escape'); // a menu a lost click left open
      await chooseInUserMenu(page, '中文', 5_000).catch(() => {}); // the menu closed under the click: try again
      const switched = await menu
        .getByRole('menuitem', { name: '组织机构' })
        .waitFor({ timeout: 10_000 })
        .then(() => true, () => false);
      if (switched) break;
      if (attempt === 3) throw new Error('the navigation did not switch back to 中文');
    }
    await page.context().close();
  });

  it('binds an optional one-time code in the settings, logs in with it, and turns it off', async () => {
    const page = await openPage(env.browser, `${env.server.url}/login`);
    await logInAs(page, 'liuyang');
    await page.goto(`${env.server.url}/settings`);
    await page.getByRole('tab', { name: '动态口令' }).click();
    await page.getByRole('button', { name: '绑定动态口令' }).click();
    const secret = (await page.getByTestId('totp-secret').getAttribute('data-secret'))!;
    await page.getByRole('textbox', { name: '动态口令' }).fill(totpCode(secret));
    await page.getByRole('button', { name: '确认绑定' }).click();
    await page.getByText('已绑定动态口令').waitFor();
    await logOut(page);
    await logInAs(page, 'liuyang', secret);
    await page.goto(`${env.server.url}/settings`);
    await page.getByRole('tab', { name: '动态口令' }).click();
    await page.getByRole('button', { name: '解除绑定' }).click();
    await page.locator('.ant-modal:visible').getByLabel('当前密码').fill(DEMO_PASSWORD);
    await page.locator('.ant-modal:visible').getByRole('button', { name: '解除绑定' }).click();
    await page.getByText('已解除动态口令绑定').waitFor();
    await page.getByRole('button', { name: '绑定动态口令' }).waitFor();
    await page.context().close();
  });

  it('changes the password, refusing a wrong current one', async () => {
    const page = await openPage(env.browser, `${env.server.url}/login`, PHONE);
    await logInAs(page, 'jiangning');
    await page.goto(`${env.server.url}/settings`);
    await page.getByRole('tab', { name: '修改密码' }).click();
    await page.getByLabel('当前密码').fill('not-my-password1');
    await page.getByLabel('新密码', { exact: true }).fill('Newpass2026');
    await page.getByLabel('再次输入新密码').fill('Newpass2026');
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByText('当前密码不正确').waitFor();
    await page.getByLabel('当前密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '修改密码' }).click();
    await page.getByText('密码已修改').waitFor();
    await screenshot(page, 'settings-phone');
    await env.server.anonymous().login('jiangning', 'Newpass2026');
    await page.context().close();
  });

  it('creates an API token shown once, which then authenticates, and revokes it', async () => {
    const page = await secretaryAt(DESKTOP);
    await page.goto(`${env.server.url}/settings`);
    await page.getByRole('tab', { name: 'API 令牌' }).click();
    await page.getByRole('button', { name: '创建令牌' }).click();
    // The context prefers reduced motion (openPage): the dialog opens without antd's zoom.
    const zooming = await page.locator('.ant-modal').evaluate((el) => /zoom-[\w-]*(appear|enter)/.test(el.className) || el.getAnimations().length > 0);
    expect(zooming).toBe(false);
    await page.getByLabel('令牌名称').fill('OA 对接');
    await page.locator('.ant-modal form button[type=submit]').click();
    const token = (await page.getByTestId('new-token').innerText()).trim();
    expect(token).toMatch(/^zbt_/);
    const me = await fetch(`${env.server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByRole('button', { name: '吊销' }).click();
    const confirm = page.locator('.ant-popconfirm:visible');
    await animationDone(confirm);
    await confirm.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByText('已吊销').waitFor();
    const after = await fetch(`${env.server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
    await settle(page);
    await page.context().close();
  });
});
