// Measures the platform's search index (server/platform/search) at scale, outside the test suite:
// builds N generated documents (default 1,000,000) on SQLite and PostgreSQL under
// bench/.cache/search-probe/ through SearchIndex.upsertMany, then times two-character searches for a
// common, a medium, a rare and an absent word, newest first and by relevance. On PostgreSQL it also
// times each plan pinned by hand (key walk, GIN bitmap, the planner's own), the case for the count
// deciding the plan.
//   npx tsx bench/search-probe.ts [--docs 1000000] [--dialect sqlite|postgres|both] [--runs 30] [--regenerate]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { capabilitiesOf } from '../common/roles.js';
import type { Actor } from '../server/platform/access/actor.js';
import { migrateToLatest, openDatabase, type Database, type Dialect } from '../server/platform/db/database.js';
import { SearchIndex, type SearchDocument, type SearchRequest } from '../server/platform/search/index.js';
import { PgSearchRepository, type Trace } from '../server/platform/search/search-pg.repository.js';
import pg from 'pg';
import { rng } from './generator-kit.js';
import { PROBE_WORDS, sprinkleProbeWords, words } from './corpus.js';
import { CACHE_DIR, PG_ADMIN_URL } from './target.js';

const { values: opts } = parseArgs({
  options: {
    docs: { type: 'string', default: '1000000' },
    dialect: { type: 'string', default: 'both' },
    runs: { type: 'string', default: '30' },
    regenerate: { type: 'boolean', default: false },
  },
});
const DOCS = Number(opts.docs);
const RUNS = Number(opts.runs);
const DIALECTS: Dialect[] = opts.dialect === 'both' ? ['sqlite', 'postgres'] : [opts.dialect as Dialect];
const DIR = path.join(CACHE_DIR, 'search-probe');
const DONE_KEY = `search_probe_docs_${DOCS}`;
const BATCH = 5_000;

/** The searches timed: each probed word, and the common one under a filter that keeps old or new records. */
const PROBES: { label: string; req: SearchRequest }[] = [
  ...PROBE_WORDS.map((w) => ({ label: `${w.word} ${w.label}`, req: { q: w.word } })),
  { label: '会议, year 2016 (oldest tenth)', req: { q: '会议', year: 2016 } },
  { label: '会议, year 2026 (newest tenth)', req: { q: '会议', year: 2026 } },
  { label: '会议, state open (1 in 7)', req: { q: '会议', state: 'open' } },
  { label: '琥珀, sender 财务部', req: { q: '琥珀', sender: '财务部' } },
];

const SCOPE_DEPT = 'dept-finance';

function generate(i: number, rand: () => number): SearchDocument {
  const { title, text } = sprinkleProbeWords(rand, words(rand, 3 + Math.floor(rand() * 3)), words(rand, 6 + Math.floor(rand() * 5)));
  const year = 2016 + Math.floor((i / DOCS) * 11);
  return {
    recordType: 'document',
    recordId: `d${i}`,
    title,
    reference: rand() < 0.3 ? `总经办发〔${year}〕${1 + (i % 400)}号` : null,
    sender: ['总经办', '财务部', '人事部', '市场部', '生产部', '技术部'][i % 6],
    text,
    kind: ['notice', 'report', 'request', 'letter'][i % 4],
    state: i % 7 === 0 ? 'open' : 'closed',
    year,
    classification: i % 20 === 0 ? 2 : i % 3 === 0 ? 1 : 0,
    occurredAt: new Date(Date.UTC(year, 0, 1) + (i % 360) * 86_400_000).toISOString(),
  };
}

/** Rough bytes per generated document on both databases together, with margin. */
const BYTES_PER_DOC = 4_000;

function checkFreeSpace() {
  fs.mkdirSync(DIR, { recursive: true });
  const st = fs.statfsSync(DIR);
  const free = st.bavail * st.bsize;
  if (free < DOCS * BYTES_PER_DOC) throw new Error(`${(free / 2 ** 30).toFixed(1)} GiB free under ${DIR}; ${DOCS} documents want about ${((DOCS * BYTES_PER_DOC) / 2 ** 30).toFixed(1)} GiB`);
}

async function admin(query: string): Promise<number> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return (await c.query(query)).rowCount ?? 0;
  } finally {
    await c.end();
  }
}

