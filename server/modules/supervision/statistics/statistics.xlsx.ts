// 各单位督办统计 as an A4 sheet.
import type { Period } from './period.js';
import type { UnitFigure } from './statistics.service.js';

const FONT = '宋体';
const THIN = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } } as const;
const COLUMNS: [string, number][] = [
  ['单位', 18],
  ['事项数', 10],
  ['已办结', 10],
  ['按期完成', 10],
  ['按期完成率', 12],
  ['超期事项', 10],
  ['平均超期天数', 13],
  ['被催办次数', 12],
];

export async function unitFiguresWorkbook(figures: UnitFigure[], period: Period, note: string): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Zongban';
  const ws = wb.addWorksheet('各单位督办统计', {
    pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, horizontalCentered: true, printTitlesRow: '3:3' },
    headerFooter: { oddFooter: '&C第 &P 页 共 &N 页' },
  });
  ws.columns = COLUMNS.map(([, width]) => ({ width }));
  const title = ws.addRow([`各单位督办统计（${period.from} 至 ${period.to}）`]);
  ws.mergeCells(title.number, 1, title.number, COLUMNS.length);
  title.height = 30;
  title.getCell(1).font = { name: FONT, size: 16, bold: true };
  title.getCell(1).alignment = { horizontal: 'center', vertical: 'middle' };
  const sub = ws.addRow([note]);
  ws.mergeCells(sub.number, 1, sub.number, COLUMNS.length);
  sub.getCell(1).font = { name: FONT, size: 10 };
  const head = ws.addRow(COLUMNS.map(([h]) => h));
  head.eachCell((c) => {
    c.font = { name: FONT, size: 11, bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle' };
    c.border = THIN;
  });
  for (const f of figures) {
    const row = ws.addRow([f.departmentName, f.items, f.completed, f.completedOnTime, f.onTimeRate, f.lateItems, f.averageDaysLate, f.chasesReceived]);
    row.eachCell({ includeEmpty: true }, (c, n) => {
      c.font = { name: FONT, size: 11 };
      c.border = THIN;
      c.alignment = { horizontal: n === 1 ? 'left' : 'center' };
    });
    row.getCell(5).numFmt = '0.0%';
  }
  ws.pageSetup.printArea = `A1:H${ws.rowCount}`;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
