// 指令落实情况 as an A4 landscape sheet, as the office prints it for the GM on Saturday.
import { XLSX_MIME } from '../../documents/incoming/incoming.xlsx.js';
import { STATUS_LABELS, type DirectiveReport } from './directive.report.js';

export { XLSX_MIME };

const FONT = '宋体';
const THIN = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } } as const;

const COLUMNS: { header: string; width: number }[] = [
  { header: '序号', width: 6 },
  { header: '指令内容', width: 44 },
  { header: '主办单位', width: 14 },
  { header: '责任人', width: 10 },
  { header: '完成期限', width: 12 },
  { header: '督办编号', width: 16 },
  { header: '落实情况', width: 12 },
  { header: '进度', width: 7 },
  { header: '原因 / 最新进展', width: 44 },
  { header: '催办次数', width: 8 },
];

export function statusText(r: DirectiveReport['rows'][number]): string {
  if (r.status === 'done') return r.daysLate > 0 ? `已完成（超期 ${r.daysLate} 天）` : '已完成';
  if (r.status === 'late') return `超期 ${r.daysLate} 天`;
  return STATUS_LABELS.on_track.zh;
}

export function reasonText(r: DirectiveReport['rows'][number]): string {
  if (r.reason) return r.reasonSource === 'extension' ? `申请延期至 ${r.extension!.requestedDeadline}：${r.reason}` : r.reason;
  if (r.status === 'late' || r.daysLate > 0) return '（未说明原因）';
  return r.latestReport?.text ?? '';
}

export function summaryText(rep: DirectiveReport): string {
  const c = rep.counts;
  return `截至 ${rep.asOf}，共 ${c.total} 项：已完成 ${c.done} 项${c.doneLate ? `（其中超期完成 ${c.doneLate} 项）` : ''}，正常推进 ${c.on_track} 项，超期未完成 ${c.late} 项。`;
}

export async function directiveReportWorkbook(rep: DirectiveReport): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Zongban';
  const ws = wb.addWorksheet('指令落实情况', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true, printTitlesRow: '3:3', margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 } },
    headerFooter: { oddFooter: '&C第 &P 页 共 &N 页' },
  });
  ws.columns = COLUMNS.map((c) => ({ width: c.width }));
  const title = ws.addRow([`${rep.title} 落实情况`]);
  ws.mergeCells(title.number, 1, title.number, COLUMNS.length);
  title.height = 32;
  title.getCell(1).font = { name: FONT, size: 18, bold: true };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  const sub = ws.addRow([summaryText(rep)]);
  ws.mergeCells(sub.number, 1, sub.number, COLUMNS.length);
  sub.getCell(1).font = { name: FONT, size: 11 };
  const head = ws.addRow(COLUMNS.map((c) => c.header));
  head.eachCell((cell) => {
    cell.font = { name: FONT, size: 11, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = THIN;
  });
  for (const r of rep.rows) {
    const row = ws.addRow([r.index, r.text, r.leadDepartmentName, r.leadPersonName ?? '', r.deadline ?? '', r.number ?? '', statusText(r), `${r.progress}%`, reasonText(r), r.chases]);
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.font = { name: FONT, size: 11, ...(col === 7 && r.status === 'late' ? { color: { argb: 'FFC00000' }, bold: true } : {}) };
      cell.alignment = { vertical: 'top', wrapText: true, ...([1, 5, 7, 8, 10].includes(col) ? { horizontal: 'center' as const } : {}) };
      cell.border = THIN;
    });
  }
  ws.pageSetup.printArea = `A1:J${ws.rowCount}`;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
