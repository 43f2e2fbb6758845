// The printable 收文 sheets over real HTTP on both databases, opened with exceljs: the 收文章 on
// the detail, the 办文单 (A4; the private 批示 absent before distribution for anyone but the GM and
// the secretaries; 404 outside the reading scope) and the 收文登记簿 (registration fields, filters,
// number order, a document the caller may not read never in it), and the list's register filters.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentRepository } from '../../server/modules/documents/document.repository.js';
import { REGISTER_MAX_ROWS } from '../../server/modules/documents/incoming/incoming.service.js';
import { registerWorkbook, type RegisterRow } from '../../server/modules/documents/incoming/incoming.xlsx.js';
import type { ReadableFilter } from '../../server/platform/access/policy.js';
import { addDays, todayIn } from '../../server/platform/calendar/work-calendar.js';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type Client, type TestServer } from '../helpers/server.js';
import { incomingHelpers } from './incoming-helpers.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** GETs an .xlsx as `c` and opens it; the status and the workbook (null unless 200). */
async function download(c: Client, path: string) {
  const res = await fetch(c.base + path, { headers: { cookie: c.cookie } });
  const buf = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) return { status: res.status, headers: res.headers, wb: null, text: buf.toString('utf8') };
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as any);
  return { status: res.status, headers: res.headers, wb, text: '' };
}

/** Every cell's text, row by row (merged cells once). */
function sheetRows(ws: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell) => {
      if (cell.isMerged && cell.master.address !== cell.address) return;
      cells.push(cell.text ?? '');
    });
    rows.push(cells);
  });
  return rows;
}

const allText = (ws: ExcelJS.Worksheet) => sheetRows(ws).flat().join('\n');

/** The slip's value beside a label ("拟办意见" → its box). */
function slipValue(ws: ExcelJS.Worksheet, label: string): string | undefined {
  for (const row of sheetRows(ws)) {
    const i = row.indexOf(label);
    if (i >= 0) return row[i + 1];
  }
  return undefined;
}

