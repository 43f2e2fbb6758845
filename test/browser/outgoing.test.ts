// 发文 in the browser, end to end: a finance clerk drafts a 通知 from its template and revises it
// (kept versions, side-by-side view; a stale save reloads and says so), submits it confirming
// 一事一文; the department head reviews, the office director approves, the secretary proofreads,
// the GM signs off (a missing item of the three is refused in the form), the secretary registers
// it (the number is read from the page), the clerk prints and seals, the director dispatches it to
// its recipients and records a receipt; the .docx answers 200 as a Word document. Screenshots of
// each step land in test/artifacts/.
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { animationDone, CHROMIUM, DESKTOP, logInAs, openPage, PHONE, screenshot, settle, webSuite } from './browser.js';

const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const TITLE = '关于开展2026年度冬季消防安全检查的通知';
const FIRST_BODY = '为切实做好冬季消防安全工作，现就开展年度消防安全检查有关事项通知如下：\n一、各部门于12月10日前完成自查，填写自查表。\n二、总经办将于12月15日组织抽查。\n请各部门认真贯彻执行。';
const SECOND_BODY = FIRST_BODY.replace('二、总经办将于12月15日组织抽查。', '二、总经办会同安全管理部门于12月15日至18日组织抽查。\n三、检查结果纳入部门考核。');

/** antd puts a space between two CJK characters of a button ("签 发"), after any icon's name. */
const spaced = (label: string) => new RegExp(`(^|\\s)${[...label].join('\\s*')}\\s*$`);

/** A full-page screenshot from the top: scrolled down, the sticky header would be drawn mid-page. */
async function shot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

async function pick(page: Page, select: Locator, option: string) {
  await select.click();
  await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'detached' });
}

