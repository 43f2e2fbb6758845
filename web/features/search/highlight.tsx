// Marks the searched words in a title. The search matched on the stored text, so a plain
// case-insensitive find of each word is enough here; nothing is parsed as a pattern.
import { Fragment } from 'react';

export function Highlight({ text, words }: { text: string; words: string[] }) {
  const wanted = words.map((w) => w.toLowerCase()).filter((w) => w.length > 0);
  if (!wanted.length) return <>{text}</>;
  const lower = text.toLowerCase();
  const parts: { s: string; hit: boolean }[] = [];
  let i = 0;
  while (i < text.length) {
    let best = -1;
    let len = 0;
    for (const w of wanted) {
      const at = lower.indexOf(w, i);
      if (at >= 0 && (best < 0 || at < best || (at === best && w.length > len))) {
        best = at;
        len = w.length;
      }
    }
    if (best < 0) {
      parts.push({ s: text.slice(i), hit: false });
      break;
    }
    if (best > i) parts.push({ s: text.slice(i, best), hit: false });
    parts.push({ s: text.slice(best, best + len), hit: true });
    i = best + len;
  }
  return (
    <>
      {parts.map((p, k) => (p.hit ? <mark key={k} style={{ padding: 0, background: '#fff1b8' }}>{p.s}</mark> : <Fragment key={k}>{p.s}</Fragment>))}
    </>
  );
}
