// A search text → the tokens every hit must have and the phrases to verify on the stored text.
// Whitespace separates terms, each of which must occur (会议 纪要 = both words, anywhere); a term is a
// phrase (会议纪要 = those four characters in a row).
import { invalid } from '../errors.js';
import { compact, normalise, runsOf } from './bigrams.js';

export const MAX_QUERY_CHARS = 100;
export const MAX_TERMS = 8;

export interface ParsedQuery {
  /** Distinct tokens, all required (AND). */
  tokens: string[];
  /** Compact phrases of terms made of several tokens: their tokens matched, but maybe not in a row. */
  phrases: string[];
}

/**
 * One-character terms are refused rather than answered with a scan: a single 会 or 王 matches a
 * large part of any Chinese corpus and is no search, and answering it would need a LIKE over every
 * record, a full scan that would break the latency budget for everyone else.
 */
export function parseQuery(text: string): ParsedQuery {
  if (Array.from(text).length > MAX_QUERY_CHARS) throw invalid(`检索词不能超过 ${MAX_QUERY_CHARS} 个字`, { field: 'q' });
  const terms = [...new Set(normalise(text).split(/\s+/u).filter(Boolean))];
  const tokens = new Set<string>();
  const phrases: string[] = [];
  let kept = 0;
  for (const term of terms) {
    const phrase = compact(term);
    const length = Array.from(phrase).length;
    if (length === 0) continue; // punctuation only
    if (length === 1) throw invalid('检索词至少两个字（单字检索范围过大）', { field: 'q', term });
    if (++kept > MAX_TERMS) throw invalid(`检索词不能超过 ${MAX_TERMS} 个`, { field: 'q' });
    const own: string[] = [];
    for (const run of runsOf(term, false)) {
      const c = run.chars;
      if (run.kind !== 'cjk') own.push(c.join(''));
      else if (c.length === 1) own.push(c[0]); // beside a number or a word: an edge token in the text
      else for (let i = 0; i + 1 < c.length; i++) own.push(c[i] + c[i + 1]);
    }
    own.forEach((t) => tokens.add(t));
    if (own.length > 1) phrases.push(phrase);
  }
  if (tokens.size === 0) throw invalid('请输入检索词', { field: 'q' });
  return { tokens: [...tokens], phrases };
}
