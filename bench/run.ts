// `npm run bench`: for each dialect, generate the data if it is not cached, start the real server
// and the ceiling server as separate processes, and load every scenario of bench/scenarios.ts on
// both from this process: open-loop latency, then autocannon throughput. Then write the results.
//   npm run bench -- --quick            short run, results kept in bench/.cache/results/
//   npm run bench -- --dialect sqlite --only me --profile
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../server/platform/db/database.js';
import { ensureGenerated, type Fixture } from './generate.js';
import { commitInfo, machineInfo } from './machine.js';
import { openLoop, summariseLatency, type LatencySamples, type OutgoingRequest } from './open-loop.js';
import { CostMeter, waitForQuiet } from './cpu.js';
import { parseOptions, type BenchOptions } from './options.js';
import { startServer, type ServerProcess } from './processes.js';
import { busiestProfile, compareProfiles, formatProfile, type ProfileStats } from './profile-summary.js';
import { TARGET_RATIO, writeResults, markdownOf, type BenchResult, type DialectResult, type ScenarioResult } from './report.js';
import { selectScenarios, type Scenario } from './scenarios.js';
import { CEILING_ROUTES } from './ceiling-routes.js';
import { issueSessions, staggerSessions, writeTokens, type BenchSession } from './sessions.js';
import { targetOf } from './target.js';
import { summariseThroughput, throughput, type ThroughputRound } from './throughput.js';
import type { Dialect } from '../server/platform/db/database.js';
import type { Kysely } from 'kysely';
import type { DB } from '../server/platform/db/schema.js';

const log = (msg: string) => console.log(msg);
const ms = (n: number) => `${n.toFixed(2)} ms`;
type Side = 'app' | 'ceiling';

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

/** Below this share of all cores busy, the machine counts as quiet enough to measure. */
const QUIET_SHARE = 0.15;

function requestsOf(scenario: Scenario, fixture: Fixture, sessions: BenchSession[]) {
  return (n: number): OutgoingRequest => ({
    path: scenario.path(n, fixture),
    headers: { cookie: `zb_session=${sessions[n % sessions.length].token}`, accept: 'application/json' },
  });
}

/**
 * One request to each server first: a scenario that answers 401 or 500 should stop the run, not be
 * timed, and a ceiling that no longer answers the same records as the app compares nothing.
 */
