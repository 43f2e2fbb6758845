// 督查统计 on both databases, against figures worked out by hand: the board's colours, filters,
// pages and counts; the per-unit figures (items due in the period, on-time rate on the original
// deadline, average days late, chases received) as JSON, .xlsx and through unitFigures(); and what
// a unit head sees — only the items the policy lets them read, in the counts too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customPeriod, periodOf, unitFigures } from '../../server/modules/supervision/statistics/index.js';
import { SupervisionService } from '../../server/modules/supervision/index.js';
import { systemActor } from '../../server/platform/access/actor.js';
import { addDays, todayIn } from '../../server/platform/calendar/work-calendar.js';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type Client, type TestServer } from '../helpers/server.js';
import { actOk, ids, type Ids } from './supervision-helpers.js';

describe('statistics periods', () => {
  it('finds the week, month, quarter and year around a day', () => {
    expect(periodOf('week', '2026-11-27')).toEqual({ kind: 'week', from: '2026-11-23', to: '2026-11-29', label: '2026-W48' });
    expect(periodOf('month', '2026-02-10')).toMatchObject({ from: '2026-02-01', to: '2026-02-28', label: '2026-02' });
    expect(periodOf('month', '2028-02-10')).toMatchObject({ to: '2028-02-29' });
    expect(periodOf('quarter', '2026-11-27')).toMatchObject({ from: '2026-10-01', to: '2026-12-31', label: '2026-Q4' });
    expect(periodOf('quarter', '2026-04-01')).toMatchObject({ from: '2026-04-01', to: '2026-06-30', label: '2026-Q2' });
    expect(periodOf('year', '2026-11-27')).toMatchObject({ from: '2026-01-01', to: '2026-12-31', label: '2026' });
    expect(() => customPeriod('2026-02-01', '2026-01-01')).toThrow();
  });
});

