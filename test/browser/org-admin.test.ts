// Managing people as the administrator (create, edit, reset password, disable, stale write) and
// setting a clearance as the security officer — each shown only where the record's abilities allow.
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { Client } from '../helpers/server.js';
import { animationDone, CHROMIUM, DESKTOP, enrolTotpViaApi, logInAs, openPage, PHONE, screenshot, settle, webSuite } from './browser.js';

async function pick(page: Page, field: Locator, option: string) {
  // The select's own input is transparent under the shown value; click the box around it.
  await field.locator('xpath=ancestor::div[contains(@class, "ant-select-selector")]').click();
  await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
}

async function rowOf(page: Page, query: string): Promise<Locator> {
  await page.getByPlaceholder('搜索姓名、用户名、职务').fill(query);
  await page.getByPlaceholder('搜索姓名、用户名、职务').press('Enter');
  await page.getByText('共 1 条').waitFor();
  return page.locator('.ant-table-row').first();
}

/** Waits for the save to be confirmed; if the form refused it, says which fields and why. */
async function saved(page: Page, drawer: Locator) {
  const done = page.getByText('已保存');
  const errors = drawer.locator('.ant-form-item-explain-error');
  await expect.poll(async () => (await done.isVisible()) || (await errors.count()) > 0).toBe(true);
  if (!(await done.isVisible())) throw new Error(`the form refused to save: ${(await errors.allInnerTexts()).join('; ')}`);
}

async function moreAction(page: Page, row: Locator, action: string) {
  await row.getByRole('button', { name: '更多' }).click();
  await page.locator('.ant-dropdown:visible').getByText(action).click();
}

