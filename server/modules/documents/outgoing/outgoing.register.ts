// 发文登记簿 (.xlsx): the office's register of outgoing documents, one row per document the caller
// may read, with its number, kind, classification, drafter, sign-off, dispatch and receipts.
import type ExcelJS from 'exceljs';
import { CLASSIFICATION_LABELS } from '../../../../common/classification.js';
import { OUTGOING_WORKFLOW, type OutgoingState } from '../../../../common/workflow/outgoing.workflow.js';
import { todayIn } from '../../../platform/calendar/work-calendar.js';
import { URGENCY_ZH, XLSX_MIME } from '../incoming/incoming.xlsx.js';
import type { OutgoingRepository } from './outgoing.repository.js';
import { dataOf } from './outgoing.service.js';

export { XLSX_MIME };
export const REGISTER_SHEET = '发文登记簿';
/** A year's register is a few thousand rows; the cap keeps one request from building an unbounded file. */
export const REGISTER_MAX_ROWS = 50_000;

// exceljs takes a second or more to load: load it on the first export, not at every server start.
const loadExcelJs = async () => (await import('exceljs')).default;

export type RegisterRow = Awaited<ReturnType<OutgoingRepository['registerRows']>>[number];

const COLUMNS: { header: string; key: string; width: number }[] = [
  { header: '序号', key: 'seq', width: 6 },
  { header: '发文字号', key: 'number', width: 24 },
  { header: '标题', key: 'title', width: 44 },
  { header: '文种', key: 'kind', width: 8 },
  { header: '密级', key: 'classification', width: 8 },
  { header: '紧急程度', key: 'urgency', width: 9 },
  { header: '拟稿部门', key: 'department', width: 12 },
  { header: '拟稿人', key: 'drafter', width: 10 },
  { header: '签发人', key: 'signer', width: 10 },
  { header: '签发日期', key: 'signedOn', width: 12 },
  { header: '主送', key: 'addressee', width: 20 },
  { header: '抄送', key: 'cc', width: 20 },
  { header: '状态', key: 'state', width: 10 },
  { header: '核发日期', key: 'dispatchedOn', width: 12 },
  { header: '送达确认', key: 'receipts', width: 10 },
  { header: '存档份数', key: 'fileCopies', width: 14 },
];

/** The workbook's bytes; dates are the company's calendar dates. */
export async function registerWorkbook(rows: RegisterRow[], tz: string, title: string): Promise<Buffer> {
  const ExcelJS = await loadExcelJs();
  const wb = new ExcelJS.Workbook();
  const ws: ExcelJS.Worksheet = wb.addWorksheet(REGISTER_SHEET, {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
    views: [{ state: 'frozen', ySplit: 1 }],
    headerFooter: { oddHeader: `&C${title}`, oddFooter: '&C— &P —' },
  });
  ws.columns = COLUMNS;
  ws.getRow(1).font = { bold: true };
  const day = (iso: string | null) => (iso ? todayIn(tz, new Date(iso)) : '');
  rows.forEach((r, i) => {
    const signoff = dataOf(r).signoff;
    const deliveries = Number(r.deliveries ?? 0);
    ws.addRow({
      seq: i + 1,
      number: r.doc_number ?? '',
      title: r.title,
      kind: r.doc_kind,
      classification: `${CLASSIFICATION_LABELS[r.classification]?.zh ?? r.classification}${r.secrecy_term ? `★${r.secrecy_term}` : ''}`,
      urgency: URGENCY_ZH[r.urgency] ?? r.urgency,
      department: r.department_name ?? '',
      drafter: r.drafter_name ?? '',
      signer: signoff?.signerName ?? '',
      signedOn: signoff?.signedOn ?? '',
      addressee: r.addressee ?? '',
      cc: r.cc ?? '',
      state: OUTGOING_WORKFLOW.states[r.state as OutgoingState]?.zh ?? r.state,
      dispatchedOn: day(r.dispatched_at),
      receipts: deliveries ? `${Number(r.confirmed ?? 0)}/${deliveries}` : '',
      fileCopies: r.dispatched_at ? `发文稿1份、文件${Number(r.copies ?? 0)}份` : '',
    });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
