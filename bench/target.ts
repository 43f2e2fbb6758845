// Where the generated database of one dialect and scale lives, and the environment that points a
// server process at it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Dialect } from '../server/platform/db/database.js';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const ROOT_DIR = path.resolve(BENCH_DIR, '..');
export const CACHE_DIR = path.join(BENCH_DIR, '.cache');

/** The PostgreSQL server that holds the bench databases; reached as a superuser for create/drop. */
export const PG_ADMIN_URL = process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * What a generated database holds: departments (~60 × scale), people and documents. The
 * foundation's scenarios run on 10,000 × scale people and no documents; the documents scenarios on
 * 2,000 people and 1,000,000 documents (issue 3).
 */
export interface Dataset {
  scale: number;
  people: number;
  documents: number;
  /** Supervision items (issue 4: 200,000 on the documents' company of 2,000 people); 0 or absent: none. */
  items?: number;
}

export const PEOPLE_PER_SCALE = 10_000;

export const orgDataset = (scale: number): Dataset => ({ scale, people: PEOPLE_PER_SCALE * scale, documents: 0 });

export interface Target extends Dataset {
  dialect: Dialect;
  /** bench/.cache/<dialect>-<key>/: the SQLite file (DATA_DIR), tokens.json, fixture.json, logs. */
  dir: string;
  /** postgres://…/zb_bench_<key> on PostgreSQL; null on SQLite (the file under dir). */
  databaseUrl: string | null;
  pgDatabase: string | null;
}

/** "1" for the foundation's dataset of scale 1 (the cache name it always had), else "1-p2000-d1000000". */
export function datasetKey(d: Dataset): string {
  const plain = d.documents === 0 && !d.items && d.people === PEOPLE_PER_SCALE * d.scale;
  return plain ? String(d.scale) : `${d.scale}-p${d.people}-d${d.documents}${d.items ? `-s${d.items}` : ''}`;
}

export function targetOf(dialect: Dialect, dataset: Dataset): Target {
  const key = datasetKey(dataset);
  const dir = path.join(CACHE_DIR, `${dialect}-${key}`);
  if (dialect === 'sqlite') return { ...dataset, dialect, dir, databaseUrl: null, pgDatabase: null };
  const pgDatabase = `zb_bench_${key.replace(/-/g, '_')}`;
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${pgDatabase}`;
  return { ...dataset, dialect, dir, databaseUrl: url.toString(), pgDatabase };
}

/** Environment of a server process (the app or the ceiling) that serves this target. */
export function serverEnv(t: Target, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: t.dir,
    LOG_LEVEL: 'warn',
    ZONGBAN_DEMO: '0',
  };
  if (t.databaseUrl) env.DATABASE_URL = t.databaseUrl;
  else delete env.DATABASE_URL;
  return env;
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function pgDatabaseExists(name: string): Promise<boolean> {
  return withAdmin(async (c) => (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1);
}

/** Drops (if present) and creates the bench database; its name is ours (zb_bench_<n>), never a user's. */
export async function recreatePgDatabase(name: string): Promise<void> {
  if (!/^zb_bench_[0-9a-z_]+$/.test(name)) throw new Error(`refusing to recreate ${name}: not a bench database`);
  await withAdmin(async (c) => {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
  });
}

/** Where PostgreSQL keeps its data, for the free-space check; null when this user cannot read it. */
export async function pgDataDirectory(): Promise<string | null> {
  const dir = await withAdmin(async (c) => (await c.query<{ d: string }>(`select current_setting('data_directory') as d`)).rows[0]?.d ?? null);
  return dir && fs.existsSync(dir) ? dir : null;
}

/** Ends every connection to a bench database (a query a killed server left running goes with it). */
export async function terminatePgBackends(name: string): Promise<void> {
  if (!/^zb_bench_[0-9a-z_]+$/.test(name)) throw new Error(`refusing to touch ${name}: not a bench database`);
  await withAdmin((c) => c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]));
}
