// The fixed parts of the .docx package around document.xml: styles, settings, font table, the
// odd- and even-page footers, relationships and content types, and the zip that holds them.
import JSZip from 'jszip';
import { cells, CHAR_SPACE, CONDENSE, FONT, LINE_PITCH, MARGIN, mm, PAGE, PAGE_NUMBER_ABOVE_EDGE_MM, RECORD_CHAR, RED, SIZE } from './gbt9704.js';
import { escapeXml, pageField, paragraph, R_NS, run, W_NS } from './ooxml.js';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Style ids; the renderer and the tests refer to paragraphs by these. */
export const STYLE = {
  normal: 'Normal',
  body: 'GwBody',
  marking: 'GwMarking',
  organMark: 'GwOrganMark',
  issueNumber: 'GwIssueNumber',
  title: 'GwTitle',
  addressee: 'GwAddressee',
  attachmentNote: 'GwAttachmentNote',
  signature: 'GwSignature',
  sealNote: 'GwSealNote',
  remark: 'GwRemark',
  attachmentLabel: 'GwAttachmentLabel',
  record: 'GwRecord',
  footer: 'GwFooter',
  hei: 'GwHei',
  kai: 'GwKai',
} as const;

function fonts(f: { name: string }): string {
  const n = escapeXml(f.name);
  return `<w:rFonts w:ascii="${n}" w:hAnsi="${n}" w:eastAsia="${n}" w:cs="${n}"/>`;
}

function paragraphStyle(id: string, name: string, pPr: string, rPr = '', basedOn: string = STYLE.normal): string {
  return (
    `<w:style w:type="paragraph" w:customStyle="1" w:styleId="${id}"><w:name w:val="${name}"/>` +
    `<w:basedOn w:val="${basedOn}"/><w:qFormat/><w:pPr>${pPr}</w:pPr>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}</w:style>`
  );
}

function characterStyle(id: string, name: string, rPr: string): string {
  return `<w:style w:type="character" w:customStyle="1" w:styleId="${id}"><w:name w:val="${name}"/><w:qFormat/><w:rPr>${rPr}</w:rPr></w:style>`;
}

const sz = (half: number) => `<w:sz w:val="${half}"/><w:szCs w:val="${half}"/>`;
const exactLine = `<w:spacing w:before="0" w:after="0" w:line="${LINE_PITCH}" w:lineRule="exact"/>`;
const noSnap = '<w:snapToGrid w:val="0"/>';
const condensed = `<w:spacing w:val="${CONDENSE}"/>`;
const natural = '<w:spacing w:val="0"/>';

/**
 * Styles: the body is 3号仿宋 on exact 579-twip lines (one grid line each) with the grid's
 * character advance (see CONDENSE); headings of the body are character styles (黑体 for 一、,
 * 楷体 for （一）) so a heading sentence and the text after it share a paragraph. Type that is not
 * 3号 (标志, 标题, 版记, 页码) keeps its natural advance.
 */
