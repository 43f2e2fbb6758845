// Domain events through the transactional outbox, on both databases with the real job queues:
// an event exists only if its transaction committed, and each consumer takes it exactly once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { createContext } from '../../server/platform/bootstrap.js';
import type { AppContext } from '../../server/platform/context.js';
import type { DomainEvent } from '../../server/platform/events/event-bus.js';
import { nowIso } from '../../server/platform/ids.js';
import { DIALECTS } from '../helpers/env.js';
import { freshPgDatabase } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';

async function effects(ctx: AppContext, prefix: string): Promise<string[]> {
  const rows = await ctx.database.db.selectFrom('settings').select('key').where('key', 'like', `${prefix}%`).orderBy('key').execute();
  return rows.map((r) => r.key);
}

describe.each(DIALECTS)('domain events on %s', (dialect) => {
  let ctx: AppContext;
  let dataDir: string;
  let dropPg: (() => Promise<void>) | null = null;
  const seen: DomainEvent[] = [];
  let failuresLeft = 0;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-events-'));
    const pg = dialect === 'postgres' ? await freshPgDatabase() : null;
    dropPg = pg?.drop ?? null;
    ctx = await createContext(loadConfig({ DATA_DIR: dataDir, POLL_MS: '100', LOG_LEVEL: 'silent', JOB_RETRY_BASE_MS: '200', JOB_EXPIRE_SECONDS: '4', ...(pg ? { DATABASE_URL: pg.url } : {}) }));
    // Two consumers of one type, each writing an effect in the dispatch transaction.
    ctx.events.subscribe('test.decided', 'test.recorder', async (event, trx) => {
      seen.push(event);
      await trx.insertInto('settings').values({ key: `rec:${event.payload.n}`, value: event.id, updated_at: nowIso() }).execute();
    });
    ctx.events.subscribe('test.decided', 'test.flaky', async (event, trx) => {
      await trx.insertInto('settings').values({ key: `flaky:${event.payload.n}`, value: event.id, updated_at: nowIso() }).execute();
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new Error('consumer failed on purpose');
      }
    });
    await ctx.jobs.start();
  });

  afterAll(async () => {
    await ctx?.jobs.stop();
    await ctx?.database.close();
    await dropPg?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers a committed event to every consumer once, with its payload and source', async () => {
    await ctx.database.db.transaction().execute(async (trx) => {
      await ctx.events.publish(trx, { type: 'test.decided', sourceType: 'meeting', sourceId: 'm-1', actorId: null, payload: { n: 1, text: '落实安全生产检查' } });
    });
    await waitUntil('both consumers of event 1', async () => (await effects(ctx, 'flaky:1')).length === 1 && (await effects(ctx, 'rec:1')).length === 1);
    const event = seen.find((e) => e.payload.n === 1)!;
    expect(event).toMatchObject({ type: 'test.decided', sourceType: 'meeting', sourceId: 'm-1', payload: { text: '落实安全生产检查' } });
  });

  it('leaves no event behind when the publishing transaction rolls back', async () => {
    await expect(
      ctx.database.db.transaction().execute(async (trx) => {
        await ctx.events.publish(trx, { type: 'test.decided', payload: { n: 2 } });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    // A later committed event is consumed; the rolled-back one never existed.
    await ctx.database.db.transaction().execute((trx) => ctx.events.publish(trx, { type: 'test.decided', payload: { n: 3 } }));
    await waitUntil('event 3', async () => (await effects(ctx, 'rec:3')).length === 1);
    expect(await effects(ctx, 'rec:2')).toEqual([]);
    const rows = await ctx.database.db.selectFrom('domain_events').select('payload').execute();
    expect(rows.map((r) => JSON.parse(r.payload).n).sort()).toEqual([1, 3]);
  });

  it('does not run a consumer twice when an event is dispatched again', async () => {
    const first = await ctx.database.db.selectFrom('domain_events').select('id').orderBy('id').executeTakeFirstOrThrow();
    const ran = await ctx.database.db.transaction().execute((trx) => ctx.events.dispatch(first.id, trx));
    expect(ran).toBe(0);
    expect(await effects(ctx, 'rec:1')).toEqual(['rec:1']);
  });

  it('retries after a consumer fails, without applying any effect twice', async () => {
    failuresLeft = 2;
    await ctx.database.db.transaction().execute((trx) => ctx.events.publish(trx, { type: 'test.decided', payload: { n: 4 } }));
    await waitUntil('event 4 after two failed attempts', async () => failuresLeft === 0 && (await effects(ctx, 'flaky:4')).length === 1);
    expect(await effects(ctx, 'rec:4')).toEqual(['rec:4']);
    expect(seen.filter((e) => e.payload.n === 4).length).toBe(3); // ran three times, committed once
    const consumed = await ctx.database.db.selectFrom('event_consumptions').select('consumer').where('event_id', '=', seen.find((e) => e.payload.n === 4)!.id).execute();
    expect(consumed.map((c) => c.consumer).sort()).toEqual(['test.flaky', 'test.recorder']);
  });

  it('refuses a second consumer under the same name', () => {
    expect(() => ctx.events.subscribe('test.decided', 'test.recorder', async () => {})).toThrow(/already subscribed/);
  });
});
