// Results: one JSON file per run in bench/results/ and the latest table in BENCHMARKS.md.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CommitInfo, MachineInfo } from './machine.js';
import type { LatencyResult } from './open-loop.js';
import type { MemorySample } from './processes.js';
import type { ThroughputResult } from './throughput.js';
import type { Cost } from './cpu.js';
import type { Targets } from './scenarios.js';
import type { OneShot } from './supervision-oneshots.js';
import { BENCH_DIR, CACHE_DIR, ROOT_DIR } from './target.js';

/** The foundation's bar: the app serves at least this share of its ceiling's throughput. */
export const TARGET_RATIO = 0.6;

/** A scenario's throughput bar: its own (issue 3: 50 %), none when its issue set other bars, else the foundation's. */
export const targetRatioOf = (t: Targets | null | undefined): number | null => (t ? (t.ratio ?? null) : TARGET_RATIO);

export interface ScenarioResult {
  name: string;
  title: string;
  /** The bars the issue set (absent in runs before issue 3). */
  targets?: Targets | null;
  /**
   * Set when the open-loop rate could not be served (a side saturated below it): latency was then
   * measured one request at a time.
   */
  overload?: { rate: number; serviceMs: number; capacity?: number } | null;
  latency: { app: LatencyResult; ceiling: LatencyResult };
  /** ratio: the median over the rounds of app req/s ÷ ceiling req/s. */
  throughput: { app: ThroughputResult; ceiling: ThroughputResult; ratio: number };
  /** CPU per answer of each server (and the client), in the latency and in the throughput runs. */
  cost: Record<'latency' | 'throughput', Record<'app' | 'ceiling', Cost>>;
  /** Share of all cores busy just before the scenario started (null when not waited for). */
  machineBusyBefore: number | null;
  /** The busiest other processes just before it started ("12 % node … vitest"), for the record. */
  otherWork?: string[];
  /** Of the app server, read after the scenario's runs. */
  memory: MemorySample;
}

/** A scenario given up because one request was not answered in time. */
export interface UnansweredScenario {
  name: string;
  title: string;
  targets: Targets | null;
  seconds: number;
}

export interface DialectResult {
  dialect: string;
  people: number;
  /** Generated documents (absent in runs before issue 3: none). */
  documents?: number;
  /** Generated supervision items (issue 4). */
  items?: number;
  /** Work timed once in-process rather than loaded (issue 4: the reminder scan, the Saturday report). */
  oneShots?: OneShot[];
  departments: number;
  sessionUsers: number;
  scenarios: ScenarioResult[];
  /** Scenarios given up (absent in runs before issue 3). */
  unanswered?: UnansweredScenario[];
  ceilingMemory: MemorySample;
}

export interface BenchResult {
  date: string;
  git: CommitInfo;
  machine: MachineInfo;
  scale: number;
  /** The --only scenarios, when not all ran. */
  only?: string[];
  quick: boolean;
  /** The app ran under --cpu-prof: slower, so never published. */
  profiled: boolean;
  settings: { rate: number; warmUpSeconds: number; latencySeconds: number; throughputSeconds: number; connections: number; rounds: number };
  dialects: DialectResult[];
}

const MARK_START = '<!-- bench:latest:start -->';
const MARK_END = '<!-- bench:latest:end -->';

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 1) : '–');
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (r: number) => `${Math.round(r * 100)} %`;
const lat = (l: LatencyResult) => `${f1(l.p50)} / ${f1(l.p95)} / ${f1(l.p99)} / ${f1(l.max)}`;

