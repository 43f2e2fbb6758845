// The supervision scenarios' SQL in-process: each scenario's ceiling handler (the same
// SupervisionStatistics calls the app makes, for the scenario's users in turn) run 20 times after 5
// untimed, with the wall time and this process's CPU per request — the figures BENCHMARKS.md quotes
// as "in-process" for issue 4.
//   npx tsx bench/supervision-sql-probe.ts [--dialect sqlite|postgres] [--items 200000] [--only supervision-board]
import { openDatabase } from '../server/platform/db/database.js';
import { CEILING_ROUTES, ceilingDeps } from './ceiling-routes.js';
import { ensureGenerated } from './generate.js';
import { datasetOf, parseOptions } from './options.js';
import { selectScenarios } from './scenarios.js';
import { issueSessions } from './sessions.js';
import { targetOf } from './target.js';

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  const only = opts.only.length ? opts.only : ['supervision-board', 'supervision-board-unit', 'supervision-board-head', 'supervision-units-month', 'supervision-units-year'];
  for (const dialect of opts.dialects) {
    const t = targetOf(dialect, datasetOf(opts, 'supervision'));
    const fixture = await ensureGenerated(t);
    const database = await openDatabase({ databaseUrl: t.databaseUrl, dataDir: t.dir });
    const sessions = await issueSessions(database.db, fixture.users);
    const deps = ceilingDeps(database, 2 * 3_600_000);
    for (const scenario of selectScenarios(only)) {
      const cookies = sessions.filter((u) => scenario.users?.(u) ?? true).map((s) => `zb_session=${s.token}`);
      const route = CEILING_ROUTES[scenario.route];
      const run = (i: number) => {
        const url = new URL(scenario.path(i, fixture), 'http://x');
        return route.handler(deps, { cookie: cookies[i % cookies.length], query: Object.fromEntries(url.searchParams) });
      };
      for (let i = 0; i < 5; i++) await run(i);
      const n = 20;
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await run(i);
      const used = process.cpuUsage(cpu);
      console.log(`${dialect} ${scenario.name.padEnd(26)} ${((performance.now() - t0) / n).toFixed(2)} ms wall, ${((used.user + used.system) / n / 1000).toFixed(2)} ms CPU (this process) per request`);
    }
    await database.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
