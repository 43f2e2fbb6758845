// PostgreSQL: a tsvector of the same bigram tokens in search_docs, a GIN index over it, and the
// primary key seq for "newest first". Neither plan for "the newest n hits" suits every word (issue
// 3): walking seq backwards and testing each row is quick for a common word and reads the whole
// table for an absent one; the GIN bitmap with a top-N sort is quick for a rare word and fetches
// and sorts a fifth of the table for a common one (and decoding a common word's GIN list to count
// it costs tens of ms too). The planner guesses from column statistics and guesses wrong for rare
// words, so this repository decides from what it sees:
// 1. It walks the newest WALK_PROBE rows of the key (about a millisecond). For a common word the
//    page is there, and the share of hits among those rows is the word's density where the newest
//    hits are.
// 2. The capped count: walking on until COUNT_CAP + 1 hits when the density says that is cheaper
//    than decoding the word's GIN list, else the GIN bitmap.
// 3. The rest of the page, if the probe did not fill it: at most COUNT_CAP hits in all, or a
//    density that says walking on would read more rows than the bitmap would fetch, goes to the
//    bitmap with a sort; otherwise the walk goes on. A filter that leaves only old records (会议 in
//    2016) finds nothing near the top and goes to the bitmap, whose GIN lists the facet tokens
//    (facets.ts) have already narrowed to the filter.
// The costs are in "rows walked" units measured by bench/search-probe.ts on 1,000,000 records.
// A facet token joins the tsquery only where it narrows: GIN decodes a frequent entry's whole list
// (a record type every record has made a rare word's count take 16 ms instead of 0.1 ms), so a
// facet that ANALYZE's most-common-elements statistics give more than FACET_MAX_SHARE of the
// records is left to the row condition, which every filter has anyway.
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
// scan; JIT off (a disabled node's cost is huge and would set off JIT compilation that takes far
// longer, ~1 s, than the query); work_mem for an exact bitmap of a common word (a lossy one
// rechecks every row of its pages).
const BITMAP_SETTINGS: [string, string][] = [
  ['enable_indexscan', 'off'],
  ['enable_seqscan', 'off'],
  ['jit', 'off'],
  ['work_mem', '32MB'],
];

/** Facets on a larger share of the records than this are not looked up in the GIN index. */
const FACET_MAX_SHARE = 0.2;
/** How long the lexeme frequencies read from pg_stats are used before they are read again. */
const STATS_TTL_MS = 10 * 60_000;

