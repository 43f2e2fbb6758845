// The printable 收文 sheets as .xlsx: the processing slip (办文单, seed 二 1.9 and 3.3) of one
// document and the register (收文登记簿, 3.2) of many. Both are built from what the caller may see:
// the slip from the presented detail (so a private 批示 is exactly as hidden as in the JSON), the
// register from rows the access policy already filtered inside the query.
import type ExcelJS from 'exceljs';
import { CLASSIFICATION_LABELS } from '../../../../common/classification.js';
import { INCOMING_WORKFLOW, type IncomingState } from '../../../../common/workflow/incoming.workflow.js';
import type { DocumentTable } from '../../../platform/db/schema.js';
import type { presentReader } from './circulation.presenter.js';
import type { presentIncomingDetail } from './incoming.presenter.js';
import { incomingNumber, parseData } from './incoming.service.js';
import { meetingWhen } from './meeting.js';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

// exceljs takes a second or more to load: load it on the first export, not at every server start.
const loadExcelJs = async () => (await import('exceljs')).default;

export const URGENCY_ZH: Record<DocumentTable['urgency'], string> = { normal: '平件', urgent: '加急', very_urgent: '特急' };
const FONT = '宋体';
const A4 = 9;
const THIN: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };

/** "2026-11-27 10:05" in the company's zone ("" for nothing). */
export function localTime(iso: string | null | undefined, tz: string): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

const localDate = (iso: string | null | undefined, tz: string) => localTime(iso, tz).slice(0, 10);

/** 秘密★1年: the level and, when given, the term (GB/T 9704 writes them so). */
export function classificationText(level: number, term: string | null | undefined): string {
  const name = CLASSIFICATION_LABELS[level]?.zh ?? String(level);
  return term ? `${name}★${term}` : name;
}

/** "Disposition" header for a download, with an ASCII fallback and the Chinese name. */
export function attachmentDisposition(ascii: string, name: string): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * A row height (points) that shows `text` wrapped in a merged cell `width` characters wide: Excel
 * does not grow rows of merged cells by itself, and a cut-off opinion on a printed slip is lost.
 */
function heightFor(text: string, width: number, min = 24): number {
  // Width units are the default font's digits (11 pt); a 12 pt CJK character takes about 2.3 of them.
  const lines = text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil([...line].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2.3 : 1.2), 0) / width)), 0);
  return Math.max(min, lines * 17 + 8);
}

// --- 办文单 ---

type SlipDetail = ReturnType<typeof presentIncomingDetail>;
type Reader = ReturnType<typeof presentReader>;

export interface SlipContext {
  tz: string;
  departmentName: (id: string) => string;
  readers: Reader[];
  printedBy: string;
  printedAt: string;
}

/** Who took `action` and when, from the trail: "王芳　2026-11-27 10:05". */
function signature(d: SlipDetail, action: string, tz: string): string {
  const step = [...d.trail].reverse().find((s) => s.action === action);
  return step ? `${step.actorName}　${localTime(step.at, tz)}` : '';
}

const withSignature = (text: string | null | undefined, sig: string) => (text ? (sig ? `${text}\n（${sig}）` : text) : '');

