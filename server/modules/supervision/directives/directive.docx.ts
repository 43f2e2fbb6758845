// 指令落实情况 as a plain .docx for the GM: the documents module's OOXML builders and A4 page
// (GB/T 9704 margins, 3号仿宋 body, headings in 黑体/楷体), without a 公文's red header.
import { packageDocx, sectionXml, STYLE } from '../../documents/render/docx-parts.js';
import { LINE_PITCH } from '../../documents/render/gbt9704.js';
import { formatDocumentDate } from '../../documents/render/official-document.js';
import { paragraph, R_NS, run, W_NS } from '../../documents/render/ooxml.js';
import type { DirectiveReport } from './directive.report.js';
import { reasonText, statusText, summaryText } from './directive.xlsx.js';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const NUMERALS = '一二三四五六七八九十';
/** 1 → 一, 12 → 十二, 48 → 四十八 (headings of up to 99 sections; more are numbered in digits). */
export function chineseNumber(n: number): string {
  if (n < 1 || n > 99) return String(n);
  if (n <= 10) return NUMERALS[n - 1]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens > 1 ? NUMERALS[tens - 1] : ''}十${ones ? NUMERALS[ones - 1] : ''}`;
}

const line = (style: string, before: number | undefined, ...runs: string[]) => paragraph({ style, line: LINE_PITCH, ...(before !== undefined ? { before } : {}) }, ...runs);

export async function directiveReportDocx(rep: DirectiveReport, unit: string): Promise<Buffer> {
  const out: string[] = [];
  out.push(line(STYLE.title, 0, run(`${rep.title}\n落实情况`)));
  out.push(line(STYLE.addressee, LINE_PITCH, run('总经理：')));
  out.push(line(STYLE.body, undefined, run(summaryText(rep))));
  const groups: [string, DirectiveReport['rows']][] = [
    ['超期未完成', rep.rows.filter((r) => r.status === 'late')],
    ['正常推进', rep.rows.filter((r) => r.status === 'on_track')],
    ['已完成', rep.rows.filter((r) => r.status === 'done')],
  ];
  let section = 0;
  for (const [label, rows] of groups) {
    if (!rows.length) continue;
    section++;
    out.push(line(STYLE.body, undefined, run(`${chineseNumber(section)}、${label}（${rows.length} 项）`, { style: STYLE.hei })));
    rows.forEach((r, i) => {
      const who = [r.leadDepartmentName, r.leadPersonName].filter(Boolean).join(' ');
      out.push(line(STYLE.body, undefined, run(`（${chineseNumber(i + 1)}）`, { style: STYLE.kai }), run(`第 ${r.index} 项：${r.text}`)));
      const reason = reasonText(r);
      out.push(line(STYLE.body, undefined, run(`主办：${who}；期限：${r.deadline ?? '—'}；${r.number ? `督办编号：${r.number}；` : ''}${statusText(r)}，进度 ${r.progress}%${r.chases ? `，已催办 ${r.chases} 次` : ''}。${reason ? `${r.status === 'on_track' ? '最新进展' : '原因'}：${reason}` : ''}`)));
    });
  }
  out.push(line(STYLE.signature, LINE_PITCH, run(unit)));
  out.push(line(STYLE.signature, undefined, run(formatDocumentDate(rep.asOf))));
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${W_NS}" xmlns:r="${R_NS}"><w:body>${out.join('')}${sectionXml()}</w:body></w:document>`;
  return packageDocx(xml, `${rep.title}落实情况`);
}