describe.each(DIALECTS)('supervision board and unit figures on %s', (dialect) => {
  let s: TestServer;
  let k: Ids;
  let today: string;
  let secretary: Client;
  const item: Record<string, string> = {};

  /** An item from a field investigation (调研, the tests' own source), taken to its unit; past deadlines allowed (the system registers it). */
  async function make(key: string, dept: string, deadline: string, over: Record<string, unknown> = {}) {
    const service = new SupervisionService(s.ctx);
    const { id } = await s.ctx.database.db.transaction().execute((trx) =>
      service.createItem(trx, systemActor(), { source: { type: 'investigation' }, category: 'special', title: `统计事项${key}`, assignedById: k.person.liming, leadDepartmentId: dept, deadline, ...over }),
    );
    for (const a of ['open', 'register', 'transfer']) await actOk(secretary, id, a);
    item[key] = id;
    return id;
  }

  async function complete(head: Client, id: string) {
    await actOk(head, id, 'accept');
    await actOk(head, id, 'submit_result', { result: '已完成' });
    await actOk(secretary, id, 'check_pass');
  }

  beforeAll(async () => {
    // No background loops: no hourly reminder scan adds automatic chases behind the test's back.
    s = await startServer({ dialect, background: false });
    k = await ids(s);
    today = todayIn(s.config.tzCompany);
    secretary = await s.login('wangfang');
    const [jsb, scz] = await Promise.all([s.login('jianghua'), s.login('tiangang')]);
    // 技术部: A done 10 days late, B done on time, C open 4 days late, D open in time, E due after the period.
    await make('A', k.dept.JSB, addDays(today, -10));
    await make('B', k.dept.JSB, addDays(today, 5));
    await make('C', k.dept.JSB, addDays(today, -4));
    await make('D', k.dept.JSB, addDays(today, 20));
    await make('E', k.dept.JSB, addDays(today, 100));
    await complete(jsb, item.A!);
    await complete(jsb, item.B!);
    // 生产部: F open 2 days late (assigned by 王强), chased twice; G due within a working day, special supervision.
    await make('F', k.dept.SCZ, addDays(today, -2), { assignedById: k.person.wangqiang });
    await make('G', k.dept.SCZ, s.ctx.calendar.addWorkingDays(today, 1), { mode: 'special' });
    for (const note of ['请抓紧', '再次催办']) expect((await secretary.post(`/api/v1/supervision/items/${item.F}/chases`, { note })).status).toBe(201);
    void scz;
  });
  afterAll(async () => s?.close());

  const board = async (c: Client, q: string) => {
    const r = await c.get(`/api/v1/supervision/board?source=investigation&${q}`);
    expect(r.status, r.text).toBe(200);
    return r.body;
  };
  const keysOf = (b: any) => b.items.map((i: any) => Object.keys(item).find((key) => item[key] === i.id));

  it('colours open items worst first and counts each colour', async () => {
    let b = await board(secretary, `departmentId=${k.dept.JSB}&dueSoonDays=3`);
    expect(b.counts).toEqual({ overdue: 1, due_soon: 0, on_track: 2, completed_late: 1, completed_on_time: 1 });
    expect(b.total).toBe(5);
    expect(keysOf(b)).toEqual(['C', 'D', 'E', 'A', 'B']);
    expect(b.items.map((i: any) => i.boardStatus)).toEqual(['overdue', 'on_track', 'on_track', 'completed_late', 'completed_on_time']);
    expect(b.items[0]).toMatchObject({ leadDepartmentName: '技术部', number: expect.stringMatching(/^督/) });
    // Pages keep the order and the counts.
    const p2 = await board(secretary, `departmentId=${k.dept.JSB}&limit=2&offset=2`);
    expect(keysOf(p2)).toEqual(['E', 'A']);
    expect(p2.total).toBe(5);
    // All units; one colour.
    b = await board(secretary, 'status=overdue');
    expect(keysOf(b)).toEqual(['C', 'F']);
    expect(b.total).toBe(2);
    expect(b.counts).toEqual({ overdue: 2, due_soon: 1, on_track: 2, completed_late: 1, completed_on_time: 1 });
    // Filters: leader, mode, a period of deadlines.
    expect(keysOf(await board(secretary, `leaderId=${k.person.wangqiang}`))).toEqual(['F']);
    expect(keysOf(await board(secretary, 'mode=special'))).toEqual(['G']);
    expect(keysOf(await board(secretary, `from=${addDays(today, -5)}&to=${addDays(today, 6)}`)).sort()).toEqual(['B', 'C', 'F', 'G']);
    // Due soon is a setting of the office (0: only today's deadlines).
    expect((await secretary.put('/api/v1/supervision/board/settings', { dueSoonDays: 0 })).status).toBe(200);
    expect((await board(secretary, '')).counts.due_soon).toBe(0);
    await secretary.put('/api/v1/supervision/board/settings', { dueSoonDays: 3 });
    expect((await board(secretary, '')).counts.due_soon).toBe(1);
    // Closed items leave the board.
    const vice = await s.login('liming');
    await actOk(secretary, item.B!, 'report_completion', { report: '已按期完成' });
    await actOk(vice, item.B!, 'review_close', {}, '同意');
    expect((await board(secretary, `departmentId=${k.dept.JSB}`)).counts.completed_on_time).toBe(0);
    // B, closed, still counts in the unit's figures below.
    // Bad input.
    expect((await secretary.get('/api/v1/supervision/board?status=purple')).status).toBe(400);
    expect((await secretary.get('/api/v1/supervision/board?from=2026-01-01')).status).toBe(400);
  });

  it('shows a unit head only what the policy lets them read, counts included', async () => {
    const [jsb, scz, clerk] = await Promise.all([s.login('jianghua'), s.login('tiangang'), s.login('caiyong')]);
    let b = await board(jsb, '');
    expect(keysOf(b).sort()).toEqual(['A', 'C', 'D', 'E']);
    expect(b.counts).toEqual({ overdue: 1, due_soon: 0, on_track: 2, completed_late: 1, completed_on_time: 0 });
    b = await board(scz, '');
    expect(keysOf(b).sort()).toEqual(['F', 'G']);
    expect(b.counts.overdue).toBe(1);
    // Asking for another unit's items does not reveal them.
    b = await board(scz, `departmentId=${k.dept.JSB}`);
    expect(b.total).toBe(0);
    expect(b.items).toEqual([]);
    // A member not named on any item sees nothing.
    expect((await board(clerk, '')).total).toBe(0);
    // The unit figures count only readable items too.
    const q = `from=${addDays(today, -30)}&to=${addDays(today, 30)}`;
    const units = (await jsb.get(`/api/v1/supervision/statistics/units?${q}`)).body.units;
    expect(units.find((u: any) => u.departmentId === k.dept.JSB).items).toBe(4);
    expect(units.find((u: any) => u.departmentId === k.dept.SCZ)).toMatchObject({ items: 0, chasesReceived: 0, onTimeRate: null });
  });

  it('computes per-unit figures for a period, as JSON, .xlsx and for the assessment table', async () => {
    const q = `from=${addDays(today, -30)}&to=${addDays(today, 30)}`;
    const r = await secretary.get(`/api/v1/supervision/statistics/units?${q}`);
    expect(r.status, r.text).toBe(200);
    const by = (id: string) => r.body.units.find((u: any) => u.departmentId === id);
    // 技术部: A, B, C, D due in the period (E is not); B on time; A 10 and C 4 days late.
    expect(by(k.dept.JSB)).toEqual({ departmentId: k.dept.JSB, departmentName: '技术部', items: 4, completed: 2, completedOnTime: 1, onTimeRate: 0.25, lateItems: 2, averageDaysLate: 7, chasesReceived: 0 });
    // 生产部: F 2 days late and chased twice, G not yet due.
    expect(by(k.dept.SCZ)).toEqual({ departmentId: k.dept.SCZ, departmentName: '生产部', items: 2, completed: 0, completedOnTime: 0, onTimeRate: 0, lateItems: 1, averageDaysLate: 2, chasesReceived: 2 });
    expect(by(k.dept.CWB)).toMatchObject({ items: 0, onTimeRate: null, averageDaysLate: null });
    // A week ending before today judges open items at its end: only A (10 days late at completion, due in it).
    const w = (await secretary.get(`/api/v1/supervision/statistics/units?from=${addDays(today, -12)}&to=${addDays(today, -8)}`)).body;
    expect(w.units.find((u: any) => u.departmentId === k.dept.JSB)).toMatchObject({ items: 1, lateItems: 1, averageDaysLate: 10, onTimeRate: 0 });
    // The period kinds: this month contains today.
    const m = (await secretary.get('/api/v1/supervision/statistics/units?period=month')).body;
    expect(m.period).toMatchObject({ kind: 'month', from: `${today.slice(0, 7)}-01` });
    // The assessment table's call: the company's figures, no reader.
    const company = await unitFigures(s.ctx, customPeriod(addDays(today, -30), addDays(today, 30)));
    expect(company.find((u) => u.departmentId === k.dept.JSB)).toEqual(by(k.dept.JSB));
    expect(company.find((u) => u.departmentId === k.dept.SCZ)).toEqual(by(k.dept.SCZ));
    // The spreadsheet.
    const res = await fetch(`${s.url}/api/v1/supervision/statistics/units.xlsx?${q}`, { headers: { cookie: secretary.cookie } });
    expect(res.status).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any);
    const ws = wb.getWorksheet('各单位督办统计')!;
    const row = ws.getRows(1, ws.rowCount)!.find((x) => x.getCell(1).value === '技术部')!;
    expect([2, 3, 4, 5, 6, 7, 8].map((c) => row.getCell(c).value)).toEqual([4, 2, 1, 0.25, 2, 7, 0]);
  });
});
