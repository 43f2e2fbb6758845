// Filing an item (立卷) publishes supervision.item_filed, and publishing schedules the event's
// dispatch job in the same transaction. An instance that runs no background loops (a web-only
// process; a test server started with background: false) must still accept the filing: the job is
// queued and another instance — or this one once it starts its loops — dispatches it exactly once.
// On PostgreSQL this answered 500 ("job queue not started") before the queue opened pg-boss for
// sending on first use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';
import { actOk, ids, newItem, register, supervisionCast, type Ids, type SupervisionCast } from './supervision-helpers.js';

describe.each(DIALECTS)('filing without background jobs on %s', (dialect) => {
  let s: TestServer;
  let k: SupervisionCast;
  let id: Ids;

  beforeAll(async () => {
    s = await startServer({ dialect, background: false });
    k = await supervisionCast(s);
    id = await ids(s);
  });
  afterAll(async () => s?.close());

  it('files the item, queues the event, and the event is dispatched once the loops start', async () => {
    const item = await register(k.secretary, newItem(id, { title: '无后台任务时的立卷' }));
    await actOk(k.secretary, item.id, 'transfer');
    await actOk(k.finance, item.id, 'accept');
    await actOk(k.finance, item.id, 'submit_result', { result: '已完成' });
    await actOk(k.secretary, item.id, 'check_pass', {}, '符合要求');
    await actOk(k.secretary, item.id, 'report_completion', { report: '已完成' });
    await actOk(k.vice, item.id, 'review_close', {}, '同意');
    const filed = await actOk(k.secretary, item.id, 'file');
    expect(filed).toMatchObject({ state: 'filed', archiveCandidate: true });
    const db = s.ctx.database.db;
    const events = await db.selectFrom('domain_events').select('id').where('type', '=', 'supervision.item_filed').where('source_id', '=', item.id).execute();
    expect(events).toHaveLength(1);
    // A consumer (an archives module later) gets the event once the queue runs here.
    const seen: string[] = [];
    s.ctx.events.subscribe('supervision.item_filed', 'test.filing-queue', async (e) => {
      seen.push((e.payload as { itemId: string }).itemId);
    });
    await s.ctx.jobs.start();
    await waitUntil('the filed event dispatched', () => seen.length > 0);
    expect(seen).toEqual([item.id]);
    const consumed = await db.selectFrom('event_consumptions').select('consumer').where('event_id', '=', events[0].id).execute();
    expect(consumed.map((c) => c.consumer)).toEqual(['test.filing-queue']);
  });
});
