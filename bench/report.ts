// Results: one JSON file per run in bench/results/ and the latest table in BENCHMARKS.md.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CommitInfo, MachineInfo } from './machine.js';
import type { LatencyResult } from './open-loop.js';
import type { MemorySample } from './processes.js';
import type { ThroughputResult } from './throughput.js';
import type { Cost } from './cpu.js';
import { BENCH_DIR, CACHE_DIR, ROOT_DIR } from './target.js';

/** The bar: the app serves at least this share of its ceiling's throughput. */
export const TARGET_RATIO = 0.6;

export interface ScenarioResult {
  name: string;
  title: string;
  latency: { app: LatencyResult; ceiling: LatencyResult };
  /** ratio: the median over the rounds of app req/s ÷ ceiling req/s. */
  throughput: { app: ThroughputResult; ceiling: ThroughputResult; ratio: number };
  /** CPU per answer of each server (and the client), in the latency and in the throughput runs. */
  cost: Record<'latency' | 'throughput', Record<'app' | 'ceiling', Cost>>;
  /** Share of all cores busy just before the scenario started (null when not waited for). */
  machineBusyBefore: number | null;
  /** Of the app server, read after the scenario's runs. */
  memory: MemorySample;
}

export interface DialectResult {
  dialect: string;
  people: number;
  departments: number;
  sessionUsers: number;
  scenarios: ScenarioResult[];
  ceilingMemory: MemorySample;
}

export interface BenchResult {
  date: string;
  git: CommitInfo;
  machine: MachineInfo;
  scale: number;
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
    lines.push(`#### ${d.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} — ${int(d.people)} people, ${d.departments} departments, ${int(d.sessionUsers)} users rotating`);
    lines.push('');
    lines.push('| endpoint | app req/s | ceiling req/s | app / ceiling | server CPU per request app / ceiling (µs) | ceiling CPU / app CPU | app latency p50 / p95 / p99 / max (ms) | ceiling latency p50 / p95 / p99 / max (ms) | errors app / ceiling | app RSS / peak (MiB) |');
    lines.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
    for (const s of d.scenarios) {
      const ratio = `${pct(s.throughput.ratio)}${s.throughput.ratio < TARGET_RATIO ? ' ✘' : ''}`;
      const errors = `${s.latency.app.errors + s.throughput.app.errors} / ${s.latency.ceiling.errors + s.throughput.ceiling.errors}`;
      lines.push(
        `| \`${s.title}\` | ${int(s.throughput.app.rps)} | ${int(s.throughput.ceiling.rps)} | ${ratio} | ${int(s.cost.throughput.app.serverCpuUsPerOk)} / ${int(s.cost.throughput.ceiling.serverCpuUsPerOk)} | ${pct(s.cost.throughput.ceiling.serverCpuUsPerOk / s.cost.throughput.app.serverCpuUsPerOk)} | ${lat(s.latency.app)} | ${lat(s.latency.ceiling)} | ${errors} | ${f1(s.memory.rssMb)} / ${f1(s.memory.hwmMb)} |`,
      );
    }
    lines.push('');
    const other = Math.max(...d.scenarios.flatMap((s) => [s.cost.throughput.app.otherCpuShareMax, s.cost.throughput.ceiling.otherCpuShareMax, s.cost.latency.app.otherCpuShareMax, s.cost.latency.ceiling.otherCpuShareMax]));
    lines.push(
      `Ceiling server memory at the end: RSS ${f1(d.ceilingMemory.rssMb)} MiB, peak ${f1(d.ceilingMemory.hwmMb)} MiB. ` +
        `Other work on the machine (neither server nor client${d.dialect === 'postgres' ? '; PostgreSQL included' : ''}) took up to ${Math.round(other * 100)} % of all cores in a measured round.`,
    );
  }
  return lines.join('\n');
}

function updateMarkdown(r: BenchResult, json: string) {
  const mdPath = path.join(ROOT_DIR, 'BENCHMARKS.md');
  const block = `${MARK_START}\n${markdownOf(r)}\n\nRaw figures: \`${path.relative(ROOT_DIR, json)}\`.\n${MARK_END}`;
  const current = fs.existsSync(mdPath) ? fs.readFileSync(mdPath, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(MARK_START);
  const end = current.indexOf(MARK_END);
  const next = start >= 0 && end > start ? current.slice(0, start) + block + current.slice(end + MARK_END.length) : `${current.trimEnd()}\n\n## Latest run\n\n${block}\n`;
  fs.writeFileSync(mdPath, next);
}

/** Full runs go to bench/results/ (committed) and BENCHMARKS.md; quick and profiled runs stay in bench/.cache/results/. */
export function writeResults(r: BenchResult): { json: string; markdownUpdated: boolean } {
  const publish = !r.quick && !r.profiled;
  const dir = publish ? path.join(BENCH_DIR, 'results') : path.join(CACHE_DIR, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = r.date.replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z');
  const json = path.join(dir, `${stamp}-${r.git.commit}.json`);
  fs.writeFileSync(json, `${JSON.stringify(r, null, 2)}\n`);
  if (!publish) return { json, markdownUpdated: false };
  updateMarkdown(r, json);
  return { json, markdownUpdated: true };
}

// `npx tsx bench/report.ts bench/results/<file>.json`: writes that run's table into BENCHMARKS.md again.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npx tsx bench/report.ts <results.json>');
    process.exit(1);
  }
  updateMarkdown(JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResult, path.resolve(file));
}
