// The official document (公文) as a reader sees it: LibreOffice opens the .docx and prints it to
// PDF, pdftoppm turns the pages into pictures (saved under test/artifacts/docx/ for a look), and
// the pages are measured in millimetres against GB/T 9704-2012: where the red mark and separator
// fall, 22 lines of 28 characters, the page numbers and the 版记 at the foot of the last page.
// Needs libreoffice-writer, poppler-utils and fonts-noto-cjk (CI installs them); elsewhere the
// suite is skipped with a note when LibreOffice is missing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderOfficialDocx, type OfficialDocument } from '../../server/modules/documents/render/index.js';
import { SAMPLE_OFFICIAL_DOCUMENT as SAMPLE } from '../../server/modules/documents/render/sample-official-document.js';
import { CI } from '../helpers/env.js';

function which(cmd: string): string | null {
  try {
    return execFileSync('which', [cmd], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

const SOFFICE = which('libreoffice') ?? which('soffice');
const HAVE_TOOLS = Boolean(SOFFICE && which('pdftoppm') && which('pdftotext'));
if (!HAVE_TOOLS && !CI) {
  console.warn('docx rendering suite skipped: install libreoffice-writer poppler-utils fonts-noto-cjk to run it.');
}

const ARTIFACTS = path.join(process.cwd(), 'test/artifacts/docx');
const MM_PER_PT = 25.4 / 72;

/**
 * The machine has none of the fonts a Chinese office has; map their names to the closest free
 * ones for this rendering only (仿宋/宋体/小标宋 → Noto Serif CJK, 黑体 → Noto Sans CJK, 楷体 → AR PL
 * UKai when present), so the pictures look like the printed document. The .docx is unchanged.
 */
const FONT_ALIASES: Array<[string, string]> = [
  ['仿宋_GB2312', 'Noto Serif CJK SC'],
  ['宋体', 'Noto Serif CJK SC'],
  ['方正小标宋简体', 'Noto Serif CJK SC'],
  ['黑体', 'Noto Sans CJK SC'],
  ['楷体_GB2312', 'AR PL UKai CN'],
];

/** A body of whole lines: ideographs only (no punctuation, whose line-breaking rules move characters). */
const FILLER = '公文处理规范化';
const LONG_DOCUMENT: OfficialDocument = {
  ...SAMPLE,
  attachments: undefined,
  attachmentNotes: undefined,
  // Each paragraph: 26 characters after the two-character indent, then three full lines of 28.
  body: Array.from({ length: 12 }, () => FILLER.repeat(16).slice(0, 26 + 3 * 28)),
};

interface Rendered {
  pdf: string;
  pages: number;
}

function pdfText(pdf: string, page: number): string {
  return execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', pdf, '-'], { encoding: 'utf8' });
}

interface Line {
  yMin: number;
  xMin: number;
  xMax: number;
  text: string;
}

function pdfLines(pdf: string, page: number): Line[] {
  const html = execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-bbox-layout', pdf, '-'], { encoding: 'utf8' });
  return [...html.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([\s\S]*?)<\/line>/g)].map((m) => ({
    xMin: Number(m[1]),
    yMin: Number(m[2]),
    xMax: Number(m[3]),
    text: [...m[4]!.matchAll(/<word [^>]*>([^<]*)<\/word>/g)].map((w) => w[1]).join(' '),
  }));
}

/** One page as RGB pixels at `dpi`, read from pdftoppm's PPM (P6) output. */
class Raster {
  constructor(
    readonly width: number,
    readonly height: number,
    readonly dpi: number,
    private readonly rgb: Buffer,
  ) {}

  static of(pdf: string, page: number, dpi: number): Raster {
    const out = execFileSync('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), pdf], { maxBuffer: 256 * 1024 * 1024 });
    const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(out.subarray(0, 64).toString('latin1'))!;
    return new Raster(Number(header[1]), Number(header[2]), dpi, out.subarray(header[0].length));
  }

  mm(px: number): number {
    return (px * 25.4) / this.dpi;
  }

  px(mm: number): number {
    return Math.round((mm * this.dpi) / 25.4);
  }

  /** For each row from `fromMm` to `toMm`, the columns whose pixel matches. */
  rows(fromMm: number, toMm: number, match: (r: number, g: number, b: number) => boolean): Array<{ y: number; xs: number[] }> {
    const rows: Array<{ y: number; xs: number[] }> = [];
    for (let y = this.px(fromMm); y < Math.min(this.height, this.px(toMm)); y++) {
      const xs: number[] = [];
      for (let x = 0; x < this.width; x++) {
        const i = (y * this.width + x) * 3;
        if (match(this.rgb[i]!, this.rgb[i + 1]!, this.rgb[i + 2]!)) xs.push(x);
      }
      if (xs.length) rows.push({ y, xs });
    }
    return rows;
  }
}

const isRed = (r: number, g: number, b: number) => r > 180 && g < 100 && b < 100;
const isInk = (r: number, g: number, b: number) => r < 128 && g < 128 && b < 128;

describe.skipIf(!HAVE_TOOLS && !CI)('official document (公文) printed by LibreOffice', () => {
  let work: string;
  const rendered = new Map<string, Rendered>();

  beforeAll(async () => {
    if (!HAVE_TOOLS) {
      throw new Error('CI=true: the .docx rendering suite needs libreoffice-writer, poppler-utils and fonts-noto-cjk (apt-get install)');
    }
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'zongban-docx-'));
    const fontsConf = path.join(work, 'fonts.conf');
    fs.writeFileSync(
      fontsConf,
      '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n' +
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n' +
        FONT_ALIASES.map(([from, to]) => `  <alias binding="same"><family>${from}</family><prefer><family>${to}</family></prefer></alias>\n`).join('') +
        '</fontconfig>\n',
    );
    const documents: Record<string, OfficialDocument> = {
      'official-document': SAMPLE,
      'official-document-22x28': LONG_DOCUMENT,
      'official-document-upward': { ...SAMPLE, signers: ['张建国', '李明', '陈静'], copyNumber: undefined, classification: undefined, urgency: undefined },
    };
    const files: string[] = [];
    for (const [name, doc] of Object.entries(documents)) {
      const file = path.join(ARTIFACTS, `${name}.docx`);
      fs.writeFileSync(file, await renderOfficialDocx(doc));
      files.push(file);
    }
    // One LibreOffice start for all three, with a profile of its own so parallel runs never share one.
    execFileSync(
      SOFFICE ?? 'libreoffice',
      [`-env:UserInstallation=file://${work}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', ARTIFACTS, ...files],
      { env: { ...process.env, FONTCONFIG_FILE: fontsConf, HOME: work }, timeout: 180_000, stdio: 'pipe' },
    );
    for (const name of Object.keys(documents)) {
      const pdf = path.join(ARTIFACTS, `${name}.pdf`);
      const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
      rendered.set(name, { pdf, pages: Number(/Pages:\s+(\d+)/.exec(info)![1]) });
      for (const f of fs.readdirSync(ARTIFACTS).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))) fs.rmSync(path.join(ARTIFACTS, f));
      execFileSync('pdftoppm', ['-png', '-r', '60', pdf, path.join(ARTIFACTS, name)]);
    }
  }, 240_000);

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  const sample = () => rendered.get('official-document')!;

  it('opens as four A4 pages with the Chinese text in place, saved as pictures', () => {
    const { pdf, pages } = sample();
    expect(pages).toBe(4);
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const [w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!.slice(1).map(Number);
    expect(w! * MM_PER_PT).toBeCloseTo(210, 0);
    expect(h! * MM_PER_PT).toBeCloseTo(297, 0);
    const flat = (page: number) => pdfText(pdf, page).replace(/\s+/g, '');
    expect(flat(1)).toContain('示例集团有限公司文件');
    expect(flat(1)).toContain('示例集团发〔2026〕12号');
    expect(flat(1)).toContain('集团各部门、各子公司：');
    expect(flat(1)).toMatch(/^000123机密★1年特急/);
    expect(flat(2)).toContain('2026年11月27日（此件公开发布）');
    expect(flat(3)).toMatch(/^附件1公文处理工作流程/);
    expect(flat(4)).toContain('抄送：集团党委，集团纪委，集团工会。');
    expect(flat(4)).toContain('示例集团有限公司办公室2026年11月27日印发');
    for (let page = 1; page <= 4; page++) {
      expect(flat(page)).toContain(`—${page}—`);
      expect(fs.existsSync(path.join(ARTIFACTS, `official-document-${page}.png`))).toBe(true);
    }
    // The ideographs were drawn with a CJK font, not boxes from a font without them.
    expect(execFileSync('pdffonts', [pdf], { encoding: 'utf8' })).toMatch(/CJK/);
  });

  it('puts the red mark 35 mm under the 版心 top and the red separator 4 mm under the number, 156 mm wide', () => {
    const page = Raster.of(sample().pdf, 1, 144);
    const red = page.rows(37, 262, isRed);
    const full = red.filter((r) => page.mm(r.xs.length) > 150);
    expect(full.length).toBeGreaterThan(0);
    const separatorTop = page.mm(full[0]!.y);
    const mark = red.filter((r) => r.y < full[0]!.y);
    // §7.2.4: the mark's top edge 35 mm under the 版心's top edge (37 + 35 = 72 mm from the paper's top).
    expect(page.mm(mark[0]!.y)).toBeGreaterThan(72 - 1);
    expect(page.mm(mark[0]!.y)).toBeLessThan(72 + 1);
    // Centred in the 版心 (28 to 184 mm).
    const left = page.mm(Math.min(...mark.flatMap((r) => r.xs)));
    const right = page.mm(Math.max(...mark.flatMap((r) => r.xs)));
    expect((left + right) / 2).toBeCloseTo((28 + 184) / 2, -0.5);
    // §7.2.7: as wide as the 版心, 4 mm under the number.
    expect(page.mm(full[0]!.xs[0]!)).toBeCloseTo(28, 0);
    expect(page.mm(full[0]!.xs.at(-1)!)).toBeCloseTo(184, 0);
    const number = page.rows(page.mm(mark.at(-1)!.y) + 1, separatorTop - 0.5, isInk);
    const numberBottom = page.mm(number.at(-1)!.y);
    expect(separatorTop - numberBottom).toBeGreaterThan(4 - 0.7);
    expect(separatorTop - numberBottom).toBeLessThan(4 + 0.7);
    // The number two blank lines (2 × 10.2 mm) under the mark, within the room the glyphs leave.
    expect(page.mm(number[0]!.y) - page.mm(mark.at(-1)!.y)).toBeGreaterThan(2 * 10.2);
  });

  it('prints 22 lines of 28 characters on a full page', () => {
    const { pdf, pages } = rendered.get('official-document-22x28')!;
    expect(pages).toBeGreaterThanOrEqual(3);
    // Page 2 holds body text only.
    const lines = pdfLines(pdf, 2).filter((l) => l.yMin * MM_PER_PT > 37 && l.yMin * MM_PER_PT < 262);
    expect(lines).toHaveLength(22);
    const pitches = lines.slice(1).map((l, i) => l.yMin - lines[i]!.yMin);
    for (const p of pitches) expect(p).toBeCloseTo(28.95, 0); // 225 mm / 22 (579 twips)
    const full = lines.filter((l) => l.xMin * MM_PER_PT < 29);
    expect(full.length).toBeGreaterThan(10);
    for (const l of full) {
      expect([...l.text.replace(/\s/g, '')]).toHaveLength(28);
      // Within the 版心. 28 characters advance 28 × 312 twips = 154.1 mm, and LibreOffice spreads a
      // justified line only where it has punctuation, so a line of bare ideographs may end 2 mm short.
      expect(l.xMax * MM_PER_PT).toBeGreaterThan(184 - 2);
      expect(l.xMax * MM_PER_PT).toBeLessThan(184 + 0.5);
    }
    // A paragraph's first line: two characters in, 26 characters.
    const first = lines.find((l) => l.xMin * MM_PER_PT > 35)!;
    expect([...first.text.replace(/\s/g, '')]).toHaveLength(26);
  });

  it('numbers odd pages on the right and even pages on the left, 7 mm under the 版心', () => {
    for (const [pageNo, side] of [
      [1, 'right'],
      [2, 'left'],
      [3, 'right'],
    ] as const) {
      const page = Raster.of(sample().pdf, pageNo, 144);
      const ink = page.rows(262.5, 280, isInk);
      // The dashes are the rows whose ink spans the whole "— n —": the widest row.
      const dash = ink.reduce((a, b) => (b.xs.length > a.xs.length ? b : a));
      expect(page.mm(dash.y)).toBeGreaterThan(269 - 0.7);
      expect(page.mm(dash.y)).toBeLessThan(269 + 0.7);
      const left = page.mm(dash.xs[0]!);
      const right = page.mm(dash.xs.at(-1)!);
      // One 4号 character (14 pt = 4.9 mm) in from the 版心's edge.
      if (side === 'right') expect(right).toBeCloseTo(184 - 4.9, 0);
      else expect(left).toBeCloseTo(28 + 4.9, 0);
    }
  });

  it('ends the last page with the 版记: three rules as wide as the 版心, the last on its bottom edge', () => {
    const page = Raster.of(sample().pdf, 4, 300);
    const rules = page.rows(150, 270, isInk).filter((r) => page.mm(r.xs.length) > 150);
    // Group adjacent rows into rules.
    const groups: number[][] = [];
    for (const r of rules) {
      const g = groups.at(-1);
      if (g && r.y === g.at(-1)! + 1) g.push(r.y);
      else groups.push([r.y]);
    }
    expect(groups).toHaveLength(3);
    const [first, middle, last] = groups as [number[], number[], number[]];
    expect(page.mm(last.at(-1)!)).toBeGreaterThan(262 - 0.6);
    expect(page.mm(last.at(-1)!)).toBeLessThan(262 + 0.3);
    expect(page.mm(rules[0]!.xs[0]!)).toBeCloseTo(28, 0);
    expect(page.mm(rules[0]!.xs.at(-1)!)).toBeCloseTo(184, 0);
    // First and last thicker than the one between (0.35 mm against 0.25 mm).
    expect(first.length).toBeGreaterThan(middle.length);
    expect(last.length).toBeGreaterThan(middle.length);
    const text = pdfText(sample().pdf, 4).replace(/\s+/g, '');
    expect(text.indexOf('抄送')).toBeLessThan(text.indexOf('印发'));
  });

  it('prints an upward document with 签发人 on the number line', () => {
    const { pdf } = rendered.get('official-document-upward')!;
    const lines = pdfLines(pdf, 1);
    const number = lines.find((l) => l.text.replace(/\s/g, '').startsWith('示例集团发〔2026〕12号'))!;
    expect(number.xMin * MM_PER_PT).toBeCloseTo(28 + 5.6, 0); // one character in
    const signer = lines.find((l) => l.text.includes('签发人'))!;
    expect(signer.text.replace(/\s/g, '')).toBe('签发人：张建国李明');
    expect(signer.xMax * MM_PER_PT).toBeLessThan(184 - 4); // one character from the right
    // The last name shares the number's line.
    expect(lines.some((l) => Math.abs(l.yMin - number.yMin) < 1 && l.text.includes('陈静'))).toBe(true);
  });
});
