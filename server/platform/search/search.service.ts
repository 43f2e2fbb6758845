// The platform's full-text index: any module writes its records into it inside the transaction of
// its change, and searches it for a reader; the access policy is part of every search query.
import type { Kysely } from 'kysely';
import type { Actor } from '../access/actor.js';
import { readableFilter, type ReadableFilter } from '../access/policy.js';
import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';
import { invalid } from '../errors.js';
import { nowIso } from '../ids.js';
import { compact, indexTokens } from './bigrams.js';
import { facetTokens } from './facets.js';
import { PgSearchRepository } from './search-pg.repository.js';
import { parseQuery } from './search-query.js';
import { SqliteSearchRepository } from './search-sqlite.repository.js';
import { COUNT_CAP, GUARDED, RANK_WINDOW, type HitRow, type IndexEntry, type Match, type PageRequest, type SearchFilters, type SearchRepository } from './search.repository.js';

export const MAX_LIMIT = 100;

/** A record as the index keeps it. */
export interface SearchDocument {
  recordType: string;
  recordId: string;
  title: string;
  /** A number the record is known by (发文字号, 收文编号): found by its parts, ranked like the title. */
  reference?: string | null;
  sender?: string | null;
  /** The text: body, opinions, anything else worth finding. */
  text?: string | null;
  kind?: string | null;
  state?: string | null;
  year?: number | null;
  classification: number;
  /** When the record came into being, shown with the hit (ISO-8601 UTC). */
  occurredAt: string;
}

export interface SearchRequest extends SearchFilters {
  q: string;
  /** Newest first (default), or by relevance among the newest RANK_WINDOW hits. */
  order?: 'newest' | 'relevance';
  limit?: number;
  /** Newest order: continue after this hit (its `seq`). */
  before?: number;
  /** Relevance order: hits to skip. */
  offset?: number;
}

export interface SearchHit {
  recordType: string;
  recordId: string;
  title: string;
  reference: string | null;
  kind: string | null;
  state: string | null;
  sender: string | null;
  year: number | null;
  classification: number;
  occurredAt: string;
  /** The hit's place in "newest first": pass it as `before` for the next page. */
  seq: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Readable matching records, at most COUNT_CAP. */
  total: number;
  /** True when there are more than `total` ("1,000+"). */
  totalCapped: boolean;
  /** Where the next page starts, or null on the last page. */
  next: { before: number } | { offset: number } | null;
}

/**
 * A record type's own read rule on top of classification and scope, for records whose readers the
 * policy's reading scope does not name alone (a supervision item is seen only by those it
 * concerns). It answers a WHERE clause over `search_docs as d` (the record's id is `d.record_id`),
 * built for one actor, which every hit, count and facet of the search carries for rows of that type.
 */
export type RecordReadFilter = (actor: Actor) => Promise<ReadableFilter>;

function toEntry(doc: SearchDocument, at: string): IndexEntry {
  if (!doc.recordType || !doc.recordId) throw invalid('检索索引缺少记录类型或编号');
  if (!Number.isInteger(doc.classification) || doc.classification < 0 || doc.classification > 4) throw invalid('检索索引的密级无效', { field: 'classification' });
  const fields = [doc.title, doc.reference, doc.sender, doc.text].map((f) => f ?? '');
  return {
    row: {
      record_type: doc.recordType,
      record_id: doc.recordId,
      title: doc.title,
      reference: doc.reference ?? null,
      kind: doc.kind ?? null,
      state: doc.state ?? null,
      sender: doc.sender ?? null,
      year: doc.year ?? null,
      classification: doc.classification,
      occurred_at: doc.occurredAt,
      // A space between fields: a phrase never runs from the end of one into the next.
      content: fields.map(compact).join(' '),
      indexed_at: at,
    },
    titleTokens: [...indexTokens(fields[0]), ...indexTokens(fields[1])],
    bodyTokens: [
      ...indexTokens(fields[2]),
      ...indexTokens(fields[3]),
      ...facetTokens({ recordType: doc.recordType, year: doc.year, kind: doc.kind, state: doc.state, sender: doc.sender, classification: doc.classification }),
    ],
  };
}

function present(row: HitRow): SearchHit {
  return {
    recordType: row.record_type,
    recordId: row.record_id,
    title: row.title,
    reference: row.reference,
    kind: row.kind,
    state: row.state,
    sender: row.sender,
    year: row.year,
    classification: row.classification,
    occurredAt: row.occurred_at,
    seq: Number(row.seq),
  };
}

