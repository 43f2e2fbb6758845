// 收文 end to end in the browser: the secretary registers a delivery from the desk with the
// keyboard only, proposes handling and puts it before the GM; the GM instructs it in the batch
// view on a phone; the secretary distributes it to 财务部; its head finds it in 待我办理 and reports
// the result, which completes it. Screenshots of each step (desktop, the phone batch view and the
// printable 办文单) go to test/artifacts/.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { animationDone, CHROMIUM, DESKTOP, logInAs, openPage, PHONE, screenshot, settle, webSuite } from './browser.js';

const TITLE = `关于开展消防安全专项检查的通知（${Date.now() % 100000}）`;
const INSTRUCTION = '请财务部牵头，五个工作日内完成自查并报结果。';
const RESULT = '财务部已完成消防安全自查，整改清单已报总经办。';
const MEETING_TITLE = `关于召开年度安全生产工作会议的通知（${Date.now() % 100000}）`;

describe.skipIf(!CHROMIUM)('incoming documents in the browser', () => {
  const env = webSuite();
  let docId = '';
  let number = '';

  async function as(username: string, viewport = DESKTOP): Promise<Page> {
    const page = await openPage(env.browser, `${env.server.url}/login`, viewport);
    await logInAs(page, username);
    return page;
  }

  /** Opens an action's form from the panel and submits it with the form's own button. */
  async function act(page: Page, action: string, fill?: (form: ReturnType<Page['getByTestId']>) => Promise<void>) {
    await page.getByTestId(`action-${action}`).click();
    const form = page.getByTestId(`action-form-${action}`);
    await animationDone(form);
    if (fill) await fill(form);
    const before = await page.getByTestId('trail').locator('.ant-timeline-item').count();
    await form.locator('button[type=submit]').click();
    // The new step appears on the trail when the server has taken it.
    await expect.poll(() => page.getByTestId('trail').locator('.ant-timeline-item').count()).toBe(before + 1);
  }

  it('the secretary signs for and registers a delivery from the desk with the keyboard', async () => {
    const page = await as('wangfang');
    await page.goto(`${env.server.url}/incoming`);
    await page.getByRole('tab', { name: '待我办理' }).waitFor();
    await settle(page);
    await screenshot(page, 'incoming-inbox-desktop');
    await page.getByRole('button', { name: '收文登记' }).click();
    await page.getByRole('heading', { name: '收文台：签收并登记' }).waitFor();
    await settle(page);

    // The sender has the focus; Enter moves on field by field, Ctrl+Enter submits.
    const kb = page.keyboard;
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('desk_sender');
    await kb.type('市应急管理局');
    await kb.press('Enter');
    await kb.type('机要交通员老李');
    await kb.press('Enter');
    await kb.press('Enter'); // delivered: now (the default)
    await kb.type(TITLE);
    await kb.press('Enter');
    await kb.type('市应急〔2026〕96号');
    await kb.press('Enter');
    await kb.type('通知');
    await kb.press('Enter');
    await kb.press('ArrowRight'); // 平件 → 加急
    await kb.press('Enter');
    await kb.press('Enter'); // classification: 内部 (the default)
    await kb.type('3');
    await kb.press('Enter');
    await kb.type('2');
    await kb.press('Enter');
    // The envelope and the document both name the company (prefilled); the check is ticked.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('desk_envelopeAddressee');
    await kb.press('Enter');
    await kb.press('Enter');
    await kb.press('Enter');
    await kb.press('Space'); // the envelope held a return slip
    await screenshot(page, 'incoming-desk-desktop');
    await kb.press('Control+Enter');

    await page.getByTestId('incoming-number').waitFor();
    number = (await page.getByTestId('incoming-number').innerText()).replace('已登记：', '').trim();
    expect(number).toMatch(/^收〔\d{4}〕\d+号$/);
    await expect(page.getByTestId('receipt').innerText()).resolves.toContain(`《${TITLE}》`);
    await screenshot(page, 'incoming-receipt-desktop');
    // "Next" has the focus, so Enter starts the next delivery, back in the sender field.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('next-document');
    await kb.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('desk_sender');
    await page.getByRole('button', { name: /返\s*回/ }).first().click();
    await page.getByRole('tab', { name: '收文登记簿' }).click();
    await page.getByTestId('register-list').getByText(TITLE).click();

    await page.getByTestId('document-title').waitFor();
    docId = page.url().split('/').pop()!;
    const api = await env.server.login('wangfang');
    const doc = (await api.get(`/api/v1/incoming/${docId}`)).body;
    expect(doc).toMatchObject({ state: 'registered', sender: '市应急管理局', title: TITLE, docNumber: '市应急〔2026〕96号', docKind: '通知', urgency: 'urgent', classification: 1, pages: 3, copies: 2, incomingNumber: number, returnSlip: { present: true }, addresseeCheck: { matches: true } });
    expect(doc.receipt.deliveredBy).toBe('机要交通员老李');
    await page.context().close();
  });

  it('the secretary checks it, proposes handling and puts it before the GM', async () => {
    const page = await as('wangfang');
    await page.goto(`${env.server.url}/incoming/${docId}`);
    await page.getByTestId('action-panel').waitFor();
    // The delivery's enclosure scanned and attached, then a clearer scan as its second version.
    const files = page.getByTestId('attachments');
    const scan = (text: string) => ({ name: '附件清单.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await files.locator('input[type=file]').last().setInputFiles(scan('附件清单（扫描件）'));
    await files.getByText('附件清单.txt').waitFor();
    await files.locator('input[type=file]').first().setInputFiles(scan('附件清单（重新扫描，清晰版）'));
    await files.getByText('第 2 版').waitFor();
    await act(page, 'check_pass');
    await act(page, 'propose', (form) => form.getByLabel('拟办意见').fill('拟请财务部牵头办理，呈张总批示。'));
    await act(page, 'submit_to_gm');
    await page.getByTestId('document-tags').getByText('待总经理批示').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'incoming-document-secretary-desktop');
    await page.context().close();

    // A meeting notice (seed 二 3.4) joins the same batch, through the API.
    const api = await env.server.login('wangfang');
    const post = async (doc: { id: string; version: number }, action: string, input: Record<string, unknown> = {}) => {
      const r = await api.post(`/api/v1/incoming/${doc.id}/actions`, { action, version: doc.version, input });
      expect(r.status, r.text).toBe(200);
      return r.body;
    };
    const signed = await api.post('/api/v1/incoming', {
      sender: '市国资委',
      deliveredBy: '机要交通员',
      classification: 1,
      registration: { title: MEETING_TITLE, docKind: '会议通知', addresseeMatches: true, meeting: { startsAt: '2026-12-01T09:00:00+08:00', endsAt: '2026-12-01T11:30:00+08:00', place: '集团三楼第一会议室' } },
    });
    expect(signed.status, signed.text).toBe(201);
    let meeting = await post(signed.body, 'check_pass');
    meeting = await post(meeting, 'propose', { proposal: '拟请张总确定参会人员。' });
    await post(meeting, 'submit_to_gm');
  });

  it('the GM instructs it in the batch view on a phone', async () => {
    const page = await as('zhangjianguo', PHONE);
    // His inbox says what waits in the batch, and takes him there.
    await page.goto(`${env.server.url}/incoming`);
    await page.getByText(/当前批次有 \d+ 件文件待总经理批示/).waitFor();
    await screenshot(page, 'incoming-inbox-gm-phone');
    await page.getByRole('button', { name: '进入批示' }).click();
    await page.getByTestId('batch-document').waitFor();
    await settle(page);
    // Work through the batch to this document (the demo company's batch holds others too).
    for (let i = 0; i < 20 && !(await page.getByTestId('batch-document').innerText()).includes(TITLE); i++) {
      await page.getByRole('button', { name: /下一件/ }).first().click();
      await page.getByTestId('batch-document').filter({ hasText: /\S/ }).waitFor();
      await settle(page);
    }
    await expect(page.getByTestId('batch-document').innerText()).resolves.toContain(TITLE);
    await expect(page.getByTestId('batch-proposal').innerText()).resolves.toContain('拟请财务部牵头办理');
    await expect(page.getByTestId('batch-progress').innerText()).resolves.toMatch(/^\d+\/\d+$/);
    await screenshot(page, 'incoming-batch-phone');
    await page.getByTestId('instruction-input').fill(INSTRUCTION);
    await page.getByText('批示要求办理（列入督办）').click();
    await screenshot(page, 'incoming-batch-instructing-phone');
    await page.getByRole('button', { name: '批示，下一件' }).click();
    await page.getByText('批示：已完成').waitFor();
    // On to the meeting notice: the GM decides who attends (they are notified).
    await page.getByTestId('batch-document').filter({ hasText: MEETING_TITLE }).waitFor();
    await expect(page.getByTestId('batch-document').innerText()).resolves.toContain('集团三楼第一会议室');
    await settle(page);
    await screenshot(page, 'incoming-batch-meeting-phone');
    const attendees = page.getByTestId('action-form-decide_attendance').getByLabel('参会人员');
    await attendees.click();
    await page.keyboard.type('李明');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '李明' }).first().click();
    await page.keyboard.press('Escape');
    await page.getByTestId('action-form-decide_attendance').locator('button[type=submit]').click();
    await page.getByText('确定参会人员：已完成').waitFor();
    await settle(page);
    await screenshot(page, 'incoming-batch-done-phone');
    const api = await env.server.login('wangfang');
    const doc = (await api.get(`/api/v1/incoming/${docId}`)).body;
    expect(doc.state).toBe('instructed');
    expect(doc.instruction).toMatchObject({ text: INSTRUCTION, ordersAction: true, byName: '张建国' });
    // 私密批示: a clerk sees that there is an instruction, not what it says.
    const clerk = (await (await env.server.login('zhaomin')).get(`/api/v1/incoming/${docId}`)).body;
    expect(clerk.instruction).toBeNull();
    const notices = (await api.get('/api/v1/incoming?state=completed&limit=50')).body.items.filter((d: { title: string }) => d.title === MEETING_TITLE);
    expect(notices).toHaveLength(1);
    expect(notices[0].meeting).toMatchObject({ place: '集团三楼第一会议室', attendeeNames: ['李明'] });
    await page.context().close();
  });

  it('the secretary distributes it to 财务部 from the batch view', async () => {
    const page = await as('wangfang');
    await page.goto(`${env.server.url}/incoming/batch?view=distribute`);
    const card = page.getByTestId('distribute-card').filter({ hasText: TITLE });
    await card.waitFor();
    await expect(card.innerText()).resolves.toContain(INSTRUCTION);
    await card.getByTestId('open-distribute').click();
    await card.getByTestId('action-distribute').click();
    const form = card.getByTestId('action-form-distribute');
    await form.getByLabel('承办部门').click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('财务部').click();
    await settle(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'incoming-distribute-desktop');
    await form.locator('button[type=submit]').click();
    await page.getByText('分发承办：已完成').waitFor();
    await expect.poll(async () => (await (await env.server.login('wangfang')).get(`/api/v1/incoming/${docId}`)).body.state).toBe('handling');
    await page.context().close();
  });

  it("the department's head sees it in 待我办理 and reports the result, which completes it", async () => {
    const page = await as('qianwei');
    await page.goto(`${env.server.url}/incoming`);
    const row = page.getByTestId('pending-list').getByTestId('incoming-row').filter({ hasText: TITLE });
    await row.waitFor();
    await screenshot(page, 'incoming-pending-depthead-desktop');
    await row.click();
    await page.getByTestId('document-title').waitFor();
    // After distribution the handling department reads the GM's instruction.
    await expect(page.getByTestId('instruction').innerText()).resolves.toContain(INSTRUCTION);
    await act(page, 'report_result', (form) => form.getByTestId('result-input').fill(RESULT));
    await page.getByTestId('document-tags').getByText('已办结').waitFor();
    await expect(page.getByTestId('action-panel').count()).resolves.toBe(0);
    await screenshot(page, 'incoming-document-completed-desktop');
    const doc = (await (await env.server.login('wangfang')).get(`/api/v1/incoming/${docId}`)).body;
    expect(doc.state).toBe('completed');
    expect(doc.trail.map((s: { action: string }) => s.action)).toEqual(['sign_for', 'register', 'attach', 'attach_version', 'check_pass', 'propose', 'submit_to_gm', 'instruct', 'distribute', 'report_result']);
    expect(doc.results.map((r: { result: string }) => r.result)).toEqual([RESULT]);
    await page.context().close();
  });

  it('registers a delivery signed for earlier, and reloads with a warning when someone else acted first', async () => {
    const api = await env.server.login('wangfang');
    const signed = await api.post('/api/v1/incoming', { sender: '华东分公司', deliveredBy: '快递', classification: 1 });
    expect(signed.status, signed.text).toBe(201);
    const page = await as('wangfang');
    await page.goto(`${env.server.url}/incoming/${signed.body.id}`);
    await page.getByTestId('action-panel').waitFor();
    await act(page, 'register', async (form) => {
      await form.getByLabel('标题').fill('关于申请增加年度培训预算的报告');
      await form.getByLabel('文种').fill('报告');
    });
    await page.getByTestId('document-tags').getByText('已登记').waitFor();
    const registered = (await api.get(`/api/v1/incoming/${signed.body.id}`)).body;
    expect(registered).toMatchObject({ state: 'registered', title: '关于申请增加年度培训预算的报告', docKind: '报告' });
    expect(registered.incomingNumber).toMatch(/^收〔\d{4}〕\d+号$/);

    // Another secretary passes the check meanwhile: this page's version is stale (409).
    const other = await env.server.login('liuyang');
    expect((await other.post(`/api/v1/incoming/${signed.body.id}/actions`, { action: 'check_pass', version: registered.version })).status).toBe(200);
    await page.getByTestId('action-check_pass').click();
    await page.getByTestId('action-form-check_pass').locator('button[type=submit]').click();
    await page.getByText('记录已被他人修改，请刷新后重试（已为您重新加载）').waitFor();
    await page.getByTestId('document-tags').getByText('已初审').waitFor();
    await page.getByTestId('action-propose').waitFor();

    // 传阅 to two departments in order: the first receives it now, the second waits for it.
    const panel = page.getByTestId('circulation-panel');
    await panel.getByRole('button', { name: '发起传阅' }).click();
    await panel.getByLabel('传阅部门').click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('人事部').click();
    await page.locator('.ant-select-dropdown:visible').getByTitle('市场部').click();
    await page.keyboard.press('Escape');
    await panel.locator('button[type=submit]').click();
    await panel.getByText('已收未阅').waitFor();
    await panel.getByText('待传').waitFor();
    await page.getByTestId('trail').getByText('依次传阅：人事部 → 市场部').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'incoming-circulation-desktop');
    await page.context().close();

    // The first department's head marks it read; it passes on to the next.
    const head = await as('xumei');
    await head.goto(`${env.server.url}/incoming/${signed.body.id}`);
    await head.getByTestId('circulation-panel').getByRole('button', { name: /已\s*阅/ }).click();
    await head.getByTestId('circulation-panel').getByText('已标记为已阅').or(head.getByText('已标记为已阅')).first().waitFor();
    const circulation = (await api.get(`/api/v1/incoming/${signed.body.id}/circulations`)).body.items[0];
    expect(circulation.readers.map((r: { state: string }) => r.state)).toEqual(['read', 'received']);
    await head.context().close();
  });

  it('returns a request that touches another department to be coordinated first (三 2.12)', async () => {
    const api = await env.server.login('wangfang');
    const r = await api.post('/api/v1/incoming', { sender: '市场部', deliveredBy: '内部交换', classification: 1, registration: { title: '关于增加市场部编制的请示', docKind: '请示', addresseeMatches: true, internal: true } });
    expect(r.status, r.text).toBe(201);
    const page = await as('wangfang');
    await page.goto(`${env.server.url}/incoming/${r.body.id}`);
    await act(page, 'return', async (form) => {
      await form.getByText('须先与相关部门协商（三 2.12）').click();
      await form.getByLabel('须先协商的部门').click();
      await page.locator('.ant-select-dropdown:visible').getByTitle('人事部').click();
      await page.keyboard.press('Escape');
      await form.getByText('涉及其他部门职责', { exact: false }).click(); // the phrase chip fills the reasons
    });
    await page.getByTestId('document-tags').getByText('已退回').waitFor();
    await expect(page.getByTestId('returned').innerText()).resolves.toMatch(/须先协商的部门：人事部/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'incoming-returned-desktop');
    const doc = (await api.get(`/api/v1/incoming/${r.body.id}`)).body;
    expect(doc.returned).toMatchObject({ kind: 'coordinate_first', coordinateWith: [{ name: '人事部' }] });
    expect(doc.returned.reasons).toContain('请先与相关部门协商');
    await page.context().close();
  });

  it('prints the 办文单 with the 收文章, and shows the register and the phone pages', async () => {
    const page = await as('wangfang');
    await page.goto(`${env.server.url}/incoming/${docId}/slip`);
    const slip = page.getByTestId('slip');
    await slip.waitFor();
    await expect(page.getByTestId('receiving-stamp').innerText()).resolves.toContain(number);
    await expect(page.getByTestId('slip-instruction').innerText()).resolves.toContain(INSTRUCTION);
    await expect(slip.innerText()).resolves.toContain(RESULT);
    await screenshot(page, 'incoming-slip-desktop');
    // On paper: the sheet alone, without the menu and the buttons.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.ant-layout-sider').isVisible()).resolves.toBe(false);
    await screenshot(page, 'incoming-slip-print');
    await page.emulateMedia({ media: 'screen' });

    const [slipFile] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出办文单 Excel' }).click()]);
    expect(slipFile.suggestedFilename()).toMatch(/\.xlsx$/);

    // The 收文章 alone, for printing onto the document's own first page (top-right margin).
    await page.getByRole('button', { name: '打印收文章' }).click();
    await page.waitForURL(`**/incoming/${docId}/stamp`);
    await expect(page.getByTestId('stamp-print').innerText()).resolves.toContain(number);
    await screenshot(page, 'incoming-stamp-desktop');
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('button', { name: /打\s*印/ }).isVisible()).resolves.toBe(false);
    const box = (await page.getByTestId('receiving-stamp').boundingBox())!;
    expect(box.x + box.width).toBeGreaterThan(DESKTOP.width / 2);
    await screenshot(page, 'incoming-stamp-print');
    await page.emulateMedia({ media: 'screen' });

    // The register, filtered by urgency: the urgent notice is in, the ordinary meeting notice is not.
    await page.goto(`${env.server.url}/incoming?tab=register&urgency=urgent`);
    await page.getByTestId('register-list').getByText(TITLE).waitFor();
    await expect(page.getByTestId('register-list').getByText(MEETING_TITLE).count()).resolves.toBe(0);
    await page.getByRole('button', { name: /重\s*置/ }).click();
    await page.getByTestId('register-list').getByText(MEETING_TITLE).waitFor();
    await screenshot(page, 'incoming-register-desktop');
    const [registerFile] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()]);
    expect(registerFile.suggestedFilename()).toMatch(/收文登记簿.*\.xlsx$/);

    // The meeting notice shows its time, place and the attendees the GM chose.
    await page.getByTestId('register-list').getByText(MEETING_TITLE).click();
    await page.getByTestId('meeting-card').getByText('李明').waitFor();
    await screenshot(page, 'incoming-meeting-desktop');
    await page.goBack();
    await page.getByRole('button', { name: '打印登记簿' }).click();
    await page.getByTestId('register-print').getByText(TITLE).waitFor();
    await screenshot(page, 'incoming-register-print-desktop');
    await page.context().close();

    // English is a switch away: the same page, labels from the catalogue and the workflow definition.
    const en = await as('wangfang');
    await en.evaluate(() => localStorage.setItem('zongban.lang', 'en'));
    await en.goto(`${env.server.url}/incoming/${docId}`);
    await en.getByText('Processing slip').waitFor();
    await screenshot(en, 'incoming-document-en-desktop');
    await en.context().close();

    const phone = await as('wangfang', PHONE);
    await phone.goto(`${env.server.url}/incoming/${docId}`);
    await phone.getByTestId('document-title').waitFor();
    await screenshot(phone, 'incoming-document-phone');
    await phone.goto(`${env.server.url}/incoming/new`);
    await phone.getByRole('heading', { name: '收文台：签收并登记' }).waitFor();
    await screenshot(phone, 'incoming-desk-phone');
    await phone.goto(`${env.server.url}/incoming?tab=register`);
    await phone.getByTestId('register-list').getByText(TITLE).waitFor();
    await screenshot(phone, 'incoming-register-phone');
    await phone.context().close();
  });
});
