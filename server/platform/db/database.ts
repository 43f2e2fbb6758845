// The one place that opens a database: SQLite (embedded, WAL, synchronous=FULL) or PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { cachedStatements } from './statement-cache.js';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { DB } from './schema.js';
import { migrationProvider } from '../migrations/index.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** Present on PostgreSQL: the pool, for LISTEN/NOTIFY and pg-boss. */
  pgPool?: pg.Pool;
  connectionString?: string;
  sqlitePath?: string;
  /** Present on SQLite: the raw handle, for backup. */
  sqlite?: SQLite.Database;
  close(): Promise<void>;
}

// bigint (count(*), bigserial) arrives as a string from pg; our values fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

export function openSqliteHandle(file: string): SQLite.Database {
  const handle = new SQLite(file);
  handle.pragma('journal_mode = WAL');
  // FULL: an acknowledged commit survives a power cut, not only a process crash.
  handle.pragma('synchronous = FULL');
  handle.pragma('foreign_keys = ON');
  handle.pragma('busy_timeout = 5000');
  // 64 MiB of page cache (the default is 2 MiB): at 200,000 supervision items the board and unit
  // figures probe a few thousand index pages per request, each otherwise a read() from the OS cache.
  handle.pragma('cache_size = -65536');
  return handle;
}

export async function openDatabase(opts: { databaseUrl: string | null; dataDir: string; poolSize?: number }): Promise<Database> {
  if (opts.databaseUrl && /^postgres(ql)?:\/\//.test(opts.databaseUrl)) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle client cut off by the server (restart, failover, pg_terminate_backend) must not crash
    // the process; the pool replaces it on the next query.
    pool.on('error', (err) => console.error('[zongban] idle database connection lost:', err.message));
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      dialect: 'postgres',
      pgPool: pool,
      connectionString: opts.databaseUrl,
      close: () => db.destroy(),
    };
  }
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const file = opts.databaseUrl === ':memory:' ? ':memory:' : path.join(opts.dataDir, 'zongban.db');
  const handle = openSqliteHandle(file);
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: cachedStatements(handle) }) });
  return { db, dialect: 'sqlite', sqlitePath: file, sqlite: handle, close: () => db.destroy() };
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider, migrationTableName: 'schema_migrations', migrationLockTableName: 'schema_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function ping(db: Kysely<DB>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
