// 督查督办 through the HTTP API on both databases: registration and its refusals, the leader-assigned
// procedure end to end (三 4.1) with every refusal the issue names, the central-work loop three
// rounds (4.2), who sees an item (modes, classification), extensions, decomposition, filters.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIn } from '../../server/platform/calendar/work-calendar.js';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { act, actOk, BASE, ids, newItem, register, supervisionCast, type Ids, type SupervisionCast } from './supervision-helpers.js';

describe.each(DIALECTS)('supervision items on %s', (dialect) => {
  let s: TestServer;
  let k: SupervisionCast;
  let id: Ids;
  let today: string;

  beforeAll(async () => {
    s = await startServer({ dialect });
    k = await supervisionCast(s);
    id = await ids(s);
    today = todayIn(s.config.tzCompany);
  });
  afterAll(async () => s?.close());

  const itemCount = async () => Number((await s.ctx.database.db.selectFrom('supervision_items').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  // Everything registering or acting on an item could write (the audit log aside: refusals are audited).
  const TABLES = ['supervision_items', 'supervision_participants', 'supervision_units', 'supervision_steps', 'supervision_reports', 'supervision_chases', 'supervision_checks', 'supervision_extensions', 'supervision_categories', 'sequences', 'reading_scopes', 'notifications', 'domain_events'];
  const snapshot = async () => {
    const out: Record<string, string> = {};
    for (const t of TABLES) out[t] = JSON.stringify((await sql.raw(`select * from ${t}`).execute(s.ctx.database.db)).rows.map((r) => JSON.stringify(r)).sort());
    return out;
  };

  it('refuses an item without a unit, without a deadline or with a past one, and writes nothing', async () => {
    const before = await itemCount();
    const rows = await snapshot();
    const cases: [Record<string, unknown>, string][] = [
      [{ leadDepartmentId: undefined }, 'leadDepartmentId'],
      [{ deadlineWorkingDays: undefined }, 'deadline'],
      [{ deadlineWorkingDays: undefined, deadline: '2020-01-06' }, 'deadline'],
      [{ deadline: '2099-01-05' }, 'deadline'], // a date and a number of days at once
      [{ deadlineWorkingDays: undefined, deadline: '2099-02-30' }, 'deadline'],
      [{ assignedById: undefined }, 'assignedById'],
      [{ category: 'nonsense' }, 'category'],
      [{ coUnits: [{ departmentId: id.dept.CWB }] }, 'coUnits'],
      [{ mode: 'group' }, 'groupMemberIds'],
    ];
    for (const [over, field] of cases) {
      const r = await k.secretary.post(BASE, newItem(id, over));
      expect(r.status, `${field}: ${r.text}`).toBe(400);
      expect(r.body.error.details.field, r.text).toBe(field);
      expect(r.body.error.message).toBeTruthy();
    }
    // Not the office: refused by the route; a clerk cannot register either.
    expect((await k.finance.post(BASE, newItem(id))).status).toBe(403);
    expect(await itemCount()).toBe(before);
    expect(await snapshot()).toEqual(rows);
    // The numbers were not used up: the next item gets the next number.
    const a = await register(k.secretary, newItem(id, { title: '编号连续性一' }));
    const b = await register(k.secretary, newItem(id, { title: '编号连续性二' }));
    expect(b.serial).toBe(a.serial + 1);
    expect(a.number).toBe(`督〔${a.year}〕${a.serial}号`);
  });

  it('registers an item from a given source once: the same source again answers with the first item', async () => {
    const body = newItem(id, { title: '信访件：职工反映食堂问题', source: { type: 'petition', id: 'XF-2026-031' }, category: 'special' });
    const first = await register(k.secretary, body);
    const again = await k.director.post(BASE, { ...body, title: '重复登记' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ id: first.id, title: '信访件：职工反映食堂问题', source: { type: 'petition', id: 'XF-2026-031', index: 0 } });
  });

  it('counts a deadline in working days on the holiday calendar', async () => {
    const item = await register(k.secretary, newItem(id, { deadlineWorkingDays: 7 }));
    expect(item.deadline).toBe(s.ctx.calendar.addWorkingDays(today, 7));
    expect(item.originalDeadline).toBe(item.deadline);
    // The office registering with the unit known has opened and registered it (交办 → 立项 → 登记).
    expect(item.state).toBe('registered');
    expect(item.trail.map((t: any) => t.action)).toEqual(['create', 'open', 'register']);
  });

  it('runs a leader-assigned item end to end, refusing what the issue names on the way', async () => {
    const item = await register(k.secretary, newItem(id));
    const iid = item.id;
    // Not transferred yet: the unit cannot accept.
    expect((await act(k.finance, iid, 'accept')).status).toBe(409);
    await actOk(k.secretary, iid, 'transfer');
    let d = await actOk(k.finance, iid, 'accept');
    expect(d.state).toBe('handling');
    expect(d.abilities.map((a: any) => a.action)).toEqual(['submit_result']);
    expect(d.may.reportProgress).toBe(true);
    expect(d).toMatchObject({ leadDepartmentName: '财务部', leadPersonName: '钱伟', assignedByName: '李明' });
    expect(d.units).toEqual([
      { departmentId: id.dept.CWB, departmentName: '财务部', role: 'lead', personId: id.person.qianwei, personName: '钱伟' },
      { departmentId: id.dept.RSB, departmentName: '人事部', role: 'co', personId: id.person.xumei, personName: '许梅' },
    ]);
    expect((await k.finance.get(`${BASE}?mine=handler&limit=1`)).body.items[0].leadDepartmentName).toBe('财务部');

    // A report by someone who is not the handler: the leader, the office — refused; a stranger does not see it.
    for (const c of [k.vice, k.secretary]) {
      const r = await c.post(`${BASE}/${iid}/reports`, { text: '代报', percent: 90 });
      expect(r.status, r.text).toBe(403);
    }
    expect((await k.market.post(`${BASE}/${iid}/reports`, { text: '代报' })).status).toBe(404);
    // Nobody has reported yet (三 3.31: the office sees who has not).
    expect((await k.secretary.get(`${BASE}/${iid}`)).body.unitReports.map((u: any) => u.reported)).toEqual([false, false]);
    // The co-unit reports its part; the lead unit's percentage is the item's.
    expect((await k.hr.post(`${BASE}/${iid}/reports`, { text: '人事费用已梳理', percent: 30 })).status).toBe(201);
    d = (await k.finance.post(`${BASE}/${iid}/reports`, { text: '方案起草中', percent: 60 })).body;
    expect(d.progress).toBe(60);
    expect(d.reports.map((r: any) => [r.kind, r.percent])).toEqual([['progress', 30], ['progress', 60]]);
    expect(d.unitReports.map((u: any) => [u.departmentName, u.reported, u.percent])).toEqual([['财务部', true, 60], ['人事部', true, 30]]);
    // Unknown attachment: refused, nothing recorded.
    expect((await k.finance.post(`${BASE}/${iid}/reports`, { text: 'x', attachmentIds: ['0190a0a0-0000-7000-8000-000000000000'] })).status).toBe(422);

    // Manual chase with a note, recorded.
    d = (await k.secretary.post(`${BASE}/${iid}/chases`, { note: '请于周五前报送方案' })).body;
    expect(d.chases).toMatchObject([{ kind: 'manual', note: '请于周五前报送方案' }]);
    expect((await k.finance.post(`${BASE}/${iid}/chases`, { note: '自己催自己' })).status).toBe(403);

    // Closing an item that was never checked: refused.
    expect((await act(k.vice, iid, 'review_close', {}, '同意')).status).toBe(409);
    // Only the handler submits; the result is checked by the office.
    expect((await act(k.hr, iid, 'submit_result', { result: '完成' })).status).toBe(403);
    await actOk(k.finance, iid, 'submit_result', { result: '方案已印发' }, '已完成');
    // The office that registered it hears that a result awaits its check.
    expect(JSON.stringify((await k.secretary.get('/api/v1/notifications?limit=50')).body)).toContain('报请检查');
    expect((await act(k.secretary, iid, 'check_return', {})).status).toBe(422); // reasons required
    d = await actOk(k.secretary, iid, 'check_return', { reasons: '缺少分项数据' }, '退回补充');
    expect(d.state).toBe('handling');
    await actOk(k.finance, iid, 'submit_result', { result: '已补充分项数据' });
    d = await actOk(k.secretary, iid, 'check_pass', {}, '符合要求');
    expect(d.state).toBe('completed');
    expect(d.progress).toBe(100);
    expect(d.checks.map((c: any) => c.outcome)).toEqual(['returned', 'passed']);
    expect(d.checks[0].reasons).toBe('缺少分项数据');
    // 办结回告 to the leader, who alone reviews.
    expect((await act(k.secretary, iid, 'report_completion', {})).status).toBe(422);
    d = await actOk(k.secretary, iid, 'report_completion', { report: '预算压减方案已落实，压减 10.2%' });
    expect(d.reports.filter((r: any) => r.kind === 'completion')).toHaveLength(1);
    for (const c of [k.gm, k.secretary, k.finance]) expect((await act(c, iid, 'review_close', {}, '同意')).status).toBe(403);
    d = await actOk(k.vice, iid, 'review_close', {}, '同意办结');
    expect(d).toMatchObject({ state: 'closed', closed: true });

    // Nothing acts on a closed item: reports, chases, extensions.
    expect((await k.finance.post(`${BASE}/${iid}/reports`, { text: '再报' })).status).toBe(409);
    expect((await k.secretary.post(`${BASE}/${iid}/chases`, { note: '催' })).status).toBe(409);
    expect((await k.finance.post(`${BASE}/${iid}/extensions`, { deadline: '2099-12-31', reason: '晚了' })).status).toBe(409);
    d = await actOk(k.secretary, iid, 'file');
    expect(d).toMatchObject({ state: 'filed', archiveCandidate: true });
    const filed = await s.ctx.database.db.selectFrom('domain_events').selectAll().where('type', '=', 'supervision.item_filed').where('source_id', '=', iid).execute();
    expect(filed.map((e) => JSON.parse(e.payload))).toMatchObject([{ itemId: iid, number: d.number, title: d.title }]);
    d = await actOk(k.archivist, iid, 'archive');
    expect(d.stateLabel.zh).toBe('归档');
    expect(d.trail.map((t: any) => t.action)).toEqual(['create', 'open', 'register', 'transfer', 'accept', 'submit_result', 'check_return', 'submit_result', 'check_pass', 'report_completion', 'review_close', 'file', 'archive']);
    // The leader was told of the completion report.
    const inbox = (await k.vice.get('/api/v1/notifications?limit=50')).body;
    expect(JSON.stringify(inbox)).toContain('办结回告');
  });

  it('answers a stale edit with 409, and every refusal on an item changes nothing', async () => {
    const item = await register(k.secretary, newItem(id, { title: '过期版本' }));
    const rows = await snapshot();
    const r = await k.secretary.post(`${BASE}/${item.id}/actions`, { action: 'transfer', version: item.version - 1 });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('stale_version');
    const refusals: [Promise<any>, number][] = [
      [k.secretary.post(`${BASE}/${item.id}/actions`, { action: 'check_pass', version: item.version }), 409],
      [k.finance.post(`${BASE}/${item.id}/actions`, { action: 'transfer', version: item.version }), 403],
      [k.secretary.post(`${BASE}/${item.id}/actions`, { action: 'no_such', version: item.version }), 400],
      [k.secretary.post(`${BASE}/${item.id}/actions`, { action: 'open', version: item.version, input: { leadDepartmentId: 42 } }), 400],
      [k.finance.post(`${BASE}/${item.id}/reports`, { text: '未转办就报告' }), 409],
      [k.secretary.post(`${BASE}/${item.id}/reports`, { text: '代报' }), 403],
      [k.finance.post(`${BASE}/${item.id}/reports`, { text: '越界', percent: 101 }), 400],
      [k.secretary.post(`${BASE}/${item.id}/chases`, { note: '' }), 400],
      [k.secretary.post(`${BASE}/${item.id}/chases`, { note: '未转办就催办' }), 409],
      [k.finance.post(`${BASE}/${item.id}/extensions`, { deadline: '2020-01-01', reason: '过去' }), 422],
      [k.secretary.post(`${BASE}/${item.id}/children`, { items: [{ title: '子项', leadDepartmentId: id.dept.CWB, deadline: '2020-01-06' }] }), 400],
      [k.secretary.post(BASE, { ...newItem(id), extra: 1 }), 400],
    ];
    for (const [p, status] of refusals) {
      const res = await p;
      expect(res.status, res.text).toBe(status);
      expect(res.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
    expect(await snapshot()).toEqual(rows);
    expect((await k.secretary.get(`${BASE}/${item.id}`)).body.state).toBe('registered');
  });

  it('lets the office correct an item until it closes, with the version and the trail', async () => {
    const item = await register(k.secretary, newItem(id, { title: '待修改的事项', coUnits: [] }));
    expect((await k.finance.patch(`${BASE}/${item.id}`, { version: item.version, title: '单位改' })).status).toBe(403);
    expect((await k.secretary.patch(`${BASE}/${item.id}`, { version: item.version, coUnits: [{ departmentId: id.dept.CWB }] })).status).toBe(400);
    const d = (await k.secretary.patch(`${BASE}/${item.id}`, { version: item.version, title: '修改后的事项', milestones: [{ title: '报方案', date: '2099-01-15' }], coUnits: [{ departmentId: id.dept.SCB, personId: id.person.caoyang }] })).body;
    expect(d).toMatchObject({ title: '修改后的事项', milestones: [{ title: '报方案', date: '2099-01-15' }], version: item.version + 1 });
    expect(d.units.map((u: any) => u.departmentName)).toEqual(['财务部', '市场部']);
    expect(d.trail.at(-1)).toMatchObject({ action: 'edit', data: { changed: ['title', 'milestones', 'coUnits'] } });
    // The new co-unit now sees it; a stale edit is refused.
    expect((await k.market.get(`${BASE}/${item.id}`)).status).toBe(200);
    expect((await k.secretary.patch(`${BASE}/${item.id}`, { version: item.version, title: '旧版本' })).status).toBe(409);
  });

  it('shows an item only to those it concerns, in lists and counts too', async () => {
    const item = await register(k.secretary, newItem(id, { title: '仅相关人员可见的事项' }));
    const sees = async (c: typeof k.gm) => (await c.get(`${BASE}/${item.id}`)).status === 200;
    for (const c of [k.secretary, k.director, k.gm, k.vice, k.finance, k.hr]) expect(await sees(c)).toBe(true);
    for (const c of [k.vice2, k.market, k.financeClerk, k.archivist]) {
      expect(await sees(c)).toBe(false);
      const list = (await c.get(`${BASE}?limit=200`)).body;
      expect(list.items.map((i: any) => i.id)).not.toContain(item.id);
      expect(list.total).toBe(list.items.length);
    }
    // mine=assigned for the leader, mine=handler for the unit.
    expect((await k.vice.get(`${BASE}?mine=assigned&limit=200`)).body.items.map((i: any) => i.id)).toContain(item.id);
    expect((await k.finance.get(`${BASE}?mine=handler&limit=200`)).body.items.map((i: any) => i.id)).toContain(item.id);
    expect((await k.gm.get(`${BASE}?mine=handler&limit=200`)).body.items.map((i: any) => i.id)).not.toContain(item.id);
    const byDept = (await k.secretary.get(`${BASE}?departmentId=${id.dept.RSB}&limit=200`)).body;
    expect(byDept.items.map((i: any) => i.id)).toContain(item.id);
    expect((await k.secretary.get(`${BASE}?departmentId=${id.dept.SCB}&limit=200`)).body.items.map((i: any) => i.id)).not.toContain(item.id);
    const counts = (await k.secretary.get(`${BASE}?source=leader_instruction&limit=1`)).body;
    expect(counts.total).toBe(Object.values(counts.counts as Record<string, number>).reduce((a, b) => a + b, 0));
    expect(counts.items).toHaveLength(1);
  });

  it('keeps a classified item to its reading scope, the office included', async () => {
    const item = await register(k.secretary, newItem(id, { title: '涉密督办事项', classification: 2 }));
    expect((await k.secretary.get(`${BASE}/${item.id}`)).status).toBe(200);
    expect((await k.finance.get(`${BASE}/${item.id}`)).status).toBe(200); // the handler, cleared to 秘密
    // Each read of it is audited.
    const reads = await s.ctx.database.db.selectFrom('audit_log').select('actor_id').where('record_id', '=', item.id).where('action', '=', 'supervision_item.read').execute();
    expect(reads.map((r) => r.actor_id).sort()).toEqual([id.person.wangfang, id.person.qianwei].sort());
    // Its people and its registrar make its workflow scope; an unclassified item has none (its level alone decides).
    const scopeOf = async (itemId: string) =>
      (await s.ctx.database.db.selectFrom('reading_scopes').select(['subject_kind', 'subject_id']).where('record_type', '=', 'supervision_item').where('record_id', '=', itemId).where('source', '=', 'workflow').execute()).map((x) => `${x.subject_kind}:${x.subject_id}`).sort();
    expect(await scopeOf(item.id)).toEqual([`department:${id.dept.CWB}`, `department:${id.dept.RSB}`, `person:${id.person.liming}`, `person:${id.person.qianwei}`, `person:${id.person.wangfang}`, `person:${id.person.xumei}`].sort());
    expect(await scopeOf((await register(k.secretary, newItem(id, { title: '内部督办事项', classification: 1 }))).id)).toEqual([]);
    // A named reader joins the scope; a reader who does not exist is refused.
    expect((await k.secretary.post(BASE, newItem(id, { title: '范围有误', classification: 2, scope: [{ kind: 'person', id: '0190a0a0-0000-7000-8000-000000000000' }] }))).status).toBe(400);
    const named = await register(k.secretary, newItem(id, { title: '指定知悉的涉密事项', classification: 2, scope: [{ kind: 'person', id: id.person.liuyang }] }));
    expect((await k.secretary2.get(`${BASE}/${named.id}`)).status).toBe(200);
    // 刘洋 is office with clearance 秘密 but outside the scope; the GM (绝密) also.
    for (const c of [k.secretary2, k.gm]) {
      expect((await c.get(`${BASE}/${item.id}`)).status).toBe(404);
      expect((await c.get(`${BASE}?limit=200`)).body.items.map((i: any) => i.id)).not.toContain(item.id);
    }
    // A level above the registrar's clearance is refused.
    expect((await k.secretary2.post(BASE, newItem(id, { classification: 3 }))).status).toBe(403);
    // A 机密 item: the unit head (cleared to 秘密) can neither read it nor is told it exists.
    const top = await register(k.secretary, newItem(id, { title: '机密督办事项', classification: 3 }));
    await actOk(k.secretary, top.id, 'transfer');
    expect((await k.finance.get(`${BASE}/${top.id}`)).status).toBe(404);
    const told = await s.ctx.database.db.selectFrom('notifications').select('person_id').where('record_id', '=', top.id).execute();
    expect(told.map((n) => n.person_id)).not.toContain(id.person.qianwei);
    const visible = await s.ctx.database.db.selectFrom('notifications').select('person_id').where('record_id', '=', item.id).execute();
    expect(visible).toEqual([]); // nothing was sent for the 秘密 one yet (not transferred)
  });

  it('lets the mode decide who supervises: a 督查组, or the leader in person', async () => {
    const group = await register(k.secretary, newItem(id, { title: '督查组督办', mode: 'group', groupMemberIds: [id.person.jiangning] }));
    await actOk(k.secretary, group.id, 'transfer');
    await actOk(k.finance, group.id, 'accept');
    // The group member sees the item and chases it; a clerk outside the group does not see it.
    expect((await k.officeClerk.post(`${BASE}/${group.id}/chases`, { note: '督查组催办' })).status).toBe(201);
    await actOk(k.finance, group.id, 'submit_result', { result: '已完成' });
    expect((await act(k.officeClerk, group.id, 'check_pass', {}, '督查组检查通过')).status).toBe(200);

    const inPerson = await register(k.secretary, newItem(id, { title: '领导亲自查办', mode: 'leader_in_person' }));
    await actOk(k.secretary, inPerson.id, 'transfer');
    await actOk(k.finance, inPerson.id, 'accept');
    await actOk(k.finance, inPerson.id, 'submit_result', { result: '已完成' });
    // The office does not check an item the leader handles in person; the leader does.
    expect((await act(k.secretary, inPerson.id, 'check_pass')).status).toBe(403);
    expect((await k.secretary.post(`${BASE}/${inPerson.id}/chases`, { note: '催' })).status).toBe(201); // the office still chases
    const d = await actOk(k.vice, inPerson.id, 'check_pass', {}, '亲自检查');
    expect(d.checks[0].checkedByName).toBe('李明');
  });

  it('handles extension requests: the handler asks, the assigner decides, the original deadline stays', async () => {
    const item = await register(k.secretary, newItem(id, { title: '延期申请' }));
    await actOk(k.secretary, item.id, 'transfer');
    await actOk(k.finance, item.id, 'accept');
    const later = s.ctx.calendar.addWorkingDays(item.deadline, 5);
    expect((await k.hr.post(`${BASE}/${item.id}/extensions`, { deadline: later, reason: '协办' })).status).toBe(403);
    expect((await k.finance.post(`${BASE}/${item.id}/extensions`, { deadline: item.deadline, reason: '不晚于原期限' })).status).toBe(422);
    let d = (await k.finance.post(`${BASE}/${item.id}/extensions`, { deadline: later, reason: '数据未齐' })).body;
    expect(d.may.decideExtension).toBe(false);
    expect((await k.finance.post(`${BASE}/${item.id}/extensions`, { deadline: later, reason: '再申请' })).status).toBe(409);
    const eid = d.extensions[0].id;
    expect((await k.secretary.post(`${BASE}/${item.id}/extensions/${eid}/decision`, { approve: true, version: d.version })).status).toBe(403);
    expect((await k.vice.post(`${BASE}/${item.id}/extensions/${eid}/decision`, { approve: true, version: d.version - 1 })).status).toBe(409);
    d = (await k.vice.post(`${BASE}/${item.id}/extensions/${eid}/decision`, { approve: true, note: '同意', version: d.version })).body;
    expect(d).toMatchObject({ deadline: later, originalDeadline: item.deadline });
    expect(d.extensions[0]).toMatchObject({ state: 'approved', decidedByName: '李明' });
    expect((await k.vice.post(`${BASE}/${item.id}/extensions/${eid}/decision`, { approve: false, version: d.version })).status).toBe(409);
  });

  it('decomposes an item; the parent’s progress is what its children imply', async () => {
    const parent = await register(k.secretary, newItem(id, { title: '年度重点工作分解', procedure: 'central', source: { type: 'central_work' }, category: 'special' }));
    expect(parent.state).toBe('opened');
    let d = (await k.secretary.post(`${BASE}/${parent.id}/children`, { items: [
      { title: '子项一：财务', leadDepartmentId: id.dept.CWB, leadPersonId: id.person.qianwei, deadlineWorkingDays: 5 },
      { title: '子项二：人事', leadDepartmentId: id.dept.RSB, deadlineWorkingDays: 8 },
    ] })).body;
    expect(d.children).toHaveLength(2);
    expect(d.progress).toBe(0);
    const [c1, c2] = d.children;
    expect(c1.deadline).not.toBe(c2.deadline);
    // The unit (not its supervisor) cannot decompose; a stranger does not see the item; a child without a unit is refused.
    expect((await k.finance.post(`${BASE}/${parent.id}/children`, { items: [{ title: 'x', leadDepartmentId: id.dept.CWB, deadlineWorkingDays: 1 }] })).status).toBe(403);
    expect((await k.market.post(`${BASE}/${parent.id}/children`, { items: [{ title: 'x', leadDepartmentId: id.dept.CWB, deadlineWorkingDays: 1 }] })).status).toBe(404);
    expect((await k.secretary.post(`${BASE}/${parent.id}/children`, { items: [{ title: '无单位', deadlineWorkingDays: 1 }] })).status).toBe(400);
    for (const c of [c1, c2]) await actOk(k.secretary, c.id, 'transfer');
    await actOk(k.finance, c1.id, 'accept');
    await actOk(k.hr, c2.id, 'accept');
    // Both units report at once: the parent sees both (it is recomputed under its row lock).
    const both = await Promise.all([k.finance.post(`${BASE}/${c1.id}/reports`, { text: '过半', percent: 50 }), k.hr.post(`${BASE}/${c2.id}/reports`, { text: '一成', percent: 10 })]);
    expect(both.map((r) => r.status)).toEqual([201, 201]);
    d = (await k.secretary.get(`${BASE}/${parent.id}`)).body;
    expect(d.progress).toBe(30);
    await actOk(k.finance, c1.id, 'submit_result', { result: '完成' });
    await actOk(k.secretary, c1.id, 'check_pass');
    await k.hr.post(`${BASE}/${c2.id}/reports`, { text: '三成', percent: 30 });
    d = (await k.secretary.get(`${BASE}/${parent.id}`)).body;
    expect(d.progress).toBe(65);
    // A parent's percentage is not reported; it is derived.
    expect((await k.secretary.get(`${BASE}?parentId=${parent.id}&limit=10`)).body.total).toBe(2);
  });

  it('holds each category to its standards: steps required before closing, report rhythm, default deadline', async () => {
    const cats = (await k.gm.get('/api/v1/supervision/categories')).body.items;
    expect(cats.map((c: any) => c.name.zh)).toEqual(['文件督查', '会议督查', '批示督查', '专项督查']);
    const standard = { name: { zh: '安全专项督查', en: 'Safety inspection' }, requiredSteps: ['check_pass', 'chase', 'report_progress'], reportEveryDays: 3, defaultDeadlineDays: 4 };
    expect((await k.finance.put('/api/v1/supervision/categories/safety', standard)).status).toBe(403);
    expect((await k.secretary.put('/api/v1/supervision/categories/safety', { ...standard, requiredSteps: ['nonsense'] })).status).toBe(400);
    expect((await k.secretary.put('/api/v1/supervision/categories/safety', standard)).status).toBe(200);
    expect((await k.secretary.put('/api/v1/supervision/categories/safety', standard)).status).toBe(409); // editing needs the version
    const item = await register(k.secretary, newItem(id, { title: '安全专项督查事项', category: 'safety' }));
    await actOk(k.secretary, item.id, 'transfer');
    let d = await actOk(k.finance, item.id, 'accept');
    expect(d.categoryStandard).toMatchObject({ key: 'safety', reportEveryDays: 3 });
    expect(d.reportDueBy > today).toBe(true);
    // Waiting for the office's check, the unit owes no progress report (as the reminder scan holds).
    d = await actOk(k.finance, item.id, 'submit_result', { result: '完成' });
    expect(d).toMatchObject({ state: 'checking', reportDueBy: null });
    await actOk(k.secretary, item.id, 'check_pass');
    await actOk(k.secretary, item.id, 'report_completion', { report: '已办结' });
    const r = await act(k.vice, item.id, 'review_close', {}, '同意');
    expect(r.status, r.text).toBe(409);
    expect(r.body.error.details.missing).toEqual(['chase', 'report_progress']);
    d = (await k.secretary.get(`${BASE}/${item.id}`)).body;
    expect(d.state).toBe('reported'); // nothing changed
    await actOk(k.vice, item.id, 'review_reopen', {}, '补充过程记录');
    await k.secretary.post(`${BASE}/${item.id}/chases`, { note: '补催办' });
    await k.finance.post(`${BASE}/${item.id}/reports`, { text: '进展', percent: 100 });
    await actOk(k.finance, item.id, 'submit_result', { result: '完成' });
    await actOk(k.secretary, item.id, 'check_pass');
    await actOk(k.secretary, item.id, 'report_completion', { report: '已办结' });
    expect((await actOk(k.vice, item.id, 'review_close', {}, '同意')).state).toBe('closed');
  });

  it('runs the central-work loop three rounds through the API, keeping every round', async () => {
    const item = await register(k.secretary, newItem(id, { title: '中心工作：安全生产', procedure: 'central', source: { type: 'central_work' }, category: 'special' }));
    await actOk(k.secretary, item.id, 'submit');
    expect((await act(k.secretary, item.id, 'instruct', {}, '抓紧')).status).toBe(403);
    await actOk(k.vice, item.id, 'instruct', {}, '抓紧落实');
    await actOk(k.secretary, item.id, 'transfer');
    await actOk(k.finance, item.id, 'accept');
    await actOk(k.finance, item.id, 'submit_result', { result: '第一轮' });
    await actOk(k.secretary, item.id, 'check_pass');
    await actOk(k.secretary, item.id, 'report_topic', { report: '专题回告' });
    for (let r = 2; r <= 3; r++) {
      const d = await actOk(k.vice, item.id, 're_instruct', {}, `第${r}轮再批办`);
      expect(d).toMatchObject({ state: 're_instructed', round: r });
      await actOk(k.secretary, item.id, 're_supervise');
      expect((await k.secretary.post(`${BASE}/${item.id}/chases`, { note: `第${r}轮再催办` })).status).toBe(201);
      await actOk(k.finance, item.id, 're_submit_result', { result: `第${r}轮落实` });
      await actOk(k.secretary, item.id, 're_check_pass', { report: `第${r}轮再办结回告` });
    }
    const d = await actOk(k.vice, item.id, 're_review_close', {}, '同意');
    expect(d).toMatchObject({ state: 'closed', round: 3 });
    const rounds = new Set(d.trail.map((t: any) => t.round));
    expect([...rounds]).toEqual([1, 2, 3]);
    expect(d.checks.map((c: any) => c.round)).toEqual([1, 2, 3]);
    expect(d.reports.filter((r: any) => r.kind === 'completion').map((r: any) => r.round)).toEqual([1, 2, 3]);
  });
});