describe.each(DIALECTS)('incoming sheets (.xlsx) on %s', (dialect) => {
  let s: TestServer;
  const { db, as, personId, dept } = incomingHelpers(() => s);
  const tag = `${dialect}${Math.random().toString(36).slice(2, 7)}`;
  const act = async (user: string, doc: { id: string; version: number }, action: string, input: Record<string, unknown> = {}, opinion?: string) => {
    const r = await (await as(user)).post(`/api/v1/incoming/${doc.id}/actions`, { action, version: doc.version, input, ...(opinion !== undefined && { opinion }) });
    expect(r.status, `${user} ${action}: ${r.text}`).toBe(200);
    return r.body;
  };
  const register = async (title: string, extra: Record<string, unknown> = {}, reg: Record<string, unknown> = {}) => {
    const r = await (await as('wangfang')).post('/api/v1/incoming', {
      sender: '市发展和改革委员会',
      deliveredBy: '机要交通员老李',
      envelopeAddressee: '示例集团有限公司',
      classification: 1,
      ...extra,
      registration: { title, docKind: '通知', docNumber: '市发改〔2026〕21号', urgency: 'urgent', pages: 6, copies: 3, addressee: '示例集团有限公司', addresseeMatches: true, ...reg },
    });
    expect(r.status, r.text).toBe(201);
    return r.body;
  };

  beforeAll(async () => {
    s = await startServer({ dialect });
  });
  afterAll(async () => s?.close());

  it('puts the 收文章 (unit, number, date received) on the detail; no number before registration', async () => {
    const doc = await register(`收文章测试${tag}`, { deliveredAt: '2026-03-02T17:30:00Z' });
    // 17:30Z is 01:30 the next morning in Shanghai: the stamp's date is the company's.
    expect(doc.stamp).toEqual({ unit: '示例集团有限公司', number: doc.incomingNumber, date: '2026-03-03' });
    expect(doc.stamp.number).toBe(`收〔2026〕${doc.serial}号`);
    const signed = await (await as('zhaomin')).post('/api/v1/incoming', { sender: '华东分公司', deliveredBy: '快递', classification: 0 });
    expect(signed.status, signed.text).toBe(201);
    expect(signed.body.stamp).toMatchObject({ unit: '示例集团有限公司', number: null, date: todayIn(s.ctx.config.tzCompany, new Date(signed.body.receivedAt)) });
  });

  it('prints the 办文单 on A4 with every box; the private 批示 stays out of a department head’s slip until distribution', async () => {
    const [cwb, rsb, scb] = [await dept('CWB'), await dept('RSB'), await dept('SCB')];
    let doc = await register(`关于编制年度投资计划的通知${tag}`);
    doc = await act('wangfang', doc, 'check_pass');
    doc = await act('wangfang', doc, 'propose', { proposal: '拟请财务部牵头、人事部配合办理' });
    doc = await act('wangfang', doc, 'ask_leader', { leaderId: await personId('liming') });
    doc = await act('liming', doc, 'leader_opine', {}, '建议财务部牵头，月内报送');
    doc = await act('zhangjianguo', doc, 'instruct', { instruction: '同意，请财务部抓紧编制' }, '批示');

    // Before distribution: the secretary's slip carries the instruction, the department head's does not.
    const sec = await download(await as('wangfang'), `/api/v1/incoming/${doc.id}/slip.xlsx`);
    expect(sec.status, sec.text).toBe(200);
    expect(sec.headers.get('content-type')).toBe(XLSX);
    expect(decodeURIComponent(sec.headers.get('content-disposition')!)).toContain(`办文单-${doc.incomingNumber}.xlsx`);
    const ws = sec.wb!.worksheets[0];
    expect(ws.name).toBe('办文单');
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1 });
    expect(ws.pageSetup.printArea).toMatch(/^A1:D\d+$/);
    expect(ws.getCell('A1').text).toBe('示例集团有限公司收文处理单');
    expect(slipValue(ws, '来文单位')).toBe('市发展和改革委员会');
    expect(slipValue(ws, '来文字号')).toBe('市发改〔2026〕21号');
    expect(slipValue(ws, '文件标题')).toBe(`关于编制年度投资计划的通知${tag}`);
    expect(slipValue(ws, '收文编号')).toBe(doc.incomingNumber);
    expect(slipValue(ws, '密级')).toBe('内部');
    expect(slipValue(ws, '紧急程度')).toBe('加急');
    expect(slipValue(ws, '页数 / 份数')).toBe('6 页 / 3 份');
    expect(slipValue(ws, '收 文 章')).toBe(`示例集团有限公司　　${doc.incomingNumber}　　${doc.stamp.date}`);
    expect(slipValue(ws, '拟办意见')).toMatch(/^拟请财务部牵头、人事部配合办理\n（王芳　\d{4}-\d{2}-\d{2} \d{2}:\d{2}）$/);
    expect(slipValue(ws, '分管领导意见')).toMatch(/^建议财务部牵头，月内报送\n（李明　/);
    expect(slipValue(ws, '总经理批示')).toMatch(/^同意，请财务部抓紧编制\n（张建国　/);
    // Each box is tall enough for its text (Excel does not grow merged rows by itself).
    const proposalRow = sheetRows(ws).findIndex((r) => r[0] === '拟办意见') + 1;
    expect(ws.getRow(proposalRow).height).toBeGreaterThanOrEqual(60);

    const head = await download(await as('qianwei'), `/api/v1/incoming/${doc.id}/slip.xlsx`);
    expect(head.status, head.text).toBe(200);
    const hws = head.wb!.worksheets[0];
    expect(allText(hws)).not.toContain('请财务部抓紧编制');
    expect(slipValue(hws, '总经理批示')).toBe('（已批示，分发后可见）');
    expect(slipValue(hws, '拟办意见')).toContain('拟请财务部牵头');

    // Distributed, handled, circulated: everything is on the slip, the instruction for everyone.
    doc = await act('wangfang', doc, 'distribute', { leadDepartmentId: cwb, coDepartmentIds: [rsb], deadline: '2026-12-31' });
    const circ = await (await as('wangfang')).post(`/api/v1/incoming/${doc.id}/circulations`, { departmentIds: [scb], mode: 'parallel' });
    expect(circ.status, circ.text).toBe(201);
    // The office is warned that 市场部 still holds it (不得漏传) and closes all the same.
    doc = await act('qianwei', doc, 'report_result', { result: '投资计划已编制并报送', force: true });
    const after = await download(await as('qianwei'), `/api/v1/incoming/${doc.id}/slip.xlsx`);
    const aws = after.wb!.worksheets[0];
    expect(slipValue(aws, '总经理批示')).toMatch(/^同意，请财务部抓紧编制/);
    expect(slipValue(aws, '承办部门')).toBe('主办：财务部\n协办：人事部');
    expect(slipValue(aws, '办理期限')).toBe('2026-12-31');
    expect(slipValue(aws, '办理结果')).toMatch(/^财务部：投资计划已编制并报送（钱伟　/);
    expect(slipValue(aws, '传阅情况')).toMatch(/^市场部：已收未阅/);
    expect(slipValue(aws, '状　　态')).toBe('已办结');
  });

  it('a secret document sent to the leader in charge reaches the GM, who prints its slip with every opinion', async () => {
    let doc = await register(`涉密的投资计划通知${tag}`, { classification: 2, secrecyTerm: '1年', scope: [{ kind: 'department', id: await dept('CWB') }] });
    doc = await act('wangfang', doc, 'check_pass');
    doc = await act('wangfang', doc, 'propose', { proposal: '拟请李明同志先听取财务部意见' });
    expect((await (await as('liming')).get(`/api/v1/incoming/${doc.id}`)).status).toBe(404);
    doc = await act('wangfang', doc, 'ask_leader', { leaderId: await personId('liming') });
    doc = await act('liming', doc, 'leader_opine', {}, '建议财务部牵头');
    // The leader's opinion put it before the GM: the GM now reads it (the workflow's scope) and instructs.
    doc = await act('zhangjianguo', doc, 'instruct', { instruction: '同意，财务部办理' });
    const gm = await download(await as('zhangjianguo'), `/api/v1/incoming/${doc.id}/slip.xlsx`);
    expect(gm.status, gm.text).toBe(200);
    const ws = gm.wb!.worksheets[0];
    expect(slipValue(ws, '密级')).toBe('秘密★1年');
    expect(slipValue(ws, '分管领导意见')).toMatch(/^建议财务部牵头\n（李明　/);
    expect(slipValue(ws, '总经理批示')).toMatch(/^同意，财务部办理\n（张建国　/);
    expect(decodeURIComponent(gm.headers.get('content-disposition')!)).toContain('（秘密）.xlsx');
  });

  it('answers 404 for the slip of a document outside the caller’s scope, exactly like a missing one, and logs a classified print', async () => {
    const secret = await register(`涉密的会议纪要${tag}`, { classification: 2, scope: [{ kind: 'person', id: await personId('chenjing') }] });
    for (const u of ['qianwei', 'zhaomin', 'liming']) {
      const r = await download(await as(u), `/api/v1/incoming/${secret.id}/slip.xlsx`);
      expect(r.status, u).toBe(404);
      expect(r.text).not.toContain('涉密的会议纪要');
    }
    const missing = await download(await as('qianwei'), `/api/v1/incoming/${secret.id.slice(0, -4)}ffff/slip.xlsx`);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text).error.code).toBe(JSON.parse((await download(await as('qianwei'), `/api/v1/incoming/${secret.id}/slip.xlsx`)).text).error.code);
    expect((await download(await as('chenjing'), `/api/v1/incoming/${secret.id}/slip.xlsx`)).status).toBe(200);
    const logged = await db().selectFrom('audit_log').select('action').where('record_id', '=', secret.id).where('action', '=', 'document.slip').execute();
    expect(logged.length).toBe(1);
  });

  it('exports the 收文登记簿 in number order with the registration fields, never a row the caller may not read', async () => {
    const marker = `登记簿${tag}`;
    const a = await register(`${marker}甲：关于安全检查的通知`, { returnSlip: true });
    const b = await register(`${marker}乙：关于报送统计报表的函`, { envelopeAddressee: '示例集团华东分公司' }, { urgency: 'normal', docKind: '函', docNumber: '市统〔2026〕3号', pages: 2, copies: 1 });
    const secret = await register(`${marker}丙：涉密通报`, { classification: 2, scope: [{ kind: 'person', id: await personId('chenjing') }] });
    const old = await register(`${marker}丁：去年的通知`, { deliveredAt: '2025-12-30T02:00:00Z' });

    const clerk = await as('zhaomin');
    const r = await download(clerk, `/api/v1/incoming/register.xlsx?q=${encodeURIComponent(marker)}`);
    expect(r.status, r.text).toBe(200);
    expect(r.headers.get('content-type')).toBe(XLSX);
    expect(r.headers.get('x-total-count')).toBe('3');
    const ws = r.wb!.getWorksheet('收文登记簿')!;
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1, printTitlesRow: '3:3' });
    const rows = sheetRows(ws);
    expect(rows[0]).toEqual(['示例集团有限公司收文登记簿']);
    expect(rows[1][0]).toContain(`全部年度 · 含“${marker}”　共 3 件　导出：赵敏`);
    expect(rows[2]).toEqual(['收文编号', '收文日期', '来文单位', '来文字号', '标题', '文种', '密级', '紧急程度', '页数', '份数', '投递人', '签收人', '封皮核对', '回执', '状态', '承办部门', '办理期限', '备注']);
    const body = rows.slice(3);
    // Number order: last year's first, then this year's by serial; the secret one is not there at all.
    expect(body.map((row) => row[4])).toEqual([old.title, a.title, b.title]);
    expect(allText(ws)).not.toContain('涉密通报');
    expect(body[1]).toEqual([a.incomingNumber, a.stamp.date, '市发展和改革委员会', '市发改〔2026〕21号', a.title, '通知', '内部', '加急', '6', '3', '机要交通员老李', '王芳', '相符', '未退回', '已登记', '', '', '']);
    expect(body[2].slice(0, 15)).toEqual([b.incomingNumber, b.stamp.date, '市发展和改革委员会', '市统〔2026〕3号', b.title, '函', '内部', '平件', '2', '1', '机要交通员老李', '王芳', '不符', '—', '已登记']);

    // The registrar in the secret document's scope sees it, with its level.
    const own = await download(await as('chenjing'), `/api/v1/incoming/register.xlsx?q=${encodeURIComponent(marker)}&year=2026`);
    const ownRows = sheetRows(own.wb!.worksheets[0]).slice(3);
    expect(ownRows.map((row) => row[4])).toEqual([a.title, b.title, secret.title]);
    expect(ownRows[2][6]).toBe('秘密');
    const exported = await db().selectFrom('audit_log').select(['actor_name', 'details']).where('action', '=', 'document.register_export').execute();
    expect(exported.map((e) => [e.actor_name, JSON.parse(e.details).classified])).toEqual(expect.arrayContaining([['赵敏', 0], ['陈静', 1]]));

    // Filters: year, urgency, state, the 收文编号 (full or the bare serial).
    const titles = async (query: string) => sheetRows((await download(clerk, `/api/v1/incoming/register.xlsx?q=${encodeURIComponent(marker)}${query}`)).wb!.worksheets[0]).slice(3).map((row) => row[4]);
    expect(await titles('&year=2025')).toEqual([old.title]);
    expect(await titles('&year=2026&urgency=normal')).toEqual([b.title]);
    expect(await titles('&state=completed')).toEqual([]);
    expect(sheetRows((await download(clerk, `/api/v1/incoming/register.xlsx?q=${encodeURIComponent(b.incomingNumber)}`)).wb!.worksheets[0]).slice(3).map((row) => row[4])).toEqual([b.title]);
    expect(sheetRows((await download(clerk, `/api/v1/incoming/register.xlsx?year=2026&q=${b.serial}`)).wb!.worksheets[0]).slice(3).map((row) => row[0])).toContain(b.incomingNumber);

    // Bad filters are refused, not ignored; a department head does not take the office's book.
    for (const bad of ['urgency=soon', 'year=20', 'q=', 'overdue=maybe', 'limit=5', 'colour=red']) {
      const res = await download(clerk, `/api/v1/incoming/register.xlsx?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(JSON.parse(res.text).error.code).toBe('validation_failed');
    }
    expect((await download(await as('qianwei'), '/api/v1/incoming/register.xlsx')).status).toBe(403);
  });

  it('filters the JSON list as the register screen needs: urgency, text, number, overdue; strictly validated', async () => {
    const marker = `列表${tag}`;
    const urgent = await register(`${marker}一：加急件`);
    const plain = await register(`${marker}二：平件`, {}, { urgency: 'normal' });
    const c = await as('wangfang');
    const ids = async (query: string) => {
      const r = await c.get(`/api/v1/incoming?limit=200&${query}`);
      expect(r.status, r.text).toBe(200);
      return { ids: r.body.items.map((d: any) => d.id), total: r.body.total };
    };
    expect(await ids(`q=${encodeURIComponent(marker)}`)).toEqual({ ids: [plain.id, urgent.id], total: 2 });
    expect(await ids(`q=${encodeURIComponent(marker)}&urgency=urgent`)).toEqual({ ids: [urgent.id], total: 1 });
    // The sender, and the sender's number, in any case.
    expect((await ids(`q=${encodeURIComponent('市发改〔2026〕21')}`)).ids).toContain(urgent.id);
    expect((await ids(`q=${encodeURIComponent(plain.incomingNumber)}`)).ids).toEqual([plain.id]);

    // Overdue: in handling past the deadline (company date); another state with overdue matches nothing.
    let late = await register(`${marker}三：超期件`);
    late = await act('wangfang', late, 'check_pass');
    late = await act('wangfang', late, 'propose', { proposal: '拟请财务部办理' });
    late = await act('wangfang', late, 'submit_to_gm');
    late = await act('zhangjianguo', late, 'instruct', { instruction: '财务部办理' });
    late = await act('wangfang', late, 'distribute', { leadDepartmentId: await dept('CWB'), deadline: addDays(todayIn(s.ctx.config.tzCompany), -2) });
    expect(await ids(`q=${encodeURIComponent(marker)}&overdue=true`)).toEqual({ ids: [late.id], total: 1 });
    expect(await ids(`q=${encodeURIComponent(marker)}&overdue=true&state=registered`)).toEqual({ ids: [], total: 0 });
    expect((await ids('overdue=true')).ids).toContain(late.id);
    const reg = sheetRows((await download(c, `/api/v1/incoming/register.xlsx?overdue=true&q=${encodeURIComponent(marker)}`)).wb!.worksheets[0]).slice(3);
    expect(reg.map((row) => [row[4], row[14], row[15]])).toEqual([[late.title, '承办中', '财务部']]);

    // Under the cap the list's count is exact; the repository stops counting at cap + 1.
    expect((await c.get(`/api/v1/incoming?limit=1&q=${encodeURIComponent(marker)}`)).body).toMatchObject({ total: 3, totalCapped: false });
    const repo = new DocumentRepository(s.ctx.database.db);
    const open: ReadableFilter = (eb) => eb(eb.ref('d.classification'), '<=', 1);
    const byMarker = { direction: 'incoming' as const, text: { contains: marker } };
    expect(await repo.countCapped(byMarker, open, 3)).toEqual({ total: 3, totalCapped: false });
    expect(await repo.countCapped(byMarker, open, 2)).toEqual({ total: 2, totalCapped: true });
    expect(await repo.countCapped({ ...byMarker, urgency: 'normal' }, open, 1)).toEqual({ total: 1, totalCapped: false });

    for (const bad of ['urgency=soon', 'q=', `q=${'长'.repeat(101)}`, 'overdue=maybe', 'sort=title']) {
      const r = await c.get(`/api/v1/incoming?${bad}`);
      expect(r.status, bad).toBe(400);
    }
  });
});

describe('the register workbook', () => {
  it('notes a capped register instead of silently cutting it', async () => {
    const row: RegisterRow = {
      id: 'x', state: 'registered', year: 2026, serial: 1, doc_number: null, title: '一件', doc_kind: '通知', urgency: 'normal', classification: 0, secrecy_term: null, sender: '某单位', pages: null, copies: null,
      received_at: '2026-01-05T02:00:00Z', deadline: null, lead_department_id: null, created_at: '2026-01-05T02:00:00Z',
      data: JSON.stringify({ receipt: { deliveredBy: '快递', signedByName: '王芳' }, returnSlip: { present: false } }),
    };
    const buf = await registerWorkbook([row], { unit: '示例集团有限公司', tz: 'Asia/Shanghai', filters: '2026 年度', departmentName: (id) => id, total: REGISTER_MAX_ROWS + 5, printedBy: '王芳', printedAt: '2026-01-05T03:00:00Z' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as any);
    const rows = sheetRows(wb.worksheets[0]);
    expect(rows.at(-1)![0]).toBe(`仅导出前 1 件（共 ${REGISTER_MAX_ROWS + 5} 件），请按年度或其他条件缩小范围后分次导出。`);
  });
});
