// 发文 after sign-off, over real HTTP on both databases: dispatch with per-recipient delivery
// tracking and receipts, the file copies registered for archiving (seed 二 3.9), the 发文登记簿
// export, and the notifications that ask the next person to act — only people who may read.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type Client, type TestServer } from '../helpers/server.js';
import { act, cast, departmentId, draft, ok, SIGN, toCheck, type Cast } from './outgoing-helpers.js';

const RECIPIENTS = [
  { name: '各部门', kind: 'main' },
  { name: '华东分公司', kind: 'cc' },
];

describe.each(DIALECTS)('outgoing dispatch, receipts, file copies, register and notifications on %s', (dialect) => {
  let s: TestServer;
  let k: Cast;
  let liuyang: Client; // secretary, clearance 秘密 (2)
  let sunli: Client; // archivist, clearance 秘密 (2)
  const year = new Date().getFullYear();
  beforeAll(async () => {
    s = await startServer({ dialect });
    k = await cast(s);
    [liuyang, sunli] = await Promise.all([s.login('liuyang'), s.login('sunli')]);
  });
  afterAll(async () => s?.close());

  const db = () => s.ctx.database.db;
  const row = (id: string) => db().selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const stepCount = async (id: string) => (await db().selectFrom('document_steps').select('id').where('document_id', '=', id).execute()).length;
  const deliveryRows = (id: string) => db().selectFrom('document_deliveries').selectAll().where('document_id', '=', id).execute();
  const copyRows = (id: string) => db().selectFrom('document_file_copies').selectAll().where('document_id', '=', id).execute();
  /** Every notification about a document, as "username:kind", sorted. */
  const told = async (id: string) =>
    (await db().selectFrom('notifications as n').innerJoin('people as p', 'p.id', 'n.person_id').select(['p.username', 'n.kind']).where('n.record_id', '=', id).execute())
      .map((r) => `${r.username}:${r.kind}`)
      .sort();
  /** The notifications added since `before`. */
  const newly = async (id: string, before: string[]) => {
    const now = await told(id);
    const left = [...before];
    return now.filter((x) => {
      const i = left.indexOf(x);
      if (i < 0) return true;
      left.splice(i, 1);
      return false;
    });
  };

  /** A new 内部 draft by 冯霞 taken to 印制用印 (sealed). */
  async function sealed(over: Record<string, unknown> = {}): Promise<string> {
    const id = await toCheck(k, over);
    await ok(k.secretary, id, 'check_ok', {}, '复核无误');
    await ok(k.clerk, id, 'print_seal');
    return id;
  }

  /** A 机密 (3) document drafted by 陈静 (office director) and taken through to dispatch by people cleared for it. */
  async function confidentialDispatched(title: string): Promise<string> {
    const d = await draft(k.director, { title, classification: 3 });
    await ok(k.director, d.id, 'submit', { singleMatter: true });
    await ok(k.director, d.id, 'review_approve', {}, '同意');
    await ok(k.secretary, d.id, 'office_approve', {}, '同意');
    await ok(k.secretary, d.id, 'proofread', {}, '已校对');
    await ok(k.gm, d.id, 'sign_off', SIGN, '同意');
    await ok(k.secretary, d.id, 'check_ok', {}, '复核无误');
    await ok(k.secretary, d.id, 'print_seal');
    await ok(k.director, d.id, 'dispatch', { recipients: [{ name: '各分公司', kind: 'main' }] });
    return d.id;
  }

  it('dispatches to each recipient with its own delivery record and registers the final draft and two copies for archiving', async () => {
    const id = await sealed();
    const done = await ok(k.director, id, 'dispatch', { recipients: RECIPIENTS });
    expect(done.state).toBe('dispatched');
    expect(done.deliveries).toHaveLength(2);
    for (const [i, d] of done.deliveries.entries()) {
      expect(Object.keys(d).sort()).toEqual(['confirmedAt', 'confirmedBy', 'confirmedById', 'dispatchedAt', 'id', 'kind', 'note', 'recipient']);
      expect(d).toMatchObject({ recipient: RECIPIENTS[i].name, kind: RECIPIENTS[i].kind, confirmedAt: null, confirmedBy: null, note: null });
      expect(Date.parse(d.dispatchedAt)).not.toBeNaN();
    }
    expect(done.fileCopies).toMatchObject([
      { kind: 'final_draft', count: 1, registeredBy: '陈静' },
      { kind: 'copy', count: 2, registeredBy: '陈静' },
    ]);
    expect(done.fileCopies[0].registeredAt).toBe(done.deliveries[0].dispatchedAt);
    // Another number of copies may be kept; none at all leaves only the final draft.
    const three = await ok(k.director, await sealed(), 'dispatch', { recipients: RECIPIENTS, fileCopies: 3 });
    expect(three.fileCopies.map((c: any) => [c.kind, c.count])).toEqual([['final_draft', 1], ['copy', 3]]);
    const none = await ok(k.director, await sealed(), 'dispatch', { recipients: RECIPIENTS, fileCopies: 0 });
    expect(none.fileCopies.map((c: any) => [c.kind, c.count])).toEqual([['final_draft', 1]]);
  });

  it('refuses a dispatch with bad recipients or a bad number of copies, writing nothing', async () => {
    const id = await sealed();
    const before = { doc: await row(id), steps: await stepCount(id) };
    const bad: Record<string, unknown>[] = [
      { recipients: RECIPIENTS, fileCopies: -1 },
      { recipients: RECIPIENTS, fileCopies: 21 },
      { recipients: RECIPIENTS, fileCopies: '2' },
      { recipients: RECIPIENTS, fileCopies: 1.5 },
      { recipients: [{ name: '各部门', kind: 'main' }, { name: '各部门', kind: 'cc' }] },
      { recipients: [{ name: '各部门', kind: 'bcc' }] },
      { recipients: [{ name: '  ', kind: 'main' }] },
      { recipients: [{ name: '长'.repeat(101), kind: 'main' }] },
      { recipients: '各部门' },
    ];
    for (const input of bad) {
      const r = await act(k.director, id, 'dispatch', input);
      expect(r.status, JSON.stringify(input)).toBe(400);
      expect(r.body.error.details.field).toMatch(/^(recipients|fileCopies)$/);
    }
    expect(await row(id)).toEqual(before.doc);
    expect(await stepCount(id)).toBe(before.steps);
    expect(await deliveryRows(id)).toEqual([]);
    expect(await copyRows(id)).toEqual([]);
  });

  it('records a receipt per recipient once, on the trail; refuses before dispatch, twice, stale, by others and with bad input', async () => {
    const id = await sealed();
    // Before dispatch there is nothing to confirm.
    const early = await k.secretary.post(`/api/v1/outgoing/${id}/deliveries/${id}/confirm`, {});
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('尚未核发');
    const done = await ok(k.director, id, 'dispatch', { recipients: RECIPIENTS });
    const [main, cc] = done.deliveries;
    const url = (deliveryId: string) => `/api/v1/outgoing/${id}/deliveries/${deliveryId}/confirm`;

    // Refusals that write nothing.
    const steps = await stepCount(id);
    const doc = await row(id);
    expect((await k.gm.post(url(main.id), {})).status).toBe(403); // not the posting office
    expect((await k.head.post(url(main.id), {})).status).toBe(403);
    expect((await k.drafter.post(url(main.id), {})).status).toBe(403); // a clerk, but of 财务部
    // The detail says who may record receipts (the web shows the button from it).
    expect(done.may).toEqual({ confirmDelivery: true, attach: false });
    expect((await k.gm.get(`/api/v1/outgoing/${id}`)).body.may.confirmDelivery).toBe(false);
    expect((await k.drafter.get(`/api/v1/outgoing/${id}`)).body.may.confirmDelivery).toBe(false);
    expect((await k.secretary.post(url(done.id), {})).status).toBe(404); // no such delivery on this document
    expect((await k.secretary.post(url(main.id), { version: done.version - 1 })).body.error.code).toBe('stale_version');
    for (const body of [{ note: '长'.repeat(501) }, { note: 1 }, { version: 0 }, { version: '1' }, { receivedBy: '张三' }]) {
      const r = await k.secretary.post(url(main.id), body);
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
    expect(await stepCount(id)).toBe(steps);
    expect(await row(id)).toEqual(doc);
    expect((await deliveryRows(id)).every((d) => d.confirmed_at === null)).toBe(true);

    // The secretary records that 各部门 received it, with a note; the version moves on.
    const r1 = await k.secretary.post(url(main.id), { version: done.version, note: '各部门已签收' });
    expect(r1.status, r1.text).toBe(200);
    const confirmed = r1.body.deliveries[0];
    expect(confirmed).toMatchObject({ id: main.id, recipient: '各部门', kind: 'main', confirmedBy: '王芳', note: '各部门已签收' });
    expect(Date.parse(confirmed.confirmedAt)).not.toBeNaN();
    expect(r1.body.deliveries[1]).toMatchObject({ id: cc.id, confirmedAt: null });
    expect(r1.body.version).toBe(done.version + 1);
    const last = r1.body.trail.at(-1);
    expect(last).toMatchObject({ action: 'confirm_delivery', from: 'dispatched', to: 'dispatched', actorName: '王芳', opinion: '各部门已签收', data: { deliveryId: main.id, recipient: '各部门', kind: 'main' } });

    // A second confirmation is refused, naming who confirmed it and when; nothing changes.
    const again = await k.director.post(url(main.id), { note: '再确认' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('不能重复确认');
    expect(again.body.error.details.confirmedBy).toBe('王芳');
    expect(await stepCount(id)).toBe(steps + 1);
    expect((await deliveryRows(id)).find((d) => d.id === main.id)?.note).toBe('各部门已签收');

    // The clerk who posts it confirms the other, without a version.
    const r2 = await k.clerk.post(url(cc.id), {});
    expect(r2.status, r2.text).toBe(200);
    expect(r2.body.deliveries[1]).toMatchObject({ confirmedBy: '赵敏', note: null });
    expect(r2.body.may.confirmDelivery).toBe(false); // nothing left to confirm
    const audit = await db().selectFrom('audit_log').select(['action', 'record_id']).where('action', '=', 'document.confirm_delivery').where('record_id', '=', id).execute();
    expect(audit).toHaveLength(2);
  });

  it('hides a document the confirmer may not read: 404, nothing recorded', async () => {
    const id = await confidentialDispatched('关于机密事项的通知（送达）');
    const d = (await k.director.get(`/api/v1/outgoing/${id}`)).body;
    // 赵敏 (clerk, 内部) may not read a 机密 document: it does not exist for her.
    const r = await k.clerk.post(`/api/v1/outgoing/${id}/deliveries/${d.deliveries[0].id}/confirm`, {});
    expect(r.status).toBe(404);
    expect((await deliveryRows(id))[0].confirmed_at).toBeNull();
  });

  it('lists the year\'s file copies for the archivist, only of documents she may read; refuses others and a bad year', async () => {
    const open = await sealed({ title: '关于存档登记的通知' });
    await ok(k.director, open, 'dispatch', { recipients: RECIPIENTS });
    const secret = await confidentialDispatched('关于机密事项的通知（存档）');
    const r = await sunli.get(`/api/v1/outgoing/file-copies?year=${year}`);
    expect(r.status, r.text).toBe(200);
    const mine = r.body.items.find((x: any) => x.documentId === open);
    expect(mine).toMatchObject({ title: '关于存档登记的通知', docKind: '通知', classification: 1, year });
    expect(mine.issueNumber).toMatch(/^示例集团发〔\d{4}〕\d+号$/);
    expect(mine.fileCopies.map((c: any) => [c.kind, c.count, c.registeredBy])).toEqual([['final_draft', 1, '陈静'], ['copy', 2, '陈静']]);
    // The archivist (秘密) does not see the 机密 document; the office director does.
    expect(r.body.items.map((x: any) => x.documentId)).not.toContain(secret);
    expect((await k.director.get(`/api/v1/outgoing/file-copies?year=${year}`)).body.items.map((x: any) => x.documentId)).toEqual(expect.arrayContaining([open, secret]));
    expect((await sunli.get(`/api/v1/outgoing/file-copies?year=${year - 1}`)).body.items).toEqual([]);
    expect((await k.head.get(`/api/v1/outgoing/file-copies?year=${year}`)).status).toBe(403);
    expect((await k.gm.get(`/api/v1/outgoing/file-copies?year=${year}`)).status).toBe(403);
    for (const q of ['', '?year=abc', '?year=1999', `?year=${year}&x=1`]) expect((await sunli.get(`/api/v1/outgoing/file-copies${q}`)).status, q).toBe(400);
  });

  it('exports the 发文登记簿 as .xlsx with filters, without the documents the caller may not read', async () => {
    const dispatched = await sealed({ title: '关于登记簿导出的通知', addressee: '各部门', cc: '华东分公司' });
    const done = await ok(k.director, dispatched, 'dispatch', { recipients: RECIPIENTS });
    await k.secretary.post(`/api/v1/outgoing/${dispatched}/deliveries/${done.deliveries[0].id}/confirm`, {});
    const drafting = await draft(k.drafter, { docKind: '函', title: '关于登记簿草稿的函' });
    const secret = await confidentialDispatched('关于机密事项的通知（登记簿）');

    const sheet = async (c: Client, q: string) => {
      const r = await fetch(`${s.url}/api/v1/outgoing/register.xlsx${q}`, { headers: { cookie: c.cookie } });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toContain('spreadsheetml');
      expect(r.headers.get('content-disposition')).toContain(encodeURIComponent('发文登记簿'));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await r.arrayBuffer()) as any);
      const ws = wb.getWorksheet('发文登记簿')!;
      const rows: string[][] = [];
      ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
      return rows;
    };
    const all = await sheet(k.director, `?year=${year}`);
    expect(all[0]).toEqual(['序号', '发文字号', '标题', '文种', '密级', '紧急程度', '拟稿部门', '拟稿人', '签发人', '签发日期', '主送', '抄送', '状态', '核发日期', '送达确认', '存档份数']);
    const byTitle = (rows: string[][], t: string) => rows.find((r) => r[2] === t);
    const line = byTitle(all, '关于登记簿导出的通知')!;
    expect(line[1]).toBe(done.issueNumber);
    expect(line.slice(3, 10)).toEqual(['通知', '内部', '平件', '财务部', '冯霞', '张建国', SIGN.signedOn]);
    expect(line.slice(10, 16)).toEqual(['各部门', '华东分公司', '已核发', expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), '1/2', '发文稿1份、文件2份']);
    expect(byTitle(all, '关于登记簿草稿的函')).toMatchObject({ 1: '', 12: '拟稿', 13: '', 14: '', 15: '' });
    expect(byTitle(all, '关于机密事项的通知（登记簿）')?.[4]).toBe('机密');
    // Numbered documents first, in number order; the serial column counts the rows.
    const numbers = all.slice(1).map((r) => r[1]).filter(Boolean).map((n) => Number(/〔\d+〕(\d+)号/.exec(n)![1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(all.slice(1).map((r) => r[0])).toEqual(all.slice(1).map((_, i) => String(i + 1)));

    // 刘洋 (secretary, 秘密) keeps the register too, but the 机密 document is not in hers.
    const hers = await sheet(liuyang, `?year=${year}`);
    expect(byTitle(hers, '关于登记簿导出的通知')).toBeTruthy();
    expect(byTitle(hers, '关于机密事项的通知（登记簿）')).toBeUndefined();
    expect(hers.length).toBe(all.length - (await db().selectFrom('documents').select('id').where('direction', '=', 'outgoing').where('classification', '>', 2).execute()).length);

    // Filters: state and kind.
    const onlyDispatched = await sheet(k.director, `?year=${year}&state=dispatched`);
    expect(onlyDispatched.slice(1).every((r) => r[12] === '已核发')).toBe(true);
    expect(byTitle(onlyDispatched, '关于登记簿草稿的函')).toBeUndefined();
    const letters = await sheet(k.director, `?docKind=${encodeURIComponent('函')}`);
    expect(letters.slice(1).map((r) => r[2])).toContain('关于登记簿草稿的函');
    expect(letters.slice(1).every((r) => r[3] === '函')).toBe(true);
    expect(drafting.id).toBeTruthy();

    // Outside the posting office: refused; bad filters: 400.
    expect((await k.gm.get('/api/v1/outgoing/register.xlsx')).status).toBe(403);
    expect((await sunli.get('/api/v1/outgoing/register.xlsx')).status).toBe(403);
    expect((await k.drafter.get('/api/v1/outgoing/register.xlsx')).status).toBe(403); // a department's clerk
    expect((await k.clerk.get('/api/v1/outgoing/register.xlsx')).status).toBe(200); // the office's clerk
    for (const q of ['?state=nope', '?docKind=x', '?year=20', '?limit=5']) expect((await k.director.get(`/api/v1/outgoing/register.xlsx${q}`)).status, q).toBe(400);
    // The classified rows exported are on the audit trail.
    const reads = await db().selectFrom('audit_log').select('record_id').where('action', '=', 'document.register_export').where('record_id', '=', secret).execute();
    expect(reads.length).toBeGreaterThan(0);
  });

  it('asks whoever must act next, and tells the drafter of the sign-off and the dispatch — nobody else', async () => {
    const d = await draft(k.drafter, { title: '关于通知机制的通知' });
    const id = d.id;
    let seen: string[] = [];
    const expectNew = async (want: string[]) => {
      expect(await newly(id, seen)).toEqual([...want].sort());
      seen = await told(id);
    };
    await expectNew([]); // drafting asks no one
    await ok(k.drafter, id, 'submit', { singleMatter: true });
    await expectNew(['qianwei:outgoing.dept_review']); // the drafter's head, not the other heads
    await ok(k.head, id, 'review_approve', {}, '同意');
    await expectNew(['chenjing:outgoing.office_review', 'wangfang:outgoing.office_review', 'liuyang:outgoing.office_review']);
    await ok(k.director, id, 'office_approve', {}, '同意');
    await expectNew(['wangfang:outgoing.proofreading', 'liuyang:outgoing.proofreading']);
    await ok(k.secretary, id, 'proofread', {}, '已校对');
    await expectNew(['zhangjianguo:outgoing.signoff']);
    await ok(k.gm, id, 'sign_off', SIGN, '同意');
    await expectNew(['chenjing:outgoing.check', 'wangfang:outgoing.check', 'liuyang:outgoing.check', 'fengxia:outgoing.sign_off']);
    await ok(k.secretary, id, 'check_ok', {}, '复核无误');
    await expectNew(['chenjing:outgoing.registered', 'liuyang:outgoing.registered']); // not the secretary who acted
    await ok(k.clerk, id, 'print_seal');
    await expectNew(['chenjing:outgoing.sealed', 'wangfang:outgoing.sealed', 'liuyang:outgoing.sealed']);
    await ok(k.director, id, 'dispatch', { recipients: RECIPIENTS });
    await expectNew(['fengxia:outgoing.dispatch']);
    // The drafter reads them in the inbox, with the issue number in the title and a link to the document.
    const inbox = (await k.drafter.get('/api/v1/notifications?limit=100')).body.items.filter((n: any) => n.recordId === id);
    expect(inbox.map((n: any) => n.kind).sort()).toEqual(['outgoing.dispatch', 'outgoing.sign_off']);
    const dispatchedNote = inbox.find((n: any) => n.kind === 'outgoing.dispatch');
    expect(dispatchedNote.title).toMatch(/^已核发：关于通知机制的通知（示例集团发〔\d{4}〕\d+号）$/);
    expect(dispatchedNote.link).toBe(`/outgoing/${id}`);
  });

  it('asks the countersigning heads, and tells the drafter of a send-back and of a refusal with the reason', async () => {
    const [hr, market] = await Promise.all([departmentId(s, 'RSB'), departmentId(s, 'SCB')]);
    const d = await draft(k.drafter, { title: '关于会签通知的通知' });
    await ok(k.drafter, d.id, 'submit', { singleMatter: true });
    let seen = await told(d.id);
    await ok(k.head, d.id, 'request_countersign', { countersignDepartments: [hr, market] }, '请会签');
    expect(await newly(d.id, seen)).toEqual(['caoyang:outgoing.countersign', 'xumei:outgoing.countersign']);
    seen = await told(d.id);
    await ok(k.hr, d.id, 'countersign', {}, '同意');
    expect(await newly(d.id, seen)).toEqual([]); // 市场部 still holds it: nobody new is asked
    await ok(k.market, d.id, 'countersign', {}, '同意');
    expect(await newly(d.id, seen)).toEqual(['chenjing:outgoing.office_review', 'liuyang:outgoing.office_review', 'wangfang:outgoing.office_review']);
    seen = await told(d.id);
    await ok(k.director, d.id, 'send_back', {}, '请补充依据');
    expect(await newly(d.id, seen)).toEqual(['fengxia:outgoing.send_back']);
    const back = (await k.drafter.get('/api/v1/notifications?limit=100')).body.items.find((n: any) => n.recordId === d.id && n.kind === 'outgoing.send_back');
    expect(back).toMatchObject({ title: '已退回修改：关于会签通知的通知', body: '请补充依据' });

    const r = await draft(k.drafter, { title: '关于不予发文的通知' });
    await ok(k.drafter, r.id, 'submit', { singleMatter: true });
    await ok(k.head, r.id, 'review_approve', {}, '同意');
    seen = await told(r.id);
    await ok(k.director, r.id, 'office_reject', {}, '可发可不发，不发');
    expect(await newly(r.id, seen)).toEqual(['fengxia:outgoing.office_reject']);
  });

  it('notifies nobody about a document they may not read: a 机密 draft skips the 秘密-cleared secretary', async () => {
    const d = await draft(k.director, { title: '关于机密事项的通知（通知）', classification: 3 });
    await ok(k.director, d.id, 'submit', { singleMatter: true });
    await ok(k.director, d.id, 'review_approve', {}, '同意');
    // Office review: 王芳 (机密) is asked; 刘洋 (秘密) holds the role but may not read it.
    expect(await told(d.id)).toEqual(['wangfang:outgoing.office_review']);
    await ok(k.secretary, d.id, 'office_approve', {}, '同意');
    expect(await told(d.id)).toEqual(['wangfang:outgoing.office_review']); // proofreading: 王芳 acted, 刘洋 may not read
    // An authorised leader named while it waits for sign-off is asked then; one named earlier, on arrival.
    const liming = await db().selectFrom('people').select('id').where('username', '=', 'liming').executeTakeFirstOrThrow();
    const cur = (await k.director.get(`/api/v1/outgoing/${d.id}`)).body;
    expect((await k.director.post(`/api/v1/outgoing/${d.id}/signer`, { version: cur.version, personId: liming.id })).status).toBe(200);
    expect(await told(d.id)).toEqual(['wangfang:outgoing.office_review']);
    await ok(k.secretary, d.id, 'proofread', {}, '已校对');
    expect(await told(d.id)).toEqual(['liming:outgoing.signoff', 'wangfang:outgoing.office_review', 'zhangjianguo:outgoing.signoff']);
    expect((await liuyang.get('/api/v1/notifications?limit=100')).body.items.filter((n: any) => n.recordId === d.id)).toEqual([]);
  });
});