export function stylesXml(): string {
  const body = FONT.fangsong;
  const styles = [
    `<w:style w:type="paragraph" w:default="1" w:styleId="${STYLE.normal}"><w:name w:val="Normal"/><w:qFormat/>` +
      `<w:pPr><w:widowControl w:val="0"/>${noSnap}${exactLine}<w:jc w:val="both"/></w:pPr>` +
      `<w:rPr>${fonts(body)}${condensed}<w:kern w:val="2"/>${sz(SIZE.body)}</w:rPr></w:style>`,
    `<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>`,
    paragraphStyle(STYLE.body, '公文正文', `<w:ind w:firstLine="${cells(2)}"/>`),
    paragraphStyle(STYLE.marking, '公文份号密级紧急程度', noSnap, ''),
    paragraphStyle(
      STYLE.organMark,
      '公文发文机关标志',
      `<w:keepNext/>${noSnap}<w:jc w:val="center"/>`,
      `${fonts(FONT.xiaobiaosong)}<w:color w:val="${RED}"/>${natural}`,
    ),
    paragraphStyle(STYLE.issueNumber, '公文发文字号', '<w:keepNext/><w:jc w:val="center"/>'),
    paragraphStyle(STYLE.title, '公文标题', `<w:keepNext/>${noSnap}<w:jc w:val="center"/>`, `${fonts(FONT.xiaobiaosong)}${natural}${sz(SIZE.title)}`),
    paragraphStyle(STYLE.addressee, '公文主送机关', '<w:jc w:val="left"/>'),
    paragraphStyle(STYLE.attachmentNote, '公文附件说明', '<w:jc w:val="left"/>'),
    paragraphStyle(STYLE.signature, '公文署名和成文日期', '<w:keepNext/><w:jc w:val="right"/>'),
    paragraphStyle(STYLE.sealNote, '公文印章位置', `<w:keepNext/>${noSnap}<w:jc w:val="right"/>`, `<w:color w:val="808080"/>${natural}${sz(SIZE.record)}`),
    paragraphStyle(STYLE.remark, '公文附注', `<w:ind w:firstLine="${cells(2)}"/>`),
    paragraphStyle(STYLE.attachmentLabel, '公文附件标识', '<w:keepNext/><w:jc w:val="left"/>', fonts(FONT.hei)),
    paragraphStyle(STYLE.record, '公文版记', `${noSnap}<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>`, `${natural}${sz(SIZE.record)}`),
    paragraphStyle(STYLE.footer, '公文页码', `${noSnap}<w:spacing w:before="0" w:after="0" w:line="${SIZE.pageNumber * 10}" w:lineRule="exact"/>`, `${fonts(FONT.song)}${natural}${sz(SIZE.pageNumber)}`),
    characterStyle(STYLE.hei, '黑体', fonts(FONT.hei)),
    characterStyle(STYLE.kai, '楷体', fonts(FONT.kai)),
  ];
  return (
    `${XML_HEAD}<w:styles xmlns:w="${W_NS}">` +
    `<w:docDefaults><w:rPrDefault><w:rPr>${fonts(body)}${sz(SIZE.body)}` +
    `<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
    `<w:pPrDefault><w:pPr>${exactLine}</w:pPr></w:pPrDefault></w:docDefaults>` +
    `${styles.join('')}</w:styles>`
  );
}

/**
 * Settings: separate odd and even footers (§7.5 odd page numbers right, even left) and no
 * punctuation compression, so every sign keeps a full character.
 */
export function settingsXml(): string {
  return (
    `${XML_HEAD}<w:settings xmlns:w="${W_NS}">` +
    '<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>' +
    '<w:evenAndOddHeaders/><w:characterSpacingControl w:val="doNotCompress"/>' +
    '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>' +
    '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>' +
    '</w:settings>'
  );
}

/** The font table names each font's GB2312 charset and the name to fall back to when it is missing. */
export function fontTableXml(): string {
  const entries = Object.values(FONT)
    .map(
      (f) =>
        `<w:font w:name="${escapeXml(f.name)}"><w:altName w:val="${escapeXml(f.alt)}"/>` +
        '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>',
    )
    .join('');
  return `${XML_HEAD}<w:fonts xmlns:w="${W_NS}">${entries}</w:fonts>`;
}

/** §7.5 page number "— 1 —" in 4号 半角 宋体 digits: odd pages right, even pages left, one 4号 character in. */
export function footerXml(side: 'odd' | 'even'): string {
  const p = paragraph(
    {
      style: STYLE.footer,
      indent: side === 'odd' ? { right: RECORD_CHAR } : { left: RECORD_CHAR },
      align: side === 'odd' ? 'right' : 'left',
    },
    run('— '),
    pageField(),
    run(' —'),
  );
  return `${XML_HEAD}<w:ftr xmlns:w="${W_NS}" xmlns:r="${R_NS}">${p}</w:ftr>`;
}

/**
 * The section: A4, the margins, and the 22 × 28 grid. The footer's distance from the paper's edge
 * puts the middle of its 14 pt line, where the dashes are drawn, 28 mm above the edge: 7 mm under
 * the 版心 (§7.5).
 */
export function sectionXml(): string {
  const footerDistance = mm(PAGE_NUMBER_ABOVE_EDGE_MM) - (SIZE.pageNumber * 10) / 2;
  return (
    '<w:sectPr>' +
    '<w:footerReference w:type="default" r:id="rIdFooterOdd"/>' +
    '<w:footerReference w:type="even" r:id="rIdFooterEven"/>' +
    `<w:pgSz w:w="${PAGE.width}" w:h="${PAGE.height}"/>` +
    `<w:pgMar w:top="${MARGIN.top}" w:right="${MARGIN.right}" w:bottom="${MARGIN.bottom}" w:left="${MARGIN.left}"` +
    ` w:header="851" w:footer="${footerDistance}" w:gutter="0"/>` +
    '<w:cols w:space="425"/>' +
    `<w:docGrid w:type="linesAndChars" w:linePitch="${LINE_PITCH}" w:charSpace="${CHAR_SPACE}"/>` +
    '</w:sectPr>'
  );
}

function contentTypesXml(): string {
  const main = 'application/vnd.openxmlformats-officedocument.wordprocessingml';
  const override = (part: string, type: string) => `<Override PartName="${part}" ContentType="${type}"/>`;
  return (
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    override('/word/document.xml', `${main}.document.main+xml`) +
    override('/word/styles.xml', `${main}.styles+xml`) +
    override('/word/settings.xml', `${main}.settings+xml`) +
    override('/word/fontTable.xml', `${main}.fontTable+xml`) +
    override('/word/footer1.xml', `${main}.footer+xml`) +
    override('/word/footer2.xml', `${main}.footer+xml`) +
    override('/docProps/core.xml', 'application/vnd.openxmlformats-package.core-properties+xml') +
    override('/docProps/app.xml', 'application/vnd.openxmlformats-officedocument.extended-properties+xml') +
    '</Types>'
  );
}

function relationshipsXml(rels: Array<[id: string, type: string, target: string]>): string {
  const items = rels.map(([id, type, target]) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`).join('');
  return `${XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items}</Relationships>`;
}

