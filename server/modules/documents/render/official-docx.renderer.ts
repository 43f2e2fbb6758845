// Lays out an official document (公文) as .docx in the GB/T 9704-2012 format: 版头 (份号, 密级,
// 紧急程度, red 发文机关标志, 发文字号 and 签发人, red separator), 主体 (标题 … 附件) and 版记 at the
// foot of the last page. Section references (§) are to the standard.
import {
  cells,
  CHARS_PER_LINE,
  LINE_PITCH,
  MARGIN,
  ORGAN_MARK_TOP,
  organMarkSize,
  RECORD_CHAR,
  RED,
  RULE,
  TEXT_AREA,
  textCells,
} from './gbt9704.js';
import { packageDocx, sectionXml, STYLE } from './docx-parts.js';
import { borderXml, paragraph, R_NS, run, W_NS, type ParagraphProps } from './ooxml.js';
import {
  checkOfficialDocument,
  formatClassification,
  formatDocumentDate,
  type AttachmentPage,
  type BodyParagraph,
  type OfficialDocument,
} from './official-document.js';

/** One blank 3号 line, the unit of the standard's "空一行" / "空二行". */
const BLANK_LINE = LINE_PITCH;

/** Produces the .docx bytes of a document; refuses (validation_failed) one that misses an element. */
export async function renderOfficialDocx(doc: OfficialDocument): Promise<Buffer> {
  checkOfficialDocument(doc);
  const body = [
    ...header(doc),
    ...mainText(doc),
    ...(doc.attachments ?? []).flatMap((page) => attachmentPage(page, doc.attachmentNotes ?? [])),
    ...record(doc),
  ].join('');
  const xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<w:document xmlns:w="${W_NS}" xmlns:r="${R_NS}"><w:body>${body}${sectionXml()}</w:body></w:document>`;
  return packageDocx(xml, doc.title.replace(/\n/g, ''));
}

const line = (props: Omit<ParagraphProps, 'line'>, ...runs: string[]) => paragraph({ ...props, line: LINE_PITCH }, ...runs);

/**
 * A glyph's top edge lies below its line's top by the room above the text in an exact-height
 * line: Word and LibreOffice both put the baseline at 80 % of such a line, and an ideograph's ink
 * rises about 0.84 of its size above the baseline. With the mark's line at 1.25 × its size the
 * ink starts 0.8 × 1.25 − 0.84 = 0.16 × the size below the line's top, so the paragraph starts
 * that much higher (measured in LibreOffice: 72.0 mm from the paper's top for 35 mm in the 版心).
 */
const MARK_LINE_FACTOR = 1.25;
const MARK_GLYPH_OFFSET = 0.16;

/** 版头 (§7.2). */
function header(doc: OfficialDocument): string[] {
  const out: string[] = [];
  // §7.2.1–7.2.3: 份号, 密级和保密期限, 紧急程度 top left, one per line, in this order.
  const markings: string[] = [];
  if (doc.copyNumber) markings.push(run(doc.copyNumber));
  if (doc.classification) markings.push(run(formatClassification(doc.classification), { style: STYLE.hei }));
  if (doc.urgency) markings.push(run(doc.urgency, { style: STYLE.hei }));
  for (const r of markings) out.push(line({ style: STYLE.marking }, r));

  // §7.2.4: the mark's top edge 35 mm under the 版心's top, centred, red.
  const size = organMarkSize(doc.organMark);
  const sizeTwips = size * 10;
  const before = ORGAN_MARK_TOP - markings.length * LINE_PITCH - Math.round(MARK_GLYPH_OFFSET * sizeTwips);
  out.push(
    paragraph(
      { style: STYLE.organMark, before, line: Math.round(sizeTwips * MARK_LINE_FACTOR) },
      run(doc.organMark, { size, color: RED }),
    ),
  );
  out.push(...numberLines(doc));
  return out;
}

/**
 * The red separator (§7.2.7) under the number: as wide as the 版心 and 4 mm below the number. It is
 * the number paragraph's bottom border, whose distance counts from the bottom of the 579-twip
 * line; with the baseline at 80 % of the line the characters end about 1.1 mm above that bottom,
 * so 6 pt (2.1 mm) more puts the rule 4 mm under them (measured in LibreOffice: 4.0 mm).
 */
const SEPARATOR = { size: 8, color: RED, space: 6 };

/**
 * §7.2.5–7.2.6: 发文字号 two blank lines under the mark. A downward document centres it; an upward
 * one (签发人 given) puts it one character in from the left, on the line of the last signer, and
 * sets "签发人：" plus the names one character in from the right, two names a line, later lines
 * aligned under the first name.
 */
function numberLines(doc: OfficialDocument): string[] {
  const first = { before: 2 * BLANK_LINE };
  if (!doc.signers?.length) {
    return [line({ style: STYLE.issueNumber, ...first, borders: { bottom: SEPARATOR } }, run(doc.issueNumber))];
  }
  const rows: string[][] = [];
  for (let i = 0; i < doc.signers.length; i += 2) rows.push(doc.signers.slice(i, i + 2));
  const colA = Math.max(...rows.map((r) => textCells(r[0]!)));
  const colB = Math.max(0, ...rows.map((r) => (r[1] ? textCells(r[1]) : 0)));
  const widest = colA + (colB ? 1 + colB : 0);
  const labelAt = CHARS_PER_LINE - 1 - widest - textCells('签发人：');
  const nameAt = labelAt + textCells('签发人：');
  const secondAt = nameAt + colA + 1;
  const tabs = [1, labelAt, nameAt, secondAt].map((c) => ({ at: cells(c) }));
  return rows.map((names, i) => {
    const last = i === rows.length - 1;
    const runs: string[] = [];
    runs.push(run(last ? `\t${doc.issueNumber}\t` : '\t\t'));
    runs.push(i === 0 ? run('签发人：') : run('\t'));
    runs.push(run(names.join('\t'), { style: STYLE.kai }));
    return line(
      { style: STYLE.issueNumber, ...(i === 0 ? first : {}), tabs, align: 'left', ...(last ? { borders: { bottom: SEPARATOR } } : {}) },
      ...runs,
    );
  });
}

/** 主体 (§7.3): 标题, 主送机关, 正文, 附件说明, 署名, 成文日期, 印章, 附注. */
function mainText(doc: OfficialDocument): string[] {
  const out: string[] = [];
  // §7.3.1 title two blank lines under the separator, centred, lines broken where the drafter chose.
  out.push(line({ style: STYLE.title, before: 2 * BLANK_LINE }, run(doc.title)));
  // §7.3.2 主送机关 one blank line under the title, flush left, ending with a full-width colon.
  if (doc.addressee) {
    const text = doc.addressee.replace(/[：:]$/, '');
    out.push(line({ style: STYLE.addressee, before: BLANK_LINE }, run(`${text}：`)));
  }
  // §7.3.3 正文 from the next line, two characters in.
  out.push(...doc.body.map((p, i) => bodyParagraph(p, !doc.addressee && i === 0 ? BLANK_LINE : undefined)));
  out.push(...attachmentNotes(doc.attachmentNotes ?? []));
  out.push(...signature(doc));
  // §7.3.6 附注 on the line under the date, two characters in, in parentheses.
  if (doc.remark) {
    const text = /^[（(].*[）)]$/.test(doc.remark) ? doc.remark : `（${doc.remark}）`;
    out.push(line({ style: STYLE.remark }, run(text)));
  }
  return out;
}

/** A paragraph of 正文: headings 一、 in 黑体 and （一） in 楷体, 1. and （1） in the body's 仿宋 (§7.3.3). */
function bodyParagraph(p: BodyParagraph, before?: number): string {
  const props = { style: STYLE.body, ...(before !== undefined ? { before } : {}) };
  if (typeof p === 'string') return line(props, run(p));
  const style = p.level === 1 ? STYLE.hei : p.level === 2 ? STYLE.kai : undefined;
  return line(props, run(p.heading, style ? { style } : {}), ...(p.text ? [run(p.text)] : []));
}

/**
 * §7.3.4 附件说明: one blank line under the text, two characters in, "附件：" then the names; with
 * several, numbered "1." …, and every name (and its wrapped lines) starts in the same column.
 */
function attachmentNotes(notes: string[]): string[] {
  if (!notes.length) return [];
  const lead = 2 + textCells('附件：');
  const numbers = notes.map((_, i) => (notes.length > 1 ? `${i + 1}.` : ''));
  const nameAt = lead + Math.max(...numbers.map(textCells));
  return notes.map((name, i) => {
    const startsAt = i === 0 ? 2 : lead;
    const hanging = nameAt - startsAt;
    return line(
      {
        style: STYLE.attachmentNote,
        ...(i === 0 ? { before: BLANK_LINE } : {}),
        indent: { left: cells(nameAt), hanging: cells(hanging) },
      },
      run(`${i === 0 ? '附件：' : ''}${numbers[i]}${name}`),
    );
  });
}

/**
 * §7.3.5 署名 and 成文日期. Sealed (§7.3.5.1): the date four characters from the right, the issuer
 * centred over it, and room above for the seal, whose top must lie within a line of the text: a
 * blank line, then the line holding the placeholder note. Unsealed (§7.3.5.2): one blank line, the
 * issuer two characters from the right, the date on the next line starting two characters to the
 * right of the issuer's first character; where that would bring the date nearer than two
 * characters to the right edge (the standard's "成文日期长于发文机关署名"), the date keeps two and
 * the issuer moves left to keep the offset.
 */
function signature(doc: OfficialDocument): string[] {
  const issuer = doc.issuer;
  const date = formatDocumentDate(doc.issuedOn);
  const wIssuer = textCells(issuer);
  const wDate = textCells(date);
  let issuerRight: number;
  let dateRight: number;
  if (doc.seal) {
    dateRight = 4;
    issuerRight = Math.max(0, dateRight + (wDate - wIssuer) / 2);
  } else {
    issuerRight = 2;
    dateRight = wIssuer - wDate;
    if (dateRight < 2) {
      dateRight = 2;
      issuerRight = dateRight + 2 + wDate - wIssuer;
    }
  }
  const right = (n: number) => ({ indent: { right: cells(n) } });
  const out: string[] = [];
  if (doc.seal) {
    const note = doc.seal.note ?? '（此处加盖发文机关印章）';
    const dateCentreFromRight = cells(dateRight + wDate / 2);
    out.push(
      line(
        { style: STYLE.sealNote, before: BLANK_LINE, indent: { left: TEXT_AREA.width - 2 * dateCentreFromRight }, align: 'center' },
        run(note),
      ),
    );
  }
  out.push(line({ style: STYLE.signature, ...(doc.seal ? {} : { before: BLANK_LINE }), ...right(issuerRight) }, run(issuer)));
  out.push(line({ style: STYLE.signature, ...right(dateRight) }, run(date)));
  return out;
}

/**
 * §7.3.7 附件: on a new page; "附件" and its number in 黑体 flush left on the first line, the title
 * centred on the third line, then the text formatted as the main text.
 */
function attachmentPage(page: AttachmentPage, notes: string[]): string[] {
  const label = notes.length > 1 ? `附件${notes.indexOf(page.title) + 1}` : '附件';
  return [
    line({ style: STYLE.attachmentLabel, pageBreakBefore: true }, run(label)),
    line({ style: STYLE.title, before: BLANK_LINE }, run(page.title)),
    ...page.paragraphs.map((p, i) => bodyParagraph(p, i === 0 ? BLANK_LINE : undefined)),
  ];
}

/**
 * 版记 (§7.4): 抄送 and 印发机关/印发日期 in 4号仿宋 between rules as wide as the 版心, the first and
 * last thick, the one between thin, the last on the 版心's bottom edge of the last page. It is a
 * one-column table floating at the bottom of the text area (tblpPr vertAnchor="margin"
 * tblpYSpec="bottom"), so it sits at the foot whatever the text above fills, and moves to a new
 * page with its anchor paragraph when there is no room. Horizontally it is placed from the
 * page's edge at the binding margin: LibreOffice (before 7.6) floats a table as wide as the text
 * area only when it is positioned relative to the page, and leaves it inline otherwise.
 */
function record(doc: OfficialDocument): string[] {
  const width = TEXT_AREA.width;
  const rows: string[] = [];
  if (doc.copyTo?.length) {
    // §7.4.2 one character in from both sides; wrapped lines start under the first name.
    const label = '抄送：';
    const hang = textCells(label) * RECORD_CHAR;
    const names = doc.copyTo.map((n) => n.replace(/[，。,.]$/, '')).join('，');
    rows.push(
      paragraph(
        { style: STYLE.record, indent: { left: RECORD_CHAR + hang, hanging: hang, right: RECORD_CHAR } },
        run(`${label}${names}。`),
      ),
    );
  }
  // §7.4.3 印发机关 one character from the left, 印发日期 one from the right, then 印发.
  rows.push(
    paragraph(
      { style: STYLE.record, tabs: [{ at: width - RECORD_CHAR, align: 'right' }], indent: { left: RECORD_CHAR } },
      run(`${doc.printing.organ}\t${formatDocumentDate(doc.printing.date)}印发`),
    ),
  );
  const black = (thickness: number) => ({ size: thickness, color: '000000' });
  const borders =
    borderXml('top', black(RULE.thick)) +
    '<w:left w:val="nil"/>' +
    borderXml('bottom', black(RULE.thick)) +
    '<w:right w:val="nil"/>' +
    borderXml('insideH', black(RULE.thin)) +
    '<w:insideV w:val="nil"/>';
  const zero = (side: string) => `<w:${side} w:w="0" w:type="dxa"/>`;
  const table =
    '<w:tbl><w:tblPr>' +
    '<w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" w:bottomFromText="0"' +
    ` w:vertAnchor="margin" w:horzAnchor="page" w:tblpX="${MARGIN.left}" w:tblpYSpec="bottom"/>` +
    '<w:tblOverlap w:val="never"/>' +
    `<w:tblW w:w="${width}" w:type="dxa"/>` +
    `<w:tblBorders>${borders}</w:tblBorders><w:tblLayout w:type="fixed"/>` +
    `<w:tblCellMar>${['top', 'left', 'bottom', 'right'].map(zero).join('')}</w:tblCellMar>` +
    '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>' +
    `</w:tblPr><w:tblGrid><w:gridCol w:w="${width}"/></w:tblGrid>` +
    rows
      .map(
        (p) =>
          `<w:tr><w:trPr><w:trHeight w:val="${LINE_PITCH}" w:hRule="atLeast"/></w:trPr>` +
          `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>${p}</w:tc></w:tr>`,
      )
      .join('') +
    '</w:tbl>';
  // Rows are one 3号 line high at least, the 4号 text single-spaced and centred in them.
  // The table's anchor: a 1 pt high paragraph, so it never pushes the 版记 onto a page of its own.
  return [table, paragraph({ style: STYLE.record, line: 20 })];
}
