// Durable jobs on both databases, through the real queues (the embedded one on SQLite, pg-boss on
// PostgreSQL): due times, retries with backoff, singletons, restarts and exactly-once effects.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { createContext } from '../../server/platform/bootstrap.js';
import type { AppContext } from '../../server/platform/context.js';
import { runExactlyOnce, type JobRun } from '../../server/platform/jobs/job-queue.js';
import { nowIso } from '../../server/platform/ids.js';
import { DIALECTS } from '../helpers/env.js';
import { freshPgDatabase } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';

/** One database (a SQLite data dir or a fresh PostgreSQL database) that contexts can be opened on, one after another. */
async function storage(dialect: 'sqlite' | 'postgres') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-jobs-'));
  const pg = dialect === 'postgres' ? await freshPgDatabase() : null;
  const open = () => createContext(loadConfig({ DATA_DIR: dataDir, POLL_MS: '100', LOG_LEVEL: 'silent', JOB_RETRY_BASE_MS: '1000', JOB_EXPIRE_SECONDS: '4', ...(pg && { DATABASE_URL: pg.url }) }));
  return {
    open,
    async drop() {
      await pg?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function close(ctx: AppContext) {
  await ctx.jobs.stop();
  await ctx.database.close();
}

/** The effect a test handler commits: a settings row, counted by key prefix. */
async function addEffect(trx: JobRun['trx'], key: string) {
  await trx.insertInto('settings').values({ key, value: 'x', updated_at: nowIso() }).execute();
}

async function countEffects(ctx: AppContext, prefix: string): Promise<number> {
  const r = await ctx.database.db.selectFrom('settings').select((eb) => eb.fn.countAll<number>().as('n')).where('key', 'like', `${prefix}%`).executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** How the queue itself sees a singleton job: how many rows, their state and runs. */
async function queueRows(ctx: AppContext, singletonKey: string): Promise<{ state: string; runs: number }[]> {
  if (ctx.database.dialect === 'sqlite') {
    const rows = await ctx.database.db.selectFrom('jobs').select(['state', 'attempts']).where('singleton_key', '=', singletonKey).execute();
    return rows.map((r) => ({ state: r.state === 'done' ? 'completed' : r.state, runs: r.attempts }));
  }
  const { rows } = await sql<{ state: string; retry_count: number }>`select state, retry_count from pgboss.job where singleton_key = ${singletonKey}`.execute(ctx.database.db);
  return rows.map((r) => ({ state: r.state, runs: Number(r.retry_count) + 1 }));
}

describe.each(DIALECTS)('jobs on %s', (dialect) => {
  let store: Awaited<ReturnType<typeof storage>>;
  const open: AppContext[] = [];
  const openCtx = async () => {
    store ??= await storage(dialect);
    const ctx = await store.open();
    open.push(ctx);
    return ctx;
  };
  afterEach(async () => {
    for (const ctx of open.splice(0)) await close(ctx).catch(() => {});
  });
  afterAll(async () => store?.drop());

  it('runs a job at its due time, not before', async () => {
    const ctx = await openCtx();
    const ran: number[] = [];
    ctx.jobs.register('test.due', async () => {
      ran.push(Date.now());
    });
    await ctx.jobs.start();
    const runAt = new Date(Date.now() + 1500);
    await ctx.jobs.schedule('test.due', {}, { runAt });
    await waitUntil('the due job', () => ran.length > 0, 15_000);
    expect(ran).toHaveLength(1);
    expect(ran[0]).toBeGreaterThanOrEqual(runAt.getTime());
  });

  it('retries a failing handler with a growing delay, and applies its effects once', async () => {
    const ctx = await openCtx();
    const attempts: { attempt: number; at: number }[] = [];
    ctx.jobs.register('test.flaky', async (payload, run) => {
      attempts.push({ attempt: run.attempt, at: Date.now() });
      await addEffect(run.trx, `flaky:${payload.id}:${run.attempt}`);
      if (run.attempt < 3) throw new Error(`transient failure ${run.attempt}`);
    });
    await ctx.jobs.start();
    await ctx.jobs.schedule('test.flaky', { id: 'f1' }, { singletonKey: 'flaky:f1', maxAttempts: 5 });
    await waitUntil('the third attempt to finish', async () => (await queueRows(ctx, 'flaky:f1'))[0]?.state === 'completed', 30_000);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    const gap1 = attempts[1].at - attempts[0].at;
    const gap2 = attempts[2].at - attempts[1].at;
    // Base 1 s, doubling: the first retry waits at least ~1 s, the second at least ~2 s.
    expect(gap1).toBeGreaterThanOrEqual(900);
    expect(gap2).toBeGreaterThanOrEqual(1900);
    // The failed attempts' effects rolled back with them; only the successful one's remained.
    expect(await countEffects(ctx, 'flaky:f1:')).toBe(1);
    expect(await countEffects(ctx, 'flaky:f1:3')).toBe(1);
  });

  it('gives up after maxAttempts and keeps none of the failed effects', async () => {
    const ctx = await openCtx();
    let runs = 0;
    ctx.jobs.register('test.doomed', async (_p, run) => {
      runs++;
      await addEffect(run.trx, `doomed:${run.attempt}`);
      throw new Error('always fails');
    });
    await ctx.jobs.start();
    await ctx.jobs.schedule('test.doomed', {}, { singletonKey: 'doomed', maxAttempts: 2 });
    await waitUntil('the job to fail for good', async () => (await queueRows(ctx, 'doomed'))[0]?.state === 'failed', 20_000);
    expect(runs).toBe(2);
    expect(await countEffects(ctx, 'doomed:')).toBe(0);
  });

  it('schedules a singleton key once, however often and concurrently it is asked', async () => {
    const ctx = await openCtx();
    let runs = 0;
    ctx.jobs.register('test.single', async (_p, run) => {
      runs++;
      await addEffect(run.trx, `single:${runs}`);
    });
    await ctx.jobs.start();
    const key = 'remind:item42:day-before';
    await Promise.all([1, 2, 3].map(() => ctx.jobs.schedule('test.single', {}, { singletonKey: key, runAt: new Date(Date.now() + 300) })));
    await ctx.jobs.schedule('test.single', {}, { singletonKey: key });
    await waitUntil('the singleton to complete', async () => (await queueRows(ctx, key)).some((r) => r.state === 'completed'), 15_000);
    // After it completed, asking again schedules nothing new either.
    await ctx.jobs.schedule('test.single', {}, { singletonKey: key });
    const rows = await queueRows(ctx, key);
    expect(rows).toHaveLength(1);
    expect(rows[0].state).toBe('completed');
    expect(runs).toBe(1);
    expect(await countEffects(ctx, 'single:')).toBe(1);
  });

  it('keeps a scheduled job across a restart', async () => {
    const first = await openCtx();
    let ranInFirst = 0;
    first.jobs.register('test.durable', async () => {
      ranInFirst++;
    });
    await first.jobs.start();
    await first.jobs.schedule('test.durable', { n: 7 }, { singletonKey: 'durable:7', runAt: new Date(Date.now() + 2000) });
    await close(first);
    open.splice(open.indexOf(first), 1);

    const second = await openCtx();
    const seen: unknown[] = [];
    second.jobs.register('test.durable', async (payload, run) => {
      seen.push(payload);
      await addEffect(run.trx, 'durable:7');
    });
    await second.jobs.start();
    // The effect commits after the handler returns: wait for the commit, not for the call.
    await waitUntil('the job’s effect in the restarted process', async () => (await countEffects(second, 'durable:7')) === 1, 15_000);
    expect(ranInFirst).toBe(0);
    expect(seen).toEqual([{ n: 7 }]);
  });

  it('commits a scheduled job with the caller’s transaction, and drops it on rollback', async () => {
    const ctx = await openCtx();
    const seen: string[] = [];
    ctx.jobs.register('test.tx', async (payload) => {
      seen.push(payload.tag);
    });
    await ctx.jobs.start();
    await expect(
      ctx.database.db.transaction().execute(async (trx) => {
        await ctx.jobs.schedule('test.tx', { tag: 'rolled-back' }, { singletonKey: 'tx:rolled-back' }, trx);
        throw new Error('abort the change');
      }),
    ).rejects.toThrow('abort the change');
    await ctx.database.db.transaction().execute(async (trx) => {
      await ctx.jobs.schedule('test.tx', { tag: 'committed' }, { singletonKey: 'tx:committed' }, trx);
    });
    await waitUntil('the committed job', async () => (await queueRows(ctx, 'tx:committed'))[0]?.state === 'completed', 15_000);
    expect(seen).toEqual(['committed']);
    expect(await queueRows(ctx, 'tx:rolled-back')).toEqual([]);
  });

  it('applies a job’s effects once when the job runs twice (crash after commit, before the queue heard)', async () => {
    const ctx = await openCtx();
    let handled = 0;
    ctx.jobs.register('test.once', async (_p, run) => {
      handled++;
      await addEffect(run.trx, `once:${handled}`);
    });
    await ctx.jobs.start();
    await ctx.jobs.schedule('test.once', {}, { singletonKey: 'once:1' });
    await waitUntil('the first run', async () => (await queueRows(ctx, 'once:1'))[0]?.state === 'completed', 15_000);
    expect(handled).toBe(1);

    // Put the job back as a process that died after its commit would leave it: running, lease
    // long gone. The queue hands it out again (a second run), which must change nothing.
    if (dialect === 'sqlite') {
      await ctx.database.db.updateTable('jobs').set({ state: 'running', locked_until: new Date(Date.now() - 60_000).toISOString() }).where('singleton_key', '=', 'once:1').execute();
    } else {
      await sql`update pgboss.job set state = 'active', started_on = now() - interval '1 hour', completed_on = null where singleton_key = 'once:1'`.execute(ctx.database.db);
    }
    await waitUntil('the second run', async () => {
      const [row] = await queueRows(ctx, 'once:1');
      return row.state === 'completed' && row.runs === 2;
    }, 30_000);
    expect(handled).toBe(1);
    expect(await countEffects(ctx, 'once:')).toBe(1);
  });

  it('lets only one of two concurrent runs of the same key apply its effects', async () => {
    const ctx = await openCtx();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let handled = 0;
    const handler = async (_p: unknown, run: JobRun) => {
      handled++;
      await addEffect(run.trx, `concurrent:${handled}`);
      await gate;
    };
    const first = runExactlyOnce(ctx.database.db, 'concurrent-key', 1, handler, {});
    await waitUntil('the first run to hold its transaction', () => handled === 1, 5_000);
    const second = runExactlyOnce(ctx.database.db, 'concurrent-key', 2, handler, {});
    // The second waits for the first (on PostgreSQL on the job_runs key, on SQLite on the connection).
    await new Promise((r) => setTimeout(r, 200));
    expect(handled).toBe(1);
    release();
    await Promise.all([first, second]);
    expect(handled).toBe(1);
    expect(await countEffects(ctx, 'concurrent:')).toBe(1);
  });
});