export class SearchIndex {
  private readonly readFilters = new Map<string, RecordReadFilter>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly repo: SearchRepository,
  ) {}

  static for(database: Pick<Database, 'db' | 'dialect'>): SearchIndex {
    const repo = database.dialect === 'postgres' ? new PgSearchRepository(database.db) : new SqliteSearchRepository(database.db);
    return new SearchIndex(database.db, repo);
  }

  /**
   * Registers the read rule of a record type (once per type: a second registration replaces the
   * first, so a module wired again on the same context stays one rule). Register it before the
   * type's records are indexed.
   */
  registerReadFilter(recordType: string, filter: RecordReadFilter): void {
    this.readFilters.set(recordType, filter);
  }

  /** The policy's filter for every row, and for a type with its own rule, that rule as well. */
  private async readable(actor: Actor): Promise<ReadableFilter> {
    const policy = await readableFilter(this.db, actor, GUARDED);
    if (!this.readFilters.size) return policy;
    const own = await Promise.all([...this.readFilters].map(async ([type, f]) => [type, await f(actor)] as const));
    return (eb) => eb.and([policy(eb), ...own.map(([type, rule]) => eb.or([eb('d.record_type', '<>', type), rule(eb)]))]);
  }

  /**
   * Indexes a record, or re-indexes it keeping its place in "newest first" (a record's place is
   * the time it was first indexed, so index records as they are created). Runs in `trx`, the
   * transaction of the change, so the index never disagrees with what committed.
   */
  upsert(trx: Kysely<DB>, doc: SearchDocument): Promise<void> {
    return this.upsertMany(trx, [doc]);
  }

  /** Many records in few statements (imports, rebuilds, test data). */
  upsertMany(trx: Kysely<DB>, docs: SearchDocument[]): Promise<void> {
    const at = nowIso();
    return this.repo.write(trx, docs.map((d) => toEntry(d, at)));
  }

  /** Takes a record out of the index; true when it was there. */
  remove(trx: Kysely<DB>, recordType: string, recordId: string): Promise<boolean> {
    return this.repo.remove(trx, recordType, recordId);
  }

  /**
   * The hits the actor may read, newest first or by relevance, with a capped count. Not inside a
   * transaction: on SQLite it reads through the one connection.
   */
  async search(actor: Actor, req: SearchRequest): Promise<SearchResult> {
    const { match, page } = await this.prepare(actor, req);
    const limit = page.limit;
    const { rows, count } = await this.repo.search(match, { ...page, limit: limit + 1 });
    const hits = rows.slice(0, limit).map(present);
    let next: SearchResult['next'] = null;
    if (rows.length > limit) {
      next = page.order === 'newest' ? { before: hits[hits.length - 1].seq } : { offset: (page.offset ?? 0) + limit };
    }
    return { hits, total: Math.min(count, COUNT_CAP), totalCapped: count > COUNT_CAP, next };
  }

  /** The database's plan for the page query of this search (tests check that the index is used). */
  async explain(actor: Actor, req: SearchRequest): Promise<string[]> {
    const { match, page } = await this.prepare(actor, req);
    return this.repo.explain(match, page);
  }

  /** The request checked and turned into what a repository answers (bench/search-probe.ts uses it too). */
  async prepare(actor: Actor, req: SearchRequest): Promise<{ match: Match; page: PageRequest }> {
    const { tokens, phrases } = parseQuery(req.q ?? '');
    const limit = req.limit ?? 20;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw invalid(`每页条数应为 1–${MAX_LIMIT}`, { field: 'limit' });
    const order = req.order ?? 'newest';
    if (order === 'relevance' && req.before !== undefined) throw invalid('按相关度排序时请用 offset 翻页', { field: 'before' });
    if (order === 'newest' && req.offset !== undefined) throw invalid('按时间排序时请用 before 翻页', { field: 'offset' });
    const offset = req.offset ?? 0;
    if (!Number.isInteger(offset) || offset < 0 || offset >= RANK_WINDOW) throw invalid(`相关度排序最多翻到第 ${RANK_WINDOW} 条`, { field: 'offset' });
    const filters: SearchFilters = {
      recordType: req.recordType,
      year: req.year,
      kind: req.kind,
      state: req.state,
      sender: req.sender,
      classification: req.classification,
    };
    const readable = await this.readable(actor);
    const rankable = Math.min(limit, RANK_WINDOW - offset);
    return {
      match: { tokens, facets: facetTokens(filters), phrases, readable, filters },
      page: order === 'newest' ? { order, limit, before: req.before } : { order, limit: rankable, offset },
    };
  }
}