async function open(dialect: Dialect): Promise<Database> {
  if (dialect === 'sqlite') {
    const dir = path.join(DIR, `sqlite-${DOCS}`);
    if (opts.regenerate) fs.rmSync(dir, { recursive: true, force: true });
    return openDatabase({ databaseUrl: null, dataDir: dir });
  }
  const name = `zb_search_probe_${Math.floor(DOCS)}`;
  const exists = (await admin(`select 1 from pg_database where datname = '${name}'`)) === 1;
  if (opts.regenerate && exists) await admin(`drop database ${name} with (force)`);
  if (opts.regenerate || !exists) await admin(`create database ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return openDatabase({ databaseUrl: url.toString(), dataDir: DIR });
}

async function load(database: Database, index: SearchIndex) {
  const { db } = database;
  await migrateToLatest(db);
  const done = await db.selectFrom('settings').select('value').where('key', '=', DONE_KEY).executeTakeFirst();
  if (done) return JSON.parse(done.value) as { seconds: number };
  await sql`delete from search_docs`.execute(db);
  if (database.dialect === 'sqlite') await sql`delete from search_fts`.execute(db);
  await sql`delete from reading_scopes`.execute(db);
  const rand = rng(20261127);
  const started = Date.now();
  for (let from = 0; from < DOCS; from += BATCH) {
    const docs = Array.from({ length: Math.min(BATCH, DOCS - from) }, (_, k) => generate(from + k, rand));
    const at = new Date().toISOString();
    await db.transaction().execute(async (trx) => {
      await index.upsertMany(trx, docs);
      const classified = docs.filter((d) => d.classification >= 2);
      // Half the 秘密 records are the finance department's; the probing reader is not in it.
      const scoped = classified.filter((_, k) => k % 2 === 0).map((d) => ({ record_type: d.recordType, record_id: d.recordId, subject_kind: 'department' as const, subject_id: SCOPE_DEPT, source: 'named', created_at: at }));
      if (scoped.length) await trx.insertInto('reading_scopes').values(scoped).execute();
    });
    if ((from / BATCH) % 20 === 0) process.stdout.write(`  ${database.dialect}: ${from + BATCH} docs, ${Math.round((from + BATCH) / ((Date.now() - started) / 1000))} docs/s\n`);
  }
  if (database.dialect === 'postgres') await sql`vacuum analyze search_docs`.execute(db);
  const seconds = (Date.now() - started) / 1000;
  await db.insertInto('settings').values({ key: DONE_KEY, value: JSON.stringify({ seconds }), updated_at: new Date().toISOString() }).execute();
  return { seconds };
}

function actor(id: string, clearance: number, departmentId: string, roles: string[]): Actor {
  return { id, name: id, username: id, roles, capabilities: capabilitiesOf(roles), clearance, departmentId, ip: '127.0.0.1', via: 'session', departmentChain: [departmentId] };
}

interface Timing {
  p50: number;
  p95: number;
  max: number;
}

async function time(runs: number, fn: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < Math.min(3, runs); i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)];
  return { p50: at(0.5), p95: at(0.95), max: ms[ms.length - 1] };
}

const fmt = (t: Timing) => `${t.p50.toFixed(2)} / ${t.p95.toFixed(2)}`;

async function sizeOf(database: Database): Promise<string> {
  if (database.dialect === 'sqlite') {
    const bytes = ['', '-wal'].reduce((n, s) => n + (fs.statSync(database.sqlitePath + s, { throwIfNoEntry: false })?.size ?? 0), 0);
    return `${(bytes / 2 ** 20).toFixed(0)} MiB database file`;
  }
  const r = await sql<{ total: number; gin: number }>`select pg_total_relation_size('search_docs') as total, pg_relation_size('search_docs_tsv_idx') as gin`.execute(database.db);
  return `${(r.rows[0].total / 2 ** 20).toFixed(0)} MiB search_docs with indexes (GIN ${(r.rows[0].gin / 2 ** 20).toFixed(0)} MiB)`;
}

async function probe(dialect: Dialect): Promise<string[]> {
  const database = await open(dialect);
  const out: string[] = [];
  try {
    const index = SearchIndex.for(database);
    const loaded = await load(database, index);
    out.push(`### ${dialect}: ${DOCS.toLocaleString('en')} documents`, '', `Loaded in ${loaded.seconds.toFixed(0)} s (${Math.round(DOCS / loaded.seconds)} docs/s through SearchIndex.upsertMany, 5,000 per transaction); ${await sizeOf(database)}.`, '');
    const readers = { clerk: actor('probe-clerk', 1, 'dept-office', ['clerk']), head: actor('probe-head', 2, 'dept-sales', ['dept_head']) };
    const hitsOf = async (word: string) => {
      const r = await sql<{ n: number }>`select count(*) as n from search_docs where content like ${`%${word}%`}`.execute(database.db);
      return Number(r.rows[0].n);
    };
    out.push('Whole search (capped count + page of 20), p50 / p95 ms over ' + RUNS + ' runs:', '');
    out.push('| search | documents with the word | reader | newest 20 | relevance 20 | total shown |', '|---|---:|---|---:|---:|---|');
    const withWord = new Map<string, number>();
    for (const w of PROBE_WORDS) withWord.set(w.word, await hitsOf(w.word));
    for (const probe of PROBES) {
      for (const [who, a] of Object.entries(readers)) {
        const newest = await time(RUNS, () => index.search(a, probe.req));
        const relevance = await time(RUNS, () => index.search(a, { ...probe.req, order: 'relevance' }));
        const r = await index.search(a, probe.req);
        out.push(`| ${probe.label} | ${withWord.get(probe.req.q)!.toLocaleString('en')} | ${who} | ${fmt(newest)} | ${fmt(relevance)} | ${r.totalCapped ? `${r.total}+` : r.total} |`);
      }
    }
    out.push('');
    out.push(...(await (dialect === 'postgres' ? pgPlans(database, index, readers.head) : sqliteRanking(database))));
  } finally {
    await database.close();
  }
  return out;
}

