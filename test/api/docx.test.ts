// The official document as .docx (GB/T 9704-2012), read back from the package: page and margins,
// the 22 × 28 grid, fonts and sizes, the red mark and separator, every element in its order, the
// odd and even page numbers, the 版记 rules and the date form. Pure: no server, no database. The
// expected measures are written here from the standard in millimetres, apart from the renderer's
// own constants, so a wrong constant cannot pass its own test.
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../server/platform/errors.js';
import { formatDocumentDate, renderOfficialDocx, type OfficialDocument } from '../../server/modules/documents/render/index.js';
import { SAMPLE_OFFICIAL_DOCUMENT as SAMPLE } from '../../server/modules/documents/render/sample-official-document.js';

const TWIPS_PER_MM = 1440 / 25.4;
const toMm = (twips: number) => twips / TWIPS_PER_MM;

interface Package {
  files: string[];
  part: (name: string) => string;
}

async function open(doc: OfficialDocument): Promise<Package> {
  const zip = await JSZip.loadAsync(await renderOfficialDocx(doc));
  const files = Object.keys(zip.files);
  const parts = new Map<string, string>();
  for (const f of files) parts.set(f, await zip.file(f)!.async('string'));
  return { files, part: (name) => parts.get(name) ?? '' };
}

/** Every tag closed in order and no bare ampersand: what an XML parser needs to open the part. */
function wellFormed(xml: string): boolean {
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([A-Za-z_][\w:.-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (selfClosing) continue;
    if (closing) {
      if (stack.pop() !== name) return false;
    } else stack.push(name!);
  }
  return stack.length === 0 && !/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(xml);
}

const attr = (xml: string, element: string, name: string): string | undefined =>
  new RegExp(`<${element}\\b[^>]*\\s${name}="([^"]*)"`).exec(xml)?.[1];

interface Para {
  xml: string;
  style: string;
  text: string;
}

function paragraphs(xml: string): Para[] {
  return [...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>/g)].map((m) => {
    const p = m[1]!;
    const text = [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>|<w:br\/>/g)]
      .map((t) => (t[0] === '<w:tab/>' ? '\t' : t[0] === '<w:br/>' ? '\n' : t[1]))
      .join('');
    return { xml: p, style: /<w:pStyle w:val="([^"]+)"/.exec(p)?.[1] ?? '', text };
  });
}

function styleXml(styles: string, id: string): string {
  const m = new RegExp(`<w:style [^>]*w:styleId="${id}"[\\s\\S]*?</w:style>`).exec(styles);
  expect(m, `style ${id}`).not.toBeNull();
  return m![0];
}

