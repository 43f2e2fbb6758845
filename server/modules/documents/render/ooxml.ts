// WordprocessingML building blocks as strings. Word rejects a file whose properties are out of the
// schema's sequence, so each builder emits its children in the order ECMA-376 Part 1 lists them.

export const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
export const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

export interface RunProps {
  style?: string;
  /** Every script slot (ascii, hAnsi, eastAsia, cs) set to one font. */
  font?: string;
  color?: string;
  /** Half-points. */
  size?: number;
  /** Horizontal scale in percent (w:w). */
  scale?: number;
}

function runProps(p: RunProps): string {
  let x = '';
  if (p.style) x += `<w:rStyle w:val="${p.style}"/>`;
  if (p.font) {
    const f = escapeXml(p.font);
    x += `<w:rFonts w:ascii="${f}" w:hAnsi="${f}" w:eastAsia="${f}" w:cs="${f}" w:hint="eastAsia"/>`;
  }
  if (p.color) x += `<w:color w:val="${p.color}"/>`;
  if (p.scale) x += `<w:w w:val="${p.scale}"/>`;
  if (p.size) x += `<w:sz w:val="${p.size}"/><w:szCs w:val="${p.size}"/>`;
  return x ? `<w:rPr>${x}</w:rPr>` : '';
}

/** A run of text; '\t' becomes a tab and '\n' a line break inside the paragraph. */
export function run(text: string, props: RunProps = {}): string {
  const parts = text.split(/(\t|\n)/).filter((s) => s !== '');
  const content = parts
    .map((s) => (s === '\t' ? '<w:tab/>' : s === '\n' ? '<w:br/>' : `<w:t xml:space="preserve">${escapeXml(s)}</w:t>`))
    .join('');
  return `<w:r>${runProps(props)}${content}</w:r>`;
}

/** The PAGE field as Word writes it (begin, instruction, separate, cached result, end). */
export function pageField(props: RunProps = {}): string {
  const rp = runProps(props);
  return (
    `<w:r>${rp}<w:fldChar w:fldCharType="begin"/></w:r>` +
    `<w:r>${rp}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
    `<w:r>${rp}<w:fldChar w:fldCharType="separate"/></w:r>` +
    `<w:r>${rp}<w:t>1</w:t></w:r>` +
    `<w:r>${rp}<w:fldChar w:fldCharType="end"/></w:r>`
  );
}

export interface Border {
  /** Eighths of a point. */
  size: number;
  color: string;
  /** Points between the text and the rule. */
  space?: number;
}

export function borderXml(side: string, b: Border): string {
  return `<w:${side} w:val="single" w:sz="${b.size}" w:space="${b.space ?? 0}" w:color="${b.color}"/>`;
}

/** Indents in twips. */
export interface Indent {
  left?: number;
  right?: number;
  firstLine?: number;
  hanging?: number;
}

export interface ParagraphProps {
  style: string;
  keepNext?: boolean;
  pageBreakBefore?: boolean;
  borders?: { top?: Border; bottom?: Border };
  /** Left- or right-aligned tab stops at these twips from the left margin. */
  tabs?: Array<{ at: number; align?: 'left' | 'right' }>;
  snapToGrid?: boolean;
  /** Space before in twips. */
  before?: number;
  /** Exact line height in twips. */
  line?: number;
  indent?: Indent;
  align?: 'left' | 'center' | 'right' | 'both';
}

function paragraphProps(p: ParagraphProps): string {
  let x = `<w:pStyle w:val="${p.style}"/>`;
  if (p.keepNext) x += '<w:keepNext/>';
  if (p.pageBreakBefore) x += '<w:pageBreakBefore/>';
  if (p.borders) {
    const { top, bottom } = p.borders;
    x += `<w:pBdr>${top ? borderXml('top', top) : ''}${bottom ? borderXml('bottom', bottom) : ''}</w:pBdr>`;
  }
  if (p.tabs?.length) {
    x += `<w:tabs>${p.tabs.map((t) => `<w:tab w:val="${t.align ?? 'left'}" w:pos="${t.at}"/>`).join('')}</w:tabs>`;
  }
  if (p.snapToGrid === false) x += '<w:snapToGrid w:val="0"/>';
  if (p.before !== undefined || p.line !== undefined) {
    const before = p.before !== undefined ? ` w:before="${p.before}"` : '';
    const line = p.line !== undefined ? ` w:line="${p.line}" w:lineRule="exact"` : '';
    x += `<w:spacing${before}${line}/>`;
  }
  if (p.indent) {
    const attrs = Object.entries(p.indent)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => ` w:${k}="${Math.round(v as number)}"`)
      .join('');
    x += `<w:ind${attrs}/>`;
  }
  if (p.align) x += `<w:jc w:val="${p.align}"/>`;
  return `<w:pPr>${x}</w:pPr>`;
}

export function paragraph(props: ParagraphProps, ...runs: string[]): string {
  return `<w:p>${paragraphProps(props)}${runs.join('')}</w:p>`;
}
