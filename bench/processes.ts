// Server processes under load: the real app (server/main.ts) and the ceiling, each its own node
// process, started, waited for, measured (/proc/<pid>/status) and stopped.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ROOT_DIR, serverEnv, type Target } from './target.js';

export interface ServerProcess {
  name: string;
  port: number;
  pid: number;
  /** Milliseconds from spawn to the first healthy answer (what a profile should skip). */
  startupMs: number;
  memory(): MemorySample;
  stop(): Promise<void>;
}

export interface MemorySample {
  /** Resident set size now, MiB (VmRSS). */
  rssMb: number;
  /** Peak resident set size since start, MiB (VmHWM). */
  hwmMb: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function readMemory(pid: number): MemorySample {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  const mb = (v: number) => Math.round((v / 1024) * 10) / 10;
  return { rssMb: mb(kb('VmRSS')), hwmMb: mb(kb('VmHWM')) };
}

async function waitHealthy(child: ChildProcess, port: number, logFile: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n') : '';
  child.kill('SIGKILL');
  throw new Error(`server ${path.basename(logFile)} did not become healthy on port ${port}:\n${tail}`);
}

/** Starts `node [nodeArgs] --import tsx <script>` against the target; its output goes to <target>/<name>.log. */
export async function startServer(name: string, script: string, t: Target, nodeArgs: string[] = []): Promise<ServerProcess> {
  const port = await freePort();
  const logFile = path.join(t.dir, `${name}.log`);
  const out = fs.openSync(logFile, 'w');
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    cwd: ROOT_DIR,
    env: serverEnv(t, port),
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  await waitHealthy(child, port, logFile);
  const startupMs = Date.now() - spawnedAt;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    port,
    pid: child.pid!,
    startupMs,
    memory: () => readMemory(child.pid!),
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