describe.skipIf(!CHROMIUM)('outgoing documents (发文) in the browser', () => {
  const env = webSuite();

  async function as(username: string, path: string, viewport = DESKTOP): Promise<Page> {
    const page = await openPage(env.browser, `${env.server.url}/login?next=${encodeURIComponent(path)}`, viewport);
    await logInAs(page, username);
    return page;
  }

  /** Opens the action's form from the panel, fills it with `fill`, and sends it. */
  async function act(page: Page, action: string, fill: (modal: Locator) => Promise<void> = async () => {}) {
    await page.getByTestId('action-panel').getByRole('button', { name: spaced(action) }).click();
    // This action's form, not a message box that may open when it closes.
    const modal = page.locator('.ant-modal:visible').filter({ has: page.getByRole('button', { name: spaced(action) }) });
    await animationDone(modal);
    await fill(modal);
    await modal.getByRole('button', { name: spaced(action) }).click();
    await modal.waitFor({ state: 'hidden' });
  }

  async function stateIs(page: Page, state: string) {
    await page.locator('.ant-card').first().locator('.ant-tag', { hasText: state }).first().waitFor();
  }

  // The whole life of a document through five people's browsers: about a minute on a loaded CI
  // machine, so more than the suites' default of 60 s.
  it('drafts, reviews, proofreads, signs off, numbers and dispatches a 通知', async () => {
    // 拟稿: the 通知 template is in the text box; another kind brings its own template.
    const drafter = await as('fengxia', '/outgoing');
    await drafter.getByRole('tab', { name: '待我办理' }).waitFor();
    await drafter.getByRole('button', { name: spaced('拟稿') }).click();
    await drafter.getByRole('heading', { name: '拟稿' }).waitFor();
    const body = drafter.getByTestId('draft-body');
    await expect(body.inputValue()).resolves.toContain('现就……有关事项通知如下');
    await pick(drafter, drafter.locator('.ant-form-item').filter({ hasText: '文种' }).locator('.ant-select'), '请示');
    await expect(body.inputValue()).resolves.toContain('妥否，请批示');
    await pick(drafter, drafter.locator('.ant-form-item').filter({ hasText: '文种' }).locator('.ant-select'), '通知');
    await expect(body.inputValue()).resolves.toContain('请各部门认真贯彻执行');
    await shot(drafter, 'outgoing-draft-new-desktop');
    await drafter.getByLabel('标题').fill(TITLE);
    await drafter.getByLabel('主送').fill('各部门、各分公司');
    await drafter.getByLabel('抄送').fill('公司领导');
    await body.fill(FIRST_BODY);
    await drafter.getByRole('button', { name: '保存草稿' }).click();
    await drafter.getByRole('heading', { name: TITLE, level: 4 }).waitFor();
    const docUrl = drafter.url();
    const id = docUrl.split('/').pop()!;
    await drafter.getByTestId('document-text').getByText('各部门、各分公司：').waitFor();

    // An attachment, then a new version of it: both kept.
    await drafter.getByRole('tab', { name: /附件/ }).click();
    const files = drafter.getByTestId('attachments');
    const sheet = (text: string) => ({ name: '自查表.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await files.locator('input[type=file]').last().setInputFiles(sheet('消防安全自查表（第一版）'));
    await files.getByText('自查表.txt').waitFor();
    await files.locator('input[type=file]').first().setInputFiles(sheet('消防安全自查表（第二版，增加检查项）'));
    await files.getByText('第 2 版').waitFor();
    await files.getByText('历次版本').click();
    await files.getByText('第 1 版').waitFor();
    await shot(drafter, 'outgoing-attachments-desktop');

    // A second version, compared side by side with the first.
    await drafter.getByRole('button', { name: spaced('编辑') }).click();
    await drafter.getByRole('heading', { name: '修改草稿' }).waitFor();
    await drafter.getByTestId('draft-body').fill(SECOND_BODY);
    await drafter.getByRole('button', { name: '保存修改' }).click();
    await drafter.getByText('草稿已保存（第 2 稿）').waitFor();
    const diff = drafter.getByTestId('version-diff');
    await diff.getByText('三、检查结果纳入部门考核。').waitFor();
    await diff.getByText('二、总经办将于12月15日组织抽查。').waitFor();
    await shot(drafter, 'outgoing-draft-versions-desktop');

    // A stale save: the draft changed in another window meanwhile; the form reloads and says so.
    const elsewhere = await env.server.login('fengxia');
    const current = await elsewhere.get(`/api/v1/outgoing/${id}`);
    expect((await elsewhere.patch(`/api/v1/outgoing/${id}`, { version: current.body.version, urgency: 'urgent' })).status).toBe(200);
    await drafter.getByLabel('抄送').fill('公司领导、监事会');
    await drafter.getByRole('button', { name: '保存修改' }).click();
    await drafter.getByText('草稿已被修改（可能在另一窗口），已重新加载最新一稿').waitFor();
    await expect.poll(() => drafter.getByLabel('抄送').inputValue()).toBe('公司领导');
    await drafter.locator('.ant-form-item').filter({ hasText: '紧急程度' }).getByTitle('加急').waitFor();

    // 送核稿: the 一事一文 confirmation must be ticked.
    await drafter.getByRole('button', { name: '送核稿' }).click();
    const submit = drafter.locator('.ant-modal:visible');
    await submit.getByText('一事一文：一份文件只写一件事').waitFor();
    await settle(drafter); // antd's enter animation: a click during it can miss the form
    await submit.getByRole('button', { name: '送核稿' }).click();
    await submit.getByText('送出前请确认一事一文').waitFor();
    await submit.getByLabel('我确认本文件只写一件事').check();
    await shot(drafter, 'outgoing-submit-desktop');
    await submit.getByRole('button', { name: '送核稿' }).click();
    await drafter.waitForURL(docUrl);
    await stateIs(drafter, '核稿');
    await drafter.context().close();

    // 核稿: the department head finds it waiting, and approves it.
    const head = await as('qianwei', '/outgoing');
    await head.getByRole('link', { name: TITLE }).waitFor();
    await shot(head, 'outgoing-pending-desktop');
    await head.getByRole('link', { name: TITLE }).click();
    await stateIs(head, '核稿');
    await act(head, '核稿通过', (m) => m.getByLabel('意见').fill('内容属实，同意。'));
    await stateIs(head, '办公室审核');
    await head.context().close();

    // 办公室审核 (the office could refuse with a reason: 可发可不发的坚决不发).
    const director = await as('chenjing', `/outgoing/${id}`);
    await director.getByTestId('action-panel').getByRole('button', { name: '不予发文' }).waitFor();
    await act(director, '审核通过', (m) => m.getByLabel('意见').fill('同意发文。'));
    await stateIs(director, '校对');

    // 校对 by the secretary.
    const secretary = await as('wangfang', `/outgoing/${id}`);
    await act(secretary, '校对完成', (m) => m.getByLabel('意见').fill('已校对，文字无误。'));
    await stateIs(secretary, '签发');

    // 签发: the GM sees every earlier opinion; each of the three items is required.
    const gm = await as('zhangjianguo', `/outgoing/${id}`);
    await gm.getByTestId('action-panel').getByRole('button', { name: spaced('签发') }).click();
    const sign = gm.locator('.ant-modal:visible');
    const opinions = sign.getByTestId('earlier-opinions');
    for (const o of ['内容属实，同意。', '同意发文。', '已校对，文字无误。']) await opinions.getByText(o).waitFor();
    await sign.locator('.ant-picker').hover();
    await sign.locator('.ant-picker-clear').click();
    await sign.getByRole('button', { name: spaced('签发') }).click();
    await sign.getByText('请填写核准意见').waitFor();
    await sign.getByText('请填写签发人姓名').waitFor();
    await sign.getByText('请选择签发日期').waitFor();
    await shot(gm, 'outgoing-signoff-refused-desktop');
    await sign.getByLabel('核准意见').fill('同意印发');
    await sign.getByLabel('签发人姓名').fill('张建国');
    await sign.getByRole('button', { name: spaced('签发') }).click();
    await sign.getByText('请选择签发日期').waitFor(); // still refused: the date is missing
    await expect(sign.isVisible()).resolves.toBe(true);
    await sign.getByLabel('签发日期').fill(new Date().toISOString().slice(0, 10));
    await sign.getByLabel('签发日期').press('Enter');
    await sign.getByRole('button', { name: spaced('签发') }).click();
    await sign.waitFor({ state: 'hidden' });
    await stateIs(gm, '复核');
    await expect(gm.getByTestId('signoff').innerText()).resolves.toMatch(/同意印发\s+张建国\s+\d{4}-\d{2}-\d{2}/);
    await gm.context().close();

    // 复核 → 登记: the number is allocated and shown big.
    await secretary.reload();
    await act(secretary, '复核无误');
    const allocated = await secretary.getByTestId('allocated-number').innerText();
    expect(allocated).toMatch(/^示例集团发〔\d{4}〕[1-9]\d*号$/);
    await shot(secretary, 'outgoing-registered-desktop');
    const numbered = secretary.locator('.ant-modal-confirm:visible');
    await animationDone(numbered);
    await numbered.getByRole('button').click();
    await expect(secretary.getByTestId('issue-number').innerText()).resolves.toBe(allocated);
    await stateIs(secretary, '登记编号');

    // 印制用印 by the office clerk.
    const clerk = await as('zhaomin', `/outgoing/${id}`);
    await act(clerk, '印制用印');
    await stateIs(clerk, '印制用印');
    await clerk.context().close();

    // 核发: recipients come from 主送 and 抄送; each receipt is tracked.
    await director.reload();
    await act(director, '核发', async (m) => {
      await expect(m.getByLabel('单位名称').evaluateAll((xs) => xs.map((x) => (x as HTMLInputElement).value))).resolves.toEqual(['各部门', '各分公司', '公司领导']);
    });
    await stateIs(director, '已核发');
    const deliveries = director.getByTestId('deliveries');
    await deliveries.getByText('已签收 0/3').waitFor();
    await deliveries.locator('.ant-list-item').filter({ hasText: '各分公司' }).getByRole('button', { name: '确认签收' }).click();
    await deliveries.getByText('已签收 1/3').waitFor();
    await expect(director.getByTestId('file-copies').innerText()).resolves.toMatch(/发文稿 1 份[\s\S]*文件 2 份/);
    await shot(director, 'outgoing-dispatched-desktop');
    await expect(director.getByTestId('trail').innerText()).resolves.toMatch(/送核稿[\s\S]*核稿通过[\s\S]*审核通过[\s\S]*校对完成[\s\S]*签发[\s\S]*复核无误[\s\S]*印制用印[\s\S]*核发[\s\S]*确认送达/);

    // The GB/T 9704 .docx: the button's link answers 200 with Word's content type.
    const href = await director.getByTestId('docx').getAttribute('href');
    expect(href).toBe(`/api/v1/outgoing/${id}/docx`);
    const docx = await director.request.get(`${env.server.url}${href}`);
    expect(docx.status()).toBe(200);
    expect(docx.headers()['content-type']).toBe(DOCX_MIME);
    expect((await docx.body()).subarray(0, 2).toString()).toBe('PK');

    // The register lists it with its number; the ledger explains every number of the year.
    await director.goto(`${env.server.url}/outgoing?tab=register`);
    await director.getByRole('link', { name: TITLE }).waitFor();
    await director.locator('.ant-table-row').filter({ hasText: TITLE }).getByText(allocated).waitFor();
    const exportHref = await director.getByTestId('register-export').getAttribute('href');
    expect(exportHref).toMatch(/^\/api\/v1\/outgoing\/register\.xlsx\?year=\d{4}$/);
    const xlsx = await director.request.get(`${env.server.url}${exportHref}`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    await shot(director, 'outgoing-register-desktop');
    await director.getByRole('button', { name: '打印版' }).click();
    await director.getByTestId('register-sheet').getByText(allocated).waitFor();
    await shot(director, 'outgoing-register-print-desktop');
    await director.goto(`${env.server.url}/outgoing?tab=numbers`);
    await director.getByTestId('numbers-check').waitFor();
    await expect(director.getByTestId('numbers-check').innerText()).resolves.toMatch(/连续编排/);
    await director.locator('.ant-table-row').filter({ hasText: allocated }).getByText(TITLE).waitFor();
    await shot(director, 'outgoing-numbers-desktop');
    // English is one switch away (the choice lives in localStorage).
    await director.evaluate(() => localStorage.setItem('zongban.lang', 'en'));
    await director.goto(`${env.server.url}/outgoing/${id}`);
    await director.getByTestId('deliveries').getByText('Dispatch and receipt').waitFor();
    await director.getByTestId('docx').getByText('Download .docx (GB/T 9704)').waitFor();
    await shot(director, 'outgoing-document-en-desktop');
    await director.context().close();
    await secretary.context().close();

    // The document page, the register and the drafting form on a phone.
    const phone = await as('wangfang', `/outgoing/${id}`, PHONE);
    await phone.getByTestId('issue-number').waitFor();
    await settle(phone);
    await shot(phone, 'outgoing-document-phone');
    await phone.goto(`${env.server.url}/outgoing?tab=register`);
    await phone.getByRole('link', { name: TITLE }).waitFor();
    await shot(phone, 'outgoing-register-phone');
    await phone.goto(`${env.server.url}/outgoing/new`);
    await phone.getByTestId('draft-body').waitFor();
    await shot(phone, 'outgoing-draft-new-phone');
    await phone.context().close();
  }, 180_000);
});
