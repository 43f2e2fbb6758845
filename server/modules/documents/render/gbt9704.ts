// The measures of GB/T 9704-2012 (党政机关公文格式) in Word's units, each computed once here with
// the arithmetic shown, so the renderer and its tests share one source. Units: a twip is 1/20 pt
// = 1/1440 inch, so 1 mm = 1440 / 25.4 = 56.693 twips; font sizes (w:sz) are in half-points.

export const TWIPS_PER_MM = 1440 / 25.4;
export const mm = (value: number): number => Math.round(value * TWIPS_PER_MM);

/** §5.2.1 A4 paper, 210 mm × 297 mm: 11906 × 16838 twips (Word's own A4 figures). */
export const PAGE = { width: mm(210), height: mm(297) } as const;

/**
 * §5.2.1 margins: 天头 (top) 37 mm, 订口 (左白边, the left) 28 mm, 版心 156 mm × 225 mm, so the
 * right is 210 − 28 − 156 = 26 mm and the foot 297 − 37 − 225 = 35 mm. The same on every page, as
 * the standard words it; margins mirrored for the back of a sheet were considered and left out,
 * because LibreOffice cannot then keep the 版记 (see record()) at the foot of the page.
 */
export const MARGIN = { top: mm(37), left: mm(28), right: mm(26), bottom: mm(35) } as const;

/** 版心 in twips: 11906 − 1587 − 1474 = 8845 wide (156.02 mm), 16838 − 2098 − 1984 = 12756 high. */
export const TEXT_AREA = {
  width: PAGE.width - MARGIN.left - MARGIN.right,
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

/**
 * The grid is declared (Word's page setup shows 22 × 28 and text a person adds snaps to it), but
 * the paragraphs written here are laid out off the grid with the grid's own measures, because
 * renderers disagree about a grid narrower than its type: Word squeezes each 16 pt character into
 * its 15.79 pt cell, while LibreOffice gives it two cells (14 characters a line), and even off the
 * grid it loses a character a line unless the type is condensed by more than 5 twips (measured
 * with LibreOffice 7.4: −5 gives 27 a line, −6 gives 28). So every line is exactly LINE_PITCH high
 * and 3号 type is condensed by 8 twips (w:spacing −8, 0.4 pt): a character advances 312 twips,
 * 28 take 8736 of the 8845 twips and a 29th does not fit (9048), the same line breaks in every
 * renderer, and justification spreads the 109 twips left so full lines still span the 版心.
 */
export const CONDENSE = -8;
export const CELL = 320 + CONDENSE;
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
