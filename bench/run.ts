// `npm run bench`: for each dialect, generate the data if it is not cached, start the real server
// and the ceiling server as separate processes, and load every scenario of bench/scenarios.ts on
// both from this process: open-loop latency, then autocannon throughput. Then write the results.
//   npm run bench -- --quick            short run, results kept in bench/.cache/results/
//   npm run bench -- --dialect sqlite --only me --profile
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, type Database } from '../server/platform/db/database.js';
import { ensureGenerated, type Fixture } from './generate.js';
import { commitInfo, machineInfo } from './machine.js';
import { openLoop, summariseLatency, type LatencySamples, type OutgoingRequest } from './open-loop.js';
import { CostMeter, otherWork, pgBackendsCpuMs, processCpuMs, waitForQuiet } from './cpu.js';
import { DATASET_KINDS, datasetOf, parseOptions, type BenchOptions, type DatasetKind } from './options.js';
import { startServer, type ServerProcess } from './processes.js';
import { busiestProfile, compareProfiles, formatProfile, type ProfileStats } from './profile-summary.js';
import { targetRatioOf, writeResults, markdownOf, type BenchResult, type DialectResult, type ScenarioResult, type UnansweredScenario } from './report.js';
import { selectScenarios, type Scenario } from './scenarios.js';
import { CEILING_ROUTES } from './ceiling-routes.js';
import { supervisionOneShots, type OneShot } from './supervision-oneshots.js';
import { issueSessions, staggerSessions, writeTokens, type BenchSession } from './sessions.js';
import { targetOf, terminatePgBackends } from './target.js';
import { summariseThroughput, throughput, type ThroughputRound } from './throughput.js';
import type { Dialect } from '../server/platform/db/database.js';

const log = (msg: string) => console.log(msg);
const ms = (n: number) => `${n.toFixed(2)} ms`;
type Side = 'app' | 'ceiling';

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

/** Below this share of all cores busy, the machine counts as quiet enough to measure. */
const QUIET_SHARE = 0.15;
/** An open-loop rate above this share of a side's saturation throughput is not attempted (see measureScenario). */
const OVERLOAD_UTILISATION = 0.9;
const OVERLOAD_CONNECTIONS = 4;
/** Above this CPU per request, 50 connections would only wait out autocannon's timeouts: saturate with OVERLOAD_CONNECTIONS. */
const SLOW_REQUEST_MS = 100;
/** A scenario whose single request is not answered within this long is given up (and the servers restarted). */
const UNANSWERED_MS = 120_000;

class Unanswered extends Error {}

/** fetch, giving up after UNANSWERED_MS with an Unanswered error. */
async function request(port: number, r: OutgoingRequest): Promise<Response> {
  try {
    return await fetch(`http://127.0.0.1:${port}${r.path}`, { method: r.method ?? 'GET', headers: r.headers, body: r.body, signal: AbortSignal.timeout(UNANSWERED_MS) });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'TimeoutError') throw new Unanswered(`${r.method ?? 'GET'} ${r.path} was not answered within ${UNANSWERED_MS / 1000} s`);
    throw err;
  }
}

function requestsOf(scenario: Scenario, fixture: Fixture, sessions: BenchSession[]) {
  const senders = sessions.filter((u) => scenario.users?.(u) ?? true);
  if (senders.length === 0) throw new Error(`scenario ${scenario.name}: no session user may send it`);
  return (n: number): OutgoingRequest => {
    const s = senders[n % senders.length];
    const headers: Record<string, string> = { cookie: `zb_session=${s.token}`, accept: 'application/json' };
    if (!scenario.body) return { path: scenario.path(n, fixture), headers };
    return { method: scenario.method ?? 'POST', path: scenario.path(n, fixture), headers: { ...headers, 'content-type': 'application/json', 'x-csrf-token': s.csrf }, body: JSON.stringify(scenario.body(n, fixture)) };
  };
}

/**
 * One request to each server first: a scenario that answers 401 or 500 should stop the run, not be
 * timed, and a ceiling that no longer answers the same records as the app compares nothing.
 */
async function checkAnswers(scenario: Scenario, servers: Record<Side, ServerProcess>, req: OutgoingRequest) {
  const route = CEILING_ROUTES[scenario.route];
  if (!route) throw new Error(`scenario ${scenario.name}: no ceiling for ${scenario.route} in bench/ceiling-routes.ts`);
  const bodies = {} as Record<Side, unknown>;
  for (const side of ['app', 'ceiling'] as const) {
    const res = await request(servers[side].port, req);
    const text = await res.text();
    if (res.status !== (route.status ?? 200)) throw new Error(`${side} answered ${res.status} to ${req.method ?? 'GET'} ${req.path}: ${text.slice(0, 300)}`);
    bodies[side] = JSON.parse(text);
  }
  const differs = route.disagreement(bodies.app, bodies.ceiling);
  if (differs) throw new Error(`scenario ${scenario.name}: the ceiling does not answer what the app answers (${differs}); update bench/ceiling-routes.ts`);
}

