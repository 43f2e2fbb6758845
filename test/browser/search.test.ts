// 检索 in the browser: a two-character word and a person's name find documents, the hit opens
// the document's page, a classified document outside the reader's scope never shows, and the page
// works at desktop and phone widths (screenshots in test/artifacts/). Supervision items are found
// from the header's box by the unit head they concern and open on the item page; a head of another
// unit finds nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, DESKTOP, logInAs, openPage, PHONE, screenshot, settle, webSuite } from './browser.js';

describe.skipIf(!CHROMIUM)('document search', () => {
  const env = webSuite();
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const sec = await env.server.login('wangfang');
    const me = (await sec.get('/api/v1/me')).body.id as string;
    const register = async (key: string, title: string, sender: string, classification = 0, scope?: unknown) => {
      const r = await sec.post('/api/v1/incoming', { sender, deliveredBy: '机要交通员', classification, ...(scope ? { scope } : {}), registration: { title, docKind: '通知', addresseeMatches: true, body: `联系人：王芳。${title}` } });
      expect(r.status, r.text).toBe(201);
      ids[key] = r.body.id;
    };
    await register('meeting', '关于召开年度安全生产会议的通知', '市应急管理局');
    await register('training', '关于组织会议服务礼仪培训的通知', '集团人力资源部');
    await register('secret', '关于保密会议安排的机密通知', '上级机关', 3, [{ kind: 'person', id: me }]);
    const db = env.server.ctx.database.db;
    const dept = async (code: string) => (await db.selectFrom('departments').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
    const person = async (username: string) => (await db.selectFrom('people').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
    const item = await sec.post('/api/v1/supervision/items', {
      source: { type: 'leader_instruction' },
      category: 'instruction',
      title: '推进鲲鹏仓储系统上线',
      requirement: '月底前完成联调并报送验收方案',
      assignedById: await person('liming'),
      leadDepartmentId: await dept('CWB'),
      deadlineWorkingDays: 10,
    });
    expect(item.status, item.text).toBe(201);
    ids.item = item.body.id;
    ids.itemNumber = item.body.number;
  }, 120_000);

  it('finds documents by a two-character word and opens the hit', async () => {
    const page = await openPage(env.browser, `${env.server.url}/login`, DESKTOP);
    await logInAs(page, 'zhaomin');
    await page.goto(`${env.server.url}/search`);
    const box = page.getByPlaceholder(/输入检索词/);
    await box.fill('会议');
    await box.press('Enter');
    await page.getByText('关于召开年度安全生产', { exact: false }).first().waitFor();
    await expect(page.getByText('共 2 条').count()).resolves.toBe(1);
    // Each hit shows the office's own number (收文编号), not a bare serial.
    await expect(page.getByText(/^收〔\d{4}〕\d+号$/).count()).resolves.toBe(2);
    // The classified notice is outside the clerk's scope: neither listed nor counted.
    await expect(page.getByText('保密会议').count()).resolves.toBe(0);
    expect(page.url()).toContain('q=%E4%BC%9A%E8%AE%AE');
    await screenshot(page, 'search-desktop');
    await page.getByText('市应急管理局').first().click();
    await page.waitForURL(`**/incoming/${ids.meeting}`);
    await page.context().close();
  });

  it('finds a person named in the text and refuses a one-character query, on a phone', async () => {
    const page = await openPage(env.browser, `${env.server.url}/login`, PHONE);
    await logInAs(page, 'wangfang');
    await page.goto(`${env.server.url}/search?q=${encodeURIComponent('王芳')}`);
    await settle(page);
    // The secretary is in the classified notice's scope: all three.
    await page.getByText('共 3 条').waitFor();
    await screenshot(page, 'search-phone');
    const box = page.getByPlaceholder(/输入检索词/);
    await box.fill('会');
    await box.press('Enter');
    await page.getByText('检索词至少两个字').waitFor();
    await page.context().close();
  });

  it('finds a supervision item from the header for the unit head it concerns, and opens it', async () => {
    const page = await openPage(env.browser, `${env.server.url}/login`, DESKTOP);
    await logInAs(page, 'qianwei');
    const header = page.getByTestId('header-search');
    await header.fill('鲲鹏');
    await header.press('Enter');
    await page.waitForURL('**/search?q=*');
    const hit = page.locator('[data-record-type="supervision_item"]');
    await hit.first().waitFor();
    await expect(hit.count()).resolves.toBe(1);
    await expect(hit.getByText(ids.itemNumber, { exact: true }).count()).resolves.toBe(1);
    await expect(hit.getByText('督办事项').count()).resolves.toBe(1);
    await expect(hit.getByText('主办：财务部').count()).resolves.toBe(1);
    // Only items: the type switch keeps the words.
    await page.getByTestId('search-type').getByText('督办事项').click();
    await page.waitForURL('**type=supervision_item**');
    await page.getByText('共 1 条').waitFor();
    // Among items the kind filter is the 督查类别: another category finds nothing, the item's finds it.
    const chooseCategory = async (name: string) => {
      await page.getByTestId('search-category').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: name }).click();
      await page.getByRole('button', { name: /^筛\s*选$/ }).click();
    };
    await chooseCategory('会议督查');
    await page.waitForURL('**kind=meeting**');
    await page.getByText('没有找到可查看的公文或督办事项').waitFor();
    await chooseCategory('批示督查');
    await page.waitForURL('**kind=instruction**');
    await page.getByText('共 1 条').waitFor();
    await screenshot(page, 'search-item-desktop');
    await hit.first().click();
    await page.waitForURL(`**/supervision/${ids.item}`);
    await page.getByText('推进鲲鹏仓储系统上线').first().waitFor();
    await page.context().close();
  });

  it('shows a head of another unit no item, not even in the count, on a phone', async () => {
    const page = await openPage(env.browser, `${env.server.url}/login`, PHONE);
    await logInAs(page, 'caoyang');
    await page.goto(`${env.server.url}/search?q=${encodeURIComponent('鲲鹏')}`);
    await settle(page);
    await page.getByText('没有找到可查看的公文或督办事项').waitFor();
    await expect(page.getByText('推进鲲鹏').count()).resolves.toBe(0);
    await expect(page.getByText('共 1 条').count()).resolves.toBe(0);
    // The number finds nothing either.
    await page.goto(`${env.server.url}/search?q=${encodeURIComponent(ids.itemNumber)}`);
    await settle(page);
    await page.getByText('没有找到可查看的公文或督办事项').waitFor();
    await screenshot(page, 'search-item-outsider-phone');
    await page.context().close();
  });
});
