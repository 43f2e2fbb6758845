// Attachments with a classification (upload, download, who sees what, the security officer's
// change) and the holiday calendar (coverage warning, entering a year's schedule).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../helpers/server.js';
import { animationDone, CHROMIUM, enrolTotpViaApi, logInAs, openPage, PHONE, screenshot, settle, webSuite } from './browser.js';

describe.skipIf(!CHROMIUM)('attachments and the holiday calendar', () => {
  const env = webSuite();
  let officer: { secret: string; client: Client };
  beforeAll(async () => {
    officer = await enrolTotpViaApi(env.server, 'zhoutao');
  });

  it('the secretary uploads a secret file for a named reader that a clerk cannot see, and downloads it', async () => {
    const page = await openPage(env.browser, `${env.server.url}/login`);
    await logInAs(page, 'wangfang');
    await page.goto(`${env.server.url}/attachments`);
    await page.getByText('您可见 0 个附件').waitFor();
    await page.getByRole('button', { name: '上传附件' }).click();
    const modal = page.locator('.ant-modal:visible');
    await modal.locator('input[type=file]').setInputFiles({ name: '董事会纪要.txt', mimeType: 'text/plain', buffer: Buffer.from('董事会纪要：秘密') });
    await modal.getByLabel('密级').locator('xpath=ancestor::div[contains(@class, "ant-select-selector")]').click();
    // Her clearance is 机密: 绝密 is not offered.
    // The dropdown renders (and may re-render) after the click: poll its options until they settle.
    await expect.poll(() => page.locator('.ant-select-dropdown:visible .ant-select-item-option').allInnerTexts()).toEqual(['公开', '内部', '秘密', '机密']);
    await page.locator('.ant-select-dropdown:visible').getByTitle('秘密').click();
    await modal.getByLabel('保密期限').fill('10年');
    // The security officer must be in the reading scope to see (and change) a classified file.
    await modal.getByLabel('知悉范围').locator('xpath=ancestor::div[contains(@class, "ant-select-selector")]').click();
    await page.keyboard.type('周涛');
    await page.locator('.ant-select-dropdown:visible').getByText('周涛（总经办）').click();
    await page.keyboard.press('Escape');
    await modal.getByRole('button', { name: '上传附件' }).click();
    await page.getByText('上传成功').waitFor();
    await page.getByText('您可见 1 个附件').waitFor();
    const row = page.locator('.ant-table-row').first();
    await expect(row.innerText()).resolves.toMatch(/董事会纪要\.txt[\s\S]*秘密[\s\S]*10年/);
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: '下载' }).click()]);
    expect(download.suggestedFilename()).toBe('董事会纪要.txt');

    const clerk = await env.server.login('zhaomin');
    expect((await clerk.get('/api/v1/attachments')).body.total).toBe(0);
    await page.context().close();
  });

  it('the security officer lowers it to 内部, and the clerk then sees it', async () => {
    const page = await openPage(env.browser, `${env.server.url}/login`, PHONE);
    await logInAs(page, 'zhoutao', officer.secret);
    await page.goto(`${env.server.url}/attachments`);
    await page.getByText('董事会纪要.txt').waitFor();
    await page.getByRole('button', { name: '调整密级' }).click();
    const modal = page.locator('.ant-modal:visible');
    await settle(page);
    await modal.getByLabel('密级').locator('xpath=ancestor::div[contains(@class, "ant-select-selector")]').click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('内部').click();
    await modal.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByText('已保存').waitFor();
    await page.locator('.ant-card').filter({ hasText: '董事会纪要.txt' }).getByText('内部').waitFor();
    await screenshot(page, 'attachments-officer-phone');
    const clerk = await env.server.login('zhaomin');
    const list = await clerk.get('/api/v1/attachments');
    expect(list.body.items.map((a: { filename: string }) => a.filename)).toEqual(['董事会纪要.txt']);
    await page.context().close();
  });

  it('warns about a year without official data, and takes its schedule', async () => {
    const page = await openPage(env.browser, `${env.server.url}/login`);
    await logInAs(page, 'wangfang');
    await page.goto(`${env.server.url}/calendar`);
    const year = Number((await page.getByTestId('calendar-year').innerText()).slice(0, 4));
    // The seeded data ends in 2026: some later year has no official schedule.
    let target = year;
    while (target < 2100) {
      const r = await (await env.server.login('wangfang')).get(`/api/v1/calendar/holidays?year=${target}`);
      if (!r.body.hasOfficialData) break;
      target++;
    }
    for (let y = year; y < target; y++) await page.getByRole('button', { name: '下一年' }).click();
    await page.getByTestId('calendar-year').getByText(`${target} 年`).waitFor();
    await expect.poll(() => page.getByTestId('calendar-warning').innerText()).toContain('尚未录入');

    await page.getByRole('button', { name: '录入本年安排' }).click();
    const drawer = page.locator('.ant-drawer:visible');
    await animationDone(drawer.locator('.ant-drawer-content'));
    await drawer.getByRole('tab', { name: '粘贴文本' }).click();
    await drawer.locator('textarea').fill(`${target}-01-01 放假 元旦\n${target}-10-01 放假 国庆节\n${target}-10-10 上班 国庆节调休`);
    await drawer.getByRole('button', { name: '解析并填入' }).click();
    await expect(drawer.locator('.ant-picker input').count()).resolves.toBe(3);
    await drawer.getByRole('button', { name: '保存（替换全年）' }).click();
    const confirm = page.locator('.ant-popconfirm:visible');
    await animationDone(confirm);
    await confirm.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByText(`${target} 年放假安排已保存`).waitFor();
    await expect.poll(() => page.getByTestId('calendar-warning').count()).toBe(0);
    await expect(page.locator(`[data-date="${target}-10-10"]`).evaluate((el) => getComputedStyle(el).fontWeight)).resolves.toBe('600');
    await page.getByRole('tab', { name: '列表' }).click();
    await page.getByRole('cell', { name: '国庆节调休' }).waitFor();
    await screenshot(page, 'calendar-entered-desktop');
    await page.context().close();
  });
});
