import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.js';

/**
 * The next value of a named counter (e.g. "incoming:2026"), taken inside the caller's transaction:
 * the upsert locks the row until commit (PostgreSQL) or holds the single writer (SQLite), so two
 * registrations never get the same value, and a rolled-back one gives its value back — gap-free.
 */
export async function nextInSequence(trx: Kysely<DB>, key: string): Promise<number> {
  const r = await sql<{ last_value: number }>`
    insert into sequences (key, last_value) values (${key}, 1)
    on conflict (key) do update set last_value = sequences.last_value + 1
    returning last_value`.execute(trx);
  return Number(r.rows[0].last_value);
}
