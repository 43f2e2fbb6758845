// The CPU one request's SQL costs, without HTTP: runs each scenario's ceiling handler in-process in
// a loop on the cached SQLite database, as it is and with a prepared-statement cache in front of
// better-sqlite3 (Kysely's SQLite driver prepares every query anew), to size that change.
//   npx tsx bench/sql-cost.ts [--only me,people] [--scale 1]
import type SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely';
import { openSqliteHandle } from '../server/platform/db/database.js';
import type { DB } from '../server/platform/db/schema.js';
import { AuthRepository } from '../server/platform/auth/auth.repository.js';
import { OrgRepository } from '../server/modules/org/org.repository.js';
import { CEILING_ROUTES, type CeilingDeps } from './ceiling-routes.js';
import { ensureGenerated } from './generate.js';
import { parseOptions } from './options.js';
import { selectScenarios } from './scenarios.js';
import { issueSessions } from './sessions.js';
import { targetOf } from './target.js';

/** Keeps one prepared statement per SQL text; a statement still iterating (stream) is not shared. */
function statementCache(handle: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => handle.close(),
    prepare: (sql: string) => {
      const hit = cache.get(sql);
      if (hit && !hit.busy) return hit;
      const stmt = handle.prepare(sql);
      if (!hit) cache.set(sql, stmt);
      return stmt;
    },
  };
}

async function costPerRequest(db: Kysely<DB>, run: (deps: CeilingDeps, n: number) => Promise<unknown>, n: number) {
  const deps: CeilingDeps = { auth: new AuthRepository(db), org: new OrgRepository(db), sessionIdleMs: 2 * 3_600_000 };
  for (let i = 0; i < 300; i++) await run(deps, i); // JIT and page cache
  const before = process.cpuUsage();
  for (let i = 0; i < n; i++) await run(deps, i);
  const used = process.cpuUsage(before);
  return Math.round((used.user + used.system) / n);
}

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  const t = targetOf('sqlite', opts.scale);
  const fixture = await ensureGenerated(t);
  const file = `${t.dir}/zongban.db`;
  const setup = openSqliteHandle(file);
  const sessions = await issueSessions(new Kysely<DB>({ dialect: new SqliteDialect({ database: setup }) }), fixture.users);
  setup.close();
  const cookies = sessions.map((s) => `zb_session=${s.token}`);
  console.log('scenario          plain µs/req   cached µs/req');
  for (const scenario of selectScenarios(opts.only)) {
    const route = CEILING_ROUTES[scenario.route];
    const run = (deps: CeilingDeps, i: number) => {
      const url = new URL(scenario.path(i, fixture), 'http://x');
      return route.handler(deps, { cookie: cookies[i % cookies.length], query: Object.fromEntries(url.searchParams) });
    };
    const n = (scenario.rate ?? opts.rate) < opts.rate ? 500 : 3000;
    const results: number[] = [];
    for (const cached of [false, true]) {
      const handle = openSqliteHandle(file);
      const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: cached ? statementCache(handle) : handle }) });
      results.push(await costPerRequest(db, run, n));
      await db.destroy();
    }
    console.log(`${scenario.name.padEnd(18)}${String(results[0]).padStart(12)}${String(results[1]).padStart(16)}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
