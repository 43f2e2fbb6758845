// 发文 end to end over real HTTP on both databases: drafting with versions, the whole path to
// dispatch, countersigning, sign-off's three items, issue numbers, and every refusal changing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { act, cast, departmentId, draft, ok, SIGN, toCheck, type Cast } from './outgoing-helpers.js';

const NUMBER = /^示例集团发〔(\d{4})〕([1-9]\d*)号$/;

describe.each(DIALECTS)('outgoing documents (发文) on %s', (dialect) => {
  let s: TestServer;
  let k: Cast;
  beforeAll(async () => {
    s = await startServer({ dialect });
    k = await cast(s);
  });
  afterAll(async () => s?.close());

  const db = () => s.ctx.database.db;
  const stepCount = async (id: string) => (await db().selectFrom('document_steps').select('id').where('document_id', '=', id).execute()).length;
  const row = (id: string) => db().selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('drafts from the kind template when the body is empty, shows the 一事一文 rule and keeps every version', async () => {
    const d = await draft(k.drafter, { docKind: '请示', body: '' });
    expect(d.body).toContain('妥否，请批示');
    expect(d.rules.singleMatter.zh).toContain('一事一文');
    expect(d.abilities.map((a: any) => a.action)).toEqual(['submit']);
    const e1 = await k.drafter.patch(`/api/v1/outgoing/${d.id}`, { version: d.version, body: '第二稿正文' });
    expect(e1.status, e1.text).toBe(200);
    const e2 = await k.drafter.patch(`/api/v1/outgoing/${d.id}`, { version: e1.body.version, title: '关于购置设备的请示' });
    expect(e2.status).toBe(200);
    expect(e2.body.versions.map((v: any) => [v.versionNo, v.title, v.body.slice(0, 5)])).toEqual([
      [1, '关于开展年度安全检查的通知', d.body.slice(0, 5)],
      [2, '关于开展年度安全检查的通知', '第二稿正文'],
      [3, '关于购置设备的请示', '第二稿正文'],
    ]);
    // A stale edit is refused and writes nothing.
    const stale = await k.drafter.patch(`/api/v1/outgoing/${d.id}`, { version: d.version, body: '旧版本上的修改' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');
    expect((await row(d.id)).body).toBe('第二稿正文');
    // Only the drafter edits.
    expect((await k.head.patch(`/api/v1/outgoing/${d.id}`, { version: e2.body.version, body: 'x' })).status).toBe(403);
  });

  it('links a 批复 to the 请示 it answers, which must be readable', async () => {
    const ask = await draft(k.drafter, { docKind: '请示', title: '关于增加预算的请示' });
    expect((await k.drafter.post('/api/v1/outgoing', { docKind: '批复', title: '关于增加预算的批复' })).status).toBe(400);
    const reply = await draft(k.director, { docKind: '批复', title: '关于增加预算的批复', repliesToId: ask.id, body: '' });
    expect(reply.repliesTo).toMatchObject({ id: ask.id, title: '关于增加预算的请示' });
    expect(reply.body).toContain('此复');
    // A 秘密 请示 outside the clerk's reach cannot be answered by that clerk.
    const secret = await draft(k.head, { docKind: '请示', title: '关于人事调整的请示', classification: 2 });
    const r = await k.drafter.post('/api/v1/outgoing', { docKind: '批复', title: '批复', repliesToId: secret.id });
    expect(r.status).toBe(400);
    expect(r.body.error.details.field).toBe('repliesToId');
    // A drafter cannot classify above their own clearance.
    expect((await k.drafter.post('/api/v1/outgoing', { docKind: '通知', title: '机密通知', classification: 3 })).status).toBe(403);
  });

  it('goes the whole way from draft to dispatch, numbers it and publishes document.dispatched once', async () => {
    const d = await draft(k.drafter);
    const unconfirmed = await act(k.drafter, d.id, 'submit', { singleMatter: false });
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.body.error.details.missing).toEqual(['singleMatter']);
    await ok(k.drafter, d.id, 'submit', { singleMatter: true });
    const pending = await k.head.get('/api/v1/outgoing?pending=true');
    expect(pending.body.items.map((x: any) => x.id)).toContain(d.id);
    await ok(k.head, d.id, 'review_approve', {}, '核稿同意');
    await ok(k.director, d.id, 'office_approve', {}, '同意发文');
    await ok(k.secretary, d.id, 'proofread', {}, '已校对无误');
    // The signer sees the final text and every earlier opinion.
    const before = await k.gm.get(`/api/v1/outgoing/${d.id}`);
    expect(before.body.body).toBe(d.body);
    expect(before.body.trail.map((t: any) => t.opinion)).toEqual([null, '核稿同意', '同意发文', '已校对无误']);
    expect(before.body.abilities.map((a: any) => a.action)).toContain('sign_off');
    await ok(k.gm, d.id, 'sign_off', SIGN, '同意');
    const registered = await ok(k.secretary, d.id, 'check_ok', {}, '复核无误');
    expect(registered.state).toBe('registered');
    const m = NUMBER.exec(registered.issueNumber);
    expect(m, registered.issueNumber).not.toBeNull();
    expect(Number(m![1])).toBe(new Date().getFullYear());
    await ok(k.clerk, d.id, 'print_seal');
    const noRecipients = await act(k.director, d.id, 'dispatch', { recipients: [] });
    expect(noRecipients.status).toBe(422);
    const done = await ok(k.director, d.id, 'dispatch', { recipients: [{ name: '各部门', kind: 'main' }, { name: '华东分公司', kind: 'cc' }] });
    expect(done.state).toBe('dispatched');
    expect(done.deliveries).toMatchObject([{ recipient: '各部门', kind: 'main', confirmedAt: null }, { recipient: '华东分公司', kind: 'cc', confirmedAt: null }]);
    expect(done.abilities).toEqual([]);
    expect(done.trail.map((t: any) => t.action)).toEqual(['submit', 'review_approve', 'office_approve', 'proofread', 'sign_off', 'check_ok', 'print_seal', 'dispatch']);
    const events = await db().selectFrom('domain_events').selectAll().where('type', '=', 'document.dispatched').where('source_id', '=', d.id).execute();
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].payload)).toEqual({ documentId: d.id, issueNumber: registered.issueNumber, title: d.title, fileCopies: 2 });
    // Dispatching again is out of order and publishes nothing more.
    expect((await act(k.director, d.id, 'dispatch', { recipients: [{ name: '各部门', kind: 'main' }] })).status).toBe(409);
    expect(await db().selectFrom('domain_events').select('id').where('source_id', '=', d.id).execute()).toHaveLength(1);
  });

  it('refuses sign-off without each of the three items (422 naming it), a second sign-off (409), the wrong role (403) — each writing nothing', async () => {
    const d = await draft(k.drafter);
    await ok(k.drafter, d.id, 'submit', { singleMatter: true });
    await ok(k.head, d.id, 'review_approve');
    await ok(k.director, d.id, 'office_approve');
    await ok(k.secretary, d.id, 'proofread');
    const steps = await stepCount(d.id);
    const version = (await row(d.id)).version;
    for (const field of Object.keys(SIGN)) {
      const r = await act(k.gm, d.id, 'sign_off', { ...SIGN, [field]: '' });
      expect(r.status, field).toBe(422);
      expect(r.body.error.details.missing).toEqual([field]);
      expect(r.body.error.message).toContain(field);
    }
    expect((await act(k.gm, d.id, 'sign_off', { ...SIGN, signedOn: '2026-02-30' })).status).toBe(422);
    expect((await act(k.gm, d.id, 'sign_off', { ...SIGN, signerName: '李明' })).status).toBe(422);
    for (const c of [k.secretary, k.vice, k.director, k.head]) expect((await act(c, d.id, 'sign_off', SIGN)).status).toBe(403);
    expect((await act(k.secretary, d.id, 'check_ok')).status).toBe(409);
    expect(await stepCount(d.id)).toBe(steps);
    expect((await row(d.id)).version).toBe(version);
    await ok(k.gm, d.id, 'sign_off', SIGN);
    const second = await act(k.gm, d.id, 'sign_off', SIGN);
    expect(second.status).toBe(409);
    expect(await stepCount(d.id)).toBe(steps + 1);
    // A stale action is refused too.
    const stale = await k.secretary.post(`/api/v1/outgoing/${d.id}/actions`, { action: 'check_ok', version, input: {} });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');
    expect((await row(d.id)).doc_number).toBeNull();
  });

  it('lets an authorised leader sign off once the office director names them', async () => {
    const d = await draft(k.drafter);
    await ok(k.drafter, d.id, 'submit', { singleMatter: true });
    await ok(k.head, d.id, 'review_approve');
    await ok(k.director, d.id, 'office_approve');
    await ok(k.secretary, d.id, 'proofread');
    const signerInput = { ...SIGN, signerName: '李明' };
    expect((await act(k.vice, d.id, 'sign_off', signerInput)).status).toBe(403);
    const me = await k.vice.get('/api/v1/me');
    const cur = (await row(d.id)).version;
    expect((await k.secretary.post(`/api/v1/outgoing/${d.id}/signer`, { version: cur, personId: me.body.id ?? me.body.person?.id })).status).toBe(403);
    const named = await k.director.post(`/api/v1/outgoing/${d.id}/signer`, { version: cur, personId: me.body.id ?? me.body.person?.id });
    expect(named.status, named.text).toBe(200);
    const signed = await ok(k.vice, d.id, 'sign_off', signerInput);
    expect(signed.signoff).toMatchObject({ signerName: '李明', approval: SIGN.approval, signedOn: SIGN.signedOn });
  });

  it('countersigns in parallel: the document moves on only when the last department has signed', async () => {
    const [hr, market] = await Promise.all([departmentId(s, 'RSB'), departmentId(s, 'SCB')]);
    const d = await draft(k.drafter);
    await ok(k.drafter, d.id, 'submit', { singleMatter: true });
    expect((await act(k.head, d.id, 'request_countersign', {})).status).toBe(422);
    const sent = await ok(k.head, d.id, 'request_countersign', { countersignDepartments: [hr, market] }, '请人事部、市场部会签');
    expect(sent.state).toBe('countersign');
    expect((await act(k.hr, d.id, 'countersign', {})).status).toBe(422); // an opinion is required
    const first = await ok(k.hr, d.id, 'countersign', {}, '人事部同意');
    expect(first.state).toBe('countersign');
    expect((await act(k.hr, d.id, 'countersign', {}, '再签一次')).status).toBe(403);
    expect((await act(k.head, d.id, 'countersign', {}, '本部门')).status).toBe(403);
    const last = await ok(k.market, d.id, 'countersign', {}, '市场部同意');
    expect(last.state).toBe('office_review');
    expect(last.trail.filter((t: any) => t.action === 'countersign').map((t: any) => [t.actorName, t.opinion])).toEqual([
      ['许梅', '人事部同意'],
      ['曹阳', '市场部同意'],
    ]);
  });

  it('sends back to drafting with a reason, and the office refuses to issue with a reason (final)', async () => {
    const d = await draft(k.drafter);
    await ok(k.drafter, d.id, 'submit', { singleMatter: true });
    expect((await act(k.head, d.id, 'send_back', {})).status).toBe(422);
    expect((await act(k.director, d.id, 'send_back', {}, '不是你的环节')).status).toBe(403);
    expect((await ok(k.head, d.id, 'send_back', {}, '请补充依据')).state).toBe('drafting');
    await ok(k.drafter, d.id, 'submit', { singleMatter: true });
    await ok(k.head, d.id, 'review_approve');
    expect((await act(k.director, d.id, 'office_reject', {})).status).toBe(422);
    const refused = await ok(k.director, d.id, 'office_reject', {}, '可发可不发，不发');
    expect(refused.state).toBe('rejected');
    expect(refused.abilities).toEqual([]);
  });

  it('voids a number into the ledger with its reason and never reuses it', async () => {
    const a = await toCheck(k);
    const first = await ok(k.secretary, a, 'check_ok');
    const n1 = Number(NUMBER.exec(first.issueNumber)![2]);
    const v = (await row(a)).version;
    expect((await k.secretary.post(`/api/v1/outgoing/${a}/void-number`, { version: v, reason: '编号错误' })).status).toBe(403);
    expect((await k.director.post(`/api/v1/outgoing/${a}/void-number`, { version: v, reason: '' })).status).toBe(400);
    const voided = await k.director.post(`/api/v1/outgoing/${a}/void-number`, { version: v, reason: '登记时漏填附件，重新登记' });
    expect(voided.status, voided.text).toBe(200);
    expect(voided.body).toMatchObject({ state: 'check', issueNumber: null });
    const again = await ok(k.secretary, a, 'check_ok');
    const n2 = Number(NUMBER.exec(again.issueNumber)![2]);
    expect(n2).toBeGreaterThan(n1);
    const year = new Date().getFullYear();
    const ledger = await k.director.get(`/api/v1/outgoing/numbers?year=${year}`);
    expect(ledger.status).toBe(200);
    expect(ledger.body.items.find((x: any) => x.number === n1)).toMatchObject({ state: 'voided', voidReason: '登记时漏填附件，重新登记', documentId: a });
    expect(ledger.body.items.find((x: any) => x.number === n2)).toMatchObject({ state: 'used', documentId: a });
    expect((await k.drafter.get(`/api/v1/outgoing/numbers?year=${year}`)).status).toBe(403);
  });

  it('writes the .docx of a registered document, and refuses one not yet numbered', async () => {
    const id = await toCheck(k);
    expect((await k.drafter.get(`/api/v1/outgoing/${id}/docx`)).status).toBe(409);
    const reg = await ok(k.secretary, id, 'check_ok');
    const r = await fetch(`${s.url}/api/v1/outgoing/${id}/docx`, { headers: { cookie: k.drafter.cookie } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('wordprocessingml');
    const bytes = Buffer.from(await r.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const JSZip = (await import('jszip')).default;
    const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
    expect(xml).toContain(reg.issueNumber);
  });

  it('lists only what the caller may read, with the count from the same filter', async () => {
    const secret = await draft(k.head, { title: '秘密通知', classification: 2 });
    const mine = await k.head.get('/api/v1/outgoing');
    expect(mine.body.items.map((x: any) => x.id)).toContain(secret.id);
    const other = await k.hr.get('/api/v1/outgoing?limit=200');
    expect(other.body.items.map((x: any) => x.id)).not.toContain(secret.id);
    expect(other.body.total).toBe(other.body.items.length);
    expect((await k.hr.get(`/api/v1/outgoing/${secret.id}`)).status).toBe(404);
  });

  it('filters the register by kind and by text in the title or the issue number', async () => {
    const tag = `筛选${Date.now() % 100000}`;
    const letter = await draft(k.drafter, { docKind: '函', title: `关于${tag}事项的函`, body: '' });
    const notice = await draft(k.drafter, { docKind: '通知', title: `关于${tag}工作的通知` });
    const ids = async (query: string) => ((await k.drafter.get(`/api/v1/outgoing?${query}`)).body.items as { id: string }[]).map((x) => x.id);
    expect(await ids(`q=${encodeURIComponent(tag)}`)).toEqual([notice.id, letter.id]);
    expect(await ids(`q=${encodeURIComponent(tag)}&docKind=${encodeURIComponent('函')}`)).toEqual([letter.id]);
    const byKind = await k.drafter.get(`/api/v1/outgoing?docKind=${encodeURIComponent('函')}&q=${encodeURIComponent(tag)}`);
    expect(byKind.body.total).toBe(1);
    const numbered = await toCheck(k, { title: `关于${tag}编号的通知` });
    const registered = await ok(k.secretary, numbered, 'check_ok');
    const number = registered.issueNumber as string;
    expect(await ids(`q=${encodeURIComponent(number)}`)).toEqual([numbered]);
    expect((await k.drafter.get('/api/v1/outgoing?q=')).status).toBe(400);
  });

  it("lets the office's clerks print and seal, not a department's clerk", async () => {
    const id = await toCheck(k, { title: '关于用印环节的通知' });
    await ok(k.secretary, id, 'check_ok');
    const before = await row(id);
    const refused = await act(k.drafter, id, 'print_seal');
    expect(refused.status, refused.text).toBe(403);
    expect((await row(id)).version).toBe(before.version);
    expect((await ok(k.clerk, id, 'print_seal')).state).toBe('sealed');
  });
});

