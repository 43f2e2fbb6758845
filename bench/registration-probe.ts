// Where a registration's time goes, statement by statement: signs for and registers documents
// in-process through IncomingService.signFor on the generated SQLite documents dataset (1,000,000
// documents unless --documents says otherwise), one at a time, timing every SQLite statement it
// runs (CPU and wall, by SQL text), then removes them again as the bench's clean-up does. The
// CPU profile cannot say this: after an `await` the stack no longer names the caller.
//   npx tsx bench/registration-probe.ts [--documents 1000000] [--people 2000] [-n 300] [--normal] [--concurrent 50]
import SQLite from 'better-sqlite3';
import { capabilitiesOf } from '../common/roles.js';
import { loadConfig } from '../server/config.js';
import { IncomingService } from '../server/modules/documents/incoming/incoming.service.js';
import type { Actor } from '../server/platform/access/actor.js';
import { createContext } from '../server/platform/bootstrap.js';
import { groupCommitStats } from '../server/platform/db/group-commit.js';
import { ensureGenerated } from './generate.js';
import { parseOptions } from './options.js';
import { removeBenchRegistrations, signForBody } from './registrations.js';
import { serverEnv, targetOf } from './target.js';

interface Tally {
  n: number;
  cpuUs: number;
  wallUs: number;
}

const argv = process.argv.slice(2);
const nAt = argv.indexOf('-n');
const runs = nAt >= 0 ? Number(argv.splice(nAt, 2)[1]) : 300;
// --normal: synchronous=NORMAL (no fsync at commit), to see what the fsync costs.
const normalAt = argv.indexOf('--normal');
if (normalAt >= 0) argv.splice(normalAt, 1);
// --concurrent K: K registrations in flight at a time (as K connections would), not one at a time.
const concAt = argv.indexOf('--concurrent');
const concurrent = concAt >= 0 ? Number(argv.splice(concAt, 2)[1]) : 1;
const opts = parseOptions([...argv, '--dialect', 'sqlite']);
const target = targetOf('sqlite', opts.documentsDataset);
await ensureGenerated(target);

// Every statement's run/get/all is timed by its SQL text (the statement cache reuses them).
const tallies = new Map<string, Tally>();
let counting = false;
const proto = SQLite.prototype as unknown as { prepare(sql: string): SQLite.Statement };
const prepare = proto.prepare;
const wrapped = new WeakSet<object>();
proto.prepare = function (this: SQLite.Database, text: string) {
  const stmt = prepare.call(this, text);
  const stmtProto = Object.getPrototypeOf(stmt) as Record<string, (...a: unknown[]) => unknown>;
  if (!wrapped.has(stmtProto)) {
    wrapped.add(stmtProto);
    for (const m of ['run', 'get', 'all']) {
      const original = stmtProto[m];
      stmtProto[m] = function (this: SQLite.Statement, ...args: unknown[]) {
        if (!counting) return original.apply(this, args);
        const cpu = process.cpuUsage();
        const t = process.hrtime.bigint();
        try {
          return original.apply(this, args);
        } finally {
          const used = process.cpuUsage(cpu);
          const key = this.source.replace(/\s+/g, ' ').slice(0, 150);
          const tally = tallies.get(key) ?? { n: 0, cpuUs: 0, wallUs: 0 };
          tally.n++;
          tally.cpuUs += used.user + used.system;
          tally.wallUs += Number(process.hrtime.bigint() - t) / 1000;
          tallies.set(key, tally);
        }
      };
    }
  }
  return stmt;
};

const config = loadConfig(serverEnv(target, 0));
const ctx = await createContext(config);
if (normalAt >= 0) ctx.database.sqlite!.pragma('synchronous = NORMAL');
for (const p of (process.env.PROBE_PRAGMAS ?? '').split(';').filter(Boolean)) ctx.database.sqlite!.pragma(p);
const service = new IncomingService(ctx);
const secretary = await ctx.database.db
  .selectFrom('people as p')
  .innerJoin('person_roles as r', 'r.person_id', 'p.id')
  .select(['p.id', 'p.name', 'p.username', 'p.department_id'])
  .where('r.role', '=', 'secretary')
  .executeTakeFirstOrThrow();
const actor: Actor = {
  id: secretary.id,
  name: secretary.name,
  username: secretary.username,
  roles: ['secretary'],
  capabilities: capabilitiesOf(['secretary']),
  clearance: 3,
  departmentId: secretary.department_id ?? '',
  ip: '127.0.0.1',
  via: 'session',
};

try {
  for (let i = 0; i < 20; i++) await service.signFor(actor, signForBody(900_000 + i) as never);
  counting = true;
  const cpu = process.cpuUsage();
  const t = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrent }, async () => {
      while (next < runs) await service.signFor(actor, signForBody(910_000 + next++) as never);
    }),
  );
  const wallMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  counting = false;
  const perReg = (us: number) => (us / runs).toFixed(0).padStart(6);
  const all = [...tallies.values()].reduce((a, b) => ({ n: a.n + b.n, cpuUs: a.cpuUs + b.cpuUs, wallUs: a.wallUs + b.wallUs }), { n: 0, cpuUs: 0, wallUs: 0 });
  const groups = groupCommitStats(ctx.database.db);
  console.log(`${runs} registrations ${concurrent} at a time: ${(runs / (wallMs / 1000)).toFixed(0)}/s, ${groups.groups} group commits for ${groups.transactions}; ${(wallMs / runs).toFixed(2)} ms wall, ${perReg(used.user + used.system)} µs CPU each; ${(all.n / runs).toFixed(1)} statements each`);
  console.log(`in SQLite statements: ${perReg(all.cpuUs)} µs CPU, ${perReg(all.wallUs)} µs wall per registration; the rest (${perReg(used.user + used.system - all.cpuUs)} µs CPU) is JavaScript`);
  console.log('\n   CPU µs  wall µs  per reg  statement (per registration)');
  for (const [sql, x] of [...tallies].sort((a, b) => b[1].wallUs - a[1].wallUs)) {
    console.log(`${perReg(x.cpuUs)}   ${perReg(x.wallUs)}   ${(x.n / runs).toFixed(1).padStart(6)}  ${sql}`);
  }
} finally {
  counting = false;
  console.log(`\nremoved ${await removeBenchRegistrations(ctx.database)} probe registrations`);
  await ctx.database.close();
}