/** The processing slip: an A4 portrait sheet of labelled boxes, as the office prints it. */
export async function slipWorkbook(d: SlipDetail, c: SlipContext): Promise<Buffer> {
  const ExcelJS = await loadExcelJs();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Zongban';
  const ws = wb.addWorksheet('办文单', {
    pageSetup: { paperSize: A4, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true, margins: { left: 0.75, right: 0.6, top: 0.8, bottom: 0.7, header: 0.3, footer: 0.3 } },
    headerFooter: { oddFooter: '&C第 &P 页 共 &N 页' },
  });
  // Label, value, label, value: 88 characters, the width of an A4 page at 12 pt.
  const widths = [14, 30, 14, 30];
  ws.columns = widths.map((width) => ({ width }));
  const wide = widths[1] + widths[2] + widths[3];

  const title = ws.addRow([`${d.stamp.unit}收文处理单`]);
  ws.mergeCells(title.number, 1, title.number, 4);
  title.height = 40;
  title.getCell(1).font = { name: FONT, size: 20, bold: true };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };

  const box = (row: ExcelJS.Row, labels: number[]) => {
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.border = THIN;
      cell.font = { name: FONT, size: 12, bold: labels.includes(col) };
      cell.alignment = labels.includes(col) ? { horizontal: 'center', vertical: 'middle', wrapText: true } : { vertical: 'middle', wrapText: true };
    });
  };
  /** Two label/value pairs on one line. */
  const pair = (l1: string, v1: string, l2: string, v2: string) => {
    const row = ws.addRow([l1, v1, l2, v2]);
    row.height = Math.max(heightFor(v1, widths[1], 26), heightFor(v2, widths[3], 26));
    box(row, [1, 3]);
  };
  /** One label over the full width; `min` leaves room to write by hand on the printed page. */
  const wideRow = (label: string, value: string, min = 26) => {
    const row = ws.addRow([label, value, '', '']);
    ws.mergeCells(row.number, 2, row.number, 4);
    row.height = heightFor(value, wide, min);
    box(row, [1]);
    row.getCell(2).alignment = { vertical: 'top', wrapText: true };
  };

  pair('来文单位', d.sender ?? '', '来文字号', d.docNumber ?? '');
  wideRow('文件标题', d.title);
  pair('收文编号', d.stamp.number ?? '（未登记）', '收文日期', d.stamp.date);
  pair('文　　种', d.docKind, '密级', classificationText(d.classification, d.secrecyTerm));
  pair('紧急程度', URGENCY_ZH[d.urgency] ?? d.urgency, '页数 / 份数', [d.pages ? `${d.pages} 页` : '', d.copies ? `${d.copies} 份` : ''].filter(Boolean).join(' / '));
  // seed 二 3.2: the registration stamp — unit, number, date — as it is stamped on the first page.
  wideRow('收 文 章', `${d.stamp.unit}　　${d.stamp.number ?? '（未登记）'}　　${d.stamp.date}`);
  if (d.meeting) {
    pair('会议时间', meetingWhen(d.meeting, c.tz), '会议地点', d.meeting.place);
    if (d.meeting.decidedAt) wideRow('参会人员', withSignature([(d.meeting.attendeeNames ?? []).join('、'), d.meeting.note].filter(Boolean).join('\n'), `${d.meeting.decidedBy ?? ''}　${localTime(d.meeting.decidedAt, c.tz)}`));
  }
  wideRow('拟办意见', withSignature(d.proposal, signature(d, 'propose', c.tz)), 60);
  if (d.leaderOpinion !== null) wideRow('分管领导意见', withSignature(d.leaderOpinion, signature(d, 'leader_opine', c.tz)), 60);
  // The private 批示 (五 5.10): the presented detail holds its text only for those who may see it.
  const instruction = d.instruction ? withSignature(d.instruction.text, `${d.instruction.byName}　${localTime(d.instruction.at, c.tz)}`) : d.instructed ? '（已批示，分发后可见）' : '';
  wideRow('总经理批示', instruction, 80);
  const departments = d.leadDepartmentId ? [`主办：${c.departmentName(d.leadDepartmentId)}`, ...(d.coDepartmentIds.length ? [`协办：${d.coDepartmentIds.map(c.departmentName).join('、')}`] : [])].join('\n') : '';
  pair('承办部门', departments, '办理期限', d.deadline ?? '');
  wideRow('办理结果', d.results.map((r) => `${c.departmentName(r.departmentId)}：${r.result}（${r.byName}　${localTime(r.at, c.tz)}）`).join('\n'), 60);
  wideRow('传阅情况', c.readers.map((r) => `${r.departmentName ?? r.departmentId}：${r.stateLabel}${r.readAt ? `　${localTime(r.readAt, c.tz)}` : r.receivedAt ? `　收到 ${localTime(r.receivedAt, c.tz)}` : ''}`).join('\n'));
  wideRow('状　　态', d.stateLabel);

  const foot = ws.addRow([`登记人：${d.receipt.signedBy}　　打印：${c.printedBy}　${localTime(c.printedAt, c.tz)}`]);
  ws.mergeCells(foot.number, 1, foot.number, 4);
  foot.getCell(1).font = { name: FONT, size: 10 };
  foot.getCell(1).alignment = { horizontal: 'right' };
  ws.pageSetup.printArea = `A1:D${foot.number}`;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// --- 收文登记簿 ---

export type RegisterRow = Pick<
  DocumentTable,
  'id' | 'state' | 'year' | 'serial' | 'doc_number' | 'title' | 'doc_kind' | 'urgency' | 'classification' | 'secrecy_term' | 'sender' | 'pages' | 'copies' | 'received_at' | 'deadline' | 'lead_department_id' | 'data' | 'created_at'
>;

export interface RegisterContext {
  unit: string;
  tz: string;
  /** How the rows were chosen, printed under the title ("2026 年 · 加急 · 含“预算”"). */
  filters: string;
  departmentName: (id: string) => string;
  /** All matching rows; more than the rows given means the export was capped. */
  total: number;
  printedBy: string;
  printedAt: string;
}

