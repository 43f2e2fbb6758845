// The measures of GB/T 9704-2012 (党政机关公文格式) in Word's units, each computed once here with
// the arithmetic shown, so the renderer and its tests share one source. Units: a twip is 1/20 pt
// = 1/1440 inch, so 1 mm = 1440 / 25.4 = 56.693 twips; font sizes (w:sz) are in half-points.

export const TWIPS_PER_MM = 1440 / 25.4;
export const mm = (value: number): number => Math.round(value * TWIPS_PER_MM);

/** §5.2.1 A4 paper, 210 mm × 297 mm: 11906 × 16838 twips (Word's own A4 figures). */
export const PAGE = { width: mm(210), height: mm(297) } as const;

/**
 * §5.2.1 margins. 天头 37 mm; 订口 (binding side) 28 mm; 版心 156 mm × 225 mm, so the outer side
 * is 210 − 28 − 156 = 26 mm and the foot 297 − 37 − 225 = 35 mm. The document is printed on both
 * sides (§5.2.2 双面印刷, 页码套正), so the binding side is on the left of odd pages and on the right
 * of even ones: Word's mirrorMargins reads `left` as the inside and `right` as the outside margin.
 */
export const MARGIN = { top: mm(37), inside: mm(28), outside: mm(26), bottom: mm(35) } as const;

/** 版心 in twips: 11906 − 1587 − 1474 = 8845 wide (156.02 mm), 16838 − 2098 − 1984 = 12756 high. */
export const TEXT_AREA = {
  width: PAGE.width - MARGIN.inside - MARGIN.outside,
  height: PAGE.height - MARGIN.top - MARGIN.bottom,
} as const;

/** §5.2.3 22 lines of 28 characters in 3号 (16 pt) type. */
export const LINES_PER_PAGE = 22;
export const CHARS_PER_LINE = 28;

/** Font sizes in half-points (w:sz): 2号 22 pt, 3号 16 pt, 4号 14 pt. */
export const SIZE = { title: 44, body: 32, record: 28, pageNumber: 28 } as const;

/**
 * Line pitch (w:linePitch, twips). 12756 / 22 = 579.8, and Word lays out floor(12756 / pitch)
 * lines, so 580 would give 21 lines; 579 gives 22 lines in 12738 twips (224.7 mm), leaving
 * 0.3 mm under the last line. Every body paragraph uses this as an exact line height too, so the
 * page holds 22 lines whatever font the reader's machine substitutes (a font's natural height
 * never adds a line).
 */
export const LINE_PITCH = 579;

/**
 * Character grid (w:charSpace). Word's grid pitch is the default font size plus charSpace/4096 pt,
 * and a line holds floor(width / pitch) characters. Wanted pitch: 8845 twips = 442.25 pt / 28 =
 * 15.7946 pt, i.e. (15.7946 − 16) × 4096 = −841.3. With −841 the pitch is 15.79468 pt and 28 of
 * them need 442.251 pt, a hair more than the line, so Word would fit only 27; −842 gives
 * 15.79443 pt and 28 characters in 442.244 pt. The type is thus set 0.2 pt tighter than its
 * size, which is what 156 mm / 28 = 5.571 mm per character against a 5.644 mm 3号 body implies.
 */
export const CHAR_SPACE = -842;

/** One character cell of the body grid in twips (8845 / 28 = 315.9), for tabs and indents. */
export const CELL = TEXT_AREA.width / CHARS_PER_LINE;
export const cells = (n: number): number => Math.round(n * CELL);

/** One character of 4号 type (14 pt) in twips, the unit of the 版记 and page-number indents. */
export const RECORD_CHAR = 280;

/**
 * §7.2.4 the 发文机关标志's top edge lies 35 mm below the 版心's top edge. §7.5 the page number's
 * dashes lie 7 mm below the 版心's bottom edge, i.e. 35 − 7 = 28 mm above the paper's edge.
 */
export const ORGAN_MARK_TOP = mm(35);
export const PAGE_NUMBER_ABOVE_EDGE_MM = 28;

/**
 * §7.4.1 版记 rules: first and last thick (0.35 mm), the ones between thin (0.25 mm). Word's border
 * width is in eighths of a point and offers 1/4, 1/2, 3/4, 1, 1½ … pt: 0.35 mm = 0.99 pt → 8
 * (1 pt = 0.353 mm); 0.25 mm = 0.71 pt → 6 (¾ pt = 0.265 mm), the nearest widths Word draws.
 */
export const RULE = { thick: 8, thin: 6 } as const;

/** The red of the 发文机关标志 and the separator. */
export const RED = 'FF0000';

/** Font names as Chinese Word installs them, with the name newer Windows ships as the fallback. */
export const FONT = {
  fangsong: { name: '仿宋_GB2312', alt: '仿宋', latin: 'FangSong' },
  hei: { name: '黑体', alt: 'SimHei', latin: 'SimHei' },
  kai: { name: '楷体_GB2312', alt: '楷体', latin: 'KaiTi' },
  xiaobiaosong: { name: '方正小标宋简体', alt: '宋体', latin: 'FZXiaoBiaoSong-B05S' },
  song: { name: '宋体', alt: 'SimSun', latin: 'SimSun' },
} as const;

/**
 * Width of a text in grid cells: an ideograph or full-width sign fills one cell, a half-width
 * (ASCII) character half of one, as Word sets them on a character grid.
 */
export function textCells(text: string): number {
  let n = 0;
  for (const ch of text) n += ch.codePointAt(0)! < 0x2000 ? 0.5 : 1;
  return n;
}

/**
 * Size of the 发文机关标志 (half-points). The standard leaves it to the office ("醒目、美观、庄重");
 * the mark must stay within the 版心's width, so it gets the size that fills at most 150 mm,
 * capped at 60 pt so a short name does not shout.
 */
export function organMarkSize(text: string): number {
  const widthPt = (150 / 25.4) * 72;
  const pt = Math.min(60, Math.floor(widthPt / Math.max(1, textCells(text))));
  return pt * 2;
}
