// 催办 (seed 二 3.5) over real HTTP on both databases: reminder points on the working-day calendar,
// reminders scheduled with the distribution and run by the real job queue, a reminder that finds
// the document completed doing nothing, manual chasing on the trail, and the overdue list.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChaseService } from '../../server/modules/documents/incoming/chase.service.js';
import { chasePoints } from '../../server/modules/documents/incoming/chase.schedule.js';
import { addDays, todayIn } from '../../server/platform/calendar/work-calendar.js';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { incomingHelpers } from './incoming-helpers.js';

describe.each(DIALECTS)('incoming chasing on %s', (dialect) => {
  let s: TestServer;
  const { db, as, personId, dept, notices } = incomingHelpers(() => s);
  const cwb = () => dept('CWB');
  const steps = async (docId: string) => db().selectFrom('document_steps').select(['action', 'actor_name', 'opinion', 'from_state', 'to_state']).where('document_id', '=', docId).orderBy('id').execute();
  const act = async (user: string, doc: { id: string; version: number }, action: string, input: Record<string, unknown> = {}) => {
    const r = await (await as(user)).post(`/api/v1/incoming/${doc.id}/actions`, { action, version: doc.version, input });
    expect(r.status, `${user} ${action}: ${r.text}`).toBe(200);
    return r.body;
  };
  /** A classified document taken to 承办 by 财务部 with the given deadline. */
  const inHandling = async (title: string, deadline: string) => {
    const r = await (await as('wangfang')).post('/api/v1/incoming', { sender: '市财政局', deliveredBy: '机要', classification: 2, scope: [{ kind: 'person', id: await personId('chenjing') }], registration: { title, docKind: '通知', addresseeMatches: true } });
    expect(r.status, r.text).toBe(201);
    let doc = await act('wangfang', r.body, 'check_pass');
    doc = await act('wangfang', doc, 'propose', { proposal: '拟请财务部办理' });
    doc = await act('wangfang', doc, 'submit_to_gm');
    doc = await act('zhangjianguo', doc, 'instruct', { instruction: '请财务部抓紧办理' });
    return act('wangfang', doc, 'distribute', { leadDepartmentId: await cwb(), deadline });
  };
  const scheduled = async (docId: string): Promise<{ key: string; runAt: string }[]> => {
    const like = `chase:${docId}:%`;
    if (dialect === 'sqlite') {
      const rows = await db().selectFrom('jobs').select(['singleton_key', 'run_at']).where('singleton_key', 'like', like).execute();
      return rows.map((r) => ({ key: r.singleton_key!, runAt: new Date(r.run_at).toISOString() })).sort((a, b) => a.runAt.localeCompare(b.runAt));
    }
    const rows = await sql<{ singleton_key: string; start_after: Date }>`select singleton_key, start_after from pgboss.job where singleton_key like ${like}`.execute(db());
    return rows.rows.map((r) => ({ key: r.singleton_key, runAt: new Date(r.start_after).toISOString() })).sort((a, b) => a.runAt.localeCompare(b.runAt));
  };
  const eventually = async <T>(f: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> => {
    const until = Date.now() + ms;
    for (;;) {
      const v = await f();
      if (ok(v) || Date.now() > until) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    s = await startServer({ dialect });
  });
  afterAll(async () => s?.close());

  it('puts the reminders at 09:00 company time on the working day before, the day, and the working day after', () => {
    const weekend = (d: string) => [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
    // Monday 2026-12-07: the day before is Friday the 4th, the day after Tuesday the 8th (09:00 in Shanghai is 01:00Z).
    expect(chasePoints('2026-12-07', 'Asia/Shanghai', (d) => !weekend(d)).map((p) => [p.point, p.runAt.toISOString()])).toEqual([
      ['before', '2026-12-04T01:00:00.000Z'],
      ['due', '2026-12-07T01:00:00.000Z'],
      ['overdue', '2026-12-08T01:00:00.000Z'],
    ]);
    // Friday deadline: overdue on Monday.
    expect(chasePoints('2026-12-11', 'Asia/Shanghai', (d) => !weekend(d))[2].runAt.toISOString()).toBe('2026-12-14T01:00:00.000Z');
  });

  it('schedules the three reminders when a document is distributed with a future deadline, once each', async () => {
    const deadline = addDays(todayIn(s.ctx.config.tzCompany), 30);
    const doc = await inHandling('关于报送年度预算的通知', deadline);
    const jobs = await scheduled(doc.id);
    expect(jobs.map((j) => j.key)).toEqual([`chase:${doc.id}:before`, `chase:${doc.id}:due`, `chase:${doc.id}:overdue`]);
    expect(jobs[1].runAt).toBe(chasePoints(deadline, s.ctx.config.tzCompany, (d) => s.ctx.calendar.isWorkingDay(d))[1].runAt.toISOString());
    expect(jobs.every((j) => j.runAt > new Date().toISOString())).toBe(true);
  });

  it('an overdue reminder runs through the job queue: heads and the registrar are told, the trail records it, the overdue list shows it', async () => {
    const deadline = addDays(todayIn(s.ctx.config.tzCompany), -3);
    const doc = await inHandling('关于清理往来账款的通知', deadline);
    // Past points are dropped except the overdue one, which goes out at once.
    expect((await scheduled(doc.id)).map((j) => j.key)).toEqual([`chase:${doc.id}:overdue`]);
    const told = await eventually(() => notices('qianwei', doc.id, 'incoming.chase.overdue'), (n) => n.length > 0);
    expect(told).toHaveLength(1);
    expect(told[0].title).toContain('已超过办理期限');
    expect(await notices('wangfang', doc.id, 'incoming.chase.overdue')).toHaveLength(1);
    expect(await notices('xumei', doc.id, 'incoming.chase.overdue')).toHaveLength(0);
    expect((await steps(doc.id)).filter((x) => x.action === 'chase')).toEqual([{ action: 'chase', actor_name: '系统', opinion: null, from_state: 'handling', to_state: 'handling' }]);

    const list = await (await as('wangfang')).get('/api/v1/incoming/overdue');
    expect(list.status, list.text).toBe(200);
    const row = list.body.items.find((d: any) => d.id === doc.id);
    expect(row).toMatchObject({ deadline, daysOverdue: 3, state: 'handling' });
    // The list is filtered by reading scope: a clerk outside it does not see the secret document.
    const clerk = await (await as('zhaomin')).get('/api/v1/incoming/overdue');
    expect(clerk.status).toBe(200);
    expect(clerk.body.items.some((d: any) => d.id === doc.id)).toBe(false);
    expect((await (await as('qianwei')).get('/api/v1/incoming/overdue')).status).toBe(403);
  });

  it('a reminder finding the document completed does nothing; a future deadline is not overdue', async () => {
    const doc = await inHandling('关于核对固定资产的通知', addDays(todayIn(s.ctx.config.tzCompany), 5));
    expect((await (await as('wangfang')).get('/api/v1/incoming/overdue')).body.items.some((d: any) => d.id === doc.id)).toBe(false);
    const service = new ChaseService(s.ctx);
    // While in handling the handler reminds …
    await db().transaction().execute((trx) => service.remind(trx, doc.id, 'before'));
    expect(await notices('qianwei', doc.id, 'incoming.chase.before')).toHaveLength(1);
    const done = await act('qianwei', doc, 'report_result', { result: '已核对完毕' });
    expect(done.state).toBe('completed');
    const before = (await steps(doc.id)).length;
    await db().transaction().execute((trx) => service.remind(trx, doc.id, 'due'));
    await db().transaction().execute((trx) => service.remind(trx, doc.id, 'overdue'));
    expect(await notices('qianwei', doc.id, 'incoming.chase.due')).toHaveLength(0);
    expect(await notices('wangfang', doc.id, 'incoming.chase.overdue')).toHaveLength(0);
    expect((await steps(doc.id)).length).toBe(before);
  });

  it('chases by hand with a note on the trail, without changing the state; refusals write nothing', async () => {
    const doc = await inHandling('关于规范费用报销的通知', addDays(todayIn(s.ctx.config.tzCompany), 10));
    const r = await (await as('wangfang')).post(`/api/v1/incoming/${doc.id}/chase`, { note: '请于本周内反馈办理结果' });
    expect(r.status, r.text).toBe(200);
    const trail = (await (await as('wangfang')).get(`/api/v1/incoming/${doc.id}`)).body;
    expect(trail.state).toBe('handling');
    expect(trail.trail.at(-1)).toMatchObject({ action: 'chase', fromState: 'handling', toState: 'handling', actorName: '王芳', opinion: '请于本周内反馈办理结果' });
    expect((await notices('qianwei', doc.id, 'incoming.chase.manual')).map((n) => n.body)).toEqual(['请于本周内反馈办理结果']);

    const count = (await steps(doc.id)).length;
    expect((await (await as('qianwei')).post(`/api/v1/incoming/${doc.id}/chase`, { note: 'x' })).status).toBe(403);
    // Outside the reading scope: 404, as for a missing document.
    expect((await (await as('zhaomin')).post(`/api/v1/incoming/${doc.id}/chase`, { note: 'x' })).status).toBe(404);
    expect((await (await as('wangfang')).post(`/api/v1/incoming/${doc.id}/chase`, {})).status).toBe(400);
    await act('qianwei', trail, 'report_result', { result: '已办结' });
    expect((await (await as('wangfang')).post(`/api/v1/incoming/${doc.id}/chase`, { note: 'x' })).status).toBe(409);
    expect((await steps(doc.id)).length).toBe(count + 1);
  });
});
