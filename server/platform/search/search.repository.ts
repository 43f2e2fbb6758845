// What the two dialects' search repositories share: the rows they write, the query they answer,
// and the narrowing every query carries (filters, phrase check, access policy).
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { ReadableFilter } from '../access/policy.js';
import type { DB, SearchDocTable } from '../db/schema.js';

/** Counts stop here: the user sees "1,000+" rather than the database counting every hit. */
export const COUNT_CAP = 1000;

/**
 * Relevance ranks the newest this many hits (all of them when there are fewer). Ranking every hit
 * of a common word means scoring a fifth of the corpus on each request (bench/search-probe.ts);
 * the cap matches the count a user is shown.
 */
export const RANK_WINDOW = 1000;

export type IndexRow = Omit<SearchDocTable, 'seq'>;

export interface IndexEntry {
  row: IndexRow;
  /** Tokens of the title and the reference (ranked higher). */
  titleTokens: string[];
  /** Tokens of the sender and the text. */
  bodyTokens: string[];
}

export interface SearchFilters {
  recordType?: string;
  year?: number;
  kind?: string;
  state?: string;
  sender?: string;
  classification?: number;
}

export interface Match {
  /** Tokens of the search text, all required. */
  tokens: string[];
  /** Facet tokens of the filters (facets.ts): required too, where the index is better for them. */
  facets: string[];
  /** Compact phrases that must occur in the stored content as they are. */
  phrases: string[];
  readable: ReadableFilter;
  filters: SearchFilters;
}

export interface PageRequest {
  order: 'newest' | 'relevance';
  limit: number;
  /** Newest order: hits older than this seq. */
  before?: number;
  /** Relevance order: hits to skip. */
  offset?: number;
}

export type HitRow = Omit<SearchDocTable, 'content' | 'indexed_at' | 'seq'> & { seq: number };

export interface SearchPage {
  rows: HitRow[];
  /** Matching readable records, at most COUNT_CAP + 1 (more means "1,000+"). */
  count: number;
}

export interface SearchRepository {
  /** Writes (or rewrites) entries in the caller's transaction; a record keeps its seq when rewritten. */
  write(exec: Kysely<DB>, entries: IndexEntry[]): Promise<void>;
  remove(exec: Kysely<DB>, recordType: string, recordId: string): Promise<boolean>;
  search(match: Match, page: PageRequest): Promise<SearchPage>;
  /** The plan of the page query, one line per node: tests check that the index is used. */
  explain(match: Match, page: PageRequest): Promise<string[]>;
}

export const HIT_COLUMNS = [
  'd.seq',
  'd.record_type',
  'd.record_id',
  'd.title',
  'd.reference',
  'd.kind',
  'd.state',
  'd.sender',
  'd.year',
  'd.classification',
  'd.occurred_at',
] as const;

/** The readable columns for the access policy: each row names its own record type. */
export const GUARDED = { recordType: { column: 'd.record_type' }, id: 'd.record_id', classification: 'd.classification' } as const;

/**
 * Adds the caller's filters, the phrase check and the access policy to a query over `search_docs as
 * d`. Inside the query, so a record the reader may not see is never returned and never counted.
 */
export function narrowed<Q extends SelectQueryBuilder<any, any, any>>(q: Q, match: Match): Q {
  const f = match.filters;
  let out: SelectQueryBuilder<any, any, any> = q;
  if (f.recordType !== undefined) out = out.where('d.record_type', '=', f.recordType);
  if (f.year !== undefined) out = out.where('d.year', '=', f.year);
  if (f.kind !== undefined) out = out.where('d.kind', '=', f.kind);
  if (f.state !== undefined) out = out.where('d.state', '=', f.state);
  if (f.sender !== undefined) out = out.where('d.sender', '=', f.sender);
  if (f.classification !== undefined) out = out.where('d.classification', '=', f.classification);
  // Phrases hold only letters, digits and CJK characters, so no LIKE wildcard can hide in them.
  for (const phrase of match.phrases) out = out.where('d.content', 'like', `%${phrase}%`);
  return out.where(match.readable) as Q;
}

/** Up to 500 rows per statement keeps every multi-row insert under SQLite's variable limit. */
export function chunks<T>(items: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The last entry for each record wins when a batch names a record twice. */
export function lastPerRecord(entries: IndexEntry[]): IndexEntry[] {
  const byKey = new Map<string, IndexEntry>();
  for (const e of entries) byKey.set(`${e.row.record_type}\u0000${e.row.record_id}`, e);
  return [...byKey.values()];
}
