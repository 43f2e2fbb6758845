// What the data generators share: a small seeded generator (the same seed writes the same data, so
// an interrupted generation resumes as an uninterrupted one would have), picks from it, and the
// multi-row insert they write with.
import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../server/platform/db/schema.js';

/** mulberry32: a seeded generator of numbers in [0, 1). */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = () => number;

export const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)];
export const chance = (rand: Rand, p: number) => rand() < p;
export const iso = (ms: number) => new Date(ms).toISOString();

/** Picks a value by weight: [[value, weight], …]. */
export function weighted<T>(rand: Rand, options: [T, number][]): T {
  const total = options.reduce((n, [, w]) => n + w, 0);
  let r = rand() * total;
  for (const [v, w] of options) {
    r -= w;
    if (r < 0) return v;
  }
  return options[options.length - 1][0];
}

/** Inserts rows in multi-row statements, as many a statement as the bound-value limits allow. */
export async function insertAll<T extends keyof DB>(trx: Kysely<DB>, table: T, rows: Insertable<DB[T]>[]) {
  if (!rows.length) return;
  const columns = Object.keys(rows[0] as object).length;
  // SQLite allows 32,766 bound values per statement; PostgreSQL 65,535.
  const per = Math.max(1, Math.floor(30_000 / columns));
  for (let k = 0; k < rows.length; k += per) await trx.insertInto(table).values(rows.slice(k, k + per) as any).execute();
}
