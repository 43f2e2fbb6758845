// SQLite: an FTS5 table over the bigram tokens whose rowid is search_docs.seq. FTS5 hands out a
// token's hits in rowid order, so "newest 20" reads the newest 20 hits and stops (ORDER BY rowid
// DESC is consumed by the index; no sort), and a capped count stops at COUNT_CAP + 1. Facet tokens
// always join the MATCH: FTS5 intersects by seeking through the longer lists, so even a facet on
// every record costs well under a millisecond, and a selective one (会议 in 2016) saves reading
// every 会议 row (bench/search-probe.ts: 0.6 ms against 280 ms on 1,000,000 records).
import { CompiledQuery, sql, type ColumnType, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import {
  chunks,
  COUNT_CAP,
  HIT_COLUMNS,
  lastPerRecord,
  narrowed,
  RANK_WINDOW,
  type HitRow,
  type IndexEntry,
  type Match,
  type PageRequest,
  type SearchPage,
  type SearchRepository,
} from './search.repository.js';

// The FTS5 table; its hidden column of the same name is what MATCH is asked on.
type FtsTable = {
  search_fts: { rowid: number; search_fts: ColumnType<string, never, never>; title: string; body: string };
};

// bm25 weights of the title and body columns: a word in the title counts ten times.
const BM25 = sql<number>`bm25(search_fts, 10.0, 1.0)`;

/** FTS5 query: every token quoted (they hold only letters and digits), implicitly AND-ed. */
const matchExpression = (tokens: string[]) => tokens.map((t) => `"${t}"`).join(' ');

export class SqliteSearchRepository implements SearchRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async write(exec: Kysely<DB>, entries: IndexEntry[]): Promise<void> {
    const fts = exec.withTables<FtsTable>();
    for (const batch of chunks(lastPerRecord(entries))) {
      const seqOf = new Map<string, number>();
      const byType = new Map<string, string[]>();
      for (const e of batch) byType.set(e.row.record_type, [...(byType.get(e.row.record_type) ?? []), e.row.record_id]);
      for (const [type, ids] of byType) {
        const found = await exec.selectFrom('search_docs').select(['seq', 'record_id']).where('record_type', '=', type).where('record_id', 'in', ids).execute();
        for (const f of found) seqOf.set(`${type}\u0000${f.record_id}`, f.seq);
      }
      const fresh: IndexEntry[] = [];
      const ftsRows: { rowid: number; title: string; body: string }[] = [];
      for (const e of batch) {
        const seq = seqOf.get(`${e.row.record_type}\u0000${e.row.record_id}`);
        if (seq === undefined) {
          fresh.push(e);
          continue;
        }
        // Rewritten: same seq (its place in "newest first"), old tokens out.
        await exec.updateTable('search_docs').set(e.row).where('seq', '=', seq).execute();
        await fts.deleteFrom('search_fts').where('rowid', '=', seq).execute();
        ftsRows.push({ rowid: seq, title: e.titleTokens.join(' '), body: e.bodyTokens.join(' ') });
      }
      if (fresh.length) {
        const inserted = await exec.insertInto('search_docs').values(fresh.map((e) => e.row)).returning(['seq', 'record_type', 'record_id']).execute();
        const key = new Map(inserted.map((r) => [`${r.record_type}\u0000${r.record_id}`, r.seq]));
        for (const e of fresh) {
          ftsRows.push({ rowid: key.get(`${e.row.record_type}\u0000${e.row.record_id}`)!, title: e.titleTokens.join(' '), body: e.bodyTokens.join(' ') });
        }
      }
      if (ftsRows.length) await fts.insertInto('search_fts').values(ftsRows).execute();
    }
  }

  async remove(exec: Kysely<DB>, recordType: string, recordId: string): Promise<boolean> {
    const gone = await exec.deleteFrom('search_docs').where('record_type', '=', recordType).where('record_id', '=', recordId).returning('seq').executeTakeFirst();
    if (!gone) return false;
    await exec.withTables<FtsTable>().deleteFrom('search_fts').where('rowid', '=', gone.seq).execute();
    return true;
  }

  /** Hits of the match joined to their rows, narrowed, newest first (the index's own order). */
  private hits(match: Match) {
    const q = this.db
      .withTables<FtsTable>()
      .selectFrom('search_fts as f')
      .innerJoin('search_docs as d', 'd.seq', 'f.rowid')
      .where(sql<boolean>`f.search_fts match ${matchExpression([...match.tokens, ...match.facets])}`)
      .orderBy('f.rowid', 'desc');
    return narrowed(q, match);
  }

  private pageQuery(match: Match, page: PageRequest) {
    if (page.order === 'newest') {
      let q = this.hits(match).select(HIT_COLUMNS).limit(page.limit);
      if (page.before !== undefined) q = q.where('f.rowid', '<', page.before);
      return q;
    }
    const window = this.hits(match).select([...HIT_COLUMNS, BM25.as('score')]).limit(RANK_WINDOW);
    return this.db
      .selectFrom(window.as('w'))
      .selectAll('w')
      .orderBy('w.score')
      .orderBy('w.seq', 'desc')
      .limit(page.limit)
      .offset(page.offset ?? 0);
  }

  async search(match: Match, page: PageRequest): Promise<SearchPage> {
    const capped = this.hits(match).clearOrderBy().select(sql`1`.as('one')).limit(COUNT_CAP + 1);
    const counted = await this.db.selectFrom(capped.as('c')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = (await this.pageQuery(match, page).execute()) as (HitRow & { score?: number })[];
    return { rows: rows.map(({ score: _score, ...row }) => row), count: Number(counted.n) };
  }

  async explain(match: Match, page: PageRequest): Promise<string[]> {
    const compiled = this.pageQuery(match, page).compile();
    const { rows } = await this.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]));
    return rows.map((r) => r.detail);
  }
}