const REGISTER_COLUMNS: { header: string; width: number }[] = [
  { header: '收文编号', width: 16 },
  { header: '收文日期', width: 12 },
  { header: '来文单位', width: 22 },
  { header: '来文字号', width: 20 },
  { header: '标题', width: 44 },
  { header: '文种', width: 10 },
  { header: '密级', width: 10 },
  { header: '紧急程度', width: 9 },
  { header: '页数', width: 6 },
  { header: '份数', width: 6 },
  { header: '投递人', width: 12 },
  { header: '签收人', width: 10 },
  { header: '封皮核对', width: 10 },
  { header: '回执', width: 8 },
  { header: '状态', width: 14 },
  { header: '承办部门', width: 20 },
  { header: '办理期限', width: 12 },
  { header: '备注', width: 30 },
];

function registerCells(r: RegisterRow, c: RegisterContext): (string | number)[] {
  const data = parseData(r);
  const check = data.addresseeCheck ? (data.addresseeCheck.matches ? '相符' : `不符${data.addresseeCheck.note ? `：${data.addresseeCheck.note}` : ''}`) : '';
  const slip = data.returnSlip.present ? (data.returnSlip.returnedAt ? '已退回' : '未退回') : '—';
  const lead = r.lead_department_id ? c.departmentName(r.lead_department_id) : '';
  const co = (data.coDepartmentIds ?? []).map(c.departmentName);
  const notes = [
    data.parts?.length ? `未装订，共 ${data.parts.length} 部分` : '',
    data.meeting ? `会议：${meetingWhen(data.meeting, c.tz)}，${data.meeting.place}` : '',
    data.internal ? '内部报送' : '',
  ].filter(Boolean);
  return [
    incomingNumber(r.year, r.serial) ?? '（未登记）',
    localDate(r.received_at ?? r.created_at, c.tz),
    r.sender ?? '',
    r.doc_number ?? '',
    r.title,
    r.doc_kind,
    classificationText(r.classification, r.secrecy_term),
    URGENCY_ZH[r.urgency] ?? r.urgency,
    r.pages ?? '',
    r.copies ?? '',
    data.receipt.deliveredBy,
    data.receipt.signedByName,
    check,
    slip,
    INCOMING_WORKFLOW.states[r.state as IncomingState]?.zh ?? r.state,
    [lead, ...co].filter(Boolean).join('、'),
    r.deadline ?? '',
    notes.join('；'),
  ];
}

/** The register: one row per document in number order, a header repeated on every printed page. */
export async function registerWorkbook(rows: RegisterRow[], c: RegisterContext): Promise<Buffer> {
  const ExcelJS = await loadExcelJs();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Zongban';
  const ws = wb.addWorksheet('收文登记簿', {
    views: [{ state: 'frozen', ySplit: 3 }],
    pageSetup: { paperSize: A4, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '3:3', margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 } },
    headerFooter: { oddFooter: '&C第 &P 页 共 &N 页' },
  });
  ws.columns = REGISTER_COLUMNS.map((col) => ({ width: col.width }));
  const last = REGISTER_COLUMNS.length;

  const title = ws.addRow([`${c.unit}收文登记簿`]);
  ws.mergeCells(1, 1, 1, last);
  title.height = 32;
  title.getCell(1).font = { name: FONT, size: 18, bold: true };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  const sub = ws.addRow([`${c.filters}　共 ${c.total} 件　导出：${c.printedBy} ${localTime(c.printedAt, c.tz)}`]);
  ws.mergeCells(2, 1, 2, last);
  sub.getCell(1).font = { name: FONT, size: 10 };
  sub.getCell(1).alignment = { horizontal: 'right' };

  const header = ws.addRow(REGISTER_COLUMNS.map((col) => col.header));
  header.eachCell((cell) => {
    cell.font = { name: FONT, size: 11, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = THIN;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
  });
  ws.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3, column: last } };
  // Numbers and dates stay text: Excel must not turn 收文日期 into a serial number or a zone.
  for (const r of rows) {
    const row = ws.addRow(registerCells(r, c));
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.font = { name: FONT, size: 10.5 };
      cell.alignment = { vertical: 'top', wrapText: true };
      cell.border = THIN;
    });
  }
  if (c.total > rows.length) {
    const note = ws.addRow([`仅导出前 ${rows.length} 件（共 ${c.total} 件），请按年度或其他条件缩小范围后分次导出。`]);
    ws.mergeCells(note.number, 1, note.number, last);
    note.getCell(1).font = { name: FONT, size: 11, bold: true, color: { argb: 'FFC00000' } };
  }
  ws.pageSetup.printArea = `A1:${ws.getColumn(last).letter}${ws.rowCount}`;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
