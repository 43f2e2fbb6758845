// Summarises V8 .cpuprofile files (node --cpu-prof) into where the time went: self time by package
// or source folder, the share of samples each one is on the stack for (inclusive), the hottest
// functions, and — given the app's and the ceiling's profiles and how many requests each served —
// the CPU per request each package or folder costs in the app beyond the ceiling.
//   npx tsx bench/profile-summary.ts <file.cpuprofile> [--skip-ms 3000] [--top 25]
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT_DIR } from './target.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileStats {
  file: string;
  busyUs: number;
  idleUs: number;
  selfByCategory: Map<string, number>;
  inclByCategory: Map<string, number>;
  selfByFrame: Map<string, number>;
  /** Application (server/, bench/) functions on the stack. */
  inclByAppFrame: Map<string, number>;
}

/** The package (node_modules/<pkg>), the source folder (server/platform/auth), node's internals, or a V8 pseudo-frame. */
export function categoryOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native code)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).replace('internal/', '').split('/')[0]}`;
  const file = url.startsWith('file://') ? new URL(url).pathname : url;
  const rel = path.relative(ROOT_DIR, file);
  if (rel.startsWith('..')) return file;
  return rel;
}

function frameName(n: ProfileNode): string {
  const { functionName, url, lineNumber } = n.callFrame;
  const where = url ? `${url.startsWith('file://') ? path.relative(ROOT_DIR, new URL(url).pathname) : url.replace(/^.*node_modules\//, '')}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
}

/** Reads a profile, leaving out its first skipMs (the start-up: module loading, schema compilation). */
export function readProfile(file: string, skipMs = 0): ProfileStats {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stats: ProfileStats = { file, busyUs: 0, idleUs: 0, selfByCategory: new Map(), inclByCategory: new Map(), selfByFrame: new Map(), inclByAppFrame: new Map() };
  const add = (m: Map<string, number>, k: string, us: number) => m.set(k, (m.get(k) ?? 0) + us);
  let t = profile.startTime;
  const from = profile.startTime + skipMs * 1000;
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i] ?? 0;
    t += us;
    if (t < from) continue;
    const leaf = byId.get(profile.samples[i])!;
    if (leaf.callFrame.functionName === '(idle)') {
      stats.idleUs += us;
      continue;
    }
    stats.busyUs += us;
    add(stats.selfByCategory, categoryOf(leaf.callFrame.url, leaf.callFrame.functionName), us);
    add(stats.selfByFrame, frameName(leaf), us);
    const cats = new Set<string>();
    const frames = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id)!;
      if (n.callFrame.functionName === '(root)') continue;
      cats.add(categoryOf(n.callFrame.url, n.callFrame.functionName));
      if (n.callFrame.url.includes('/server/') || n.callFrame.url.includes('/bench/')) frames.add(frameName(n));
    }
    for (const c of cats) add(stats.inclByCategory, c, us);
    for (const f of frames) add(stats.inclByAppFrame, f, us);
  }
  return stats;
}

/** Of several profiles (the main thread and, under tsx, its loader thread), the busiest. */
export function busiestProfile(files: string[], skipMs = 0): ProfileStats | null {
  const all = files.map((f) => readProfile(f, skipMs));
  return all.sort((a, b) => b.busyUs - a.busyUs)[0] ?? null;
}

function table(title: string, m: Map<string, number>, busy: number, top: number, requests?: number): string {
  const lines = [title];
  for (const [name, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    const perReq = requests ? `  ${(us / requests).toFixed(1).padStart(7)} µs/req` : '';
    lines.push(`  ${((us / busy) * 100).toFixed(1).padStart(5)} %${perReq}  ${name}`);
  }
  return lines.join('\n');
}

export function formatProfile(s: ProfileStats, top = 25, requests?: number): string {
  return [
    `CPU profile ${path.relative(ROOT_DIR, s.file)}: ${(s.busyUs / 1e6).toFixed(1)} s busy${requests ? ` over ${requests} requests (${(s.busyUs / requests).toFixed(0)} µs/req)` : ''}; percentages are of busy time`,
    table('self time by package / file:', s.selfByCategory, s.busyUs, top, requests),
    table('on the stack (inclusive) by package / file:', s.inclByCategory, s.busyUs, top, requests),
    table('hottest functions (self):', s.selfByFrame, s.busyUs, top, requests),
    table('application functions on the stack (inclusive):', s.inclByAppFrame, s.busyUs, top, requests),
  ].join('\n\n');
}

/** CPU per request by package / file, app beside ceiling, largest difference first. */
export function compareProfiles(app: ProfileStats, appRequests: number, ceiling: ProfileStats, ceilingRequests: number, top = 30): string {
  const keys = new Set([...app.selfByCategory.keys(), ...ceiling.selfByCategory.keys()]);
  const rows = [...keys].map((k) => {
    const a = (app.selfByCategory.get(k) ?? 0) / appRequests;
    const c = (ceiling.selfByCategory.get(k) ?? 0) / ceilingRequests;
    return { k, a, c, d: a - c };
  });
  const lines = [
    `self CPU per request, app vs ceiling (µs): app ${(app.busyUs / appRequests).toFixed(0)}, ceiling ${(ceiling.busyUs / ceilingRequests).toFixed(0)}`,
    '      app  ceiling    extra  package / file',
  ];
  for (const r of rows.sort((x, y) => y.d - x.d).slice(0, top)) {
    lines.push(`  ${r.a.toFixed(1).padStart(7)}  ${r.c.toFixed(1).padStart(7)}  ${(r.d >= 0 ? '+' : '') + r.d.toFixed(1).padStart(6)}  ${r.k}`);
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--') && !/^[0-9]+$/.test(a));
  const opt = (name: string, dflt: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : dflt;
  };
  if (!file) {
    console.error('usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [--skip-ms 3000] [--top 25]');
    process.exit(1);
  }
  console.log(formatProfile(readProfile(file, opt('--skip-ms', 0)), opt('--top', 25)));
}
