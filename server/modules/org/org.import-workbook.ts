// The .xlsx side of the org import: the template, and reading a file into rows of text with
// their Excel row numbers. Checking the rows is org.import.ts's job.
import type ExcelJS from 'exceljs';
import { AppError } from '../../platform/errors.js';
import { DEPARTMENT_COLUMNS, DEPARTMENT_SHEET, PEOPLE_COLUMNS, PEOPLE_SHEET, REFUSED_HEADERS, type ImportColumn } from './org.import.schema.js';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_ROWS = 20_000;
// What the zip may inflate to: a 20,000-row sheet is a few MB; more is a zip bomb, not a roster.
const MAX_UNZIPPED_BYTES = 100 * 1024 * 1024;

// exceljs takes a second or more to load: load it on the first import, not at every server start.
const loadExcelJs = async () => (await import('exceljs')).default;

export interface ImportRowError {
  sheet: string;
  /** The Excel row number (the header is row 1). */
  row: number;
  column: string | null;
  message: string;
}

export interface SheetRow<K extends string> {
  row: number;
  values: Record<K, string>;
}

// --- the template ---

function addSheet<K extends string>(wb: ExcelJS.Workbook, name: string, columns: ImportColumn<K>[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.note = `${c.note}\n第 2 行是示例，可修改或删除。`;
    if (c.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
    // Codes, phone numbers and passwords are text: Excel must not turn 0123 into 123.
    if (typeof c.example === 'string') ws.getColumn(i + 1).numFmt = '@';
  });
  ws.addRow(Object.fromEntries(columns.map((c) => [c.key, c.example])));
}

/** The .xlsx template: sheets 部门 and 人员, a header row and an example row each. */
export async function buildImportTemplate(): Promise<Buffer> {
  const wb = new (await loadExcelJs()).Workbook();
  wb.creator = 'Zongban';
  addSheet(wb, DEPARTMENT_SHEET, DEPARTMENT_COLUMNS);
  addSheet(wb, PEOPLE_SHEET, PEOPLE_COLUMNS);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// --- reading the file ---

const isZip = (b: Buffer) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** Sum of the sizes the zip's central directory declares; null when it cannot be read. */
function declaredUnzippedSize(b: Buffer): number | null {
  const floor = Math.max(0, b.length - 22 - 0xffff);
  for (let i = b.length - 22; i >= floor; i--) {
    if (b.readUInt32LE(i) !== 0x06054b50) continue;
    const count = b.readUInt16LE(i + 10);
    let p = b.readUInt32LE(i + 16);
    let total = 0;
    for (let n = 0; n < count; n++) {
      if (p + 46 > b.length || b.readUInt32LE(p) !== 0x02014b50) return null;
      const size = b.readUInt32LE(p + 24);
      if (size === 0xffffffff) return null; // zip64: no spreadsheet program writes it for a roster
      total += size;
      p += 46 + b.readUInt16LE(p + 28) + b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32);
    }
    return total;
  }
  return null;
}

export async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const notXlsx = () => new AppError('unsupported_media_type', '请上传 Excel .xlsx 文件（Excel 2007 及以上格式）');
  if (!isZip(bytes)) throw notXlsx();
  const size = declaredUnzippedSize(bytes);
  if (size === null) throw notXlsx();
  if (size > MAX_UNZIPPED_BYTES) throw new AppError('payload_too_large', '文件解压后过大');
  const wb = new (await loadExcelJs()).Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw notXlsx();
  }
  return wb;
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v.trim();
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return (cell.text ?? '').trim(); // rich text, hyperlinks (e-mail addresses), formula results
}

const normaliseHeader = (s: string) => s.replace(/[\s*＊]/g, '');

export function readSheet<K extends string>(ws: ExcelJS.Worksheet, columns: ImportColumn<K>[], errors: ImportRowError[]): SheetRow<K>[] {
  const sheet = ws.name;
  const colOf = new Map<K, number>();
  ws.getRow(1).eachCell((cell, col) => {
    const h = normaliseHeader(cellText(cell));
    const def = columns.find((c) => c.header === h);
    if (def && !colOf.has(def.key)) colOf.set(def.key, col);
    if (REFUSED_HEADERS.includes(h)) errors.push({ sheet, row: 1, column: h, message: '涉密等级不能通过导入设定，由保密员在系统中设定；请删除此列' });
  });
  for (const c of columns) {
    if (c.required && !colOf.has(c.key)) errors.push({ sheet, row: 1, column: c.header, message: `缺少必填列“${c.header}”` });
  }
  const rows: SheetRow<K>[] = [];
  ws.eachRow((row, rowNumber) => {
    if (rowNumber === 1) return;
    const values = {} as Record<K, string>;
    let any = false;
    for (const c of columns) {
      const col = colOf.get(c.key);
      values[c.key] = col ? cellText(row.getCell(col)) : '';
      if (values[c.key]) any = true;
    }
    if (any) rows.push({ row: rowNumber, values });
  });
  if (rows.length > MAX_ROWS) errors.push({ sheet, row: rows[MAX_ROWS].row, column: null, message: `每张工作表最多 ${MAX_ROWS} 行` });
  return rows.slice(0, MAX_ROWS);
}