/** Each plan pinned by hand for one query of the newest 20, and the steps the search took. */
async function pgPlans(database: Database, index: SearchIndex, reader: Actor): Promise<string[]> {
  const repo = new PgSearchRepository(database.db);
  const out = ['PostgreSQL, one query for the newest 20 with each plan pinned (reader with 秘密 clearance), p50 / p95 ms, and the steps the search takes:', ''];
  out.push("| search | capped count by GIN | key walk | GIN bitmap + sort | planner's own | the search's steps |", '|---|---:|---:|---:|---:|---|');
  for (const probe of PROBES) {
    const asked = await index.prepare(reader, probe.req);
    const [match, page] = [await repo.resolve(asked.match), asked.page];
    const trace: Trace = { steps: [], plans: [] };
    await repo.traced(match, page, trace);
    const slow = (step: string) => !trace.steps.some((s) => s.startsWith(step));
    const runs = (step: string) => (slow(step) ? 3 : Math.min(RUNS, 10));
    const range = { limit: 20 };
    const count = await time(runs('count by GIN'), () => repo.count(match));
    const walk = await time(runs('walk'), () => repo.hits(match, range, 'walk'));
    const bitmap = await time(runs('bitmap'), () => repo.hits(match, range, 'bitmap'));
    const planner = await time(3, () => repo.hits(match, range, null));
    out.push(`| ${probe.label} | ${fmt(count)} | ${fmt(walk)} | ${fmt(bitmap)} | ${fmt(planner)} | ${trace.steps.join('; ')} |`);
  }
  const full = await time(3, () => sql`select seq from search_docs where tsv @@ ${'会议'}::tsquery order by ts_rank(tsv, ${'会议'}::tsquery, 1) desc limit 20`.execute(database.db));
  out.push('', `Ranking every hit of 会议 instead of the newest 1,000 (ts_rank over all hits, no access filter): ${fmt(full)} ms.`, '');
  return out;
}

async function sqliteRanking(database: Database): Promise<string[]> {
  const full = await time(5, () => sql`select rowid from search_fts where search_fts match '"会议"' order by bm25(search_fts, 10.0, 1.0) limit 20`.execute(database.db));
  const byDate = await time(5, () => sql`select d.seq from search_fts f join search_docs d on d.seq = f.rowid where f.search_fts match '"会议"' order by d.occurred_at desc limit 20`.execute(database.db));
  return [
    `Ranking every hit of 会议 instead of the newest 1,000 (bm25 over all hits, no access filter): ${fmt(full)} ms.`,
    `Newest 20 of 会议 ordered by a date column instead of the rowid: ${fmt(byDate)} ms.`,
    '',
  ];
}

checkFreeSpace();
const report: string[] = [];
for (const d of DIALECTS) report.push(...(await probe(d)));
const text = report.join('\n');
fs.mkdirSync(DIR, { recursive: true });
fs.writeFileSync(path.join(DIR, `report-${DOCS}.md`), text + '\n');
console.log('\n' + text);
