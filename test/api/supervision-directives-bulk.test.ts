// Issuing a week of 500 directives through the bulk path, on both databases: one transaction, the
// numbers a contiguous block of the year's gap-free counter (the next registration gets the next
// number), every item exactly as the one-by-one path makes it (state, version, trail, units,
// reading scope, index entry, the unit's notice), idempotent when issued again, and a bad directive
// refused with its index before anything is written. Prints the time it took.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoWeekOf } from '../../server/modules/supervision/directives/index.js';
import { DirectiveService } from '../../server/modules/supervision/directives/directive.service.js';
import { SupervisionService } from '../../server/modules/supervision/supervision.service.js';
import { addDays, todayIn } from '../../server/platform/calendar/work-calendar.js';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type Client, type TestServer } from '../helpers/server.js';
import { actOk, BASE as ITEMS, ids, newItem, register, type Ids } from './supervision-helpers.js';

const BASE = '/api/v1/supervision/directives';

describe.each(DIALECTS)('issuing 500 directives on %s', (dialect) => {
  let s: TestServer;
  let k: Ids;
  let secretary: Client, gm: Client, finance: Client, market: Client;
  let today: string;

  beforeAll(async () => {
    s = await startServer({ dialect, background: false });
    k = await ids(s);
    [secretary, gm, finance, market] = await Promise.all(['wangfang', 'zhangjianguo', 'qianwei', 'caoyang'].map((u) => s.login(u)));
    today = todayIn(s.config.tzCompany);
  });
  afterAll(async () => s?.close());

  const act = async (c: Client, id: string, action: string, opinion?: string) => {
    const cur = await secretary.get(`${BASE}/${id}`);
    return c.post(`${BASE}/${id}/actions`, { action, version: cur.body.version, ...(opinion !== undefined && { opinion }) });
  };
  const units = () => [k.dept.CWB, k.dept.RSB, k.dept.SCB, k.dept.JSB, k.dept.SCZ];
  const week500 = (n = 500) =>
    Array.from({ length: n }, (_, i) => ({ text: `第${i + 1}项指令：落实周例会决定事项${i + 1}`, leadDepartmentId: units()[i % 5], ...(i % 5 === 0 && { leadPersonId: k.person.qianwei }), ...(i % 2 ? { deadlineWorkingDays: 3 } : { deadline: addDays(today, 6) }) }));

  it('issues them in one transaction with a block of numbers, as the one-by-one path would, once', async () => {
    const before = await register(secretary, newItem(k, { title: '批量下达前的一件' }));
    const draft = await secretary.post(BASE, { week: isoWeekOf(addDays(today, 7)), directives: week500() });
    expect(draft.status, draft.text).toBe(201);
    const id = draft.body.id as string;
    expect((await act(secretary, id, 'submit')).status).toBe(200);
    expect((await act(gm, id, 'approve', '同意')).status).toBe(200);
    const t0 = performance.now();
    const issued = await act(secretary, id, 'issue');
    const ms = performance.now() - t0;
    console.log(`[directives ${dialect}] issuing 500 directives: ${ms.toFixed(0)} ms`);
    expect(issued.status, issued.text).toBe(200);

    const db = s.ctx.database.db;
    const items = await db.selectFrom('supervision_items').selectAll().where('source_type', '=', 'weekly_directive').where('source_id', '=', id).orderBy('source_index').execute();
    expect(items).toHaveLength(500);
    // The numbers: the block right after the item registered before, and the next one after it.
    expect(items.map((i) => i.serial)).toEqual(Array.from({ length: 500 }, (_, n) => before.serial + 1 + n));
    const after = await register(secretary, newItem(k, { title: '批量下达后的一件' }));
    expect(after.serial).toBe(before.serial + 501);
    // Each item as createItem + 立项 + 登记 + 转办 leaves it.
    expect(items.every((i) => i.state === 'transferred' && i.version === 4 && i.assigned_by === k.person.zhangjianguo && i.category === 'meeting' && i.classification === 0)).toBe(true);
    expect(issued.body.directives.map((d: any) => d.item.id)).toEqual(items.map((i) => i.id));
    const first = (await secretary.get(`${ITEMS}/${items[0]!.id}`)).body;
    expect(first.trail.map((t: any) => [t.action, t.fromState, t.toState])).toEqual([
      ['create', null, 'assigned'],
      ['open', 'assigned', 'opened'],
      ['register', 'opened', 'registered'],
      ['transfer', 'registered', 'transferred'],
    ]);
    expect(first.units).toMatchObject([{ departmentId: k.dept.CWB, role: 'lead', personId: k.person.qianwei }]);
    expect(first.deadline).toBe(addDays(today, 6));
    expect((await secretary.get(`${ITEMS}/${items[1]!.id}`)).body.deadline).toBe(s.ctx.calendar.addWorkingDays(today, 3));
    const scopes = await db.selectFrom('reading_scopes').select(['subject_kind', 'subject_id']).where('record_type', '=', 'supervision_item').where('record_id', '=', items[0]!.id).execute();
    // Unclassified, as createItem leaves such an item: no reading-scope rows (its level alone makes it readable).
    expect(scopes).toEqual([]);
    // The unit works it: 财务部's head sees and accepts it; it is searchable by its unit's head only.
    await actOk(finance, items[0]!.id, 'accept');
    const hits = (await finance.get(`/api/v1/search?${new URLSearchParams({ q: '落实周例会决定事项1', recordType: 'supervision_item' })}`)).body;
    expect(hits.items.map((h: any) => h.recordId)).toContain(items[0]!.id);
    expect((await market.get(`/api/v1/search?${new URLSearchParams({ q: '落实周例会决定事项1', recordType: 'supervision_item' })}`)).body.items.map((h: any) => h.recordId)).not.toContain(items[0]!.id);
    // The units were told, each item once, and only the heads of its unit (and its named person).
    const notices = await db.selectFrom('notifications').select(['person_id', 'record_id']).where('kind', '=', 'supervision.transfer').where('record_id', 'in', items.map((i) => i.id)).execute();
    const heads = await db.selectFrom('people as pe').innerJoin('person_roles as r', 'r.person_id', 'pe.id').select(['pe.id', 'pe.department_id']).where('r.role', '=', 'dept_head').where('pe.status', '=', 'active').execute();
    const expected = items.flatMap((i) => [...new Set([...heads.filter((h) => h.department_id === i.lead_department_id).map((h) => h.id), ...(i.lead_person_id ? [i.lead_person_id] : [])])].map((p) => `${p}:${i.id}`));
    expect(notices.map((n) => `${n.person_id}:${n.record_id}`).sort()).toEqual(expected.sort());
    // Audited, one entry per item made.
    const audited = await db.selectFrom('audit_log').select('record_id').where('action', '=', 'supervision.create').where('record_id', 'in', items.map((i) => i.id)).execute();
    expect(audited).toHaveLength(500);

    // Issued again (a retried issue): the same items, nothing new, the accepted one untouched.
    const count = async () => Number((await sql<{ n: number }>`select count(*) as n from supervision_items`.execute(db)).rows[0]!.n);
    const n = await count();
    const service = new DirectiveService(s.ctx, new SupervisionService(s.ctx));
    const office = { id: k.person.wangfang, name: '王芳', username: 'wangfang', roles: ['secretary'], capabilities: new Set(['supervision.manage', 'supervision.read'] as const), clearance: 3, departmentId: k.dept.ZJB, ip: '', via: 'session' as const };
    const again = await db.transaction().execute(async (trx) => service.issueItems(trx, office as any, (await service.repo.list(trx, id))!));
    expect(again).toEqual(items.map((i) => i.id));
    expect(await count()).toBe(n);
    expect((await secretary.get(`${ITEMS}/${items[0]!.id}`)).body.state).toBe('handling');
  });

  it('refuses a list whose directive has gone bad, naming it, and writes nothing', async () => {
    const list = week500(20);
    const draft = await secretary.post(BASE, { week: isoWeekOf(addDays(today, 14)), directives: list });
    expect(draft.status, draft.text).toBe(201);
    const id = draft.body.id as string;
    await act(secretary, id, 'submit');
    await act(gm, id, 'approve', '同意');
    // 人事部's head leaves before the list is issued: directive 7 names a person no longer active.
    const db = s.ctx.database.db;
    await db.updateTable('supervision_directives').set({ lead_person_id: k.person.fengxia }).where('list_id', '=', id).where('idx', '=', 7).execute();
    await db.updateTable('people').set({ status: 'disabled' }).where('id', '=', k.person.fengxia).execute();
    const seq = async () => (await db.selectFrom('sequences').select('last_value').where('key', 'like', 'supervision:%').execute()).map((r) => Number(r.last_value));
    const [itemsBefore, seqBefore] = [(await db.selectFrom('supervision_items').select('id').execute()).length, await seq()];
    const r = await act(secretary, id, 'issue');
    expect(r.status, r.text).toBe(400);
    expect(r.body.error.details.field).toBe('directives[6].leadPersonId');
    expect(r.body.error.message).toContain('第 7 项指令');
    expect((await db.selectFrom('supervision_items').select('id').execute()).length).toBe(itemsBefore);
    expect(await seq()).toEqual(seqBefore);
    expect((await secretary.get(`${BASE}/${id}`)).body.state).toBe('approved');
    await db.updateTable('people').set({ status: 'active' }).where('id', '=', k.person.fengxia).execute();
  });
});
