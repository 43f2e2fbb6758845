// 督查督办 end to end in the browser: the secretary registers a leader-assigned item from the
// supervision desk (keyboard first) for 财务部, assigned by the GM, and transfers it; the unit's
// head accepts it, reports progress with a percentage and submits the result; the office checks it
// and reports the completion to the GM; the GM closes it from 我交办的. Screenshots of the desk, the
// lists and the item page (desktop and phone) go to test/artifacts/.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import fs from 'node:fs';
import JSZip from 'jszip';
import { animationDone, CHROMIUM, DESKTOP, logInAs, openPage, PHONE, screenshot, settle, webSuite } from './browser.js';

const TITLE = `落实年度预算执行情况专项检查（${Date.now() % 100000}）`;
const REQUIREMENT = '请财务部牵头，逐项核对预算执行进度，形成书面报告。';
const PROGRESS = '已完成八家子公司的核对，其余两家本周内完成。';
const RESULT = '预算执行情况检查已完成，书面报告已报总经办。';
const REPORT = '财务部已按要求完成预算执行专项检查，报告附后，请张总审阅。';

describe.skipIf(!CHROMIUM)('supervision items in the browser', () => {
  const env = webSuite();
  let itemId = '';

  async function as(username: string, viewport = DESKTOP): Promise<Page> {
    const page = await openPage(env.browser, `${env.server.url}/login`, viewport);
    await logInAs(page, username);
    return page;
  }

  /** Opens an action's form from the panel, lets `fill` fill it, submits it and waits for the trail to grow. */
  async function act(page: Page, action: string, fill?: (form: ReturnType<Page['getByTestId']>) => Promise<void>, grows = true) {
    await page.getByTestId(`action-${action}`).click();
    const form = page.getByTestId(`action-form-${action}`);
    await animationDone(form);
    if (fill) await fill(form);
    const before = await page.getByTestId('trail-step').count();
    await form.locator('button[type=submit]').click();
    if (grows) await expect.poll(() => page.getByTestId('trail-step').count()).toBe(before + 1);
    await settle(page);
  }

  async function pick(page: Page, fieldId: string, text: string) {
    await page.locator(`#${fieldId}`).click();
    await page.keyboard.type(text);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().waitFor();
    await page.keyboard.press('Enter');
  }

  const item0 = (r: { body: { items: { id: string }[] } }) => r.body.items[0].id;
  const state = async (page: Page) => (await page.getByTestId('item-tags').getByTestId('state-tag').innerText()).trim();

  it('the secretary registers a leader-assigned item from the desk and transfers it to 财务部', async () => {
    const page = await as('wangfang');
    await page.goto(`${env.server.url}/supervision`);
    await page.getByRole('tab', { name: '全部' }).waitFor();
    await page.getByRole('button', { name: '登记督办事项' }).click();
    await page.getByRole('heading', { name: '督办台：登记督办事项' }).waitFor();
    await settle(page);
    // The title has the focus; Enter moves on to the requirement.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('desk_title');
    await page.keyboard.type(TITLE);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('desk_requirement');
    await page.keyboard.type(REQUIREMENT);
    await pick(page, 'desk_assignedById', '张建国');
    await pick(page, 'desk_leadDepartmentId', '财务部');
    await screenshot(page, 'supervision-desk-desktop');
    await page.keyboard.press('Control+Enter');

    await page.getByTestId('item-number').waitFor();
    const number = (await page.getByTestId('item-number').innerText()).replace('已登记：', '').trim();
    expect(number).toMatch(/^督〔\d{4}〕\d+号$/);
    await page.getByTestId('open-item').click();
    await page.getByTestId('item-title').waitFor();
    itemId = page.url().split('/').pop()!;
    // The office registering with the unit known has opened and registered it (立项, 登记).
    expect(await state(page)).toBe('登记');
    await expect(page.getByTestId('fields').innerText()).resolves.toContain('张建国');
    await act(page, 'transfer');
    expect(await state(page)).toBe('转办');

    const api = await env.server.login('wangfang');
    // Two more for the board: one due tomorrow-ish, one with weeks to go.
    const depts = (await api.get('/api/v1/org/departments')).body.items as { id: string; name: string }[];
    const unit = (name: string) => depts.find((d) => d.name === name)!.id;
    for (const [title, days, dept] of [['修订差旅费管理办法', 1, '财务部'], ['组织年度安全生产大检查', 20, '生产部']] as const) {
      const r = await api.post('/api/v1/supervision/items', { title, category: 'special', source: { type: 'meeting_decision' }, assignedById: item0(await api.get('/api/v1/org/people?role=gm&limit=5')), leadDepartmentId: unit(dept), deadlineWorkingDays: days });
      expect(r.status, r.text).toBe(201);
    }
    const item = (await api.get(`/api/v1/supervision/items/${itemId}`)).body;
    expect(item).toMatchObject({ number, title: TITLE, requirement: REQUIREMENT, procedure: 'assigned', category: 'instruction', source: { type: 'leader_instruction' }, assignedByName: '张建国', leadDepartmentName: '财务部', state: 'transferred' });
    await page.context().close();

    const phone = await as('wangfang', PHONE);
    await phone.goto(`${env.server.url}/supervision/new`);
    await phone.getByRole('heading', { name: '督办台：登记督办事项' }).waitFor();
    await screenshot(phone, 'supervision-desk-phone');
    await phone.context().close();
  });

  it("the unit's head accepts it from 我的事项, reports progress and submits the result", async () => {
    const page = await as('qianwei');
    await page.goto(`${env.server.url}/supervision`);
    const row = page.getByTestId('handler-list').getByTestId('item-row').filter({ hasText: TITLE });
    await row.getByTestId('shortcut-report').waitFor();
    await screenshot(page, 'supervision-mine-desktop');
    await row.getByText(TITLE).click();
    await page.getByTestId('item-title').waitFor();
    await act(page, 'accept');
    await act(
      page,
      'report_progress',
      async (form) => {
        await form.getByLabel('进展情况').fill(PROGRESS);
        await form.getByLabel('完成百分比').fill('60');
        await form.locator('input[type=file]').setInputFiles({ name: '核对清单.txt', mimeType: 'text/plain', buffer: Buffer.from('八家子公司核对清单') });
      },
      false,
    );
    await page.getByTestId('reports').getByText(PROGRESS).waitFor();
    await expect(page.getByTestId('progress').innerText()).resolves.toContain('60%');
    await expect(page.getByTestId('unit-reports').innerText()).resolves.toContain('已报告 60%');
    await act(page, 'submit_result', (form) => form.getByLabel('办理结果').fill(RESULT));
    expect(await state(page)).toBe('检查');
    await page.context().close();
  });

  it('the office checks it and reports the completion to the GM', async () => {
    const page = await as('wangfang');
    await page.goto(`${env.server.url}/supervision/${itemId}`);
    await page.getByTestId('item-title').waitFor();
    await act(page, 'check_pass', (form) => form.getByLabel('意见').fill('经核查，报告内容属实。'));
    expect(await state(page)).toBe('办结');
    await page.getByTestId('checks').getByText('通过').waitFor();
    // The unit's attachment to its progress report opens for the office.
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('reports').getByText('附件 1').click()]);
    expect(file.suggestedFilename()).toContain('核对清单');
    await act(page, 'report_completion', (form) => form.getByLabel('回告内容').fill(REPORT));
    expect(await state(page)).toBe('办结回告');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'supervision-item-desktop');
    // The board: everything open and done, coloured by status, worst first.
    await page.goto(`${env.server.url}/supervision?tab=board`);
    await page.getByTestId('board-row').filter({ hasText: TITLE }).waitFor();
    await expect(page.getByTestId('board-row').filter({ hasText: TITLE }).innerText()).resolves.toContain('按期完成');
    await screenshot(page, 'supervision-board-desktop');
    await page.getByRole('tab', { name: '统计' }).click();
    await page.getByTestId('unit-statistics').getByText('财务部').first().waitFor();
    await screenshot(page, 'supervision-statistics-desktop');
    // The same figures as a chart: a bar for each unit with items, its parts named for screen readers.
    await page.getByTestId('statistics-view').getByText('图表').click();
    const bars = page.getByTestId('unit-bar');
    await bars.filter({ hasText: '财务部' }).waitFor();
    const me = await env.server.login('wangfang');
    const withItems = (await me.get('/api/v1/supervision/statistics/units?period=month')).body.units.filter((u: { items: number }) => u.items > 0);
    await expect(bars.count()).resolves.toBe(withItems.length);
    const finance = withItems.find((u: { departmentName: string }) => u.departmentName === '财务部');
    await expect(bars.filter({ hasText: '财务部' }).getAttribute('aria-label')).resolves.toMatch(new RegExp(`^财务部：事项 ${finance.items}，按期完成 ${finance.completedOnTime}，超期 ${finance.lateItems}，`));
    await screenshot(page, 'supervision-statistics-chart-desktop');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'supervision-statistics-chart-phone');
    await page.setViewportSize(DESKTOP);
    // The item page in English (the labels follow the language, the records do not).
    await page.evaluate(() => localStorage.setItem('zongban.lang', 'en'));
    await page.goto(`${env.server.url}/supervision/${itemId}`);
    await page.getByText('Completion reported').first().waitFor();
    // The trail tells what was done ("Opened"), not the command it was done with ("Open").
    await expect(page.getByTestId('trail').innerText()).resolves.toMatch(/Opened[\s\S]*Registered[\s\S]*Transferred[\s\S]*Accepted[\s\S]*Result submitted/);
    await screenshot(page, 'supervision-item-en-desktop');
    await page.evaluate(() => localStorage.setItem('zongban.lang', 'zh'));
    await page.goto(`${env.server.url}/supervision?tab=statistics`);
    await page.getByRole('tab', { name: '设置' }).click();
    await page.getByTestId('supervision-settings').getByText('批示督查').waitFor();
    await screenshot(page, 'supervision-settings-desktop');
    await page.context().close();
  });

  it('the GM finds it under 我交办的 on a phone and closes it', async () => {
    const page = await as('zhangjianguo', PHONE);
    await page.goto(`${env.server.url}/supervision`);
    await page.getByTestId('assigned-list').getByText(TITLE).waitFor();
    await settle(page);
    await screenshot(page, 'supervision-assigned-phone');
    await page.getByRole('tab', { name: '看板' }).click();
    await page.getByTestId('board-row').filter({ hasText: TITLE }).waitFor();
    await screenshot(page, 'supervision-board-phone');
    await page.getByRole('tab', { name: '我交办的' }).click();
    await page.getByTestId('assigned-list').getByText(TITLE).click();
    await page.getByTestId('item-title').waitFor();
    await page.getByTestId('reports').getByText(REPORT).waitFor();
    await screenshot(page, 'supervision-item-phone');
    await act(page, 'review_close', (form) => form.getByLabel('意见').fill('同意办结。'));
    expect(await state(page)).toBe('审核 · 已办结');
    const api = await env.server.login('zhangjianguo');
    const item = (await api.get(`/api/v1/supervision/items/${itemId}`)).body;
    expect(item).toMatchObject({ state: 'closed', closed: true, progress: 100 });
    expect(item.checks).toHaveLength(1);
    expect(item.reports.map((r: { kind: string }) => r.kind)).toEqual(['progress', 'completion']);
    await page.context().close();
  });
});

