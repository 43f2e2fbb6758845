// PostgreSQL: a tsvector of the same bigram tokens in search_docs, a GIN index over it, and the
// primary key seq for "newest first". Neither plan for "the newest n hits" suits every word (issue
// 3): walking seq backwards and testing each row is quick for a common word and reads the whole
// table for an absent one; the GIN bitmap with a top-N sort is quick for a rare word and fetches
// and sorts a fifth of the table for a common one. The planner guesses which from column statistics
// and guesses wrong for rare words, so this repository decides with what it measures:
// 1. the capped count (shown to the user anyway; the GIN index answers it cheaply for any word).
//    At most COUNT_CAP hits: fetch them all through the bitmap and sort.
// 2. Many hits: walk the newest WALK_PROBE rows of the key. Usually the page is there (a word in a
//    fifth of the records fills 20 hits within ~100 rows). If not, the hits found tell their
//    density among recent records: keep walking when the rest is expected within fewer rows than
//    the bitmap would fetch, else take the rest from the bitmap. A filter that leaves only old
//    records (会议 in 2016) finds nothing near the top and goes to the bitmap, whose GIN lists the
//    facet tokens (facets.ts) have already narrowed to the filter.
import { CompiledQuery, sql, type Kysely } from 'kysely';
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

export type PlanChoice = 'walk' | 'bitmap';

// The bitmap plan is pinned for its transaction: no plain index scan (the key walk), no sequential
// scan. JIT off: a disabled node's cost is huge, and would otherwise set off JIT compilation that
// takes far longer (~1 s) than the query.
const BITMAP_SETTINGS = ['enable_indexscan', 'enable_seqscan', 'jit'];

/** Rows at the top of the key walked before the hits' density decides how to go on. */
export const WALK_PROBE = 2_000;

// PostgreSQL caps lexeme positions at 16383 and keeps at most 256 per lexeme.
const MAX_POSITION = 16383;
const MAX_POSITIONS_PER_LEXEME = 256;

/**
 * A tsvector literal of the tokens, title tokens weighted A. Built here rather than with
 * to_tsvector('simple', …) so the lexemes are exactly the application's tokens, whatever the
 * database's locale makes of CJK characters; tokens hold only letters and digits, so quoting is safe.
 */
export function tsvectorLiteral(titleTokens: string[], bodyTokens: string[]): string {
  const positions = new Map<string, string[]>();
  let pos = 0;
  const add = (tokens: string[], weight: string) => {
    for (const t of tokens) {
      pos = Math.min(pos + 1, MAX_POSITION);
      const list = positions.get(t) ?? [];
      if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(`${pos}${weight}`);
      positions.set(t, list);
    }
  };
  add(titleTokens, 'A');
  add(bodyTokens, '');
  return [...positions].map(([t, p]) => `'${t}':${p.join(',')}`).join(' ');
}

const tsquery = (tokens: string[]) => sql`${tokens.map((t) => `'${t}'`).join(' & ')}::tsquery`;