export function markdownOf(r: BenchResult): string {
  const m = r.machine;
  const lines: string[] = [];
  lines.push(`### ${r.date.slice(0, 10)} · commit \`${r.git.commit}\`${r.git.dirty ? ' (with uncommitted changes)' : ''} · scale ${r.scale}${r.quick ? ' · quick run' : ''}${r.profiled ? ' · app under --cpu-prof' : ''}`);
  lines.push('');
  lines.push(`Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GiB RAM, Linux ${m.kernel}; Node ${m.node}; SQLite ${m.sqlite}; PostgreSQL ${m.postgres ?? '–'} (local).`);
  lines.push(`The load client, the server under test and PostgreSQL share these ${m.cpus} cores (nothing pinned).`);
  lines.push(
    `Latency: open loop at ${r.settings.rate} req/s for ${r.settings.latencySeconds} s after ${r.settings.warmUpSeconds} s of warm-up, from the scheduled send time. ` +
      `Throughput: autocannon, ${r.settings.connections} connections, ${r.settings.throughputSeconds} s, 2xx only. Both in ${r.settings.rounds} round(s) alternating app and ceiling; app / ceiling is the median of the rounds' ratios. Every request rotates over the session users.`,
  );
  for (const d of r.dialects) {
    lines.push('');
    lines.push(`#### ${dialectName(d.dialect)} — ${int(d.people)} people, ${d.departments} departments${d.documents ? `, ${int(d.documents)} documents` : ''}${d.items ? `, ${int(d.items)} supervision items` : ''}, ${int(d.sessionUsers)} users rotating`);
    lines.push('');
    lines.push('| endpoint | app req/s | ceiling req/s | app / ceiling | server CPU per request app / ceiling (µs) | ceiling CPU / app CPU | app latency p50 / p95 / p99 / max (ms) | ceiling latency p50 / p95 / p99 / max (ms) | errors app / ceiling | app RSS / peak (MiB) |');
    lines.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
    for (const s of d.scenarios) {
      const bar = targetRatioOf(s.targets);
      const ratio = `${pct(s.throughput.ratio)}${bar !== null && s.throughput.ratio < bar ? ' ✘' : ''}`;
      const errors = `${s.latency.app.errors + s.throughput.app.errors} / ${s.latency.ceiling.errors + s.throughput.ceiling.errors}`;
      lines.push(
        `| \`${s.title}\` | ${int(s.throughput.app.rps)} | ${int(s.throughput.ceiling.rps)} | ${ratio} | ${int(s.cost.throughput.app.serverCpuUsPerOk)} / ${int(s.cost.throughput.ceiling.serverCpuUsPerOk)} | ${pct(s.cost.throughput.ceiling.serverCpuUsPerOk / s.cost.throughput.app.serverCpuUsPerOk)} | ${lat(s.latency.app)} | ${lat(s.latency.ceiling)} | ${errors} | ${f1(s.memory.rssMb)} / ${f1(s.memory.hwmMb)} |`,
      );
    }
    for (const u of d.unanswered ?? []) lines.push(`| \`${u.title}\` | not answered within ${u.seconds} s: given up | | | | | | | | |`);
    for (const s of d.scenarios.filter((x) => x.overload)) {
      const o = s.overload!;
      const why = o.capacity !== undefined ? `saturates at ${int(o.capacity)} req/s on the slower server` : `costs ${f1(o.serviceMs)} ms of CPU per request on the slower server`;
      lines.push('', `\`${s.name}\` ${why}, so ${o.rate} req/s cannot be served (an open loop would only measure a queue that grows for as long as it runs): its latencies are of requests sent one at a time.`);
    }
    for (const s of d.scenarios.filter((x) => x.throughput.app.connections < r.settings.connections)) {
      lines.push('', `\`${s.name}\`: a request costs seconds, so its saturation figures are at ${s.throughput.app.connections} connections in longer rounds (50 would only wait out timeouts).`);
    }
    lines.push('');
    const other = Math.max(...d.scenarios.flatMap((s) => [s.cost.throughput.app.otherCpuShareMax, s.cost.throughput.ceiling.otherCpuShareMax, s.cost.latency.app.otherCpuShareMax, s.cost.latency.ceiling.otherCpuShareMax]));
    lines.push(
      `Ceiling server memory at the end: RSS ${f1(d.ceilingMemory.rssMb)} MiB, peak ${f1(d.ceilingMemory.hwmMb)} MiB. ` +
        `Other work on the machine (neither server nor client${d.dialect === 'postgres' ? '; PostgreSQL included' : ''}) took up to ${Math.round(other * 100)} % of all cores in a measured round.`,
    );
    if (d.oneShots?.length) {
      lines.push('', '| timed once, in-process | median (ms) | runs (ms) | target | what it worked on |', '|---|--:|--:|--:|---|');
      for (const o of d.oneShots) lines.push(`| ${o.title} | ${f1(o.medianMs)} | ${o.runsMs.map(f1).join(', ')} | ${o.targetMs ? `≤ ${o.targetMs} ms ${mark(o.medianMs <= o.targetMs)}` : '–'} | ${o.detail} |`);
    }
    const seen = otherProcesses(d.scenarios);
    if (seen.length) lines.push(`Busiest other processes when a scenario started (share of one core): ${seen.join('; ')}.`);
  }
  const checks = targetLines(r);
  if (checks.length) lines.push('', '#### The issues\' targets', '', '| target | database | measured | ceiling | met |', '|---|---|--:|--:|:-:|', ...checks);
  return lines.join('\n');
}

/** The other processes recorded at the scenarios' starts, each once at its highest share. */
function otherProcesses(scenarios: ScenarioResult[]): string[] {
  const best = new Map<string, number>();
  for (const line of scenarios.flatMap((s) => s.otherWork ?? [])) {
    const m = /^(\d+) % (.*)$/.exec(line);
    if (m) best.set(m[2], Math.max(best.get(m[2]) ?? 0, Number(m[1])));
  }
  return [...best].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([name, share]) => `${share} % \`${name}\``);
}

