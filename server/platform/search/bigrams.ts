// Chinese text → index tokens, made in application code so that SQLite and PostgreSQL index exactly
// the same tokens (issue 3 "Search"). Word segmenters and trigram indexes miss two-character
// queries (会议, 王芳); CJK character bigrams find every query of two characters or more.
//
// Tokens of a text:
// - every pair of adjacent CJK characters in a run (会议纪要 → 会议 议纪 纪要), a run continuing across
//   whitespace because Chinese forms pad names (王　芳) and hard-wrap lines mid-word;
// - the first and the last character of each CJK run on its own, so a query whose CJK part is one
//   character beside a number or a Latin word ("12号", "第3次") still has a token to look up: in the
//   text that character sits at the edge of its run, next to the number;
// - each run of Latin letters and each run of digits as a word (ISO9001 → iso 9001), so the parts of
//   总经办发〔2026〕12号 are found by "2026", "12号" or "总经办发".
// Text is NFKC-normalised (full-width → half-width, ① → 1) and lower-cased first.

export type CharClass = 'cjk' | 'letter' | 'digit' | 'space' | 'other';

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const LETTER = /\p{L}/u;
const DIGIT = /\p{N}/u;
const SPACE = /\s/u;

export function classOf(ch: string): CharClass {
  if (CJK.test(ch)) return 'cjk';
  if (LETTER.test(ch)) return 'letter';
  if (DIGIT.test(ch)) return 'digit';
  if (SPACE.test(ch)) return 'space';
  return 'other';
}

export function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

export interface Run {
  kind: 'cjk' | 'letter' | 'digit';
  chars: string[];
}

/** Splits normalised text into runs of CJK characters, letters and digits; the rest separates them. */
export function runsOf(normalised: string, joinCjkAcrossSpace: boolean): Run[] {
  const chars = Array.from(normalised);
  const runs: Run[] = [];
  let cur = null as Run | null;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const cls = classOf(ch);
    if (cls === 'space' && joinCjkAcrossSpace && cur?.kind === 'cjk') {
      let j = i + 1;
      while (j < chars.length && classOf(chars[j]) === 'space') j++;
      if (j < chars.length && classOf(chars[j]) === 'cjk') {
        i = j - 1; // the run goes on after the padding
        continue;
      }
    }
    if (cls === 'space' || cls === 'other') {
      cur = null;
      continue;
    }
    if (cur?.kind !== cls) {
      cur = { kind: cls, chars: [] };
      runs.push(cur);
    }
    cur.chars.push(ch);
  }
  return runs;
}

/** The index tokens of one text, in text order (positions matter to PostgreSQL's ranking only). */
export function indexTokens(text: string): string[] {
  const out: string[] = [];
  for (const run of runsOf(normalise(text), true)) {
    if (run.kind !== 'cjk') {
      out.push(run.chars.join(''));
      continue;
    }
    const c = run.chars;
    out.push(c[0]);
    for (let i = 0; i + 1 < c.length; i++) out.push(c[i] + c[i + 1]);
    if (c.length > 1) out.push(c[c.length - 1]);
  }
  return out;
}

/**
 * The text reduced to its letters, digits and CJK characters: what a query phrase is verified
 * against once its tokens matched, so bigrams that occur apart do not count as the phrase.
 */
export function compact(text: string): string {
  let out = '';
  for (const ch of normalise(text)) {
    const cls = classOf(ch);
    if (cls === 'cjk' || cls === 'letter' || cls === 'digit') out += ch;
  }
  return out;
}