export class PgSearchRepository implements SearchRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async write(exec: Kysely<DB>, entries: IndexEntry[]): Promise<void> {
    for (const batch of chunks(lastPerRecord(entries))) {
      const values = batch.map((e) => ({ ...e.row, tsv: sql`${tsvectorLiteral(e.titleTokens, e.bodyTokens)}::tsvector` }));
      await exec
        .insertInto('search_docs')
        .values(values as any)
        .onConflict((oc) =>
          oc.columns(['record_type', 'record_id']).doUpdateSet((eb) => {
            const set: Record<string, unknown> = { tsv: sql.ref('excluded.tsv') };
            for (const c of Object.keys(batch[0].row)) if (c !== 'record_type' && c !== 'record_id') set[c] = eb.ref(`excluded.${c}` as any);
            return set as any;
          }),
        )
        .execute();
    }
  }

  async remove(exec: Kysely<DB>, recordType: string, recordId: string): Promise<boolean> {
    const r = await exec.deleteFrom('search_docs').where('record_type', '=', recordType).where('record_id', '=', recordId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /**
   * Hits of the match, narrowed, newest first, in a seq range. `viaIndex` false writes the match as
   * ts_match_vq(tsv, q), the function behind @@, which the GIN index cannot serve: the only way to
   * "newest first" left is walking the key backwards, stopping after `limit` hits (the planner
   * estimates a function's selectivity at a fixed third, so it always expects to stop early). The
   * walk is pinned by the query's shape, so it needs no settings and the reading-scope check keeps
   * its usual index plan.
   */
  private stretch(match: Match, range: Range, viaIndex: boolean, withScore: boolean) {
    const q = tsquery(match.tokens);
    const condition = viaIndex ? sql<boolean>`d.tsv @@ ${q}` : sql<boolean>`ts_match_vq(d.tsv, ${q})`;
    // ts_rank with normalisation 1 divides by 1 + log(length), as bm25 weighs a long text down.
    const score = sql<number>`ts_rank(d.tsv, ${q}, 1)`;
    let out = narrowed(this.db.selectFrom('search_docs as d').where(condition), match)
      .select([...HIT_COLUMNS, ...(withScore ? [score.as('score')] : [])])
      .orderBy('d.seq', 'desc')
      .limit(range.limit);
    if (range.below !== undefined) out = out.where('d.seq', '<', range.below);
    if (range.from !== undefined) out = out.where('d.seq', '>=', range.from);
    return out;
  }

  /** Matching readable records up to the cap; the planner picks the GIN bitmap here for any word. */
  async count(match: Match): Promise<number> {
    const capped = narrowed(this.db.selectFrom('search_docs as d').where(sql<boolean>`d.tsv @@ ${tsquery(match.tokens)}`), match)
      .select(sql`1`.as('one'))
      .limit(COUNT_CAP + 1);
    const r = await this.db.selectFrom(capped.as('c')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Runs a query with only the GIN bitmap left to search_docs, in a transaction that ends with it. */
  private pinnedBitmap<T>(run: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
    return this.db
      .transaction()
      .setAccessMode('read only')
      .execute(async (trx) => {
        // set_config(…, true) is SET LOCAL: all settings in one round trip, gone at commit.
        await sql.raw(`select ${BITMAP_SETTINGS.map((s) => `set_config('${s}', 'off', true)`).join(', ')}`).execute(trx);
        return run(trx);
      });
  }

  private run<R>(plan: PlanChoice | null, compiled: CompiledQuery<unknown>) {
    const go = (exec: Kysely<DB>) => exec.executeQuery<R>(compiled);
    return plan === 'bitmap' ? this.pinnedBitmap(go) : go(this.db);
  }

  /** One stretch of hits with the given plan, or with the planner's own choice (null). */
  async hits(match: Match, range: Range, plan: PlanChoice | null, withScore = false): Promise<Scored[]> {
    const { rows } = await this.run<Scored>(plan, this.stretch(match, range, plan !== 'walk', withScore).compile());
    return rows;
  }

  /** The newest `limit` hits below `below`, by the plan the count and the density choose. */
  private async newest(match: Match, count: number, limit: number, below: number | undefined, withScore: boolean): Promise<Scored[]> {
    if (count <= COUNT_CAP) return this.hits(match, { limit, below }, 'bitmap', withScore);
    const top = below ?? (await this.topSeq()) + 1;
    const from = top - WALK_PROBE;
    const near = await this.hits(match, { limit, below: top, from }, 'walk', withScore);
    if (near.length >= limit || from <= 1) return near;
    const rest = { limit: limit - near.length, below: from };
    return [...near, ...(await this.hits(match, rest, PgSearchRepository.onward(near.length, rest.limit, from), withScore))];
  }

  /**
   * After the newest WALK_PROBE rows held `found` hits: walking on is expected to read
   * `needed / density` more rows, the bitmap to fetch `density × rows left` hits.
   */
  static onward(found: number, needed: number, rowsLeft: number): PlanChoice {
    if (found === 0) return 'bitmap';
    const density = found / WALK_PROBE;
    return needed / density <= density * rowsLeft ? 'walk' : 'bitmap';
  }

  private async topSeq(): Promise<number> {
    const r = await this.db.selectFrom('search_docs').select((eb) => eb.fn.max('seq').as('top')).executeTakeFirst();
    return Number(r?.top ?? 0);
  }

  async search(match: Match, page: PageRequest): Promise<SearchPage> {
    const count = await this.count(match);
    if (page.order === 'newest') return { rows: strip(await this.newest(match, count, page.limit, page.before, false)), count };
    // Relevance: rank the newest RANK_WINDOW hits (few rows, so sorted here).
    const window = await this.newest(match, count, RANK_WINDOW, undefined, true);
    window.sort((a, b) => b.score! - a.score! || Number(b.seq) - Number(a.seq));
    const offset = page.offset ?? 0;
    return { rows: strip(window.slice(offset, offset + page.limit)), count };
  }

  /** The plan of the first query a newest-first search runs. */
  async explain(match: Match, page: PageRequest): Promise<string[]> {
    const count = await this.count(match);
    const plan: PlanChoice = count > COUNT_CAP ? 'walk' : 'bitmap';
    const limit = page.order === 'newest' ? page.limit : RANK_WINDOW;
    const range = plan === 'walk' ? { limit, from: (await this.topSeq()) + 1 - WALK_PROBE } : { limit };
    const compiled = this.stretch(match, range, plan !== 'walk', page.order === 'relevance').compile();
    const { rows } = await this.run<{ 'QUERY PLAN': string }>(plan, CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]));
    return rows.map((r) => r['QUERY PLAN']);
  }
}

interface Range {
  limit: number;
  /** seq < below */
  below?: number;
  /** seq >= from */
  from?: number;
}

type Scored = HitRow & { score?: number };

const strip = (rows: Scored[]): HitRow[] => rows.map(({ score: _score, ...row }) => row);
