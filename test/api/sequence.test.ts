// Gap-free counters under concurrency, on both databases: values are unique and contiguous, and a
// rolled-back transaction gives its value back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextInSequence } from '../../server/platform/db/sequence.js';
import { nowIso } from '../../server/platform/ids.js';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type TestServer } from '../helpers/server.js';

describe.each(DIALECTS)('sequences on %s', (dialect) => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ dialect, demo: false, background: false });
  });
  afterAll(async () => s?.close());

  it('hands out unique, contiguous values to 200 concurrent transactions', async () => {
    const { db } = s.ctx.database;
    const values = await Promise.all(
      Array.from({ length: 200 }, () =>
        db.transaction().execute(async (trx) => {
          const v = await nextInSequence(trx, 'test:2026');
          // Work after taking the value keeps the row locked until commit.
          await trx.insertInto('settings').values({ key: `seq-${v}`, value: String(v), updated_at: nowIso() }).execute();
          return v;
        }),
      ),
    );
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('gives a value back when its transaction rolls back', async () => {
    const { db } = s.ctx.database;
    await expect(
      db.transaction().execute(async (trx) => {
        await nextInSequence(trx, 'test:rollback');
        throw new Error('registration failed');
      }),
    ).rejects.toThrow('registration failed');
    const v = await db.transaction().execute((trx) => nextInSequence(trx, 'test:rollback'));
    expect(v).toBe(1);
  });

  it('keeps separate counters per key', async () => {
    const { db } = s.ctx.database;
    const a = await db.transaction().execute((trx) => nextInSequence(trx, 'incoming:2027'));
    const b = await db.transaction().execute((trx) => nextInSequence(trx, 'outgoing:总经办:2027'));
    expect([a, b]).toEqual([1, 1]);
  });
});
