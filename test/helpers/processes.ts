// Real server processes (`node --import tsx server/main.ts`), as an operator runs them, for the
// tests of several instances on one PostgreSQL database: spawn on a free port, wait for
// /api/health, stop gracefully or kill with SIGKILL, and keep each process's output for failures.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../server/config.js';
import { createContext } from '../../server/platform/bootstrap.js';
import { seedDemo } from '../../server/seed/first-start.js';
import { Client } from './server.js';
import { waitUntil } from './wait.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  /** stdout and stderr so far (for failure messages). */
  output(): string;
  client(): Client;
  /** Resolves with the exit code (or signal name) once the process is gone. */
  exited: Promise<number | string>;
  isRunning(): boolean;
  /** SIGTERM: the server's own graceful shutdown; waits for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown at all, as a crash or an OOM kill; waits for the exit. */
  kill(): Promise<void>;
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

/** Seeds the demo company into a database before any process starts, so no two processes race to do it. */
export async function seedDatabase(databaseUrl: string): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-seed-'));
  const ctx = await createContext(loadConfig({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
  try {
    await seedDemo(ctx.database.db);
  } finally {
    await ctx.database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export interface SpawnOptions {
  name: string;
  databaseUrl: string;
  env?: Record<string, string>;
  /** How long to wait for /api/health (default 60 s: a loaded CI machine compiles TypeScript slowly). */
  readyMs?: number;
}

export async function spawnServer(opts: SpawnOptions): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `zb-${opts.name}-`));
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    NODE_ENV: 'test',
    DATABASE_URL: opts.databaseUrl,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    LOG_LEVEL: 'warn',
    ZONGBAN_DEMO: '0',
    POLL_MS: '200',
    JOB_EXPIRE_SECONDS: '3',
    INSTANCE_ID: opts.name,
    ...opts.env,
  };
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  let running = true;
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      running = false;
      fs.rmSync(dataDir, { recursive: true, force: true });
      resolve(signal ?? code ?? -1);
    }),
  );

  const proc: ServerProcess = {
    name: opts.name,
    url,
    pid: child.pid!,
    output: () => output,
    client: () => new Client(url),
    exited,
    isRunning: () => running,
    async stop() {
      if (!running) return;
      child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (!running) return;
      child.kill('SIGKILL');
      await exited;
    },
  };

  try {
    await waitUntil(`${opts.name} to answer /api/health`, async () => {
      if (!running) throw new Error(`${opts.name} exited during start-up:\n${output.slice(-3000)}`);
      try {
        const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1000) });
        return res.status === 200;
      } catch {
        return false;
      }
    }, opts.readyMs ?? 60_000, undefined, 100);
  } catch (err) {
    await proc.kill();
    throw new Error(`${(err as Error).message}\n--- ${opts.name} output ---\n${output.slice(-3000)}`);
  }
  return proc;
}
