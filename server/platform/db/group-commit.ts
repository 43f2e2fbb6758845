// Group commit for SQLite. With synchronous=FULL every commit writes the changed pages to the WAL
// and waits for fsync; a registration's own statements cost less than its commit (~1.3 ms of CPU
// and several ms of waiting at a million documents: bench/registration-probe.ts). SQLite runs one
// writer at a time anyway, so write transactions that arrive while one is running wait in a queue
// and then run one after another inside ONE transaction and commit together: one fsync, index
// pages that several of them touch written once, and one FTS5 segment for all of them.
//
// Each caller's promise settles only after the shared commit, so an acknowledged write is as
// durable as with its own transaction. Savepoints per caller would isolate failures but make FTS5
// flush its pending terms at every release (a segment per caller: no gain), so a group is
// optimistic instead: if any of its transactions throws, or the commit fails, the group is rolled
// back and each of its transactions runs again alone, so a failure stays its caller's. A function
// given here may therefore run twice; it must change nothing but the database through `trx`.
// A transaction alone (nothing waiting) runs as before, so there is no added latency. On
// PostgreSQL, where transactions run concurrently, each runs as a plain transaction.
//
// Only for short transactions that touch nothing but the database: the group waits on each.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';
import type { DB } from './schema.js';

/** A group commits after at most this many transactions, so a queue that never empties still commits. */
export const GROUP_MAX = 64;

interface Pending {
  fn: (trx: Transaction<DB>) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

class GroupCommit {
  private queue: Pending[] = [];
  private running = false;
  /** Commits made and transactions they carried (tests read them). */
  readonly stats = { groups: 0, transactions: 0 };

  constructor(private readonly db: Kysely<DB>) {}

  run<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.running) {
        this.running = true;
        void this.drain();
      }
    });
  }

  private async drain() {
    try {
      // better-sqlite3 is synchronous, so a transaction never yields to I/O by itself: without this
      // turn of the event loop, each HTTP request would reach the queue only after the previous
      // one had committed, and every group would be a group of one. Requests already read (and
      // those that waited for the connection) get to the queue first; a lone one waits ~nothing.
      for (;;) {
        await new Promise<void>((r) => setImmediate(r));
        if (!this.queue.length) return;
        await this.commitGroup(this.queue.splice(0, GROUP_MAX));
      }
    } finally {
      this.running = false;
    }
  }

  private async commitGroup(group: Pending[]) {
    if (group.length > 1 && (await this.together(group))) return;
    // Alone, or the group failed: each in its own transaction, settled by its own outcome.
    for (const p of group) {
      try {
        p.resolve(await this.db.transaction().execute(p.fn));
        this.count(1);
      } catch (error) {
        p.reject(error);
      }
    }
  }

  /** Runs the group in one transaction; true when it committed and every caller was resolved. */
  private async together(group: Pending[]): Promise<boolean> {
    const values: unknown[] = [];
    try {
      const trx = await this.db.startTransaction().execute();
      try {
        for (const p of group) values.push(await p.fn(trx));
        await trx.commit().execute();
      } catch {
        await trx.rollback().execute().catch(() => {});
        return false;
      }
    } catch {
      return false;
    }
    this.count(group.length);
    group.forEach((p, i) => p.resolve(values[i]));
    return true;
  }

  private count(transactions: number) {
    this.stats.groups++;
    this.stats.transactions += transactions;
  }
}

const groups = new WeakMap<Kysely<DB>, GroupCommit>();

function groupOf(db: Kysely<DB>): GroupCommit {
  let g = groups.get(db);
  if (!g) groups.set(db, (g = new GroupCommit(db)));
  return g;
}

/**
 * Runs `fn` as a write transaction: on SQLite in the next group commit (see above), on PostgreSQL
 * as its own transaction. Resolves with `fn`'s result once its writes are durable.
 */
export function groupedTransaction<T>(database: Pick<Database, 'db' | 'dialect'>, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (database.dialect !== 'sqlite') return database.db.transaction().execute(fn);
  return groupOf(database.db).run(fn);
}

/** How many group commits this database made and how many transactions they carried. */
export function groupCommitStats(db: Kysely<DB>): { groups: number; transactions: number } {
  return { ...groupOf(db).stats };
}