/** Rows at the top of the key walked first. */
export const WALK_PROBE = 1_000;
/** Cost of decoding one entry of a GIN list, and of fetching one hit through the bitmap, in rows walked. */
const GIN_ENTRY_COST = 0.2;
const BITMAP_HIT_COST = 3;

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
  private frequencies: { at: number; share: Map<string, number> } | null = null;

  constructor(private readonly db: Kysely<DB>) {}

  /** The share of records each frequent lexeme is in, from ANALYZE (empty before the first one). */
  private async lexemeShares(): Promise<Map<string, number>> {
    if (this.frequencies && Date.now() - this.frequencies.at < STATS_TTL_MS) return this.frequencies.share;
    const r = await sql<{ elems: string[] | null; freqs: number[] | null }>`
      select most_common_elems::text::text[] as elems, most_common_elem_freqs as freqs
      from pg_stats where tablename = 'search_docs' and attname = 'tsv'`.execute(this.db);
    const share = new Map<string, number>();
    const { elems, freqs } = r.rows[0] ?? { elems: null, freqs: null };
    (elems ?? []).forEach((e, i) => share.set(e, Number(freqs?.[i] ?? 0)));
    this.frequencies = { at: Date.now(), share };
    return share;
  }

  /** The match with only the facets worth a GIN lookup among its tokens. */
  async resolve(match: Match): Promise<Match> {
    if (match.facets.length === 0) return match;
    const share = await this.lexemeShares();
    return { ...match, facets: match.facets.filter((f) => (share.get(f) ?? 0) <= FACET_MAX_SHARE) };
  }

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
   * Hits of the match, narrowed, in a seq range. `viaIndex` false writes the match as
   * ts_match_vq(tsv, q), the function behind @@, which the GIN index cannot serve: the only way to
   * "newest first" left is walking the key backwards, stopping after `limit` hits (the planner
   * estimates a function's selectivity at a fixed third, so it always expects to stop early). The
   * walk is pinned by the query's shape, so it needs no settings and the reading-scope check keeps
   * its usual index plan.
   */
  private hitsQuery(match: Match, range: Range, viaIndex: boolean) {
    const q = tsquery([...match.tokens, ...match.facets]);
    const condition = viaIndex ? sql<boolean>`d.tsv @@ ${q}` : sql<boolean>`ts_match_vq(d.tsv, ${q})`;
    let out = narrowed(this.db.selectFrom('search_docs as d').where(condition), match).orderBy('d.seq', 'desc').limit(range.limit);
    if (range.below !== undefined) out = out.where('d.seq', '<', range.below);
    if (range.from !== undefined) out = out.where('d.seq', '>=', range.from);
    return out;
  }

  private rowsQuery(match: Match, range: Range, viaIndex: boolean, withScore: boolean) {
    // ts_rank with normalisation 1 divides by 1 + log(length), as bm25 weighs a long text down.
    const score = sql<number>`ts_rank(d.tsv, ${tsquery(match.tokens)}, 1)`;
    return this.hitsQuery(match, range, viaIndex).select([...HIT_COLUMNS, ...(withScore ? [score.as('score')] : [])]);
  }

  private countQuery(match: Match, range: Range, viaIndex: boolean) {
    const capped = this.hitsQuery(match, range, viaIndex).select(sql`1`.as('one'));
    // The GIN count needs no order: dropping it lets the bitmap stop at the cap.
    return this.db.selectFrom((viaIndex ? capped.clearOrderBy() : capped).as('c')).select((eb) => eb.fn.countAll<number>().as('n'));
  }

  /** Runs a query with only the GIN bitmap left to search_docs, in a transaction that ends with it. */
  private pinnedBitmap<T>(run: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
    return this.db
      .transaction()
      .setAccessMode('read only')
      .execute(async (trx) => {
        // set_config(…, true) is SET LOCAL: all settings in one round trip, gone at commit.
        await sql.raw(`select ${BITMAP_SETTINGS.map(([k, v]) => `set_config('${k}', '${v}', true)`).join(', ')}`).execute(trx);
        return run(trx);
      });
  }

  /** Runs a query by the plan (null: the planner's own); with a trace, also records its plan. */
  private async exec<R>(plan: PlanChoice | null, compiled: CompiledQuery<unknown>, trace?: Trace, step?: string): Promise<R[]> {
    const go = async (exec: Kysely<DB>) => {
      const { rows } = await exec.executeQuery<R>(compiled);
      if (trace) {
        const explained = await exec.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]));
        trace.steps.push(step ?? plan ?? 'planner');
        trace.plans.push(...explained.rows.map((r) => r['QUERY PLAN']));
      }
      return rows;
    };
    return plan === 'bitmap' ? this.pinnedBitmap(go) : go(this.db);
  }

  /** Hits in a range by the given plan, or by the planner's own choice (null). */
  hits(match: Match, range: Range, plan: PlanChoice | null, withScore = false, trace?: Trace, step?: string): Promise<Scored[]> {
    return this.exec<Scored>(plan, this.rowsQuery(match, range, plan !== 'walk', withScore).compile(), trace, step);
  }

  /** Matching readable records up to COUNT_CAP + 1, from the GIN index. */
  async count(match: Match, trace?: Trace): Promise<number> {
    const [r] = await this.exec<{ n: number }>('bitmap', this.countQuery(match, { limit: COUNT_CAP + 1 }, true).compile(), trace, 'count by GIN');
    return Number(r.n);
  }

  /** The hits among the WALK_PROBE rows below `below`: the newest hits, and their density. */
  private async probe(match: Match, below: number, withScore: boolean, trace?: Trace): Promise<Probe> {
    const from = Math.max(1, below - WALK_PROBE);
    const hits = await this.hits(match, { limit: WALK_PROBE, below, from }, 'walk', withScore, trace, `walk the newest ${below - from} rows`);
    return { hits, from, density: hits.length / Math.max(1, below - from) };
  }

  private async totalCount(match: Match, top: Probe, trace?: Trace): Promise<number> {
    const found = top.hits.length;
    if (top.from <= 1 || found > COUNT_CAP) return Math.min(found, COUNT_CAP + 1);
    const walkOn = top.density > 0 ? (COUNT_CAP + 1 - found) / top.density : Infinity;
    const decode = top.density * top.from * GIN_ENTRY_COST;
    if (walkOn > decode) return this.count(match, trace);
    const range = { limit: COUNT_CAP + 1 - found, below: top.from };
    const [r] = await this.exec<{ n: number }>('walk', this.countQuery(match, range, false).compile(), trace, 'count by walking on');
    return found + Number(r.n);
  }

  /** `need` hits from the probe's and on below it, by the plan the count and the density choose. */
  private async gather(match: Match, start: Probe, need: number, count: number, withScore: boolean, trace?: Trace): Promise<Scored[]> {
    if (start.hits.length >= need || start.from <= 1) return start.hits.slice(0, need);
    const rest = { limit: need - start.hits.length, below: start.from };
    const plan = count <= COUNT_CAP ? 'bitmap' : PgSearchRepository.onward(start.density, rest.limit, start.from);
    return [...start.hits, ...(await this.hits(match, rest, plan, withScore, trace, `${plan} for the rest`))];
  }

  /**
   * Below a probe of the given density: walking on is expected to read `needed / density` rows,
   * the bitmap to decode and fetch `density × rowsLeft` hits.
   */
  static onward(density: number, needed: number, rowsLeft: number): PlanChoice {
    if (density === 0) return 'bitmap';
    return needed / density <= density * rowsLeft * (GIN_ENTRY_COST + BITMAP_HIT_COST) ? 'walk' : 'bitmap';
  }

  private async topSeq(): Promise<number> {
    const r = await this.db.selectFrom('search_docs').select((eb) => eb.fn.max('seq').as('top')).executeTakeFirst();
    return Number(r?.top ?? 0);
  }

  /** The search, optionally recording each step and its plan. */
  async traced(asked: Match, page: PageRequest, trace?: Trace): Promise<SearchPage> {
    const match = await this.resolve(asked);
    const relevance = page.order === 'relevance';
    const top = await this.probe(match, (await this.topSeq()) + 1, relevance, trace);
    const count = await this.totalCount(match, top, trace);
    if (!relevance) {
      const start = page.before === undefined ? top : await this.probe(match, page.before, false, trace);
      return { rows: strip(await this.gather(match, start, page.limit, count, false, trace)), count };
    }
    // Relevance: rank the newest RANK_WINDOW hits (few rows, so sorted here).
    const window = await this.gather(match, top, RANK_WINDOW, count, true, trace);
    window.sort((a, b) => b.score! - a.score! || Number(b.seq) - Number(a.seq));
    const offset = page.offset ?? 0;
    return { rows: strip(window.slice(offset, offset + page.limit)), count };
  }

  search(match: Match, page: PageRequest): Promise<SearchPage> {
    return this.traced(match, page);
  }

  /** The plans of every query the search runs. */
  async explain(match: Match, page: PageRequest): Promise<string[]> {
    const trace: Trace = { steps: [], plans: [] };
    await this.traced(match, page, trace);
    return trace.plans;
  }
}

export interface Trace {
  /** What each query did, in order. */
  steps: string[];
  plans: string[];
}

interface Probe {
  hits: Scored[];
  /** The lowest seq the probe covered. */
  from: number;
  /** Hits per row walked. */
  density: number;
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