describe('official document (公文) as .docx in the GB/T 9704-2012 layout', () => {
  it('is a complete, well-formed WordprocessingML package', async () => {
    const pkg = await open(SAMPLE);
    const types = pkg.part('[Content_Types].xml');
    for (const name of ['word/document.xml', 'word/styles.xml', 'word/settings.xml', 'word/fontTable.xml', 'word/footer1.xml', 'word/footer2.xml']) {
      expect(pkg.files).toContain(name);
      expect(types).toContain(`PartName="/${name}"`);
    }
    // Every relationship points at a part that exists.
    for (const [rels, base] of [['_rels/.rels', ''], ['word/_rels/document.xml.rels', 'word/']] as const) {
      const targets = [...pkg.part(rels).matchAll(/Target="([^"]+)"/g)].map((m) => base + m[1]);
      expect(targets.length).toBeGreaterThan(2);
      for (const t of targets) expect(pkg.files, t).toContain(t);
    }
    for (const f of pkg.files.filter((n) => n.endsWith('.xml') || n.endsWith('.rels'))) {
      expect(wellFormed(pkg.part(f)), f).toBe(true);
    }
    // The same document gives the same bytes (fixed zip dates), so a stored copy can be compared.
    expect((await renderOfficialDocx(SAMPLE)).equals(await renderOfficialDocx(SAMPLE))).toBe(true);
  });

  it('sets A4 with 37 mm top, 28 mm left margins and a 156 × 225 mm 版心', async () => {
    const sect = /<w:sectPr>[\s\S]*<\/w:sectPr>/.exec((await open(SAMPLE)).part('word/document.xml'))![0];
    const n = (el: string, a: string) => Number(attr(sect, el, a));
    expect([n('w:pgSz', 'w:w'), n('w:pgSz', 'w:h')]).toEqual([11906, 16838]);
    expect(toMm(n('w:pgSz', 'w:w'))).toBeCloseTo(210, 1);
    expect(toMm(n('w:pgSz', 'w:h'))).toBeCloseTo(297, 1);
    expect({ top: n('w:pgMar', 'w:top'), left: n('w:pgMar', 'w:left'), right: n('w:pgMar', 'w:right'), bottom: n('w:pgMar', 'w:bottom') }).toEqual({
      top: 2098,
      left: 1587,
      right: 1474,
      bottom: 1984,
    });
    expect(toMm(n('w:pgMar', 'w:top'))).toBeCloseTo(37, 1);
    expect(toMm(n('w:pgMar', 'w:left'))).toBeCloseTo(28, 1);
    expect(toMm(n('w:pgSz', 'w:w') - n('w:pgMar', 'w:left') - n('w:pgMar', 'w:right'))).toBeCloseTo(156, 1);
    expect(toMm(n('w:pgSz', 'w:h') - n('w:pgMar', 'w:top') - n('w:pgMar', 'w:bottom'))).toBeCloseTo(225, 1);
    expect(n('w:pgMar', 'w:gutter')).toBe(0);
  });

  it('declares a grid of 22 lines × 28 characters for 3号 (16 pt) type', async () => {
    const pkg = await open(SAMPLE);
    const doc = pkg.part('word/document.xml');
    expect(attr(doc, 'w:docGrid', 'w:type')).toBe('linesAndChars');
    const pitch = Number(attr(doc, 'w:docGrid', 'w:linePitch'));
    const charSpace = Number(attr(doc, 'w:docGrid', 'w:charSpace'));
    expect([pitch, charSpace]).toEqual([579, -842]);
    // Word's arithmetic: lines = floor(text height / pitch); characters = floor(width / (size +
    // charSpace / 4096 pt)), the size being the default (Normal) font's, 16 pt here.
    const heightTwips = 16838 - 2098 - 1984;
    const widthPt = (11906 - 1587 - 1474) / 20;
    expect(Math.floor(heightTwips / pitch)).toBe(22);
    expect(Math.floor(widthPt / (16 + charSpace / 4096))).toBe(28);
    expect(attr(styleXml(pkg.part('word/styles.xml'), 'Normal'), 'w:sz', 'w:val')).toBe('32');
    // Every body line is exactly one grid line high, so a page holds 22 lines whatever the font;
    // a body character advances 16 pt less 8 twips, so 28 fit on a line and 29 do not.
    const normal = styleXml(pkg.part('word/styles.xml'), 'Normal');
    expect(normal).toContain('<w:spacing w:before="0" w:after="0" w:line="579" w:lineRule="exact"/>');
    const advance = 320 + Number(/<w:spacing w:val="(-?\d+)"\/>/.exec(normal)![1]);
    expect(28 * advance).toBeLessThanOrEqual(11906 - 1587 - 1474);
    expect(29 * advance).toBeGreaterThan(11906 - 1587 - 1474);
  });

  it('sets the body in 3号仿宋, the title in 2号小标宋, headings in 黑体 and 楷体', async () => {
    const pkg = await open(SAMPLE);
    const styles = pkg.part('word/styles.xml');
    const defaults = /<w:docDefaults>[\s\S]*<\/w:docDefaults>/.exec(styles)![0];
    expect(attr(defaults, 'w:rFonts', 'w:eastAsia')).toBe('仿宋_GB2312');
    expect(attr(defaults, 'w:rFonts', 'w:ascii')).toBe('仿宋_GB2312');
    expect(attr(defaults, 'w:sz', 'w:val')).toBe('32');
    expect(attr(defaults, 'w:lang', 'w:eastAsia')).toBe('zh-CN');
    const title = styleXml(styles, 'GwTitle');
    expect(attr(title, 'w:rFonts', 'w:eastAsia')).toBe('方正小标宋简体');
    expect(attr(title, 'w:sz', 'w:val')).toBe('44');
    expect(title).toContain('<w:jc w:val="center"/>');
    expect(attr(styleXml(styles, 'GwHei'), 'w:rFonts', 'w:eastAsia')).toBe('黑体');
    expect(attr(styleXml(styles, 'GwKai'), 'w:rFonts', 'w:eastAsia')).toBe('楷体_GB2312');
    expect(attr(styleXml(styles, 'GwRecord'), 'w:sz', 'w:val')).toBe('28'); // 版记 in 4号
    // A machine without 仿宋_GB2312 falls back to 仿宋 (FangSong), which current Windows ships.
    const fonts = pkg.part('word/fontTable.xml');
    expect(fonts).toMatch(/<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"\/><w:charset w:val="86"\/>/);
    expect(fonts).toMatch(/<w:font w:name="楷体_GB2312"><w:altName w:val="楷体"\/>/);

    const body = paragraphs(pkg.part('word/document.xml'));
    const find = (text: string) => body.find((p) => p.text.startsWith(text))!;
    expect(find('一、总体要求').xml).toContain('<w:rStyle w:val="GwHei"/>');
    const second = find('（一）坚持实事求是。');
    expect(second.xml).toMatch(/<w:rStyle w:val="GwKai"\/><\/w:rPr><w:t xml:space="preserve">（一）坚持实事求是。<\/w:t>/);
    // The sentence after the heading is ordinary 仿宋 text in the same paragraph.
    expect(second.xml).toMatch(/<w:r><w:t xml:space="preserve">公文内容要符合/);
    for (const third of ['1.严格执行', '（1）发文须经']) expect(find(third).xml).not.toMatch(/GwHei|GwKai/);
    for (const p of body.filter((x) => x.style === 'GwBody')) expect(p.text.length).toBeGreaterThan(0);
    expect(attr(styleXml(styles, 'GwBody'), 'w:ind', 'w:firstLine')).toBe(String(2 * 312)); // 左空二字
  });

  it('prints the 发文机关标志 in red, centred, and a red separator as wide as the 版心 under the number', async () => {
    const body = paragraphs((await open(SAMPLE)).part('word/document.xml'));
    const mark = body.find((p) => p.text === '示例集团有限公司文件')!;
    expect(mark.style).toBe('GwOrganMark');
    expect(attr(mark.xml, 'w:color', 'w:val')).toBe('FF0000');
    expect(attr(styleXml((await open(SAMPLE)).part('word/styles.xml'), 'GwOrganMark'), 'w:jc', 'w:val')).toBe('center');
    // The mark's size fits its ten characters within the 156 mm 版心.
    const sizePt = Number(attr(mark.xml, 'w:sz', 'w:val')) / 2;
    expect(sizePt * 10 * (25.4 / 72)).toBeLessThanOrEqual(156);
    // Its top edge lies 35 mm under the 版心's top: what precedes it adds up to 35 mm less the
    // room above the glyphs in its line (a sixth of its size).
    const markings = body.slice(0, body.indexOf(mark));
    const before = markings.length * 579 + Number(attr(mark.xml, 'w:spacing', 'w:before'));
    expect(toMm(before + 0.16 * sizePt * 20)).toBeCloseTo(35, 0);

    const number = body.find((p) => p.text === '示例集团发〔2026〕12号')!;
    expect(number.style).toBe('GwIssueNumber');
    const rule = /<w:pBdr><w:bottom ([^>]*)\/><\/w:pBdr>/.exec(number.xml)![1]!;
    expect(rule).toContain('w:color="FF0000"');
    expect(rule).toContain('w:val="single"');
    // A paragraph border spans the paragraph, so the number line has no indents.
    expect(number.xml).not.toContain('<w:ind');
    // 发文字号 two blank lines under the mark, the title two blank lines under the separator.
    expect(attr(number.xml, 'w:spacing', 'w:before')).toBe(String(2 * 579));
    const title = body[body.indexOf(number) + 1]!;
    expect(title.style).toBe('GwTitle');
    expect(attr(title.xml, 'w:spacing', 'w:before')).toBe(String(2 * 579));
    expect(title.text).toBe('示例集团有限公司关于\n进一步规范公文处理工作的通知');
  });

  it('has every element in the order of the standard', async () => {
    const pkg = await open(SAMPLE);
    const texts = paragraphs(pkg.part('word/document.xml')).map((p) => p.text);
    const order = [
      '000123', // 份号
      '机密★1年', // 密级和保密期限
      '特急', // 紧急程度
      '示例集团有限公司文件', // 发文机关标志
      '示例集团发〔2026〕12号', // 发文字号
      '示例集团有限公司关于\n进一步规范公文处理工作的通知', // 标题
      '集团各部门、各子公司：', // 主送机关
      '为进一步提高公文处理工作的规范化水平', // 正文
      '附件：1.公文处理工作流程', // 附件说明
      '2.公文格式要素说明',
      '（此处加盖发文机关印章）', // 印章 (placeholder)
      '示例集团有限公司', // 发文机关署名
      '2026年11月27日', // 成文日期
      '（此件公开发布）', // 附注
      '附件1', // 附件
      '公文处理工作流程',
      '附件2',
      '公文格式要素说明',
      '抄送：集团党委，集团纪委，集团工会。', // 抄送机关
      '示例集团有限公司办公室\t2026年11月27日印发', // 印发机关和印发日期
    ];
    let at = -1;
    for (const expected of order) {
      const found = texts.findIndex((t, i) => i > at && t.startsWith(expected));
      expect(found, `${expected} after ${texts[at]}`).toBeGreaterThan(at);
      at = found;
    }
    // Each 附件 starts a new page.
    const paras = paragraphs(pkg.part('word/document.xml'));
    for (const label of ['附件1', '附件2']) expect(paras.find((p) => p.text === label)!.xml).toContain('<w:pageBreakBefore/>');
  });

  it('lays out 署名 and 成文日期 for a seal: date four characters from the right, issuer centred over it', async () => {
    const paras = paragraphs((await open(SAMPLE)).part('word/document.xml'));
    const issuer = paras.find((p) => p.style === 'GwSignature' && p.text === '示例集团有限公司')!;
    const date = paras[paras.indexOf(issuer) + 1]!;
    expect(date.text).toBe('2026年11月27日');
    const right = (p: Para) => Number(attr(p.xml, 'w:ind', 'w:right'));
    expect(right(date)).toBe(4 * 312);
    // Issuer (8 characters) centred on the date (4 digits as 2 characters + 3 digits' halves … = 7):
    // the centres coincide.
    const dateCells = 7;
    expect(right(issuer) + (8 * 312) / 2).toBeCloseTo(right(date) + (dateCells * 312) / 2, -1);
    // The seal's place is within one line of the text: a blank line, then the note's line.
    const note = paras[paras.indexOf(issuer) - 1]!;
    expect(note.style).toBe('GwSealNote');
    expect(attr(note.xml, 'w:spacing', 'w:before')).toBe('579');
  });

  it('lays out an unsealed document: issuer two characters from the right, date starting two characters further right', async () => {
    const layout = async (issuer: string) => {
      const paras = paragraphs((await open({ ...SAMPLE, seal: undefined, issuer })).part('word/document.xml'));
      expect(paras.some((p) => p.style === 'GwSealNote')).toBe(false);
      const i = paras.findIndex((p) => p.style === 'GwSignature' && p.text === issuer);
      const right = (p: Para) => Number(attr(p.xml, 'w:ind', 'w:right')) / 312;
      expect(attr(paras[i]!.xml, 'w:spacing', 'w:before')).toBe('579'); // one blank line above
      expect(paras[i + 1]!.text).toBe('2026年11月27日');
      return { issuer: right(paras[i]!), date: right(paras[i + 1]!), issuerLength: [...issuer].length };
    };
    // A long issuer: two characters from the right, the date's first character two to the right of its first.
    const long = await layout('示例集团有限公司总经理办公室');
    expect(long.issuer).toBe(2);
    expect(28 - long.date - 7 - (28 - long.issuer - long.issuerLength)).toBe(2);
    // A short issuer would push the date (7 characters wide) past two characters from the right,
    // so the date keeps two and the issuer moves left by as much, keeping the two-character offset.
    const short = await layout('示例集团有限公司');
    expect(short.date).toBe(2);
    expect(short.issuer).toBe(3);
    expect(28 - short.date - 7 - (28 - short.issuer - short.issuerLength)).toBe(2);
  });

  it('prints an upward document with 签发人 on the number line and the number one character in', async () => {
    const up: OfficialDocument = { ...SAMPLE, signers: ['张建国', '李明', '陈静'] };
    const paras = paragraphs((await open(up)).part('word/document.xml'));
    const numbered = paras.filter((p) => p.style === 'GwIssueNumber');
    expect(numbered).toHaveLength(2); // two names a line
    expect(numbered[0]!.text).toBe('\t\t签发人：张建国\t李明');
    expect(numbered[1]!.text).toBe('\t示例集团发〔2026〕12号\t\t陈静');
    // Names in 楷体, the label in 仿宋; the separator under the last line only.
    expect(numbered[0]!.xml).toMatch(/<w:rStyle w:val="GwKai"\/><\/w:rPr><w:t xml:space="preserve">张建国<\/w:t><w:tab\/>/);
    expect(numbered[0]!.xml).not.toContain('<w:pBdr>');
    expect(numbered[1]!.xml).toContain('w:color="FF0000"');
    // Tab stops: one character in for the number, and the label placed so the longest line of
    // names ends one character from the right (label 4 + 张建国 3 + space 1 + 李明 2 = 10).
    const stops = [...numbered[1]!.xml.matchAll(/<w:tab w:val="left" w:pos="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(stops[0]).toBe(312);
    expect(stops[1]).toBe((28 - 1 - 10) * 312);
    expect(stops[2]).toBe((28 - 1 - 6) * 312);
  });

  it('puts the 版记 at the foot of the last page between thick outer and thin inner rules', async () => {
    const doc = (await open(SAMPLE)).part('word/document.xml');
    const table = /<w:tbl>[\s\S]*<\/w:tbl>/.exec(doc)![0];
    expect(doc.indexOf('<w:tbl>')).toBeGreaterThan(doc.indexOf('公文格式要素说明</w:t>')); // after the last 附件
    expect(attr(table, 'w:tblpPr', 'w:vertAnchor')).toBe('margin');
    expect(attr(table, 'w:tblpPr', 'w:tblpYSpec')).toBe('bottom');
    expect(toMm(Number(attr(table, 'w:tblpPr', 'w:tblpX')))).toBeCloseTo(28, 1);
    expect(toMm(Number(attr(table, 'w:tblW', 'w:w')))).toBeCloseTo(156, 1);
    const border = (side: string) => Number(new RegExp(`<w:${side} w:val="single" w:sz="(\\d+)"`).exec(table)![1]) / 8; // pt
    const ptToMm = 25.4 / 72;
    expect(border('top') * ptToMm).toBeCloseTo(0.35, 1);
    expect(border('bottom') * ptToMm).toBeCloseTo(0.35, 1);
    expect(border('insideH') * ptToMm).toBeCloseTo(0.25, 1);
    expect(border('insideH')).toBeLessThan(border('top'));
    expect(table).toContain('<w:left w:val="nil"/>');
    const rows = paragraphs(table);
    expect(rows.map((r) => r.text)).toEqual(['抄送：集团党委，集团纪委，集团工会。', '示例集团有限公司办公室\t2026年11月27日印发']);
    // 抄送 one 4号 character in, wrapped lines under the first name; 印发日期 one character from the right.
    expect(rows[0]!.xml).toContain('<w:ind w:left="1120" w:hanging="840" w:right="280"/>');
    expect(rows[1]!.xml).toContain(`<w:tab w:val="right" w:pos="${11906 - 1587 - 1474 - 280}"/>`);
  });

  it('numbers pages "— 1 —" in 4号宋体, odd pages on the right and even pages on the left', async () => {
    const pkg = await open(SAMPLE);
    expect(pkg.part('word/settings.xml')).toContain('<w:evenAndOddHeaders/>');
    const doc = pkg.part('word/document.xml');
    const rels = pkg.part('word/_rels/document.xml.rels');
    const footer = (type: string) => {
      const id = new RegExp(`<w:footerReference w:type="${type}" r:id="([^"]+)"/>`).exec(doc)![1];
      return pkg.part(`word/${new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)![1]}`);
    };
    for (const [type, align, side] of [['default', 'right', 'w:right'], ['even', 'left', 'w:left']] as const) {
      const xml = footer(type);
      const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:instrText[^>]*>([^<]*)<\/w:instrText>/g)]
        .map((m) => (m[2] !== undefined ? m[2].trim() : m[1]))
        .join('');
      // The cached "1" sits between the field's separate and end marks.
      expect(text.replace('PAGE1', 'PAGE')).toBe('— PAGE —');
      expect(xml).toContain('<w:fldChar w:fldCharType="begin"/>');
      expect(attr(xml, 'w:jc', 'w:val')).toBe(align);
      expect(attr(xml, 'w:ind', side)).toBe('280'); // 空一字 of 4号
    }
    const style = styleXml(pkg.part('word/styles.xml'), 'GwFooter');
    expect(attr(style, 'w:rFonts', 'w:eastAsia')).toBe('宋体');
    expect(attr(style, 'w:sz', 'w:val')).toBe('28');
    // The footer's middle lies 28 mm above the paper's edge: 7 mm under the 版心 (35 mm).
    const distance = Number(attr(doc, 'w:pgMar', 'w:footer'));
    expect(toMm(distance + 280 / 2)).toBeCloseTo(28, 1);
  });

  it('writes dates with Arabic numerals, the full year and no padding zeros', async () => {
    expect(formatDocumentDate('2026-11-27')).toBe('2026年11月27日');
    expect(formatDocumentDate('2027-01-05')).toBe('2027年1月5日');
    const doc = (await open({ ...SAMPLE, issuedOn: '2027-01-05', printing: { organ: '示例集团有限公司办公室', date: '2027-01-06' } })).part('word/document.xml');
    expect(doc).toContain('>2027年1月5日<');
    expect(doc).toContain('2027年1月6日印发');
    expect(doc).not.toMatch(/二〇|年0\d月|月0\d日/);
  });

  it('refuses a document that misses or misformats an element, naming each problem', async () => {
    const bad: OfficialDocument = {
      ...SAMPLE,
      copyNumber: '123',
      issueNumber: '示例集团发〔2026〕第012号',
      title: ' ',
      issuedOn: '2026-02-30',
      body: [],
      attachments: [{ title: '不在附件说明中的附件', paragraphs: ['x'] }],
    };
    const error = await renderOfficialDocx(bad).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('validation_failed');
    const problems = (error as AppError).details.problems as string[];
    expect(problems).toEqual(
      expect.arrayContaining([
        'title 不能为空',
        '份号应为6位阿拉伯数字',
        '发文字号格式应如 示例集团发〔2026〕12号',
        '发文字号不加“第”字',
        '成文日期无效',
        '公文首页必须显示正文',
        '附件“不在附件说明中的附件”不在附件说明中',
      ]),
    );
    await expect(renderOfficialDocx({ ...SAMPLE, issueNumber: '示例集团发〔2026〕12号' })).resolves.toBeInstanceOf(Buffer);
  });
});
