// PostgreSQL: a tsvector of the same bigram tokens in search_docs, a GIN index over it, and the
// primary key seq for "newest first". Neither plan for "newest 20 containing a word" suits every
// word (issue 3): walking seq backwards and testing each row is quick for a common word and reads
// the whole table for an absent one; the GIN bitmap with a top-N sort is quick for a rare word and
// fetches and sorts a fifth of the table for a common one. The planner guesses which from column
// statistics and guesses wrong for rare words, so the capped count (which the user is shown anyway,
// and which the GIN index answers cheaply) decides: a count at the cap means many hits, so walk
// the key; fewer means at most COUNT_CAP hits, so fetch them all and sort. Each plan is pinned with
// SET LOCAL in a read-only transaction.
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

const PLAN_SETTINGS: Record<PlanChoice, string[]> = {
  // Only the primary key's backward index scan remains: no bitmap, no sequential scan, no sort.
  walk: ['enable_bitmapscan', 'enable_seqscan', 'enable_sort'],
  // Only the GIN bitmap remains for search_docs: no plain index scan (the key walk), no seq scan.
  bitmap: ['enable_indexscan', 'enable_seqscan'],
};

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

  private hits(match: Match) {
    const q = this.db.selectFrom('search_docs as d').where(sql<boolean>`d.tsv @@ ${tsquery(match.tokens)}`);
    return narrowed(q, match);
  }

  private pageQuery(match: Match, page: PageRequest) {
    if (page.order === 'newest') {
      let q = this.hits(match).select(HIT_COLUMNS).orderBy('d.seq', 'desc').limit(page.limit);
      if (page.before !== undefined) q = q.where('d.seq', '<', page.before);
      return q;
    }
    // ts_rank with normalisation 1 divides by 1 + log(length), as bm25 weighs a long text down.
    const score = sql<number>`ts_rank(d.tsv, ${tsquery(match.tokens)}, 1)`;
    const window = this.hits(match).select([...HIT_COLUMNS, score.as('score')]).orderBy('d.seq', 'desc').limit(RANK_WINDOW);
    return this.db
      .selectFrom(window.as('w'))
      .selectAll('w')
      .orderBy('w.score', 'desc')
      .orderBy('w.seq', 'desc')
      .limit(page.limit)
      .offset(page.offset ?? 0);
  }

  /** Matching readable records up to the cap; the planner picks the GIN bitmap here for any word. */
  async count(match: Match): Promise<number> {
    const capped = this.hits(match).select(sql`1`.as('one')).limit(COUNT_CAP + 1);
    const r = await this.db.selectFrom(capped.as('c')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }

  static choose(count: number): PlanChoice {
    return count > COUNT_CAP ? 'walk' : 'bitmap';
  }

  /** Runs a query with only the chosen plan's scans enabled, in a transaction that ends with it. */
  async pinned<T>(plan: PlanChoice, run: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
    return this.db
      .transaction()
      .setAccessMode('read only')
      .execute(async (trx) => {
        // set_config(…, true) is SET LOCAL: all settings in one round trip, gone at commit.
        await sql.raw(`select ${PLAN_SETTINGS[plan].map((s) => `set_config('${s}', 'off', true)`).join(', ')}`).execute(trx);
        return run(trx);
      });
  }

  async search(match: Match, page: PageRequest): Promise<SearchPage> {
    const count = await this.count(match);
    const compiled = this.pageQuery(match, page).compile();
    const rows = await this.pinned(PgSearchRepository.choose(count), (trx) => trx.executeQuery<HitRow & { score?: number }>(compiled));
    return { rows: rows.rows.map(({ score: _score, ...row }) => row), count };
  }

  async explain(match: Match, page: PageRequest): Promise<string[]> {
    const count = await this.count(match);
    const compiled = this.pageQuery(match, page).compile();
    const { rows } = await this.pinned(PgSearchRepository.choose(count), (trx) =>
      trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters])),
    );
    return rows.map((r) => r['QUERY PLAN']);
  }
}