describe.skipIf(!CHROMIUM)('organisation management', () => {
  const env = webSuite();
  let admin: { secret: string; client: Client };
  let officer: { secret: string; client: Client };
  let adminContext: BrowserContext;
  beforeAll(async () => {
    admin = await enrolTotpViaApi(env.server, 'wulei');
    officer = await enrolTotpViaApi(env.server, 'zhoutao');
    // One browser log-in per person for the whole file: a TOTP step can be used only once.
    const first = await openPage(env.browser, `${env.server.url}/login`);
    await logInAs(first, 'wulei', admin.secret);
    adminContext = first.context();
  });

  it('the administrator creates, edits, resets and disables a person', async () => {
    const page = adminContext.pages()[0];
    await page.goto(`${env.server.url}/org`);
    await page.getByText('共 40 条').waitFor();

    await page.getByRole('button', { name: '新增人员' }).click();
    const drawer = page.locator('.ant-drawer:visible');
    await animationDone(drawer.locator('.ant-drawer-content'));
    await drawer.getByLabel('姓名').fill('测试员');
    await drawer.getByLabel('用户名').fill('ceshi');
    await pick(page, drawer.getByLabel('部门'), '财务部');
    await drawer.locator('.ant-select-selection-item[title="财务部"]').waitFor();
    await drawer.getByLabel('职务').fill('审核员');
    await drawer.getByLabel('新密码', { exact: true }).fill('Start2026x');
    await drawer.getByLabel('再次输入新密码').fill('Start2026x');
    // The administrator does not set clearances (separation of duties): no such field here.
    await expect(drawer.getByLabel('涉密等级').count()).resolves.toBe(0);
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await saved(page, drawer);
    await page.getByText('共 41 条').waitFor();

    let row = await rowOf(page, 'ceshi');
    await expect(row.innerText()).resolves.toContain('财务部');
    await row.getByRole('button', { name: /编\s*辑/ }).click();
    await animationDone(drawer.locator('.ant-drawer-content'));
    await expect(drawer.getByLabel('用户名').isDisabled()).resolves.toBe(true);
    await expect(drawer.getByLabel('涉密等级').isDisabled()).resolves.toBe(true);
    await drawer.getByLabel('职务').fill('高级审核员');
    await pick(page, drawer.getByLabel('角色'), '档案员');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('高级审核员').waitFor();
    const people = await admin.client.get('/api/v1/org/people?q=ceshi');
    expect(people.body.items[0]).toMatchObject({ position: '高级审核员', roles: ['archivist', 'clerk'], clearance: 1 });

    row = page.locator('.ant-table-row').first();
    await moreAction(page, row, '重置密码');
    await page.locator('.ant-modal:visible').getByLabel('新密码', { exact: true }).fill('Reset2026y');
    await page.locator('.ant-modal:visible').getByLabel('再次输入新密码').fill('Reset2026y');
    await page.locator('.ant-modal:visible').getByRole('button', { name: '重置密码' }).click();
    await page.getByText('密码已重置').waitFor();
    const asNew = env.server.anonymous();
    await asNew.login('ceshi', 'Reset2026y');

    await moreAction(page, row, '停用账号');
    const confirm = page.locator('.ant-modal-confirm:visible');
    await animationDone(confirm);
    await confirm.getByRole('button', { name: /确\s*定/ }).click();
    await row.getByText('已停用').waitFor();
    // Disabling ends the session at once and refuses the next log-in.
    expect((await asNew.get('/api/v1/me')).status).toBe(401);
    const again = await env.server.anonymous().post('/api/v1/auth/login', { username: 'ceshi', password: 'Reset2026y' });
    expect(again.body.error.message).toContain('停用');
    await screenshot(page, 'people-admin-desktop');
  });

  it('a stale edit (409) asks to refresh and shows the current record', async () => {
    const page = await adminContext.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(`${env.server.url}/org`);
    await page.getByPlaceholder('搜索姓名、用户名、职务').fill('hanbing');
    await page.getByPlaceholder('搜索姓名、用户名、职务').press('Enter');
    await page.getByText('共 1 条').waitFor();
    await page.getByRole('button', { name: /编\s*辑/ }).click();
    const drawer = page.locator('.ant-drawer:visible');
    await animationDone(drawer.locator('.ant-drawer-content'));
    await drawer.getByLabel('职务').fill('人事主管');
    // Meanwhile someone else changes the same person.
    const current = (await admin.client.get('/api/v1/org/people?q=hanbing')).body.items[0];
    expect((await admin.client.patch(`/api/v1/org/people/${current.id}`, { phone: '010-12345678', version: current.version })).status).toBe(200);
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('记录已被他人修改').waitFor();
    const after = (await admin.client.get('/api/v1/org/people?q=hanbing')).body.items[0];
    expect(after.position).toBe('人事专员'); // the stale write changed nothing
    await settle(page);
    await screenshot(page, 'people-admin-phone');
    await page.close();
  });

  it('the security officer sets a clearance and nothing else', async () => {
    const page = await openPage(env.browser, `${env.server.url}/login`, DESKTOP);
    await logInAs(page, 'zhoutao', officer.secret);
    await page.goto(`${env.server.url}/org`);
    await expect(page.getByRole('button', { name: '新增人员' }).count()).resolves.toBe(0);
    const row = await rowOf(page, 'zhaomin');
    await expect(row.getByRole('button', { name: '更多' }).count()).resolves.toBe(0);
    await row.getByRole('button', { name: '涉密等级' }).click();
    const drawer = page.locator('.ant-drawer:visible');
    await animationDone(drawer.locator('.ant-drawer-content'));
    await expect(drawer.getByLabel('姓名').isDisabled()).resolves.toBe(true);
    await expect(drawer.getByLabel('角色').isDisabled()).resolves.toBe(true);
    await pick(page, drawer.getByLabel('涉密等级'), '秘密');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await saved(page, drawer);
    await row.getByText('秘密').waitFor();
    const p = (await officer.client.get('/api/v1/org/people?q=zhaomin')).body.items[0];
    expect(p.clearance).toBe(2);
    await page.context().close();
  });
});
