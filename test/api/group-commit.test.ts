// Group commit (platform/db/group-commit.ts) on both databases: concurrent write transactions
// share commits on SQLite, each caller settles only after its writes are durable, a transaction
// that throws (or whose commit fails) leaves nothing behind and does not take the others of its
// group with it, and the gap-free sequence stays contiguous.
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupCommitStats, groupedTransaction } from '../../server/platform/db/group-commit.js';
import { nextInSequence } from '../../server/platform/db/sequence.js';
import { nowIso } from '../../server/platform/ids.js';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe.each(DIALECTS)('group commit on %s', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ dialect, demo: false, background: false });
  });
  afterAll(async () => s?.close());

  const settingsLike = async (prefix: string) =>
    (await s.ctx.database.db.selectFrom('settings').select('key').where('key', 'like', `${prefix}%`).orderBy('key').execute()).map((r) => r.key);

  it('runs 60 concurrent transactions with contiguous numbers, each durable when it resolves', async () => {
    const before = groupCommitStats(s.ctx.database.db);
    // Read the file through a second connection of its own: what it sees has been committed.
    const other = dialect === 'sqlite' ? new SQLite(s.ctx.database.sqlitePath!, { readonly: true }) : null;
    const seen: boolean[] = [];
    const values = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        groupedTransaction(s.ctx.database, async (trx) => {
          const v = await nextInSequence(trx, 'group:2026');
          await trx.insertInto('settings').values({ key: `group-${String(i).padStart(2, '0')}`, value: String(v), updated_at: nowIso() }).execute();
          return v;
        }).then((v) => {
          if (other) seen.push(!!other.prepare('select 1 from settings where key = ?').get(`group-${String(i).padStart(2, '0')}`));
          return v;
        }),
      ),
    );
    other?.close();
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(await settingsLike('group-')).toHaveLength(60);
    const after = groupCommitStats(s.ctx.database.db);
    if (dialect === 'sqlite') {
      expect(seen).toEqual(Array(60).fill(true));
      expect(after.transactions - before.transactions).toBe(60);
      // The first runs alone; those that arrived meanwhile share the next commits.
      expect(after.groups - before.groups).toBeLessThan(10);
    } else {
      expect(after).toEqual(before);
    }
  });

  it('rolls back only the transaction that throws; its number goes to the next', async () => {
    const results = await Promise.allSettled(
      ['a', 'b', 'c', 'd'].map((tag) =>
        groupedTransaction(s.ctx.database, async (trx) => {
          const v = await nextInSequence(trx, 'group:fail');
          await trx.insertInto('settings').values({ key: `fail-${tag}`, value: String(v), updated_at: nowIso() }).execute();
          if (tag === 'b') throw new Error('registration b refused');
          return v;
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('registration b refused');
    expect(await settingsLike('fail-')).toEqual(['fail-a', 'fail-c', 'fail-d']);
    expect(results.filter((r) => r.status === 'fulfilled').map((r) => (r as PromiseFulfilledResult<number>).value).sort()).toEqual([1, 2, 3]);
  });

  it('retries a group whose commit fails one by one: only the failing transaction fails', async () => {
    if (dialect !== 'sqlite') {
      // Each transaction is its own on PostgreSQL: a failing one leaves the others.
      const r = await Promise.allSettled([groupedTransaction(s.ctx.database, async (trx) => trx.insertInto('settings').values({ key: 'pg-own', value: '1', updated_at: nowIso() }).execute())]);
      expect(r[0].status).toBe('fulfilled');
      return;
    }
    // A deferred foreign key is checked at COMMIT: the group's commit fails as a whole, then each
    // runs alone.
    // A first transaction holds the writer a moment, so x and y queue and make the next group together.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const first = groupedTransaction(s.ctx.database, async (trx) => {
      await held;
      await trx.insertInto('settings').values({ key: 'commit-first', value: '1', updated_at: nowIso() }).execute();
    });
    const pending = Promise.allSettled(
      ['x', 'y'].map((tag) =>
        groupedTransaction(s.ctx.database, async (trx) => {
          await trx.insertInto('settings').values({ key: `commit-${tag}`, value: tag, updated_at: nowIso() }).execute();
          if (tag === 'y') {
            await sqlExec(trx, 'pragma defer_foreign_keys = on');
            await trx.insertInto('person_roles').values({ person_id: 'nobody-at-all', role: 'clerk' }).execute();
          }
          return tag;
        }),
      ),
    );
    release();
    await first;
    const results = await pending;
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(await settingsLike('commit-')).toEqual(['commit-first', 'commit-x']);
    // The queue is not stuck afterwards.
    await groupedTransaction(s.ctx.database, async (trx) => trx.insertInto('settings').values({ key: 'commit-after', value: '1', updated_at: nowIso() }).execute());
    expect(await settingsLike('commit-')).toEqual(['commit-after', 'commit-first', 'commit-x']);
  });
});

async function sqlExec(trx: Parameters<Parameters<typeof groupedTransaction>[1]>[0], text: string) {
  const { sql } = await import('kysely');
  await sql.raw(text).execute(trx);
}
