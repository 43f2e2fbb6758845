// Builds the web app into dist/ when it is missing or older than its sources. Shared by
// `npm start` and the browser tests, so both decide staleness the same way.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['web', 'common', 'index.html', 'vite.config.ts'];

function newestMtime(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes its folder's mtime
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** True when dist/index.html is missing or older than any web source. */
export function webBuildIsStale(root = ROOT) {
  const built = newestMtime(path.join(root, 'dist', 'index.html'));
  if (!built) return true;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > built);
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `vite build` if the build is stale. A lock folder keeps parallel callers (test workers)
 * from building into the same dist/ at once; a lock older than 5 minutes is taken as abandoned.
 */
export function ensureWebBuilt({ root = ROOT, log = console.log } = {}) {
  if (!webBuildIsStale(root)) return false;
  const lock = path.join(root, 'node_modules', '.zongban-web-build.lock');
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 5 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      else sleep(500);
    }
  }
  try {
    if (!webBuildIsStale(root)) return false; // another caller built it while we waited
    log('[zongban] building the web app (vite build)…');
    const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
    // NODE_ENV=production whatever the caller's (vitest sets 'test'): otherwise React's development
    // build ends up in the bundle.
    const env = { ...process.env, NODE_ENV: 'production' };
    const res = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env });
    if (res.status !== 0) throw new Error(`vite build failed (exit ${res.status})`);
    return true;
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