/** Milliseconds each of `count` requests took, sent one at a time (after one not counted). */
async function sequential(port: number, requestOf: (n: number) => OutgoingRequest, count: number, from: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = -1; i < count; i++) {
    const t = performance.now();
    const res = await request(port, requestOf(from + i + 1));
    await res.arrayBuffer();
    if (i >= 0 && res.ok) out.push(performance.now() - t);
  }
  return out;
}

/** Waits until the server has worked through what earlier runs left queued (its health route answers). */
async function drained(server: ServerProcess) {
  await fetch(`http://127.0.0.1:${server.port}/api/health`, { signal: AbortSignal.timeout(30 * 60_000) });
}

/**
 * Waits until every audit entry written so far is chained, so that neither server's rounds carry
 * the other's sealing backlog (each server chains what is unchained, whoever wrote it).
 */
async function auditSealed(db: Database['db']) {
  const deadline = Date.now() + 5 * 60_000;
  while (Date.now() < deadline) {
    const r = await db.selectNoFrom((eb) => [eb.selectFrom('audit_log').select((f) => f.fn.max('seq').as('m')).as('logged'), eb.selectFrom('audit_chain').select((f) => f.fn.max('entry_seq').as('m')).as('chained')]).executeTakeFirst();
    if (Number(r?.chained ?? 0) >= Number(r?.logged ?? 0)) return;
    await new Promise((res) => setTimeout(res, 250));
  }
  log('  the audit log is still not all chained after 5 minutes; going on');
}

/** Alternates which side goes first in each round, so drift and other work do not favour one side. */
function sidesOfRound(round: number): Side[] {
  return round % 2 === 0 ? ['app', 'ceiling'] : ['ceiling', 'app'];
}

/** Requests sent to each side over the whole run, warm-ups included: what a CPU profile is divided by. */
const sentTo: Record<Side, number> = { app: 0, ceiling: 0 };

async function cleanUp(scenario: Scenario, database: Database) {
  const removed = (await scenario.cleanUp?.(database)) ?? 0;
  if (removed) log(`  ${scenario.name}: removed ${removed.toLocaleString('en')} records it wrote`);
}

async function runScenario(opts: BenchOptions, scenario: Scenario, fixture: Fixture, sessions: BenchSession[], database: Database, servers: Record<Side, ServerProcess>, pgDatabase: string | null): Promise<ScenarioResult> {
  await cleanUp(scenario, database);
  try {
    return await measureScenario(opts, scenario, fixture, sessions, database, servers, pgDatabase);
  } finally {
    await cleanUp(scenario, database);
  }
}

