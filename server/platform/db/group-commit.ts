// Group commit for SQLite. With synchronous=FULL every commit writes the changed pages to the WAL
// and waits for fsync; a registration's own statements cost less than its commit (~1.3 ms of CPU
// and several ms of waiting at a million documents: bench/registration-probe.ts). SQLite runs one
// writer at a time anyway, so write transactions that arrive while one is running wait in a queue
// and then run one after another inside ONE transaction, each in its own savepoint, and commit
// together: one fsync, and index pages that several of them touch written once.
//
// Each caller's promise settles only after the shared commit, so an acknowledged write is as
// durable as with its own transaction. A caller that throws is rolled back to its savepoint alone
// and gets its error; if the commit itself fails, every caller of the group gets that error and
// none of their writes happened. A transaction alone (nothing waiting) runs as before, so there is
// no added latency. On PostgreSQL, where transactions run concurrently, each runs as a plain
// transaction.
//
// Only for short transactions that touch nothing but the database: the group waits on each.
import type { ControlledTransaction, Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';
import type { DB } from './schema.js';

/** A group commits after at most this many transactions, so a queue that never empties still commits. */
export const GROUP_MAX = 64;

interface Pending {
  fn: (trx: Transaction<DB>) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

class GroupCommit {
  private queue: Pending[] = [];
  private running = false;
  /** Commits made and transactions they carried (tests read them). */
  readonly stats = { groups: 0, transactions: 0 };

  constructor(private readonly db: Kysely<DB>) {}

  run<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain() {
    this.running = true;
    try {
      while (this.queue.length) await this.commitGroup(this.queue.splice(0, GROUP_MAX));
    } finally {
      this.running = false;
    }
  }

  private async commitGroup(group: Pending[]) {
    const outcomes: Outcome[] = [];
    try {
      const trx = await this.db.startTransaction().execute();
      try {
        for (const p of group) outcomes.push(await this.inSavepoint(trx, p));
        await trx.commit().execute();
      } catch (error) {
        await trx.rollback().execute().catch(() => {});
        throw error;
      }
    } catch (error) {
      // Begin or commit failed (or a savepoint could not be rolled back): nothing of the group holds.
      for (const p of group) p.reject(error);
      return;
    }
    this.stats.groups++;
    this.stats.transactions += group.length;
    group.forEach((p, i) => {
      const o = outcomes[i];
      if (o.ok) p.resolve(o.value);
      else p.reject(o.error);
    });
  }

  private async inSavepoint(trx: ControlledTransaction<DB>, p: Pending): Promise<Outcome> {
    const sp = await trx.savepoint('zb_group').execute();
    try {
      const value = await p.fn(trx);
      await sp.releaseSavepoint('zb_group').execute();
      return { ok: true, value };
    } catch (error) {
      await sp.rollbackToSavepoint('zb_group').execute();
      await sp.releaseSavepoint('zb_group').execute();
      return { ok: false, error };
    }
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
