// 收文 end to end over real HTTP on both databases: sign-for and registration with gap-free
// numbers, every workflow transition and refusal, the private instruction, the event for the
// supervision module, and who may read a classified document before and after distribution.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type Client, type TestServer } from '../helpers/server.js';

const registration = (title: string, extra: Record<string, unknown> = {}) => ({
  title,
  docKind: '通知',
  docNumber: '市应急〔2026〕8号',
  urgency: 'urgent',
  pages: 4,
  copies: 2,
  addressee: '示例集团有限公司',
  addresseeMatches: true,
  ...extra,
});

const signFor = (title: string, extra: Record<string, unknown> = {}, reg: Record<string, unknown> = {}) => ({
  sender: '市应急管理局',
  deliveredBy: '机要交通员老李',
  envelopeAddressee: '示例集团有限公司',
  classification: 1,
  registration: registration(title, reg),
  ...extra,
});

describe.each(DIALECTS)('incoming documents on %s', (dialect) => {
  let s: TestServer;
  const users = new Map<string, Client>();
  const as = async (u: string) => {
    if (!users.has(u)) users.set(u, await s.login(u));
    return users.get(u)!;
  };
  const dept = async (code: string) => (await s.ctx.database.db.selectFrom('departments').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  const personId = async (u: string) => (await s.ctx.database.db.selectFrom('people').select('id').where('username', '=', u).executeTakeFirstOrThrow()).id;
  const stepCount = async (id: string) => (await s.ctx.database.db.selectFrom('document_steps').select('id').where('document_id', '=', id).execute()).length;

  /** Takes an action as `user`, asserting the status; returns the body. */
  const act = async (user: string, doc: { id: string; version: number }, action: string, input: Record<string, unknown> = {}, opinion?: string, status = 200) => {
    const r = await (await as(user)).post(`/api/v1/incoming/${doc.id}/actions`, { action, version: doc.version, input, ...(opinion !== undefined && { opinion }) });
    expect(r.status, `${user} ${action}: ${r.text}`).toBe(status);
    return r.body;
  };

  beforeAll(async () => {
    s = await startServer({ dialect });
  });
  afterAll(async () => s?.close());

  it('signs for and registers in one request, with a receipt and the next yearly number', async () => {
    const r = await (await as('wangfang')).post('/api/v1/incoming', signFor('关于做好冬季安全生产工作的通知', { returnSlip: true }, { parts: [{ title: '正文', pages: 3 }, { title: '附件：检查表', pages: 1 }] }));
    expect(r.status, r.text).toBe(201);
    const year = new Date().getFullYear();
    expect(r.body).toMatchObject({ state: 'registered', sender: '市应急管理局', urgency: 'urgent', pages: 4, copies: 2, returnSlip: { present: true, returnedAt: null }, addresseeCheck: { matches: true, flagged: false } });
    expect(r.body.incomingNumber).toBe(`收〔${year}〕${r.body.serial}号`);
    expect(r.body.parts.map((p: any) => p.title)).toEqual(['正文', '附件：检查表']);
    expect(r.body.receipt).toMatchObject({ deliveredBy: '机要交通员老李', signedBy: '王芳', incomingNumber: r.body.incomingNumber });
    expect(r.body.receipt.text).toContain('《关于做好冬季安全生产工作的通知》');
    expect(r.body.trail.map((t: any) => t.action)).toEqual(['sign_for', 'register']);
    expect(r.body.abilities.map((a: any) => a.action)).toEqual(['check_pass', 'return']);

    const slip = await (await as('wangfang')).post(`/api/v1/incoming/${r.body.id}/return-slip`, { version: r.body.version });
    expect(slip.status, slip.text).toBe(200);
    expect(slip.body.returnSlip).toMatchObject({ present: true, returnedBy: '王芳' });
    const again = await (await as('wangfang')).post(`/api/v1/incoming/${r.body.id}/return-slip`, { version: slip.body.version });
    expect(again.status).toBe(409);
  });

  it('flags an addressee that does not match the envelope (seed 二 1.5) and keeps it', async () => {
    const r = await (await as('zhaomin')).post('/api/v1/incoming', signFor('误投的函', { envelopeAddressee: '示例集团华东分公司' }, { addressee: '示例集团有限公司', docKind: '函' }));
    expect(r.status, r.text).toBe(201);
    expect(r.body.addresseeCheck).toMatchObject({ matches: false, flagged: true });
    const stated = await (await as('zhaomin')).post('/api/v1/incoming', signFor('封皮不符', {}, { addresseeMatches: false, mismatchNote: '封皮写财务部' }));
    expect(stated.body.addresseeCheck).toMatchObject({ matches: false, flagged: true, note: '封皮写财务部' });
  });

  it('signs for first and registers later; registering without the fields writes nothing', async () => {
    const c = await as('zhaomin');
    const r = await c.post('/api/v1/incoming', { sender: '华东分公司', deliveredBy: '快递', classification: 1 });
    expect(r.status, r.text).toBe(201);
    expect(r.body).toMatchObject({ state: 'received', serial: null, incomingNumber: null });
    const before = await stepCount(r.body.id);
    const missing = await act('zhaomin', r.body, 'register', { title: '关于申请增加预算的报告' }, undefined, 422);
    expect(missing.error.details.missing).toContain('docKind');
    expect(await stepCount(r.body.id)).toBe(before);
    const stale = await act('zhaomin', { id: r.body.id, version: r.body.version + 1 }, 'register', registration('x'), undefined, 409);
    expect(stale.error.code).toBe('stale_version');
    await act('qianwei', r.body, 'register', registration('x'), undefined, 403);
    const done = await act('zhaomin', r.body, 'register', registration('关于申请增加预算的报告', { internal: true, docKind: '报告' }));
    expect(done).toMatchObject({ state: 'registered', internal: true, docKind: '报告' });
    expect(done.serial).toBeGreaterThan(0);
    await act('zhaomin', done, 'register', registration('again'), undefined, 409);
  });

  it('refuses a registration without the addressee check, and a classified one without a scope', async () => {
    const c = await as('wangfang');
    const noCheck = await c.post('/api/v1/incoming', signFor('缺少核对', {}, { addresseeMatches: undefined }));
    expect(noCheck.status).toBe(400);
    const noScope = await c.post('/api/v1/incoming', signFor('涉密无范围', { classification: 2 }));
    expect(noScope.status).toBe(422);
    const tooHigh = await (await as('zhaomin')).post('/api/v1/incoming', signFor('超出本人密级', { classification: 3, scope: [{ kind: 'person', id: await personId('zhaomin') }] }));
    expect(tooHigh.status).toBe(403);
  });

  it('walks 初审 → 拟办 → 批示 → 承办 → 办结, refusing each out-of-order, stale, wrong-person and incomplete action without writing', async () => {
    const cwb = await dept('CWB');
    const rsb = await dept('RSB');
    let doc = (await (await as('wangfang')).post('/api/v1/incoming', signFor('关于开展财务检查的通知'))).body;

    // Out of order, wrong person, stale version, missing fields: 409, 403, 409, 422 — and nothing written.
    const steps = await stepCount(doc.id);
    expect((await act('wangfang', doc, 'propose', { proposal: '拟请财务部办理' }, undefined, 409)).error.code).toBe('conflict');
    await act('zhaomin', doc, 'check_pass', {}, undefined, 403);
    await act('wangfang', { id: doc.id, version: doc.version - 1 || 99 }, 'check_pass', {}, undefined, 409);
    await act('wangfang', doc, 'return', {}, undefined, 422);
    await act('wangfang', doc, 'no_such_action', {}, undefined, 400);
    expect(await stepCount(doc.id)).toBe(steps);
    expect((await (await as('wangfang')).get(`/api/v1/incoming/${doc.id}`)).body.version).toBe(doc.version);

    doc = await act('wangfang', doc, 'check_pass');
    await act('wangfang', doc, 'propose', {}, undefined, 422);
    doc = await act('wangfang', doc, 'propose', { proposal: '拟请财务部牵头、人事部配合办理' }, '拟办');
    expect(doc.proposal).toBe('拟请财务部牵头、人事部配合办理');
    await act('zhangjianguo', doc, 'instruct', { instruction: '同意' }, undefined, 409);
    doc = await act('wangfang', doc, 'submit_to_gm');
    expect(doc.state).toBe('awaiting_instruction');
    expect(doc.batch.key).toMatch(/^\d{4}-\d{2}-\d{2} (10|16):00$/);

    // The GM sees it in the open batch and pending for him; a secretary may not instruct.
    const gm = await as('zhangjianguo');
    const batch = await gm.get('/api/v1/incoming/batches/current');
    expect(batch.status, batch.text).toBe(200);
    expect(batch.body.items.map((d: any) => d.id)).toContain(doc.id);
    expect((await gm.get('/api/v1/incoming?pendingForMe=true')).body.items.map((d: any) => d.id)).toContain(doc.id);
    expect((await (await as('zhaomin')).get('/api/v1/incoming/batches/current')).status).toBe(403);
    expect((await (await as('liming')).get('/api/v1/incoming/batches/current')).status).toBe(403);
    await act('wangfang', doc, 'instruct', { instruction: '同意' }, undefined, 403);
    await act('zhangjianguo', doc, 'instruct', {}, undefined, 422);
    await act('zhangjianguo', doc, 'instruct', { instruction: '请财务部牵头', ordersAction: 'yes' }, undefined, 422);

    doc = await act('zhangjianguo', doc, 'instruct', { instruction: '请财务部牵头，月底前完成检查', ordersAction: true, leadDepartmentId: cwb, deadline: '2026-12-31' }, '批示');
    expect(doc.instruction).toMatchObject({ text: '请财务部牵头，月底前完成检查', ordersAction: true });
    const events = await s.ctx.database.db.selectFrom('domain_events').selectAll().where('source_id', '=', doc.id).execute();
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe('document.instruction_orders_action');
    expect(JSON.parse(events[0].payload)).toEqual({ documentId: doc.id, title: '关于开展财务检查的通知', instruction: '请财务部牵头，月底前完成检查', classification: doc.classification, leadDepartmentId: cwb, deadline: '2026-12-31' });

    // 私密批示: the clerk reads this 内部 document, but not the instruction, until it is distributed.
    const clerkView = (await (await as('zhaomin')).get(`/api/v1/incoming/${doc.id}`)).body;
    expect(clerkView.instructed).toBe(true);
    expect(clerkView.instruction).toBeNull();
    expect(JSON.stringify(clerkView)).not.toContain('月底前完成检查');
    const clerkList = await (await as('zhaomin')).get('/api/v1/incoming?limit=200');
    expect(clerkList.text).not.toContain('月底前完成检查');
    expect(JSON.stringify((await (await as('wangfang')).get(`/api/v1/incoming/${doc.id}`)).body)).toContain('月底前完成检查');

    await act('wangfang', doc, 'distribute', { leadDepartmentId: cwb }, undefined, 422);
    await act('wangfang', doc, 'distribute', { leadDepartmentId: cwb, deadline: '2026-02-30' }, undefined, 422);
    await act('wangfang', doc, 'distribute', { leadDepartmentId: 'no-such-department', deadline: '2026-12-31' }, undefined, 422);
    doc = await act('wangfang', doc, 'distribute', { leadDepartmentId: cwb, coDepartmentIds: [rsb], deadlineWorkingDays: 5 });
    expect(doc.state).toBe('handling');
    expect(doc.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(doc.coDepartmentIds).toEqual([rsb]);
    expect((await (await as('zhaomin')).get(`/api/v1/incoming/${doc.id}`)).body.instruction.text).toBe('请财务部牵头，月底前完成检查');

    // The heads of both departments were told; the handlers see it pending.
    const inbox = await (await as('qianwei')).get('/api/v1/notifications?limit=50');
    expect(inbox.text).toContain('关于开展财务检查的通知');
    expect((await (await as('xumei')).get('/api/v1/incoming?pendingForMe=true')).body.items.map((d: any) => d.id)).toContain(doc.id);

    await act('caoyang', doc, 'report_result', { result: '不是我们' }, undefined, 403);
    await act('qianwei', doc, 'report_result', {}, undefined, 422);
    doc = await act('xumei', doc, 'report_result', { result: '人事部已配合提供名单' }, '配合完成');
    expect(doc.state).toBe('handling');
    await act('xumei', doc, 'report_result', { result: '再报一次' }, undefined, 403);
    doc = await act('qianwei', doc, 'report_result', { result: '检查完成，报告已报总经理' }, '办结');
    expect(doc.state).toBe('completed');
    expect(doc.results.map((r: any) => r.result)).toEqual(['人事部已配合提供名单', '检查完成，报告已报总经理']);
    expect(doc.abilities).toEqual([]);
    expect(doc.trail.map((t: any) => t.action)).toEqual(['sign_for', 'register', 'check_pass', 'propose', 'submit_to_gm', 'instruct', 'distribute', 'report_result', 'report_result']);
    expect((await (await as('wangfang')).get('/api/v1/notifications?limit=50')).text).toContain('办理结果已反馈');
  });

  it("completes on the lead department's report and takes the document off the co-departments' pending lists", async () => {
    const [cwb, rsb] = [await dept('CWB'), await dept('RSB')];
    let doc = (await (await as('wangfang')).post('/api/v1/incoming', signFor('牵头部门先反馈'))).body;
    doc = await act('wangfang', doc, 'check_pass');
    doc = await act('wangfang', doc, 'propose', { proposal: '拟请财务部办理' });
    doc = await act('wangfang', doc, 'submit_to_gm');
    doc = await act('zhangjianguo', doc, 'instruct', { instruction: '财务部办理' });
    doc = await act('wangfang', doc, 'distribute', { leadDepartmentId: cwb, coDepartmentIds: [rsb], deadline: '2026-12-31' });
    const pendingIds = async () => (await (await as('xumei')).get('/api/v1/incoming?pendingForMe=true&limit=200')).body.items.map((d: any) => d.id);
    expect(await pendingIds()).toContain(doc.id);
    doc = await act('qianwei', doc, 'report_result', { result: '已办结' });
    expect(doc.state).toBe('completed');
    expect(await pendingIds()).not.toContain(doc.id);
  });

  it('sends a document to the leader in charge first (seed 二 1.10), and publishes no event for an instruction that orders nothing', async () => {
    let doc = (await (await as('wangfang')).post('/api/v1/incoming', signFor('关于调整生产计划的请示', {}, { docKind: '请示' }))).body;
    doc = await act('wangfang', doc, 'check_pass');
    doc = await act('wangfang', doc, 'propose', { proposal: '拟请分管领导先听取生产部意见' });
    await act('wangfang', doc, 'ask_leader', {}, undefined, 422);
    await act('wangfang', doc, 'ask_leader', { leaderId: await personId('zhaomin') }, undefined, 422);
    doc = await act('wangfang', doc, 'ask_leader', { leaderId: await personId('liming') });
    expect(doc.state).toBe('leader_opinion');
    await act('wangqiang', doc, 'leader_opine', {}, '不是他', 403);
    await act('liming', doc, 'leader_opine', {}, undefined, 422);
    doc = await act('liming', doc, 'leader_opine', {}, '建议同意，由生产部办理');
    expect(doc).toMatchObject({ state: 'awaiting_instruction', leaderOpinion: '建议同意，由生产部办理' });
    doc = await act('zhangjianguo', doc, 'instruct', { instruction: '阅' });
    const events = await s.ctx.database.db.selectFrom('domain_events').select('id').where('source_id', '=', doc.id).execute();
    expect(events).toHaveLength(0);
    doc = await act('wangfang', doc, 'close_without_handling');
    expect(doc.state).toBe('completed');
  });

  it('returns a non-compliant document with reasons, and files a circular as read', async () => {
    let a = (await (await as('wangfang')).post('/api/v1/incoming', signFor('格式不合规的来文'))).body;
    a = await act('wangfang', a, 'return', {}, '主送单位错误，文种不当');
    expect(a.state).toBe('returned');
    expect(a.trail.at(-1)).toMatchObject({ action: 'return', opinion: '主送单位错误，文种不当' });
    expect(a.returned).toMatchObject({ kind: 'non_compliant', reasons: '主送单位错误，文种不当', coordinateWith: [] });
    // 三 2.12: a request touching another department's business goes back to be coordinated first.
    const hr = await dept('RSB');
    let c = (await (await as('wangfang')).post('/api/v1/incoming', signFor('关于增加编制的请示', {}, { docKind: '请示', internal: true }))).body;
    await act('wangfang', c, 'return', { kind: 'coordinate_first' }, '涉及人事部职责', 422);
    await act('wangfang', c, 'return', { kind: 'coordinate_first', coordinateWith: ['no-such-dept'] }, '涉及人事部职责', 422);
    await act('wangfang', c, 'return', { kind: 'sideways' }, '涉及人事部职责', 422);
    const unchanged = (await (await as('wangfang')).get(`/api/v1/incoming/${c.id}`)).body;
    expect(unchanged).toMatchObject({ state: 'registered', version: c.version, returned: null });
    c = await act('wangfang', c, 'return', { kind: 'coordinate_first', coordinateWith: [hr] }, '涉及人事部职责，请先与人事部协商一致后再报');
    expect(c.returned).toMatchObject({ kind: 'coordinate_first', coordinateWith: [{ id: hr, name: '人事部' }], byName: '王芳' });
    let b = (await (await as('chenjing')).post('/api/v1/incoming', signFor('普通传阅通报'))).body;
    b = await act('chenjing', b, 'check_pass');
    b = await act('chenjing', b, 'file_as_read');
    expect(b.state).toBe('completed');
  });

  it('hides a classified document from everyone outside its scope — in list, count and detail — until distribution lets the handling department in', async () => {
    const cwb = await dept('CWB');
    const wf = await personId('wangfang');
    const marker = `密件-${Date.now()}`;
    // 秘密 (2): 钱伟 (财务部, clearance 2) is cleared but outside the scope.
    let doc = (await (await as('wangfang')).post('/api/v1/incoming', signFor(marker, { classification: 2, secrecyTerm: '10年', scope: [{ kind: 'person', id: wf }] }))).body;
    expect(doc.state).toBe('registered');
    const qianwei = await as('qianwei');
    const before = await qianwei.get('/api/v1/incoming?limit=200');
    expect(before.text).not.toContain(marker);
    expect((await qianwei.get(`/api/v1/incoming/${doc.id}`)).status).toBe(404);
    expect((await qianwei.post(`/api/v1/incoming/${doc.id}/actions`, { action: 'report_result', version: doc.version, input: { result: 'x' } })).status).toBe(404);
    // The registrar's classified reads are audited.
    const audits = await s.ctx.database.db.selectFrom('audit_log').select('action').where('record_id', '=', doc.id).where('action', '=', 'document.detail').execute();
    expect(audits.length).toBeGreaterThan(0);

    // 机密 (3): invisible to a clerk and the GM's vice outside the scope, in count too.
    const top = (await (await as('wangfang')).post('/api/v1/incoming', signFor(`${marker}-机密`, { classification: 3, scope: [{ kind: 'person', id: wf }] }))).body;
    for (const u of ['zhaomin', 'liming', 'wulei']) {
      const c = await as(u);
      const list = await c.get('/api/v1/incoming?limit=200');
      expect(list.text).not.toContain(`${marker}-机密`);
      expect((await c.get(`/api/v1/incoming/${top.id}`)).status).toBe(u === 'wulei' ? 403 : 404);
    }
    const clerkTotal = (await (await as('zhaomin')).get('/api/v1/incoming?limit=1')).body.total;
    const secTotal = (await (await as('wangfang')).get('/api/v1/incoming?limit=1')).body.total;
    expect(secTotal - clerkTotal).toBeGreaterThanOrEqual(2);

    doc = await act('wangfang', doc, 'check_pass');
    doc = await act('wangfang', doc, 'propose', { proposal: '拟请财务部办理' });
    doc = await act('wangfang', doc, 'submit_to_gm');
    doc = (await act('zhangjianguo', doc, 'instruct', { instruction: '财务部办' }));
    doc = await act('wangfang', doc, 'distribute', { leadDepartmentId: cwb, deadline: '2026-12-31' });
    const after = await qianwei.get('/api/v1/incoming?limit=200');
    expect(after.text).toContain(marker);
    const detail = await qianwei.get(`/api/v1/incoming/${doc.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.abilities.map((a: any) => a.action)).toEqual(['report_result']);
    // Scope for the department, source 'workflow'.
    const scope = await s.ctx.scopes.list('document', doc.id);
    expect(scope).toContainEqual(expect.objectContaining({ subject_kind: 'department', subject_id: cwb, source: 'workflow' }));
  });

  it('numbers 100 concurrent registrations uniquely and contiguously', async () => {
    const c = await as('liuyang');
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => c.post('/api/v1/incoming', signFor(`并发登记 ${i}`))));
    for (const r of results) expect(r.status, r.text).toBe(201);
    const serials = results.map((r) => r.body.serial as number).sort((a, b) => a - b);
    expect(new Set(serials).size).toBe(100);
    expect(serials[99] - serials[0]).toBe(99);
    // And the yearly sequence has no gap from 1 up to the last number given.
    const year = results[0].body.year;
    const all = await s.ctx.database.db.selectFrom('documents').select('serial').where('direction', '=', 'incoming').where('year', '=', year).where('serial', 'is not', null).execute();
    const nums = all.map((r) => Number(r.serial)).sort((a, b) => a - b);
    expect(nums).toEqual(Array.from({ length: nums.length }, (_, i) => i + 1));
  });
});
