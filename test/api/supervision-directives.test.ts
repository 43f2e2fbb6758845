// 一周工作指令 (seed 五 5.12) through the HTTP API on both databases: drafting and its refusals (bad
// input writes nothing), the list's workflow (only the GM approves, stale versions answer 409),
// issuing (one item per directive, once however often it is issued), the Saturday 指令落实情况 with a
// late directive and its reason (page, .xlsx, .docx), and the weekly job with an injected clock.
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectiveService, isoWeekOf, nextReportSlot, weekStart } from '../../server/modules/supervision/directives/index.js';
import { SupervisionService } from '../../server/modules/supervision/index.js';
import { addDays, todayIn } from '../../server/platform/calendar/work-calendar.js';
import { sql } from 'kysely';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type Client, type TestServer } from '../helpers/server.js';
import { actOk, ids, type Ids } from './supervision-helpers.js';

const BASE = '/api/v1/supervision/directives';
const TZ = 'Asia/Shanghai';

describe('weeks and the report slot', () => {
  it('numbers ISO weeks from Monday and finds the next Saturday 09:00 in company time', () => {
    expect(isoWeekOf('2026-11-27')).toBe('2026-W48');
    expect(isoWeekOf('2026-11-23')).toBe('2026-W48'); // Monday
    expect(isoWeekOf('2026-11-29')).toBe('2026-W48'); // Sunday
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53'); // a Friday: its Thursday is in 2026
    expect(isoWeekOf('2026-01-01')).toBe('2026-W01');
    expect(weekStart('2026-W48')).toBe('2026-11-23');
    expect(weekStart('2026-W53')).toBe('2026-12-28');
    expect(weekStart('2025-W53')).toBeNull(); // 2025 has 52 weeks
    const sat = { weekday: 6, time: '09:00' };
    // Friday 10:00 (+08) → Saturday 09:00 (+08) = 01:00Z, reporting on that week.
    expect(nextReportSlot(new Date('2026-11-27T02:00:00Z'), TZ, sat)).toEqual({ week: '2026-W48', runAt: new Date('2026-11-28T01:00:00Z') });
    // At the slot itself the next one is a week later; a minute before, it is that one.
    expect(nextReportSlot(new Date('2026-11-28T01:00:00Z'), TZ, sat).runAt).toEqual(new Date('2026-12-05T01:00:00Z'));
    expect(nextReportSlot(new Date('2026-11-28T00:59:00Z'), TZ, sat).runAt).toEqual(new Date('2026-11-28T01:00:00Z'));
    // Sunday 23:30 company time is still the week's Sunday: the next Saturday is the next week's.
    expect(nextReportSlot(new Date('2026-11-29T15:30:00Z'), TZ, sat)).toEqual({ week: '2026-W49', runAt: new Date('2026-12-05T01:00:00Z') });
  });
});

