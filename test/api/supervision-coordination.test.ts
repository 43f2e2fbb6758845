// 协调 (三 2.1–2.14) through the HTTP API on both databases: each step — information gathered, the
// plan, the departments' opinions, the agreed opinion, the leader's approval — and its refusals (bad
// input and out-of-order steps write nothing; only the named leader decides; stale versions 409;
// outsiders get 404); the approved result reaches the departments and its tasks become items, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../server/platform/calendar/work-calendar.js';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type Client, type TestServer } from '../helpers/server.js';
import { ids, type Ids } from './supervision-helpers.js';

const BASE = '/api/v1/supervision/coordinations';

describe.each(DIALECTS)('coordination records on %s', (dialect) => {
  let s: TestServer;
  let k: Ids;
  let today: string;
  let secretary: Client, gm: Client, vice: Client, vice2: Client, finance: Client, hr: Client, market: Client, financeClerk: Client;

  beforeAll(async () => {
    s = await startServer({ dialect });
    k = await ids(s);
    today = todayIn(s.config.tzCompany);
    [secretary, gm, vice, vice2, finance, hr, market, financeClerk] = await Promise.all(['wangfang', 'zhangjianguo', 'liming', 'wangqiang', 'qianwei', 'xumei', 'caoyang', 'fengxia'].map((u) => s.login(u)));
  });
  afterAll(async () => s?.close());

  const count = async (table: 'supervision_coordinations' | 'supervision_coordination_notes' | 'supervision_items') => Number((await s.ctx.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const newRecord = (over: Record<string, unknown> = {}) => ({
    title: '年度预算编制口径不一致的协调',
    matter: '财务部与人事部对人工成本的预算口径不一致，需统一',
    leaderId: k.person.liming,
    departmentIds: [k.dept.CWB, k.dept.RSB],
    note: '两部门上报数相差约 8%',
    ...over,
  });
  const create = async (over: Record<string, unknown> = {}) => {
    const r = await secretary.post(BASE, newRecord(over));
    expect(r.status, r.text).toBe(201);
    return r.body;
  };
  const act = async (c: Client, id: string, action: string, input?: Record<string, unknown>, opinion?: string) => {
    const v = (await secretary.get(`${BASE}/${id}`)).body.version;
    return c.post(`${BASE}/${id}/actions`, { action, version: v, ...(input && { input }), ...(opinion !== undefined && { opinion }) });
  };
  const ok = async (c: Client, id: string, action: string, input?: Record<string, unknown>, opinion?: string) => {
    const r = await act(c, id, action, input, opinion);
    expect(r.status, `${action}: ${r.text}`).toBe(200);
    return r.body;
  };

  it('refuses a bad record and writes nothing', async () => {
    const before = [await count('supervision_coordinations'), await count('supervision_coordination_notes')];
    for (const [over, field] of [
      [{ departmentIds: [] }, null],
      [{ departmentIds: ['0190a0a0-0000-7000-8000-000000000000'] }, 'departmentIds'],
      [{ leaderId: k.person.qianwei }, 'leaderId'], // a department head does not approve coordination
      [{ title: '  ' }, 'title'],
    ] as const) {
      const r = await secretary.post(BASE, newRecord(over));
      expect(r.status, r.text).toBe(400);
      if (field) expect(r.body.error.details.field).toBe(field);
    }
    expect((await finance.post(BASE, newRecord())).status).toBe(403);
    expect([await count('supervision_coordinations'), await count('supervision_coordination_notes')]).toEqual(before);
  });

  it('runs gathering → consulting → agreed → submitted → approved → closed, refusing out-of-order steps', async () => {
    const c = await create();
    expect(c).toMatchObject({ state: 'gathering', notes: [{ text: '两部门上报数相差约 8%' }] });
    expect(c.departments.map((d: any) => d.departmentName)).toEqual(['财务部', '人事部']);
    // Information gathered (2.1), by the office only.
    expect((await secretary.post(`${BASE}/${c.id}/notes`, { text: '人事部未计入社保公司部分' })).status).toBe(201);
    expect((await finance.post(`${BASE}/${c.id}/notes`, { text: '我来补充' })).status).toBe(403);
    // No opinions before consulting; no consulting without a plan (2.3).
    expect((await finance.post(`${BASE}/${c.id}/opinions`, { opinion: '同意' })).status).toBe(409);
    expect((await act(secretary, c.id, 'consult')).status).toBe(422);
    expect((await act(secretary, c.id, 'submit')).status).toBe(409);
    let d = await ok(secretary, c.id, 'consult', { plan: '先统一社保口径，再统一公积金口径' });
    expect(d).toMatchObject({ state: 'consulting', plan: '先统一社保口径，再统一公积金口径' });
    // The consulted heads were asked.
    expect(JSON.stringify((await hr.get('/api/v1/notifications?limit=20')).body)).toContain('征求意见');
    // Opinions (2.6): each head for their own unit; a stranger sees nothing; a clerk may not speak for the unit.
    expect((await market.post(`${BASE}/${c.id}/opinions`, { opinion: '无关' })).status).toBe(404);
    expect((await financeClerk.post(`${BASE}/${c.id}/opinions`, { opinion: '同意' })).status).toBe(404);
    expect((await finance.post(`${BASE}/${c.id}/opinions`, { opinion: '代人事部表态', departmentId: k.dept.RSB })).status).toBe(403);
    // Only the office is offered to record for another department; a head gives their own unit's.
    expect((await finance.get(`${BASE}/${c.id}`)).body.may).toMatchObject({ giveOpinion: true, recordForDepartment: false });
    expect((await secretary.get(`${BASE}/${c.id}`)).body.may).toMatchObject({ giveOpinion: true, recordForDepartment: true });
    expect((await finance.post(`${BASE}/${c.id}/opinions`, { opinion: '同意按含单位社保口径' })).status).toBe(200);
    // Not agreed while a unit has not spoken.
    const early = await act(secretary, c.id, 'agree', { agreedOpinion: '按含单位社保口径编制' });
    expect(early.status).toBe(409);
    expect(early.body.error.details.missing).toEqual([k.dept.RSB]);
    // The office records 人事部's view given at the meeting (约请有关部门人).
    expect((await secretary.post(`${BASE}/${c.id}/opinions`, { opinion: '同意，下月起执行', departmentId: k.dept.RSB })).status).toBe(200);
    // A task with a past deadline is refused and nothing changes.
    const badTask = await act(secretary, c.id, 'agree', { agreedOpinion: '按含单位社保口径编制', tasks: [{ title: '重报预算', leadDepartmentId: k.dept.RSB, deadline: '2020-01-06' }] });
    expect(badTask.status).toBe(400);
    expect(badTask.body.error.details.field).toBe('tasks[0].deadline');
    expect((await secretary.get(`${BASE}/${c.id}`)).body.state).toBe('consulting');
    d = await ok(secretary, c.id, 'agree', {
      agreedOpinion: '按含单位社保口径编制，人事部重报',
      tasks: [
        { title: '人事部按统一口径重报人工成本预算', leadDepartmentId: k.dept.RSB, leadPersonId: k.person.xumei, deadlineWorkingDays: 5 },
        { title: '财务部汇总修订年度预算', leadDepartmentId: k.dept.CWB, deadline: addDays(today, 20) },
      ],
    });
    expect(d).toMatchObject({ state: 'agreed', agreedOpinion: '按含单位社保口径编制，人事部重报' });
    expect(d.tasks).toHaveLength(2);
    expect((await finance.post(`${BASE}/${c.id}/opinions`, { opinion: '改主意' })).status).toBe(409);
    d = await ok(secretary, c.id, 'submit');
    expect(d.state).toBe('submitted');
    // Only the named leader decides: not the office, not the GM, not another vice GM.
    for (const x of [secretary, gm, vice2]) expect((await act(x, c.id, 'approve')).status, 'approve').toBe(vice2 === x ? 404 : 403);
    // Sent back for more coordination (with an opinion), then agreed and submitted again.
    expect((await act(vice, c.id, 'return')).status).toBe(422);
    d = await ok(vice, c.id, 'return', undefined, '请再听取市场部意见');
    expect(d).toMatchObject({ state: 'consulting', leaderOpinion: '请再听取市场部意见' });
    await ok(secretary, c.id, 'agree', { agreedOpinion: '按含单位社保口径编制，人事部重报', tasks: d.tasks });
    await ok(secretary, c.id, 'submit');
    // A stale approval is refused and nothing is spawned.
    const itemsBefore = await count('supervision_items');
    expect((await vice.post(`${BASE}/${c.id}/actions`, { action: 'approve', version: 1 })).status).toBe(409);
    expect(await count('supervision_items')).toBe(itemsBefore);

    d = await ok(vice, c.id, 'approve', undefined, '同意，抓紧落实');
    expect(d).toMatchObject({ state: 'approved', leaderOpinion: '同意，抓紧落实' });
    expect(d.items.map((i: any) => [i.index, i.title, i.state])).toEqual([
      [1, '人事部按统一口径重报人工成本预算', 'assigned'],
      [2, '财务部汇总修订年度预算', 'assigned'],
    ]);
    expect(await count('supervision_items')).toBe(itemsBefore + 2);
    const item = (await secretary.get(`/api/v1/supervision/items/${d.items[0].id}`)).body;
    expect(item).toMatchObject({ source: { type: 'other', id: c.id, index: 1 }, assignedBy: k.person.liming, leadDepartmentId: k.dept.RSB, deadline: s.ctx.calendar.addWorkingDays(today, 5) });
    // The result reached both departments (2.14) and the drafter.
    for (const x of [finance, hr, secretary]) expect(JSON.stringify((await x.get('/api/v1/notifications?limit=30')).body), 'told').toContain('协调结果');
    // Approving again is out of order; the items exist once.
    expect((await act(vice, c.id, 'approve')).status).toBe(409);
    expect(await count('supervision_items')).toBe(itemsBefore + 2);
    d = await ok(secretary, c.id, 'close');
    expect(d.state).toBe('closed');
    expect((await secretary.post(`${BASE}/${c.id}/notes`, { text: '迟到的情况' })).status).toBe(409);
  });

  it('lists a record only to those it concerns', async () => {
    const c = await create({ title: '仅相关人员可见的协调', departmentIds: [k.dept.SCZ] });
    const listed = async (x: Client) => ((await x.get(`${BASE}?limit=200`)).body.items as any[]).some((i) => i.id === c.id);
    expect(await listed(secretary)).toBe(true);
    expect(await listed(gm)).toBe(true);
    expect(await listed(vice)).toBe(true); // the deciding leader
    expect(await listed(vice2)).toBe(false);
    expect(await listed(finance)).toBe(false);
    const scz = await s.login('tiangang');
    expect(await listed(scz)).toBe(true);
    expect((await finance.get(`${BASE}/${c.id}`)).status).toBe(404);
    const stale = await secretary.post(`${BASE}/${c.id}/actions`, { action: 'consult', version: 9, input: { plan: 'x' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');
  });

  it('keeps a classified record to its scope in the list, the detail, the notifications and the items it spawns', async () => {
    const listed = async (x: Client, id: string) => ((await x.get(`${BASE}?limit=200`)).body.items as any[]).some((i) => i.id === id);
    const told = async (x: Client, word: string) => JSON.stringify((await x.get('/api/v1/notifications?limit=50')).body).includes(word);
    const secretary2 = await s.login('liuyang'); // office, clearance 2
    // Bad input writes nothing: a level above the registrar's clearance, an unknown reader.
    const before = await count('supervision_coordinations');
    expect((await secretary.post(BASE, newRecord({ classification: 4 }))).status).toBe(403);
    const unknown = await secretary.post(BASE, newRecord({ classification: 2, scope: [{ kind: 'person', id: '0190a0a0-0000-7000-8000-000000000000' }] }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.field).toBe('scope');
    expect(await count('supervision_coordinations')).toBe(before);

    // 秘密, consulting 财务部 and 人事部, decided by 李明, 王强 named as a reader.
    const c = await create({ title: '琥珀项目秘密协调', classification: 2, scope: [{ kind: 'person', id: k.person.wangqiang }] });
    expect(c).toMatchObject({ classification: 2, scope: [{ kind: 'person', id: k.person.wangqiang, name: '王强' }], may: { classify: true } });
    for (const [x, sees] of [[secretary, true], [vice, true], [finance, true], [hr, true], [vice2, true], [market, false], [financeClerk, false], [secretary2, false], [gm, false]] as const) {
      expect(await listed(x, c.id), 'list').toBe(sees);
      expect((await x.get(`${BASE}/${c.id}`)).status, 'detail').toBe(sees ? 200 : 404);
    }
    // Reading a classified record is audited.
    const audited = await s.ctx.database.db.selectFrom('audit_log').select('id').where('record_id', '=', c.id).where('action', 'like', '%.read').execute();
    expect(audited.length).toBeGreaterThan(0);
    await ok(secretary, c.id, 'consult', { plan: '先核对琥珀项目台账' });
    expect(await told(finance, '琥珀项目秘密协调')).toBe(true);
    expect(await told(market, '琥珀项目秘密协调')).toBe(false);

    // Only the office sets it; a stale version and a level above one's clearance are refused.
    const v = (await secretary.get(`${BASE}/${c.id}`)).body.version;
    expect((await finance.put(`${BASE}/${c.id}/classification`, { version: v, classification: 0, scope: [] })).status).toBe(403);
    expect((await secretary.put(`${BASE}/${c.id}/classification`, { version: v - 1, classification: 3, scope: [] })).status).toBe(409);
    expect((await secretary.put(`${BASE}/${c.id}/classification`, { version: v, classification: 4, scope: [] })).status).toBe(403);
    // Raised to 机密 with 张建国 named instead of 王强: the 秘密-cleared heads and 王强 lose it at once.
    const raised = await secretary.put(`${BASE}/${c.id}/classification`, { version: v, classification: 3, scope: [{ kind: 'person', id: k.person.zhangjianguo }] });
    expect(raised.status, raised.text).toBe(200);
    expect(raised.body).toMatchObject({ classification: 3, scope: [{ kind: 'person', id: k.person.zhangjianguo }] });
    for (const [x, sees] of [[secretary, true], [vice, true], [gm, true], [finance, false], [hr, false], [vice2, false]] as const) {
      expect(await listed(x, c.id), 'list after').toBe(sees);
      expect((await x.get(`${BASE}/${c.id}`)).status, 'detail after').toBe(sees ? 200 : 404);
    }
    // The office records the opinions; the result and its task go to those who may read them only.
    await secretary.post(`${BASE}/${c.id}/opinions`, { opinion: '同意', departmentId: k.dept.CWB });
    await secretary.post(`${BASE}/${c.id}/opinions`, { opinion: '同意', departmentId: k.dept.RSB });
    await ok(secretary, c.id, 'agree', { agreedOpinion: '按台账核对结果处理', tasks: [{ title: '琥珀项目台账核对', leadDepartmentId: k.dept.ZJB, deadlineWorkingDays: 5 }] });
    await ok(secretary, c.id, 'submit');
    expect(await told(vice, '协调意见待审批：琥珀项目秘密协调')).toBe(true);
    const d = await ok(vice, c.id, 'approve', undefined, '同意');
    expect(await told(secretary, '协调结果：琥珀项目秘密协调')).toBe(true);
    for (const x of [finance, hr]) expect(await told(x, '协调结果：琥珀项目秘密协调'), 'not told').toBe(false);
    // The spawned item keeps the level and the named reader.
    const item = (await secretary.get(`/api/v1/supervision/items/${d.items[0].id}`)).body;
    expect(item.classification).toBe(3);
    expect((await gm.get(`/api/v1/supervision/items/${d.items[0].id}`)).status).toBe(200);
    expect((await finance.get(`/api/v1/supervision/items/${d.items[0].id}`)).status).toBe(404);
  });
});
