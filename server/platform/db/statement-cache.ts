// Kysely's SQLite driver prepares every query anew; preparing costs about as much as running a
// small indexed query (bench/sql-cost.ts measured /me's SQL at 245–333 µs plain and 106–170 µs
// with this cache). Statements are kept per SQL text, most recently used first, and bounded
// because `in (?, ?, …)` lists make one text per list length.
import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

export const STATEMENT_CACHE_SIZE = 500;

export function cachedStatements(handle: SQLite.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => handle.close(),
    prepare: (sql: string) => {
      const hit = cache.get(sql);
      // A statement still iterating (a streamed result) cannot run again until it finishes.
      if (hit && !hit.busy) {
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const stmt = handle.prepare(sql);
      if (!hit) {
        cache.set(sql, stmt);
        if (cache.size > size) cache.delete(cache.keys().next().value!);
      }
      return stmt;
    },
  };
}