describe.each(DIALECTS)('weekly directives on %s', (dialect) => {
  let s: TestServer;
  let k: Ids;
  let secretary: Client;
  let gm: Client;
  let vice: Client;
  let finance: Client;
  let market: Client;
  let today: string;
  const weekAhead = (n: number) => isoWeekOf(addDays(today, 7 * n));

  beforeAll(async () => {
    s = await startServer({ dialect });
    k = await ids(s);
    [secretary, gm, vice, finance, market] = await Promise.all(['wangfang', 'zhangjianguo', 'liming', 'qianwei', 'caoyang'].map((u) => s.login(u)));
    today = todayIn(s.config.tzCompany);
  });
  afterAll(async () => s?.close());

  const count = async (table: 'supervision_directive_lists' | 'supervision_directives' | 'supervision_items') =>
    Number((await s.ctx.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  const directives = () => [
    { text: '财务部牵头，本周内完成三季度费用分析报告', leadDepartmentId: k.dept.CWB, leadPersonId: k.person.qianwei, deadlineWorkingDays: 3 },
    { text: '人事部组织新员工入职培训', leadDepartmentId: k.dept.RSB, leadPersonId: k.person.xumei, deadline: addDays(today, 5) },
    { text: '市场部报送年度客户走访计划', leadDepartmentId: k.dept.SCB, deadlineWorkingDays: 2 },
  ];

  async function draft(week: string, list = directives()) {
    const r = await secretary.post(BASE, { week, directives: list });
    expect(r.status, r.text).toBe(201);
    return r.body;
  }

  async function act(c: Client, id: string, action: string, opinion?: string) {
    const cur = await secretary.get(`${BASE}/${id}`);
    return c.post(`${BASE}/${id}/actions`, { action, version: cur.body.version, ...(opinion !== undefined && { opinion }) });
  }

  async function issued(week: string, list = directives()) {
    const l = await draft(week, list);
    for (const [c, a] of [[secretary, 'submit'], [gm, 'approve'], [secretary, 'issue']] as const) {
      const r = await act(c, l.id, a, a === 'approve' ? '同意' : undefined);
      expect(r.status, `${a}: ${r.text}`).toBe(200);
    }
    return (await secretary.get(`${BASE}/${l.id}`)).body;
  }

  it('refuses bad drafts with a clear error and writes nothing', async () => {
    const before = [await count('supervision_directive_lists'), await count('supervision_directives')];
    const good = directives()[0]!;
    const cases: [Record<string, unknown>, string][] = [
      [{ directives: [] }, 'directives'],
      [{ directives: [{ ...good, deadlineWorkingDays: undefined }] }, 'directives[0].deadline'],
      [{ directives: [good, { ...good, deadline: addDays(today, 3) }] }, 'directives[1].deadline'],
      [{ directives: [{ ...good, deadlineWorkingDays: undefined, deadline: '2020-01-06' }] }, 'directives[0].deadline'],
      [{ directives: [{ ...good, leadDepartmentId: '0190a0a0-0000-7000-8000-000000000000' }] }, 'directives[0].leadDepartmentId'],
      [{ directives: [{ ...good, text: '   ' }] }, 'directives[0].text'],
      [{ week: '2020-W10', directives: [good] }, 'week'],
      [{ week: '2025-W53', directives: [good] }, 'week'],
      [{ category: 'nonsense', directives: [good] }, 'category'],
    ];
    for (const [body, field] of cases) {
      const r = await secretary.post(BASE, body);
      expect(r.status, `${field}: ${r.text}`).toBe(400);
      expect(r.body.error.message).toBeTruthy();
      if (r.body.error.details.field) expect(r.body.error.details.field).toBe(field);
    }
    // Not the office: the GM does not draft (403), a unit head does not even read lists.
    expect((await gm.post(BASE, { directives: [good] })).status).toBe(403);
    expect((await finance.get(BASE)).status).toBe(403);
    expect([await count('supervision_directive_lists'), await count('supervision_directives')]).toEqual(before);
  });

  it('runs draft → submitted → approved → issued; only the GM approves; stale versions answer 409', async () => {
    const week = weekAhead(0);
    const l = await draft(week);
    expect(l).toMatchObject({ state: 'draft', week, weekStart: weekStart(week), may: { edit: true } });
    expect(l.directives.map((d: any) => d.index)).toEqual([1, 2, 3]);
    expect(l.abilities.map((a: any) => a.action)).toEqual(['submit']);
    // One list a week.
    const dup = await secretary.post(BASE, { week, directives: directives() });
    expect(dup.status).toBe(409);

    // A stale edit changes nothing; a fresh one replaces the directives.
    const stale = await secretary.put(`${BASE}/${l.id}`, { version: l.version + 1, directives: directives().slice(0, 1) });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');
    let d = (await secretary.put(`${BASE}/${l.id}`, { version: l.version, title: '本周工作指令', directives: [...directives(), { text: '技术部完成机房巡检', leadDepartmentId: k.dept.JSB, deadlineWorkingDays: 4 }] })).body;
    expect(d.directives).toHaveLength(4);
    expect(d.title).toBe('本周工作指令');

    // Not approvable before it is submitted; submitted, only the GM approves or returns.
    expect((await act(gm, l.id, 'approve')).status).toBe(409);
    expect((await act(secretary, l.id, 'submit')).status).toBe(200);
    expect((await secretary.put(`${BASE}/${l.id}`, { version: d.version + 1, directives: directives() })).status).toBe(409); // no edit once submitted
    for (const c of [secretary, vice]) expect((await act(c, l.id, 'approve')).status).toBe(403);
    const noOpinion = await act(gm, l.id, 'return');
    expect(noOpinion.status).toBe(422);
    d = (await act(gm, l.id, 'return', '第四项请明确责任人')).body;
    expect(d).toMatchObject({ state: 'draft', opinion: '第四项请明确责任人' });
    // The drafter was told.
    expect(JSON.stringify((await secretary.get('/api/v1/notifications?limit=50')).body)).toContain('退回修改');
    await act(secretary, l.id, 'submit');
    // A stale approval is refused and nothing issues.
    const staleApprove = await gm.post(`${BASE}/${l.id}/actions`, { action: 'approve', version: 1 });
    expect(staleApprove.status).toBe(409);
    d = (await act(gm, l.id, 'approve', '同意，抓紧落实')).body;
    expect(d).toMatchObject({ state: 'approved', approvedBy: { id: k.person.zhangjianguo } });
    expect(await s.ctx.database.db.selectFrom('supervision_items').select('id').where('source_type', '=', 'weekly_directive').where('source_id', '=', l.id).execute()).toHaveLength(0);
    expect((await act(gm, l.id, 'issue')).status).toBe(403); // the office issues

    d = (await act(secretary, l.id, 'issue')).body;
    expect(d.state).toBe('issued');
    const items = await s.ctx.database.db.selectFrom('supervision_items').selectAll().where('source_type', '=', 'weekly_directive').where('source_id', '=', l.id).orderBy('source_index').execute();
    expect(items.map((i) => i.source_index)).toEqual([1, 2, 3, 4]);
    expect(items.every((i) => i.state === 'transferred' && i.assigned_by === k.person.zhangjianguo && i.category === 'meeting')).toBe(true);
    expect(d.directives.map((x: any) => x.item.id)).toEqual(items.map((i) => i.id));
    expect(items[0]!.deadline).toBe(s.ctx.calendar.addWorkingDays(today, 3));
    // The unit sees its item and may accept it.
    await actOk(finance, items[0]!.id, 'accept');

    // Issuing twice creates the items once: over HTTP the list is issued already …
    const itemsBefore = await count('supervision_items');
    expect((await act(secretary, l.id, 'issue')).status).toBe(409);
    // … and issuing its directives again (as a retried issue would) finds the same items.
    const service = new DirectiveService(s.ctx, new SupervisionService(s.ctx));
    const actor = await s.ctx.database.db.transaction().execute(async (trx) => {
      const list = (await service.repo.list(trx, l.id))!;
      return service.issueItems(trx, { id: k.person.wangfang, name: '王芳', username: 'wangfang', roles: ['secretary'], capabilities: new Set(['supervision.manage', 'supervision.read']), clearance: 3, departmentId: k.dept.ZJB, ip: '', via: 'session' }, list);
    });
    expect(actor).toEqual(items.map((i) => i.id));
    expect(await count('supervision_items')).toBe(itemsBefore);
    // The 总经理室 reads the list; the vice GM may not act on it.
    const seen = (await vice.get(`${BASE}/${l.id}`)).body;
    expect(seen.abilities).toEqual([]);
    expect((await vice.get(`${BASE}?week=${week}`)).body.items).toMatchObject([{ id: l.id, directiveCount: 4, state: 'issued' }]);
  });

  it('compiles the Saturday report: done, on track, late with its reason, as a page, .xlsx and .docx', async () => {
    const l = await issued(weekAhead(1));
    const byIndex = (i: number) => l.directives[i - 1].item.id as string;
    // 1: finance finishes and the office checks it (done).
    await actOk(finance, byIndex(1), 'accept');
    await actOk(finance, byIndex(1), 'submit_result', { result: '报告已报送' });
    await actOk(secretary, byIndex(1), 'check_pass');
    // 2: 人事部 reports progress only; 3: 市场部 asks for more time with a reason.
    const hr = await s.login('xumei');
    await actOk(hr, byIndex(2), 'accept');
    expect((await hr.post(`/api/v1/supervision/items/${byIndex(2)}/reports`, { text: '培训教材尚在印制，讲师已落实', percent: 40 })).status).toBe(201);
    await actOk(market, byIndex(3), 'accept');
    const item3 = (await market.get(`/api/v1/supervision/items/${byIndex(3)}`)).body;
    const ext = await market.post(`/api/v1/supervision/items/${byIndex(3)}/extensions`, { deadline: addDays(item3.deadline, 10), reason: '重点客户本周出差，走访须顺延' });
    expect(ext.status, ext.text).toBe(201);
    // The office chases 3 once.
    expect((await secretary.post(`/api/v1/supervision/items/${byIndex(3)}/chases`, { note: '请尽快报送' })).status).toBe(201);

    // Today nothing is late.
    let rep = (await gm.get(`${BASE}/${l.id}/report`)).body;
    expect(rep.counts).toMatchObject({ total: 3, done: 1, on_track: 2, late: 0 });
    expect(rep.rows[1]).toMatchObject({ status: 'on_track', reason: null, latestReport: { text: '培训教材尚在印制，讲师已落实', percent: 40 } });

    // A week after every deadline (the extension still pending): 2 and 3 are late, each with its reason.
    const asOf = addDays(item3.deadline > rep.rows[1].deadline ? item3.deadline : rep.rows[1].deadline, 7);
    rep = (await gm.get(`${BASE}/${l.id}/report?asOf=${asOf}`)).body;
    expect(rep.counts).toMatchObject({ total: 3, done: 1, on_track: 0, late: 2 });
    expect(rep.rows.map((r: any) => r.status)).toEqual(['done', 'late', 'late']);
    expect(rep.rows[1]).toMatchObject({ index: 2, leadDepartmentName: '人事部', leadPersonName: '许梅', reason: '培训教材尚在印制，讲师已落实', reasonSource: 'report' });
    expect(rep.rows[2]).toMatchObject({ index: 3, reason: '重点客户本周出差，走访须顺延', reasonSource: 'extension', chases: 1, extension: { state: 'pending' } });
    expect(rep.rows[2].daysLate).toBeGreaterThanOrEqual(7);
    expect(rep.rows[0]).toMatchObject({ status: 'done', progress: 100, daysLate: 0, number: expect.stringMatching(/^督〔\d{4}〕\d+号$/) });

    // The spreadsheet and the document carry the same facts.
    const xr = await gm.get(`${BASE}/${l.id}/report.xlsx?asOf=${asOf}`);
    expect(xr.status).toBe(200);
    expect(xr.headers.get('content-type')).toContain('spreadsheetml');
    const xbuf = Buffer.from(await (await fetch(`${s.url}${BASE}/${l.id}/report.xlsx?asOf=${asOf}`, { headers: { cookie: gm.cookie } })).arrayBuffer());
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xbuf as any);
    const cells = wb.getWorksheet('指令落实情况')!.getSheetValues().flat().map(String);
    expect(cells).toContain('申请延期至 ' + addDays(item3.deadline, 10) + '：重点客户本周出差，走访须顺延');
    expect(cells.some((c) => c.startsWith('超期'))).toBe(true);
    const dbuf = Buffer.from(await (await fetch(`${s.url}${BASE}/${l.id}/report.docx?asOf=${asOf}`, { headers: { cookie: gm.cookie } })).arrayBuffer());
    const xml = await (await JSZip.loadAsync(dbuf)).file('word/document.xml')!.async('string');
    expect(xml).toContain('超期未完成（2 项）');
    expect(xml).toContain('培训教材尚在印制，讲师已落实');
    // Sent on demand by the office: kept, and the GM told.
    expect((await gm.post(`${BASE}/${l.id}/report`)).status).toBe(403);
    const sent = await secretary.post(`${BASE}/${l.id}/report`);
    expect(sent.status, sent.text).toBe(201);
    expect((await secretary.get(`${BASE}/${l.id}`)).body.reports).toMatchObject([{ scheduled: false }]);
    // A unit head reads no report.
    expect((await finance.get(`${BASE}/${l.id}/report`)).status).toBe(403);
  });

  it('fires the Saturday job once per week with an injected clock', async () => {
    const week = weekAhead(2);
    const l = await issued(week);
    const service = new DirectiveService(s.ctx, new SupervisionService(s.ctx));
    const saturday = addDays(weekStart(week)!, 5);
    const at = new Date(`${saturday}T01:00:00Z`); // 09:00 company time
    const db = s.ctx.database.db;
    const first = await db.transaction().execute((trx) => service.runWeekly(trx, week, at));
    expect(first).toMatchObject({ listId: l.id, week, asOf: saturday, counts: { total: 3 } });
    // A retry, another instance, a second slot the same week: nothing more.
    const again = await Promise.all([1, 2].map(() => db.transaction().execute((trx) => service.runWeekly(trx, week, at))));
    expect(again).toEqual([null, null]);
    const stored = await db.selectFrom('supervision_directive_reports').selectAll().where('list_id', '=', l.id).execute();
    expect(stored.map((r) => r.slot_key)).toEqual([`weekly:${week}`]);
    const told = await db.selectFrom('notifications').select('person_id').where('record_id', '=', l.id).where('kind', '=', 'supervision.directives.report').execute();
    expect(told.map((t) => t.person_id)).toEqual([k.person.zhangjianguo]);
    // A week without an issued list reports nothing.
    expect(await db.transaction().execute((trx) => service.runWeekly(trx, weekAhead(9), at))).toBeNull();

    // Scheduling the slot twice (a restart) keeps one job; the slot is Saturday 09:00 company time.
    const friday = new Date(`${addDays(saturday, -1)}T02:00:00Z`);
    await service.scheduleNext(undefined, friday);
    await service.scheduleNext(undefined, friday);
    const key = `supervision.directive_report:${new Date(`${saturday}T01:00:00Z`).toISOString()}`;
    const jobs =
      dialect === 'sqlite'
        ? await db.selectFrom('jobs').select('singleton_key').where('singleton_key', '=', key).execute()
        : (await sql<{ singleton_key: string }>`select singleton_key from pgboss.job where singleton_key = ${key}`.execute(db)).rows;
    expect(jobs).toHaveLength(1);

    // The time is the office's setting.
    const put = await secretary.put(`${BASE}/settings/report-schedule`, { weekday: 5, time: '17:30' });
    expect(put.body).toEqual({ weekday: 5, time: '17:30' });
    expect((await secretary.put(`${BASE}/settings/report-schedule`, { weekday: 8, time: '17:30' })).status).toBe(400);
    await secretary.put(`${BASE}/settings/report-schedule`, { weekday: 6, time: '09:00' });
  });
});
