// Where one scenario's SQL time goes, statement by statement: runs the scenario's ceiling handler
// in-process on the cached SQLite database with Kysely's query log, and prints each distinct
// statement's share of the time (the mean per request), slowest first — the probe to aim a change at.
//   [PLAN=2] npx tsx bench/query-tally.ts --only supervision-board [--items 200000] [-n 50]   (PLAN: print the plans of the N costliest)
import { Kysely, SqliteDialect, type LogEvent } from 'kysely';
import { openSqliteHandle } from '../server/platform/db/database.js';
import { cachedStatements } from '../server/platform/db/statement-cache.js';
import type { DB } from '../server/platform/db/schema.js';
import { CEILING_ROUTES, ceilingDeps } from './ceiling-routes.js';
import { ensureGenerated } from './generate.js';
import { datasetOf, parseOptions } from './options.js';
import { selectScenarios } from './scenarios.js';
import { issueSessions } from './sessions.js';
import { targetOf } from './target.js';

async function main() {
  const argv = process.argv.slice(2);
  const nAt = argv.indexOf('-n');
  const n = nAt >= 0 ? Number(argv.splice(nAt, 2)[1]) : 50;
  const opts = parseOptions(argv);
  for (const scenario of selectScenarios(opts.only)) {
    const kind = scenario.dataset ?? 'org';
    const t = targetOf('sqlite', datasetOf(opts, kind));
    const fixture = await ensureGenerated(t);
    const tally = new Map<string, { ms: number; calls: number; sql: string; parameters: readonly unknown[] }>();
    let counting = false;
    const log = (e: LogEvent) => {
      if (!counting || e.level !== 'query') return;
      const key = e.query.sql.replace(/\s+/g, ' ');
      const r = tally.get(key) ?? { ms: 0, calls: 0, sql: e.query.sql, parameters: e.query.parameters };
      r.ms += e.queryDurationMillis;
      r.calls++;
      tally.set(key, r);
    };
    const handle = openSqliteHandle(`${t.dir}/zongban.db`);
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: cachedStatements(handle) }), log });
    const deps = ceilingDeps({ db, dialect: 'sqlite', close: () => db.destroy() }, 2 * 3_600_000);
    const sessions = await issueSessions(db, fixture.users);
    const cookies = sessions.filter((u) => scenario.users?.(u) ?? true).map((s) => `zb_session=${s.token}`);
    const route = CEILING_ROUTES[scenario.route];
    const run = (i: number) => {
      const url = new URL(scenario.path(i, fixture), 'http://x');
      return route.handler(deps, { cookie: cookies[i % cookies.length], query: Object.fromEntries(url.searchParams) });
    };
    for (let i = 0; i < 10; i++) await run(i);
    counting = true;
    const started = performance.now();
    for (let i = 0; i < n; i++) await run(i);
    const wall = (performance.now() - started) / n;
    counting = false;
    const rows = [...tally.entries()].sort((a, b) => b[1].ms - a[1].ms);
    const sqlMs = rows.reduce((a, [, r]) => a + r.ms, 0) / n;
    console.log(`\n${scenario.name}: ${wall.toFixed(2)} ms a request, of which SQL ${sqlMs.toFixed(2)} ms (${n} requests)`);
    for (const [text, r] of rows.slice(0, 12)) console.log(`  ${(r.ms / n).toFixed(2).padStart(7)} ms  ${(r.calls / n).toFixed(1).padStart(5)}×  ${text.slice(0, 400)}`);
    // With --plan: SQLite's plan of the costliest statements, with the parameters of their last run.
    if (process.env.PLAN) {
      for (const [, r] of rows.slice(0, Number(process.env.PLAN) || 2)) {
        console.log(`\n  ${r.sql}\n  ${JSON.stringify(r.parameters)}`);
        for (const step of handle.prepare(`explain query plan ${r.sql}`).all(...(r.parameters as unknown[])) as { id: number; parent: number; detail: string }[]) console.log(`    ${step.parent} ${step.id} ${step.detail}`);
      }
    }
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
