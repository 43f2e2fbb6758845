// The CPU one request's SQL costs, without HTTP: runs each scenario's ceiling handler in-process in
// a loop on the cached SQLite database, as it is and with a prepared-statement cache in front of
// better-sqlite3 (Kysely's SQLite driver prepares every query anew), to size that change.
//   npx tsx bench/sql-cost.ts [--only me,people] [--scale 1] [--documents 20000]
import { Kysely, SqliteDialect } from 'kysely';
import { cachedStatements } from '../server/platform/db/statement-cache.js';
import { openSqliteHandle } from '../server/platform/db/database.js';
import type { DB } from '../server/platform/db/schema.js';
import { CEILING_ROUTES, ceilingDeps, type CeilingDeps } from './ceiling-routes.js';
import { ensureGenerated } from './generate.js';
import { DATASET_KINDS, datasetOf, parseOptions } from './options.js';
import { selectScenarios } from './scenarios.js';
import { issueSessions } from './sessions.js';
import { targetOf } from './target.js';

async function costPerRequest(db: Kysely<DB>, run: (deps: CeilingDeps, n: number) => Promise<unknown>, n: number) {
  const deps = ceilingDeps({ db, dialect: 'sqlite', close: () => db.destroy() }, 2 * 3_600_000);
  for (let i = 0; i < 300; i++) await run(deps, i); // JIT and page cache
  const before = process.cpuUsage();
  for (let i = 0; i < n; i++) await run(deps, i);
  const used = process.cpuUsage(before);
  return Math.round((used.user + used.system) / n);
}

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  // Reads only: a write scenario's ceiling would add documents to the cached data.
  const scenarios = selectScenarios(opts.only).filter((s) => (s.method ?? 'GET') === 'GET');
  console.log('scenario                plain µs/req   cached µs/req');
  for (const kind of DATASET_KINDS) {
    const group = scenarios.filter((s) => (s.dataset ?? 'org') === kind);
    if (!group.length) continue;
    const t = targetOf('sqlite', datasetOf(opts, kind));
    const fixture = await ensureGenerated(t);
    const file = `${t.dir}/zongban.db`;
    const setup = openSqliteHandle(file);
    const sessions = await issueSessions(new Kysely<DB>({ dialect: new SqliteDialect({ database: setup }) }), fixture.users);
    setup.close();
    for (const scenario of group) {
      const cookies = sessions.filter((u) => scenario.users?.(u) ?? true).map((s) => `zb_session=${s.token}`);
      const route = CEILING_ROUTES[scenario.route];
      const run = (deps: CeilingDeps, i: number) => {
        const url = new URL(scenario.path(i, fixture), 'http://x');
        return route.handler(deps, { cookie: cookies[i % cookies.length], query: Object.fromEntries(url.searchParams) });
      };
      const n = (scenario.rate ?? opts.rate) < opts.rate ? 500 : 3000;
      const results: number[] = [];
      for (const cached of [false, true]) {
        const handle = openSqliteHandle(file);
        const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: cached ? cachedStatements(handle) : handle }) });
        results.push(await costPerRequest(db, run, n));
        await db.destroy();
      }
      console.log(`${scenario.name.padEnd(24)}${String(results[0]).padStart(12)}${String(results[1]).padStart(16)}`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