async function checkAnswers(scenario: Scenario, servers: Record<Side, ServerProcess>, request: OutgoingRequest) {
  const bodies = {} as Record<Side, unknown>;
  for (const side of ['app', 'ceiling'] as const) {
    const res = await fetch(`http://127.0.0.1:${servers[side].port}${request.path}`, { headers: request.headers });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${side} answered ${res.status} to ${request.path}: ${text.slice(0, 300)}`);
    bodies[side] = JSON.parse(text);
  }
  const route = CEILING_ROUTES[scenario.route];
  if (!route) throw new Error(`scenario ${scenario.name}: no ceiling for ${scenario.route} in bench/ceiling-routes.ts`);
  const differs = route.disagreement(bodies.app, bodies.ceiling);
  if (differs) throw new Error(`scenario ${scenario.name}: the ceiling does not answer what the app answers (${differs}); update bench/ceiling-routes.ts`);
}

/** Alternates which side goes first in each round, so drift and other work do not favour one side. */
function sidesOfRound(round: number): Side[] {
  return round % 2 === 0 ? ['app', 'ceiling'] : ['ceiling', 'app'];
}

/** Requests sent to each side over the whole run, warm-ups included: what a CPU profile is divided by. */
const sentTo: Record<Side, number> = { app: 0, ceiling: 0 };

async function runScenario(opts: BenchOptions, scenario: Scenario, fixture: Fixture, sessions: BenchSession[], db: Kysely<DB>, servers: Record<Side, ServerProcess>): Promise<ScenarioResult> {
  const requestOf = requestsOf(scenario, fixture, sessions);
  const counted = (side: Side) => (n: number) => {
    sentTo[side]++;
    return requestOf(n);
  };
  await checkAnswers(scenario, servers, requestOf(0));
  const rate = scenario.rate ?? opts.rate;
  const idle = opts.quietWaitSeconds > 0 ? await waitForQuiet(QUIET_SHARE, opts.quietWaitSeconds * 1000, log) : null;

  const latencyParts: Record<Side, LatencySamples[]> = { app: [], ceiling: [] };
  const latencyCost = { app: new CostMeter(), ceiling: new CostMeter() };
  for (let round = 0; round < opts.rounds; round++) {
    for (const side of sidesOfRound(round)) {
      await staggerSessions(db, sessions);
      const warmUpMs = round === 0 ? opts.warmUpSeconds * 1000 : 1000;
      const part = await latencyCost[side].measure(servers[side].pid, () => openLoop({ port: servers[side].port, rate, warmUpMs, durationMs: (opts.latencySeconds * 1000) / opts.rounds, request: counted(side) }), (r) => r.okIncludingWarmUp);
      latencyParts[side].push(part);
    }
  }
  const latency = { app: summariseLatency(latencyParts.app), ceiling: summariseLatency(latencyParts.ceiling) };
  for (const side of ['app', 'ceiling'] as const) {
    const r = latency[side];
    log(`  ${scenario.name} ${side.padEnd(7)} latency @${rate}/s: p50 ${ms(r.p50)}  p95 ${ms(r.p95)}  p99 ${ms(r.p99)}  max ${ms(r.max)}  errors ${r.errors}  (client lag ≤ ${ms(r.maxSendLag)})`);
  }

  const rounds: Record<Side, ThroughputRound[]> = { app: [], ceiling: [] };
  const tputCost = { app: new CostMeter(), ceiling: new CostMeter() };
  for (let round = 0; round < opts.rounds; round++) {
    for (const side of sidesOfRound(round)) {
      await staggerSessions(db, sessions);
      const r = await tputCost[side].measure(servers[side].pid, () => throughput({ port: servers[side].port, connections: opts.connections, seconds: opts.throughputSeconds / opts.rounds, request: counted(side) }), (x) => x.ok);
      rounds[side].push(r);
    }
  }
  const tput = { app: summariseThroughput(opts.connections, rounds.app), ceiling: summariseThroughput(opts.connections, rounds.ceiling) };
  const cost = { app: tputCost.app.result(), ceiling: tputCost.ceiling.result() };
  for (const side of ['app', 'ceiling'] as const) {
    log(`  ${scenario.name} ${side.padEnd(7)} throughput: ${tput[side].rps} req/s (rounds ${tput[side].roundsRps.join(', ')})  errors ${tput[side].errors}  server CPU ${cost[side].serverCpuUsPerOk} µs/req`);
  }
  // The median of the rounds' ratios: each round's app and ceiling runs are adjacent in time, so
  // what else the machine did then weighs on both; one disturbed round does not move the median.
  const ratio = median(tput.app.roundsRps.map((a, i) => a / tput.ceiling.roundsRps[i]));
  const memory = servers.app.memory();
  log(`  ${scenario.name} app/ceiling ${(ratio * 100).toFixed(0)} %${ratio < TARGET_RATIO ? ' (below the 60 % target)' : ''}; app RSS ${memory.rssMb} MiB, peak ${memory.hwmMb} MiB`);
  return {
    name: scenario.name,
    title: scenario.title,
    latency,
    throughput: { app: tput.app, ceiling: tput.ceiling, ratio: Math.round(ratio * 1000) / 1000 },
    cost: { latency: { app: latencyCost.app.result(), ceiling: latencyCost.ceiling.result() }, throughput: cost },
    machineBusyBefore: idle,
    memory,
  };
}

function profileArgs(opts: BenchOptions, dir: string): string[] {
  return opts.profile ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** After a --profile run: where each server's time went, and what the app spends per request beyond the ceiling. */
function reportProfiles(dirs: Record<Side, string>, servers: Record<Side, ServerProcess>, summaryFile: string) {
  const stats = {} as Record<Side, ProfileStats>;
  const out: string[] = [];
  for (const side of ['app', 'ceiling'] as const) {
    const files = fs.existsSync(dirs[side]) ? fs.readdirSync(dirs[side]).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(dirs[side], f)) : [];
    const s = busiestProfile(files, servers[side].startupMs);
    if (!s) {
      log(`no CPU profile was written to ${dirs[side]}`);
      return;
    }
    stats[side] = s;
    out.push(`== ${side} ==`, formatProfile(s, 25, sentTo[side]), '');
  }
  out.push(compareProfiles(stats.app, sentTo.app, stats.ceiling, sentTo.ceiling));
  fs.writeFileSync(summaryFile, `${out.join('\n')}\n`);
  log(out.join('\n'));
  log(`(also in ${path.relative(process.cwd(), summaryFile)})`);
}

async function runDialect(opts: BenchOptions, dialect: Dialect, scenarios: Scenario[]): Promise<DialectResult> {
  const t = targetOf(dialect, opts.scale);
  const fixture = await ensureGenerated(t, { regenerate: opts.regenerate, log });
  const database = await openDatabase({ databaseUrl: t.databaseUrl, dataDir: t.dir });
  const profileDirs: Record<Side, string> = { app: path.join(t.dir, 'profiles', 'app'), ceiling: path.join(t.dir, 'profiles', 'ceiling') };
  let app: ServerProcess | null = null;
  let ceiling: ServerProcess | null = null;
  sentTo.app = 0;
  sentTo.ceiling = 0;
  try {
    const sessions = await issueSessions(database.db, fixture.users);
    writeTokens(t.dir, sessions);
    if (opts.profile) fs.rmSync(path.join(t.dir, 'profiles'), { recursive: true, force: true });
    app = await startServer('app', 'server/main.ts', t, profileArgs(opts, profileDirs.app));
    ceiling = await startServer('ceiling', 'bench/ceiling-server.ts', t, profileArgs(opts, profileDirs.ceiling));
    log(`[load] ${dialect}: app pid ${app.pid} on :${app.port}, ceiling pid ${ceiling.pid} on :${ceiling.port}, ${sessions.length} users rotating`);
    const results: ScenarioResult[] = [];
    for (const s of scenarios) results.push(await runScenario(opts, s, fixture, sessions, database.db, { app, ceiling }));
    const ceilingMemory = ceiling.memory();
    return { dialect, people: fixture.people, departments: fixture.departments.length, sessionUsers: sessions.length, scenarios: results, ceilingMemory };
  } finally {
    await app?.stop();
    await ceiling?.stop();
    await database.close();
    if (opts.profile && app && ceiling) reportProfiles(profileDirs, { app, ceiling }, path.join(t.dir, 'profiles', 'summary.txt'));
  }
}

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  const scenarios = selectScenarios(opts.only);
  const result: BenchResult = {
    date: new Date().toISOString(),
    git: commitInfo(),
    machine: await machineInfo(),
    scale: opts.scale,
    quick: opts.quick,
    profiled: opts.profile,
    settings: { rate: opts.rate, warmUpSeconds: opts.warmUpSeconds, latencySeconds: opts.latencySeconds, throughputSeconds: opts.throughputSeconds, connections: opts.connections, rounds: opts.rounds },
    dialects: [],
  };
  for (const d of opts.dialects) result.dialects.push(await runDialect(opts, d, scenarios));
  const written = writeResults(result);
  log('');
  log(markdownOf(result));
  log('');
  log(`results: ${written.json}${written.markdownUpdated ? ' and BENCHMARKS.md' : ' (BENCHMARKS.md is updated by full, unprofiled runs only)'}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
