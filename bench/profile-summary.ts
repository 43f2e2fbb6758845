// Summarises a V8 .cpuprofile (node --cpu-prof) into where the time went: self time by package or
// source folder, the share of samples each one is on the stack for (inclusive), and the hottest
// functions.   npx tsx bench/profile-summary.ts <file.cpuprofile> [--top 25]
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
  samples: number[];
  timeDeltas: number[];
}

/** The package (node_modules/<pkg>), the source folder (server/platform/auth), node's internals, or a V8 pseudo-frame. */
export function categoryOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/').slice(0, 2).join('/').replace('internal/', '')}`;
  const file = url.startsWith('file://') ? new URL(url).pathname : url;
  const rel = path.relative(ROOT_DIR, file);
  if (rel.startsWith('..')) return file;
  const dir = path.dirname(rel);
  return dir === '.' ? rel : dir;
}

function frameName(n: ProfileNode): string {
  const { functionName, url, lineNumber } = n.callFrame;
  const where = url ? `${url.startsWith('file://') ? path.relative(ROOT_DIR, new URL(url).pathname) : url.replace(/^.*node_modules\//, '')}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
}

function table(title: string, rows: [string, number][], total: number, top: number): string {
  const lines = [`${title}`];
  for (const [name, us] of rows.sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`  ${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`);
  }
  return lines.join('\n');
}

export function summariseProfile(file: string, top = 25): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const selfByCategory = new Map<string, number>();
  const inclByCategory = new Map<string, number>();
  const selfByFrame = new Map<string, number>();
  const inclByFrame = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i] ?? 0;
    const leaf = byId.get(profile.samples[i])!;
    total += us;
    if (leaf.callFrame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + us);
    add(selfByCategory, categoryOf(leaf.callFrame.url, leaf.callFrame.functionName));
    add(selfByFrame, frameName(leaf));
    const cats = new Set<string>();
    const frames = new Set<string>();
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id)!;
      if (n.callFrame.functionName === '(root)') continue;
      cats.add(categoryOf(n.callFrame.url, n.callFrame.functionName));
      if (n.callFrame.url.includes('/server/') || n.callFrame.url.includes('/bench/')) frames.add(frameName(n));
    }
    for (const c of cats) add(inclByCategory, c);
    for (const f of frames) add(inclByFrame, f);
  }
  const busy = total - idle;
  return [
    `CPU profile ${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (percentages are of busy time)`,
    table('self time by package / folder:', [...selfByCategory], busy, top),
    table('on the stack (inclusive) by package / folder:', [...inclByCategory], busy, top),
    table('hottest functions (self):', [...selfByFrame], busy, top),
    table('application functions on the stack (inclusive):', [...inclByFrame], busy, top),
  ].join('\n\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, flag, n] = process.argv.slice(2);
  if (!file) {
    console.error('usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [--top 25]');
    process.exit(1);
  }
  console.log(summariseProfile(file, flag === '--top' ? Number(n) : 25));
}
