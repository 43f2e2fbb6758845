// What the figures were measured on: the machine, the runtime, the databases and the commit.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import SQLite from 'better-sqlite3';
import { PG_ADMIN_URL, ROOT_DIR } from './target.js';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  kernel: string;
  sqlite: string;
  postgres: string | null;
}

export interface CommitInfo {
  commit: string;
  /** Files other than bench/ changed in the working tree when the run started. */
  dirty: boolean;
}

function cpuModel(): string {
  try {
    const line = fs.readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    return line?.split(':')[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  } catch {
    return os.cpus()[0]?.model ?? 'unknown';
  }
}

async function postgresVersion(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  try {
    await client.connect();
    return (await client.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0].v;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function machineInfo(): Promise<MachineInfo> {
  const mem = new SQLite(':memory:');
  const sqlite = (mem.prepare('select sqlite_version() as v').get() as { v: string }).v;
  mem.close();
  return {
    cpus: os.availableParallelism(),
    cpuModel: cpuModel(),
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    kernel: os.release(),
    sqlite,
    postgres: await postgresVersion(),
  };
}

export function commitInfo(): CommitInfo {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT_DIR, encoding: 'utf8' }).trim();
  try {
    const commit = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--untracked-files=no', '--', '.', ':!bench').length > 0;
    return { commit, dirty };
  } catch {
    return { commit: 'unknown', dirty: true };
  }
}