describe.skipIf(!CHROMIUM)('weekly directives and the Saturday report in the browser', () => {
  const env = webSuite();
  const DIRECTIVE = `完成第四季度资金计划编制并报总经理审定（${Date.now() % 100000}）`;
  const REASON = '子公司资金需求尚未报齐，申请延期三天。';

  it('the office drafts, the GM approves, the office issues; the report shows the late directive with its reason', async () => {
    const page = await openPage(env.browser, `${env.server.url}/login`);
    await logInAs(page, 'wangfang');
    await page.goto(`${env.server.url}/supervision?tab=directives`);
    await page.getByRole('button', { name: '起草本周指令' }).click();
    const row = page.getByTestId('directive-row').first();
    await row.getByPlaceholder('指令内容').fill(DIRECTIVE);
    await row.locator('.ant-select').first().click();
    await page.keyboard.type('财务部');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '财务部' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('directive-save').click();
    await page.getByTestId('list-title').waitFor();
    const listId = page.url().split('/').pop()!;
    await page.getByTestId('action-submit').click();
    await expect.poll(() => page.getByTestId('list-state').innerText()).toBe('送审');

    // The GM approves (through the API: his screen is the same panel).
    const gm = await env.server.login('zhangjianguo');
    const submitted = (await gm.get(`/api/v1/supervision/directives/${listId}`)).body;
    const approved = await gm.post(`/api/v1/supervision/directives/${listId}/actions`, { action: 'approve', version: submitted.version, opinion: '同意。' });
    expect(approved.status, approved.text).toBe(200);

    await page.reload();
    await page.getByTestId('action-issue').click();
    await expect.poll(() => page.getByTestId('list-state').innerText()).toBe('已下达');
    await page.getByTestId('directive').getByText(/督〔\d{4}〕\d+号/).waitFor();
    await screenshot(page, 'supervision-directive-list-desktop');

    // 财务部 asks for more time with a reason; the report is judged as of a day past the deadline.
    const issued = (await gm.get(`/api/v1/supervision/directives/${listId}`)).body;
    const itemId: string = issued.directives[0].item.id;
    const deadline: string = issued.directives[0].item.deadline;
    const head = await env.server.login('qianwei');
    const late = new Date(Date.parse(`${deadline}T00:00:00Z`) + 3 * 86_400_000).toISOString().slice(0, 10);
    const ext = await head.post(`/api/v1/supervision/items/${itemId}/extensions`, { deadline: late, reason: REASON });
    expect(ext.status, ext.text).toBe(201);
    const asOf = new Date(Date.parse(`${deadline}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);

    await page.goto(`${env.server.url}/supervision/directives/${listId}/report?asOf=${asOf}`);
    const reportRow = page.getByTestId('report-row').filter({ hasText: DIRECTIVE });
    await reportRow.waitFor();
    await expect(reportRow.getByTestId('report-status').innerText()).resolves.toContain('超期未完成');
    await expect(reportRow.getByTestId('report-status').innerText()).resolves.toContain('超期 2 天');
    await expect(reportRow.getByTestId('report-reason').innerText()).resolves.toContain(REASON);
    await expect(page.getByTestId('report-counts').innerText()).resolves.toContain('超期未完成 1 项');
    await screenshot(page, 'supervision-directive-report-desktop');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    await page.context().close();

    const phone = await openPage(env.browser, `${env.server.url}/login`, PHONE);
    await logInAs(phone, 'zhangjianguo');
    await phone.goto(`${env.server.url}/supervision/directives/${listId}/report?asOf=${asOf}`);
    await phone.getByTestId('report-row').filter({ hasText: DIRECTIVE }).getByTestId('report-reason').waitFor();
    await screenshot(phone, 'supervision-directive-report-phone');
    await phone.context().close();
  });
});

describe.skipIf(!CHROMIUM)('coordination in the browser', () => {
  const env = webSuite();
  const TITLE = `协调办公楼改造期间各部门临时办公用房（${Date.now() % 100000}）`;

  it('the office registers a matter, consults, records the opinions, agrees with a task; approval makes an item', async () => {
    const page = await openPage(env.browser, `${env.server.url}/login`);
    await logInAs(page, 'wangfang');
    await page.goto(`${env.server.url}/supervision?tab=coordination`);
    await page.getByRole('button', { name: '登记协调事项' }).click();
    const form = page.getByTestId('coordination-form');
    await form.getByLabel('协调事项').fill(TITLE);
    await form.getByLabel('需协调的问题').fill('改造期间财务部、人事部需临时搬迁，用房分配需统一。');
    await form.getByLabel('需协调的部门').click();
    for (const d of ['财务部', '人事部']) await page.locator('.ant-select-dropdown:visible').getByTitle(d).click();
    await page.keyboard.press('Escape');
    await form.getByLabel('审批领导').click();
    await page.keyboard.type('张建国');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '张建国' }).first().click();
    await form.locator('button[type=submit]').click();
    await page.getByTestId('coordination-title').waitFor();
    const id = page.url().split('/').pop()!;
    await page.getByTestId('action-consult').click();
    await page.getByTestId('action-form-consult').getByLabel('协调方案').fill('先定用房总量，再按人员分配。');
    await page.getByTestId('action-form-consult').locator('button[type=submit]').click();
    await expect.poll(() => page.getByTestId('coordination-state').innerText()).toBe('征求意见');
    // Each department's head gives its opinion (through the API: the same form on their screens).
    const head = await env.server.login('qianwei');
    const given = await head.post(`/api/v1/supervision/coordinations/${id}/opinions`, { opinion: '同意方案，三楼东区可容纳财务部全部人员。' });
    expect(given.status, given.text).toBe(200);
    // The office records 人事部's opinion, taken by telephone, on its behalf.
    const office = await env.server.login('wangfang');
    const now = (await office.get(`/api/v1/supervision/coordinations/${id}`)).body;
    const hr = now.departments.find((x: { departmentName: string }) => x.departmentName === '人事部');
    const recorded = await office.post(`/api/v1/supervision/coordinations/${id}/opinions`, { opinion: '电话征求，同意方案。', departmentId: hr.departmentId });
    expect(recorded.status, recorded.text).toBe(200);
    await page.reload();
    await page.getByTestId('action-agree').click();
    const agree = page.getByTestId('action-form-agree');
    await agree.getByLabel('协调意见').fill('财务部迁至三楼东区，人事部迁至二楼会议室。');
    await agree.getByRole('button', { name: '添加任务' }).click();
    await agree.getByPlaceholder('任务').fill('完成财务部临时搬迁');
    await agree.locator('.ant-select').first().click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('财务部').click();
    const inAWeek = new Date(Date.now() + 8 * 3_600_000 + 7 * 86_400_000).toISOString().slice(0, 10);
    await agree.getByPlaceholder('办理期限').click();
    await agree.getByPlaceholder('办理期限').fill(inAWeek);
    await page.keyboard.press('Tab');
    await agree.locator('button[type=submit]').click();
    await expect.poll(() => page.getByTestId('coordination-state').innerText()).toBe('形成协调意见');
    await page.getByTestId('action-submit').click();
    await expect.poll(() => page.getByTestId('coordination-state').innerText()).toBe('报领导审批');

    const gm = await env.server.login('zhangjianguo');
    const sub = (await gm.get(`/api/v1/supervision/coordinations/${id}`)).body;
    const ok = await gm.post(`/api/v1/supervision/coordinations/${id}/actions`, { action: 'approve', version: sub.version, opinion: '同意。' });
    expect(ok.status, ok.text).toBe(200);
    await page.reload();
    await page.getByText('完成财务部临时搬迁').last().waitFor();
    await expect.poll(() => page.getByTestId('coordination-state').innerText()).toBe('领导已批示');
    await screenshot(page, 'supervision-coordination-desktop');
    await page.context().close();
  });

  it('the office sets a matter 秘密 with a named reader: the reader opens it on a phone, an unconcerned head gets nothing', async () => {
    const office = await env.server.login('wangfang');
    const db = env.server.ctx.database.db;
    const dept = (await db.selectFrom('departments').select('id').where('code', '=', 'SCZ').executeTakeFirstOrThrow()).id;
    const leader = (await db.selectFrom('people').select('id').where('username', '=', 'liming').executeTakeFirstOrThrow()).id;
    const made = await office.post('/api/v1/supervision/coordinations', { title: `${TITLE}（保密）`, matter: '涉及生产线调整的保密事项。', leaderId: leader, departmentIds: [dept] });
    expect(made.status, made.text).toBe(201);
    const id = made.body.id as string;
    const page = await openPage(env.browser, `${env.server.url}/login`);
    await logInAs(page, 'wangfang');
    await page.goto(`${env.server.url}/supervision/coordinations/${id}`);
    await page.getByTestId('coordination-classify').click();
    const modal = page.locator('.ant-modal:visible');
    await modal.locator('.ant-form-item').filter({ hasText: '密级' }).locator('.ant-select').click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('秘密').click();
    await modal.getByLabel('知悉范围（另行指定）').click();
    await page.keyboard.type('王强');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '王强' }).first().click();
    await page.keyboard.press('Escape');
    await screenshot(page, 'supervision-coordination-classify');
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    await page.locator('.ant-tag').filter({ hasText: /^秘密$/ }).first().waitFor();
    const now = (await office.get(`/api/v1/supervision/coordinations/${id}`)).body;
    expect(now).toMatchObject({ classification: 2, scope: [{ kind: 'person', name: '王强' }] });
    await page.context().close();
    // 曹阳 heads an unconcerned unit: 404, and the list leaves it out.
    const market = await env.server.login('caoyang');
    expect((await market.get(`/api/v1/supervision/coordinations/${id}`)).status).toBe(404);
    expect(JSON.stringify((await market.get('/api/v1/supervision/coordinations?limit=200')).body)).not.toContain(id);
    // 王强, named, reads it on his phone.
    const phone = await openPage(env.browser, `${env.server.url}/login`, PHONE);
    await logInAs(phone, 'wangqiang');
    await phone.goto(`${env.server.url}/supervision/coordinations/${id}`);
    await phone.getByTestId('coordination-title').waitFor();
    await phone.locator('.ant-tag').filter({ hasText: /^秘密$/ }).first().waitFor();
    await expect(phone.getByTestId('coordination-classify').count()).resolves.toBe(0);
    await screenshot(phone, 'supervision-coordination-classified-phone');
    await phone.context().close();
  });
});

describe.skipIf(!CHROMIUM)('chasing, extensions, decomposition and the execution summary in the browser', () => {
  const env = webSuite();
  const TITLE = `推进全集团降本增效专项工作（${Date.now() % 100000}）`;

  /** Types a date into the n-th date field with this placeholder (clicking cells races the pickers' animations). */
  const typeDate = async (page: Page, scope: ReturnType<Page['getByTestId']>, placeholder: string, date: string, n = 0) => {
    await scope.getByPlaceholder(placeholder).nth(n).click();
    await scope.getByPlaceholder(placeholder).nth(n).fill(date);
    // Tab commits the typed date (Enter would submit the whole form).
    await page.keyboard.press('Tab');
  };

  it('the office chases and decomposes, the unit asks for more time, the GM approves, the office sums up the reports', async () => {
    const office = await env.server.login('wangfang');
    const depts = (await office.get('/api/v1/org/departments')).body.items as { id: string; name: string }[];
    const unit = (name: string) => depts.find((d) => d.name === name)!.id;
    const gmId = (await office.get('/api/v1/org/people?role=gm&limit=5')).body.items[0].id;
    const created = await office.post('/api/v1/supervision/items', { title: TITLE, category: 'special', source: { type: 'central_work' }, assignedById: gmId, leadDepartmentId: unit('财务部'), deadlineWorkingDays: 15 });
    expect(created.status, created.text).toBe(201);
    const id: string = created.body.id;
    const moved = await office.post(`/api/v1/supervision/items/${id}/actions`, { action: 'transfer', version: created.body.version });
    expect(moved.status, moved.text).toBe(200);

    // The office chases by hand and splits the item between two units.
    const page = await openPage(env.browser, `${env.server.url}/login`);
    await logInAs(page, 'wangfang');
    await page.goto(`${env.server.url}/supervision/${id}`);
    await page.getByTestId('action-chase').click();
    await page.getByTestId('action-form-chase').getByLabel('催办说明').fill('请于本周五前报送阶段进展。');
    await page.getByTestId('action-form-chase').locator('button[type=submit]').click();
    await page.getByTestId('chases').getByText('请于本周五前报送阶段进展。').waitFor();
    await page.getByTestId('decompose').click();
    const form = page.getByTestId('decompose-form');
    await form.getByPlaceholder('督办事项').fill('压降财务费用');
    await form.locator('.ant-select').first().click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('财务部').click();
    await typeDate(page, form, '办理期限', created.body.deadline);
    await form.getByRole('button', { name: '再加一项' }).click();
    await form.getByPlaceholder('督办事项').nth(1).fill('优化人员配置');
    await form.locator('.ant-select').nth(1).click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('人事部').click();
    await typeDate(page, form, '办理期限', created.body.deadline, 1);
    await form.getByRole('button', { name: '分解子项' }).click();
    await expect.poll(() => page.getByTestId('children').locator('.ant-list-item').count()).toBe(2);
    // 督查通知 (三 3.32): the button downloads the notice listing both sub-items with their units.
    const [notice] = await Promise.all([page.waitForEvent('download'), page.getByTestId('notice-docx').click()]);
    expect(notice.suggestedFilename()).toMatch(/^督〔\d{4}〕\d+号督查通知\.docx$/);
    const noticeXml = await (await JSZip.loadAsync(fs.readFileSync((await notice.path())!))).file('word/document.xml')!.async('string');
    const noticeText = noticeXml.replace(/<[^>]+>/g, '');
    for (const words of ['督查通知', '压降财务费用', '优化人员配置', '财务部', '人事部', created.body.number]) expect(noticeText, words).toContain(words);

    // 财务部 reports on its sub-item; 人事部 has not yet.
    const detail = (await office.get(`/api/v1/supervision/items/${id}`)).body;
    const finance = detail.children.find((c: { title: string }) => c.title === '压降财务费用');
    for (const c of detail.children) expect((await office.post(`/api/v1/supervision/items/${c.id}/actions`, { action: 'transfer', version: c.version })).status).toBe(200);
    const head = await env.server.login('qianwei');
    const fin = (await head.get(`/api/v1/supervision/items/${finance.id}`)).body;
    expect((await head.post(`/api/v1/supervision/items/${finance.id}/actions`, { action: 'accept', version: fin.version })).status).toBe(200);
    expect((await head.post(`/api/v1/supervision/items/${finance.id}/reports`, { text: '财务费用已压降 8%。', percent: 50 })).status).toBe(201);

    await page.reload();
    await page.getByTestId('execution').getByText('财务费用已压降 8%。').waitFor();
    await expect(page.getByTestId('not-reported').innerText()).resolves.toContain('人事部');
    await expect(page.getByTestId('progress').innerText()).resolves.toContain('25%');
    await page.getByTestId('summary-form').getByLabel('汇总的执行情况').fill('财务部已压降财务费用 8%；人事部尚未报送。');
    await page.getByTestId('summary-form').locator('button[type=submit]').click();
    await page.getByTestId('execution').getByText('历次汇总').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'supervision-parent-desktop');
    await page.context().close();

    // The unit's head asks for more time on a phone; the GM approves it; the original deadline stays.
    const phone = await openPage(env.browser, `${env.server.url}/login`, PHONE);
    await logInAs(phone, 'qianwei');
    await phone.goto(`${env.server.url}/supervision/${id}`);
    await phone.getByTestId('action-extend').click();
    const ext = phone.getByTestId('action-form-extend');
    const later = new Date(Date.parse(`${(await office.get(`/api/v1/supervision/items/${id}`)).body.deadline}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
    await typeDate(phone, ext, '请选择日期', later);
    await ext.getByLabel('延期理由').fill('子公司数据汇总需要更多时间。');
    await ext.locator('button[type=submit]').click();
    await phone.getByTestId('extensions').getByText('待审批').waitFor();
    await screenshot(phone, 'supervision-extension-phone');
    await phone.context().close();

    const gm = await openPage(env.browser, `${env.server.url}/login`);
    await logInAs(gm, 'zhangjianguo');
    await gm.goto(`${env.server.url}/supervision/${id}`);
    await gm.getByTestId('action-decide').click();
    await gm.getByTestId('action-form-decide').locator('button[type=submit]').click();
    await gm.getByTestId('extensions').getByText('已批准').waitFor();
    const after = (await office.get(`/api/v1/supervision/items/${id}`)).body;
    expect(after.deadline > after.originalDeadline).toBe(true);
    await expect(gm.getByTestId('summary').innerText()).resolves.toContain(`原定期限 ${after.originalDeadline}`);
    await gm.context().close();
  });
});

describe.skipIf(!CHROMIUM)('转督办 from an incoming document, and files on a classified item, in the browser', () => {
  const env = webSuite();

  async function pick(page: Page, fieldId: string, text: string) {
    await page.locator(`#${fieldId}`).click();
    await page.keyboard.type(text);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().waitFor();
    await page.keyboard.press('Enter');
  }

  it('the secretary opens the desk from the document page with the document as the source and registers it', async () => {
    const office = await env.server.login('wangfang');
    const TITLE = `关于开展安全生产隐患排查整治的通知（${Date.now() % 100000}）`;
    const me = (await office.get('/api/v1/me')).body.id as string;
    // A 秘密 document: the item starts at its level.
    const doc = await office.post('/api/v1/incoming', { sender: '市应急管理局', deliveredBy: '机要交通员', classification: 2, scope: [{ kind: 'person', id: me }], registration: { title: TITLE, docKind: '通知', addresseeMatches: true } });
    expect(doc.status, doc.text).toBe(201);
    const page = await openPage(env.browser, `${env.server.url}/login`);
    await logInAs(page, 'wangfang');
    await page.goto(`${env.server.url}/incoming/${doc.body.id}`);
    await page.getByTestId('to-supervision').click();
    await page.waitForURL('**/supervision/new?**');
    const url = new URL(page.url());
    expect([url.searchParams.get('source'), url.searchParams.get('sourceId'), url.searchParams.get('title')]).toEqual(['incoming_document', doc.body.id, TITLE]);
    await page.getByRole('heading', { name: '督办台：登记督办事项' }).waitFor();
    await settle(page);
    // The title comes from the document; the office names the leader and the unit.
    await expect(page.locator('#desk_title').inputValue()).resolves.toBe(TITLE);
    await pick(page, 'desk_assignedById', '张建国');
    await pick(page, 'desk_leadDepartmentId', '生产部');
    await page.locator('.ant-form-item').filter({ hasText: '密级' }).locator('.ant-select-selection-item').filter({ hasText: '秘密' }).waitFor();
    // The source record says which document it is (its 收文编号 and title), not a bare id.
    await expect.poll(() => page.getByTestId('source-document').textContent()).toBe(`${doc.body.incomingNumber} · ${TITLE}`);
    await screenshot(page, 'supervision-desk-from-document');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('item-number').waitFor();
    await page.getByTestId('open-item').click();
    await page.getByTestId('item-title').waitFor();
    const itemId = page.url().split('/').pop()!;
    const item = (await office.get(`/api/v1/supervision/items/${itemId}`)).body;
    expect(item).toMatchObject({ title: TITLE, source: { type: 'incoming_document', id: doc.body.id }, leadDepartmentName: '生产部', assignedByName: '张建国', classification: 2 });
    // The item page links back to its document.
    await page.locator(`a[href="/incoming/${doc.body.id}"]`).first().waitFor();
    await page.context().close();
  });

  it('the unit head attaches a file to a 秘密 item; another unit head cannot read it', async () => {
    const office = await env.server.login('wangfang');
    const db = env.server.ctx.database.db;
    const idOf = async (table: 'departments' | 'people', col: 'code' | 'username', v: string) => (await db.selectFrom(table).select('id').where(col as any, '=', v).executeTakeFirstOrThrow()).id as string;
    const made = await office.post('/api/v1/supervision/items', { title: '秘密事项：核查重点客户合同履约', category: 'special', source: { type: 'other' }, assignedById: await idOf('people', 'username', 'liming'), leadDepartmentId: await idOf('departments', 'code', 'CWB'), deadlineWorkingDays: 10, classification: 2 });
    expect(made.status, made.text).toBe(201);
    const id = made.body.id as string;
    expect((await office.post(`/api/v1/supervision/items/${id}/actions`, { action: 'transfer', version: made.body.version })).status).toBe(200);
    const head = await env.server.login('qianwei');
    const cur = (await head.get(`/api/v1/supervision/items/${id}`)).body;
    expect((await head.post(`/api/v1/supervision/items/${id}/actions`, { action: 'accept', version: cur.version })).status).toBe(200);

    const page = await openPage(env.browser, `${env.server.url}/login`);
    await logInAs(page, 'qianwei');
    await page.goto(`${env.server.url}/supervision/${id}`);
    await page.getByTestId('item-title').waitFor();
    await settle(page);
    await page.getByTestId('action-report_progress').click();
    const form = page.getByTestId('action-form-report_progress');
    await animationDone(form);
    await form.getByLabel('进展情况').fill('已核查 12 份合同，附核查清单。');
    await form.locator('input[type=file]').setInputFiles({ name: '核查清单.txt', mimeType: 'text/plain', buffer: Buffer.from('合同编号 履约情况') });
    await screenshot(page, 'supervision-classified-attach');
    await form.locator('button[type=submit]').click();
    await page.getByTestId('reports').getByText('附件 1').waitFor();
    const report = (await head.get(`/api/v1/supervision/items/${id}`)).body.reports.at(-1);
    const fileId = report.attachmentIds[0] as string;
    expect((await head.get(`/api/v1/attachments/${fileId}`)).body).toMatchObject({ classification: 2 });
    expect((await office.get(`/api/v1/attachments/${fileId}/content`)).status).toBe(200);
    const market = await env.server.login('caoyang');
    expect((await market.get(`/api/v1/attachments/${fileId}/content`)).status).toBe(404);
    await page.context().close();
  });
});