async function measureScenario(opts: BenchOptions, scenario: Scenario, fixture: Fixture, sessions: BenchSession[], database: Database, servers: Record<Side, ServerProcess>, pgDatabase: string | null): Promise<ScenarioResult> {
  const { db } = database;
  const requestOf = requestsOf(scenario, fixture, sessions);
  const counted = (side: Side) => (n: number) => {
    sentTo[side]++;
    return requestOf(n);
  };
  await checkAnswers(scenario, servers, requestOf(0));
  const rate = scenario.rate ?? opts.rate;
  const idle = opts.quietWaitSeconds > 0 ? await waitForQuiet(QUIET_SHARE, opts.quietWaitSeconds * 1000, log) : null;
  const others = await otherWork(2000, [servers.app.pid, servers.ceiling.pid]);
  if (others.length) log(`  also running: ${others.join('; ')}`);
  // The CPU a request costs (the server's and, on PostgreSQL, its backends'), over a few requests
  // one at a time: unlike their latency, it does not grow with other people's work on the machine.
  const cpuPerRequest = async (side: Side) => {
    const cpu = () => processCpuMs(servers[side].pid) + (pgDatabase ? pgBackendsCpuMs(pgDatabase) : 0);
    // /proc counts CPU in 10 ms ticks: enough requests that a few ms each add up to many ticks.
    const first = await sequential(servers[side].port, requestOf, 1, 1);
    const count = first[0] < 50 ? 30 : 3;
    const before = cpu();
    const ok = await sequential(servers[side].port, requestOf, count, 3);
    return (cpu() - before) / Math.max(1, ok.length + 1);
  };
  const serviceMs = Math.max(await cpuPerRequest('app'), await cpuPerRequest('ceiling'));
  const slow = serviceMs > SLOW_REQUEST_MS;
  if (slow) log(`  ${scenario.name}: a request costs ${serviceMs.toFixed(0)} ms of CPU; saturation with ${OVERLOAD_CONNECTIONS} connections`);

  const rounds: Record<Side, ThroughputRound[]> = { app: [], ceiling: [] };
  const tputCost = { app: new CostMeter(), ceiling: new CostMeter() };
  const tputRounds = scenario.throughputRound?.rounds ?? opts.rounds;
  // Slow: rounds long enough for ~15 answers of a server that works one request at a time.
  const tputSeconds = scenario.throughputRound?.seconds ?? Math.max(opts.throughputSeconds / opts.rounds, slow ? Math.min(60, (15 * serviceMs) / 1000) : 0);
  for (let round = 0; round < tputRounds; round++) {
    for (const side of sidesOfRound(round)) {
      await staggerSessions(db, sessions);
      const connections = slow ? Math.min(OVERLOAD_CONNECTIONS, opts.connections) : opts.connections;
      const timeoutSeconds = Math.max(10, Math.ceil((connections * serviceMs * 3) / 1000));
      const r = await tputCost[side].measure(servers[side].pid, () => throughput({ port: servers[side].port, connections, seconds: tputSeconds, timeoutSeconds, request: counted(side) }), (x) => x.ok);
      rounds[side].push(r);
      await drained(servers[side]);
      if (scenario.body) await auditSealed(db);
    }
  }
  const usedConnections = slow ? Math.min(OVERLOAD_CONNECTIONS, opts.connections) : opts.connections;
  const tput = { app: summariseThroughput(usedConnections, rounds.app), ceiling: summariseThroughput(usedConnections, rounds.ceiling) };
  const cost = { app: tputCost.app.result(), ceiling: tputCost.ceiling.result() };
  for (const side of ['app', 'ceiling'] as const) {
    log(`  ${scenario.name} ${side.padEnd(7)} throughput: ${tput[side].rps} req/s (rounds ${tput[side].roundsRps.join(', ')})  errors ${tput[side].errors}  server CPU ${cost[side].serverCpuUsPerOk} µs/req`);
  }
  // A side whose saturation throughput is not above the open-loop rate cannot serve it: the open
  // loop would only measure a queue growing for as long as it runs (and leave the server working
  // through it long after). Then both sides' latency is measured one request at a time.
  const capacity = Math.min(tput.app.rps, tput.ceiling.rps);
  const overload = rate > OVERLOAD_UTILISATION * capacity ? { rate, serviceMs: Math.round(serviceMs * 10) / 10, capacity } : null;
  if (overload) log(`  ${scenario.name}: saturation at ${capacity} req/s is below ${rate} req/s; latency is measured one request at a time`);

  const latencyParts: Record<Side, LatencySamples[]> = { app: [], ceiling: [] };
  const latencyCost = { app: new CostMeter(), ceiling: new CostMeter() };
  // Overloaded: about a minute of requests one at a time per side, at least 5 and at most 100.
  const perRound = overload ? Math.max(1, Math.round(Math.min(100, Math.max(5, 60_000 / serviceMs)) / opts.rounds)) : 0;
  for (let round = 0; round < opts.rounds; round++) {
    for (const side of sidesOfRound(round)) {
      await staggerSessions(db, sessions);
      const warmUpMs = round === 0 ? opts.warmUpSeconds * 1000 : 1000;
      const run = overload
        ? async (): Promise<LatencySamples> => {
            const latencies = await sequential(servers[side].port, counted(side), perRound, round * perRound);
            return { rate: 0, seconds: latencies.reduce((a, b) => a + b, 0) / 1000, latencies, requests: perRound, errors: perRound - latencies.length, okIncludingWarmUp: latencies.length + 1, statusCounts: {}, maxSendLag: 0 };
          }
        : () => openLoop({ port: servers[side].port, rate, warmUpMs, durationMs: (opts.latencySeconds * 1000) / opts.rounds, request: counted(side) });
      const part = await latencyCost[side].measure(servers[side].pid, run, (r) => r.okIncludingWarmUp);
      latencyParts[side].push(part);
      await drained(servers[side]);
      if (scenario.body) await auditSealed(db);
    }
  }
  const latency = { app: summariseLatency(latencyParts.app), ceiling: summariseLatency(latencyParts.ceiling) };
  for (const side of ['app', 'ceiling'] as const) {
    const r = latency[side];
    log(`  ${scenario.name} ${side.padEnd(7)} latency @${rate}/s: p50 ${ms(r.p50)}  p95 ${ms(r.p95)}  p99 ${ms(r.p99)}  max ${ms(r.max)}  errors ${r.errors}  (client lag ≤ ${ms(r.maxSendLag)})`);
  }

  // The median of the rounds' ratios: each round's app and ceiling runs are adjacent in time, so
  // what else the machine did then weighs on both; one disturbed round does not move the median.
  const ratio = median(tput.app.roundsRps.map((a, i) => a / tput.ceiling.roundsRps[i]));
  const memory = servers.app.memory();
  const target = targetRatioOf(scenario.targets);
  log(`  ${scenario.name} app/ceiling ${(ratio * 100).toFixed(0)} %${target !== null && ratio < target ? ` (below the ${target * 100} % target)` : ''}; app RSS ${memory.rssMb} MiB, peak ${memory.hwmMb} MiB`);
  return {
    name: scenario.name,
    title: scenario.title,
    targets: scenario.targets ?? null,
    overload,
    latency,
    throughput: { app: tput.app, ceiling: tput.ceiling, ratio: Math.round(ratio * 1000) / 1000 },
    cost: { latency: { app: latencyCost.app.result(), ceiling: latencyCost.ceiling.result() }, throughput: cost },
    machineBusyBefore: idle,
    otherWork: others,
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

/** The scenarios of one dataset on one database: generate (or reuse) it, start both servers, load each scenario. */
async function runDataset(opts: BenchOptions, dialect: Dialect, kind: DatasetKind, scenarios: Scenario[]): Promise<DialectResult> {
  const t = targetOf(dialect, datasetOf(opts, kind));
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
    // Issue 4's one-shot figures, in-process before the servers start (the machine otherwise idle).
    let oneShots: OneShot[] | undefined;
    if (kind === 'supervision') {
      log(`[one-shots] ${dialect}`);
      oneShots = await supervisionOneShots(t, log);
    }
    if (opts.profile) fs.rmSync(path.join(t.dir, 'profiles'), { recursive: true, force: true });
    app = await startServer('app', 'server/main.ts', t, profileArgs(opts, profileDirs.app));
    ceiling = await startServer('ceiling', 'bench/ceiling-server.ts', t, profileArgs(opts, profileDirs.ceiling));
    log(`[load] ${dialect}, ${fixture.people.toLocaleString('en')} people, ${fixture.documents.toLocaleString('en')} documents: app pid ${app.pid} on :${app.port}, ceiling pid ${ceiling.pid} on :${ceiling.port}, ${sessions.length} users rotating`);
    const results: ScenarioResult[] = [];
    const unanswered: UnansweredScenario[] = [];
    for (const s of scenarios) {
      try {
        results.push(await runScenario(opts, s, fixture, sessions, database, { app, ceiling }, t.pgDatabase));
      } catch (err) {
        if (!(err instanceof Unanswered)) throw err;
        // The server may still be inside that request (SQLite blocks its event loop): start afresh.
        log(`  ${s.name}: ${err.message}; given up, servers restarted`);
        unanswered.push({ name: s.name, title: s.title, targets: s.targets ?? null, seconds: UNANSWERED_MS / 1000 });
        await app.stop();
        await ceiling.stop();
        if (t.pgDatabase) await terminatePgBackends(t.pgDatabase);
        await cleanUp(s, database);
        app = await startServer('app', 'server/main.ts', t, profileArgs(opts, profileDirs.app));
        ceiling = await startServer('ceiling', 'bench/ceiling-server.ts', t, profileArgs(opts, profileDirs.ceiling));
      }
    }
    const ceilingMemory = ceiling.memory();
    return { dialect, people: fixture.people, documents: fixture.documents, ...(fixture.items ? { items: fixture.items } : {}), departments: fixture.departments.length, sessionUsers: sessions.length, scenarios: results, unanswered, ceilingMemory, ...(oneShots ? { oneShots } : {}) };
  } finally {
    await app?.stop();
    await ceiling?.stop();
    await database.close();
    if (opts.profile && app && ceiling) reportProfiles(profileDirs, { app, ceiling }, path.join(t.dir, 'profiles', 'summary.txt'));
  }
}

async function runDialect(opts: BenchOptions, dialect: Dialect, scenarios: Scenario[]): Promise<DialectResult[]> {
  const out: DialectResult[] = [];
  for (const kind of DATASET_KINDS) {
    const group = scenarios.filter((s) => (s.dataset ?? 'org') === kind);
    if (group.length) out.push(await runDataset(opts, dialect, kind, group));
  }
  return out;
}

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  const scenarios = selectScenarios(opts.only);
  const result: BenchResult = {
    date: new Date().toISOString(),
    git: commitInfo(),
    machine: await machineInfo(),
    scale: opts.scale,
    only: opts.only,
    quick: opts.quick,
    profiled: opts.profile,
    settings: { rate: opts.rate, warmUpSeconds: opts.warmUpSeconds, latencySeconds: opts.latencySeconds, throughputSeconds: opts.throughputSeconds, connections: opts.connections, rounds: opts.rounds },
    dialects: [],
  };
  for (const d of opts.dialects) result.dialects.push(...(await runDialect(opts, d, scenarios)));
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