const dialectName = (d: string) => (d === 'sqlite' ? 'SQLite' : 'PostgreSQL');
const mark = (ok: boolean) => (ok ? '✔' : '✘');

/** One row per bar an issue set for a scenario: the figure, the ceiling's, met or not. */
function targetLines(r: BenchResult): string[] {
  const out: string[] = [];
  for (const d of r.dialects) {
    for (const u of d.unanswered ?? []) if (u.targets) out.push(`| \`${u.name}\` | ${dialectName(d.dialect)} | one request not answered within ${u.seconds} s | | ✘ |`);
    for (const s of d.scenarios) {
      const t = s.targets;
      if (!t) continue;
      const where = `${dialectName(d.dialect)}${t.p95Ms && d.dialect !== 'sqlite' ? ' (bar set for SQLite)' : ''}`;
      if (t.p95Ms) {
        // Overloaded: the rate was not served at all, whatever the one-at-a-time latency.
        const measured = s.overload ? `cannot serve ${s.overload.rate} req/s (${f1(s.latency.app.p95)} ms one at a time)` : `${f1(s.latency.app.p95)} ms`;
        out.push(`| \`${s.name}\` p95 at ${s.overload?.rate ?? s.latency.app.rate} req/s ≤ ${t.p95Ms} ms | ${where} | ${measured} | ${f1(s.latency.ceiling.p95)} ms | ${mark(!s.overload && s.latency.app.p95 <= t.p95Ms)} |`);
      }
      if (t.rps) out.push(`| \`${s.name}\` ≥ ${int(t.rps)} per second at saturation | ${dialectName(d.dialect)} | ${int(s.throughput.app.rps)}/s | ${int(s.throughput.ceiling.rps)}/s | ${mark(s.throughput.app.rps >= t.rps)} |`);
      if (t.ratio) out.push(`| \`${s.name}\` throughput ≥ ${pct(t.ratio)} of the ceiling's | ${dialectName(d.dialect)} | ${pct(s.throughput.ratio)} (${int(s.throughput.app.rps)}/s) | ${int(s.throughput.ceiling.rps)}/s | ${mark(s.throughput.ratio >= t.ratio)} |`);
    }
  }
  return out;
}

/** Writes these runs' tables (one after another) between the markers in BENCHMARKS.md. */
function updateMarkdown(runs: { result: BenchResult; json: string }[]) {
  const mdPath = path.join(ROOT_DIR, 'BENCHMARKS.md');
  const body = runs.map(({ result, json }) => `${markdownOf(result)}\n\nRaw figures: \`${path.relative(ROOT_DIR, json)}\`.`).join('\n\n');
  const block = `${MARK_START}\n${body}\n${MARK_END}`;
  const current = fs.existsSync(mdPath) ? fs.readFileSync(mdPath, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(MARK_START);
  const end = current.indexOf(MARK_END);
  const next = start >= 0 && end > start ? current.slice(0, start) + block + current.slice(end + MARK_END.length) : `${current.trimEnd()}\n\n## Latest run\n\n${block}\n`;
  fs.writeFileSync(mdPath, next);
}

/**
 * Full-length runs go to bench/results/ (committed), and to BENCHMARKS.md when every scenario ran
 * (`npx tsx bench/report.ts` puts several partial runs there together); quick and profiled runs
 * stay in bench/.cache/results/.
 */
export function writeResults(r: BenchResult): { json: string; markdownUpdated: boolean } {
  const publish = !r.quick && !r.profiled;
  const dir = publish ? path.join(BENCH_DIR, 'results') : path.join(CACHE_DIR, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = r.date.replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z');
  const json = path.join(dir, `${stamp}-${r.git.commit}.json`);
  fs.writeFileSync(json, `${JSON.stringify(r, null, 2)}\n`);
  if (!publish || r.only?.length) return { json, markdownUpdated: false };
  updateMarkdown([{ result: r, json }]);
  return { json, markdownUpdated: true };
}

// `npx tsx bench/report.ts bench/results/<file>.json [<file>.json …]`: writes those runs' tables
// into BENCHMARKS.md again (several: one after another, e.g. the foundation's run and issue 3's).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const files = process.argv.slice(2);
  if (!files.length) {
    console.error('usage: npx tsx bench/report.ts <results.json> [<results.json> …]');
    process.exit(1);
  }
  updateMarkdown(files.map((f) => ({ result: JSON.parse(fs.readFileSync(f, 'utf8')) as BenchResult, json: path.resolve(f) })));
}
