// Filter values as index tokens, so that a filter narrows the search inside the full-text index
// (FTS5 and GIN intersect the lists) rather than row by row afterwards: "会议 in 2016" must not read
// every 会议 of ten years to find the few of 2016, and the capped count that picks PostgreSQL's plan
// must already know the filter. A facet token is "f", a field letter, "0" and a hash of the value:
// letters and digits together, which the text tokeniser never emits (it splits letters from digits),
// so no word of any text can match one. The filters are also applied as plain conditions on the row.
import crypto from 'node:crypto';
import type { SearchFilters } from './search.repository.js';

const FIELDS: Record<keyof SearchFilters, string> = {
  recordType: 't',
  year: 'y',
  kind: 'k',
  state: 's',
  sender: 'f',
  classification: 'c',
};

export function facetToken(field: keyof SearchFilters, value: string | number): string {
  return `f${FIELDS[field]}0${crypto.createHash('sha1').update(String(value)).digest('hex').slice(0, 12)}`;
}

/** The facet tokens of a record's filterable values (null values have none). */
export function facetTokens(values: { [K in keyof SearchFilters]?: SearchFilters[K] | null }): string[] {
  const out: string[] = [];
  for (const field of Object.keys(FIELDS) as (keyof SearchFilters)[]) {
    const v = values[field];
    if (v !== undefined && v !== null) out.push(facetToken(field, v));
  }
  return out;
}