const OFFICE_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function corePropsXml(title: string): string {
  return (
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"' +
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(title)}</dc:title><dc:language>zh-CN</dc:language></cp:coreProperties>`
  );
}

function appPropsXml(): string {
  return (
    `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
    '<Application>Zongban</Application></Properties>'
  );
}

/** Zips document.xml with the fixed parts into a .docx. */
export async function packageDocx(documentXml: string, title: string): Promise<Buffer> {
  const zip = new JSZip();
  const date = new Date(Date.UTC(2000, 0, 1)); // fixed entry dates: the same document gives the same bytes
  const add = (name: string, text: string) => zip.file(name, text, { date, createFolders: false });
  add('[Content_Types].xml', contentTypesXml());
  add(
    '_rels/.rels',
    relationshipsXml([
      ['rId1', `${OFFICE_REL}/officeDocument`, 'word/document.xml'],
      ['rId2', 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', 'docProps/core.xml'],
      ['rId3', `${OFFICE_REL}/extended-properties`, 'docProps/app.xml'],
    ]),
  );
  add('word/document.xml', documentXml);
  add(
    'word/_rels/document.xml.rels',
    relationshipsXml([
      ['rIdStyles', `${OFFICE_REL}/styles`, 'styles.xml'],
      ['rIdSettings', `${OFFICE_REL}/settings`, 'settings.xml'],
      ['rIdFontTable', `${OFFICE_REL}/fontTable`, 'fontTable.xml'],
      ['rIdFooterOdd', `${OFFICE_REL}/footer`, 'footer1.xml'],
      ['rIdFooterEven', `${OFFICE_REL}/footer`, 'footer2.xml'],
    ]),
  );
  add('word/styles.xml', stylesXml());
  add('word/settings.xml', settingsXml());
  add('word/fontTable.xml', fontTableXml());
  add('word/footer1.xml', footerXml('odd'));
  add('word/footer2.xml', footerXml('even'));
  add('docProps/core.xml', corePropsXml(title));
  add('docProps/app.xml', appPropsXml());
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
