// 催办 reminders with an injected clock across the 2026 National Day holiday (10-01 to 10-07 off,
// Saturday 10-10 a 调休 working day): each point fires on its day, once, to the right people,
// escalating from the unit to the assigning leader; never for a closed item; a second scanner (as
// after a restart) fires nothing again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_REMINDER_POINTS, SupervisionReminders, SupervisionService } from '../../server/modules/supervision/index.js';
import { duePoint, lastDeadlineDue, pointDate } from '../../server/modules/supervision/supervision.reminders.js';
import { systemActor } from '../../server/platform/access/actor.js';
import { addDays, todayIn } from '../../server/platform/calendar/work-calendar.js';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { actOk, ids, type Ids } from './supervision-helpers.js';

/** 09:30 in the company's time zone (UTC+8) on `date`. */
const at = (date: string) => new Date(`${date}T01:30:00Z`);

describe('reminder points on the holiday calendar', () => {
  it('counts working days around a holiday with 调休', async () => {
    const s = await startServer({ demo: false, background: false });
    try {
      const cal = s.ctx.calendar;
      // Two working days before Friday 10-09: Thursday 10-08, then back over the holiday to 09-30.
      expect(pointDate('2026-10-09', -2, cal)).toBe('2026-09-30');
      expect(pointDate('2026-10-09', 0, cal)).toBe('2026-10-09');
      expect(pointDate('2026-10-09', 1, cal)).toBe('2026-10-10'); // Saturday, a 调休 working day
      expect(pointDate('2026-10-09', 3, cal)).toBe('2026-10-13');
      expect(duePoint('2026-10-09', DEFAULT_REMINDER_POINTS, '2026-09-29', cal)).toBeNull();
      expect(duePoint('2026-10-09', DEFAULT_REMINDER_POINTS, '2026-10-05', cal)?.key).toBe('before');
      expect(duePoint('2026-10-09', DEFAULT_REMINDER_POINTS, '2026-10-11', cal)?.key).toBe('overdue');
    } finally {
      await s.close();
    }
  });

  it('the scan\'s last deadline due per point agrees with pointDate for every deadline, across the National Day holiday and its 调休', async () => {
    const s = await startServer({ demo: false, background: false });
    try {
      const cal = s.ctx.calendar;
      // Every day from mid-September to late October as "today", offsets from -10 to +10 working days.
      for (let today = '2026-09-15'; today <= '2026-10-25'; today = addDays(today, 1)) {
        for (let w = -10; w <= 10; w++) {
          const last = lastDeadlineDue(w, today, cal);
          expect(last, `${today} ${w}`).not.toBeNull();
          for (let d = addDays(today, -40); d <= addDays(today, 40); d = addDays(d, 1)) {
            if ((pointDate(d, w, cal) <= today) !== (d <= last!)) expect.fail(`today ${today}, ${w} working days, deadline ${d}: pointDate ${pointDate(d, w, cal)}, last due ${last}`);
          }
        }
      }
    } finally {
      await s.close();
    }
  });
});

describe.each(DIALECTS)('supervision reminders on %s', (dialect) => {
  let s: TestServer;
  let k: Ids;
  let reminders: SupervisionReminders;

  beforeAll(async () => {
    // No background loops: the clock of every scan is the test's.
    s = await startServer({ dialect, background: false });
    k = await ids(s);
    reminders = new SupervisionReminders(s.ctx, new SupervisionService(s.ctx));
  });
  afterAll(async () => s?.close());

  const scan = (r: SupervisionReminders, date: string) => s.ctx.database.db.transaction().execute((trx) => r.scan(trx, at(date)));

  /** An item with a deadline already past in real time (as an event may bring), taken to the unit. */
  async function itemDue(deadline: string, title: string) {
    const service = new SupervisionService(s.ctx);
    const { id } = await s.ctx.database.db.transaction().execute((trx) =>
      service.createItem(trx, systemActor(), { source: { type: 'other' }, category: 'document', title, assignedById: k.person.liming, leadDepartmentId: k.dept.CWB, deadline }),
    );
    const secretary = await s.login('wangfang');
    for (const a of ['open', 'register', 'transfer']) await actOk(secretary, id, a);
    return id;
  }

  const chasesOf = (id: string) => s.ctx.database.db.selectFrom('supervision_chases').selectAll().where('item_id', '=', id).where('kind', '=', 'automatic').orderBy('id').execute();
  const told = async (id: string, kind: string) =>
    (await s.ctx.database.db.selectFrom('notifications as n').innerJoin('people as p', 'p.id', 'n.person_id').select('p.username').where('n.record_id', '=', id).where('n.kind', '=', kind).execute()).map((r) => r.username).sort();

  it('fires each point on its day, once, escalating from the unit head to the assigning leader', async () => {
    const id = await itemDue('2026-10-09', '国庆前后到期的督办事项');
    const fired: [string, number][] = [];
    for (const date of ['2026-09-29', '2026-09-30', '2026-09-30', '2026-10-05', '2026-10-08', '2026-10-09', '2026-10-10', '2026-10-11', '2026-10-12', '2026-10-13', '2026-10-20']) {
      fired.push([date, await scan(reminders, date)]);
    }
    expect(fired).toEqual([
      ['2026-09-29', 0],
      ['2026-09-30', 1], // two working days before, across the holiday
      ['2026-09-30', 0], // the same point never twice
      ['2026-10-05', 0],
      ['2026-10-08', 0],
      ['2026-10-09', 1], // on the day
      ['2026-10-10', 1], // the 调休 Saturday is the first working day after
      ['2026-10-11', 0],
      ['2026-10-12', 0],
      ['2026-10-13', 1], // three working days after: the leader
      ['2026-10-20', 0],
    ]);
    expect((await chasesOf(id)).map((c) => c.point)).toEqual(['before', 'due', 'overdue', 'escalated']);
    expect(await told(id, 'supervision.chase.before')).toEqual(['qianwei']);
    expect(await told(id, 'supervision.chase.overdue')).toEqual(['qianwei']);
    expect(await told(id, 'supervision.chase.escalated')).toEqual(['liming', 'qianwei']);
    // A second scanner, as after a restart, finds every point already fired.
    const afterRestart = new SupervisionReminders(s.ctx, new SupervisionService(s.ctx));
    for (const date of ['2026-09-30', '2026-10-09', '2026-10-10', '2026-10-13']) expect(await scan(afterRestart, date)).toBe(0);
  });

  it('after a pause fires only the latest point due, and never for a closed item', async () => {
    const late = await itemDue('2026-10-09', '停机后补发的催办');
    const closed = await itemDue('2026-10-09', '已办结的事项');
    const [finance, secretary, vice] = await Promise.all(['qianwei', 'wangfang', 'liming'].map((u) => s.login(u)));
    await actOk(finance, closed, 'accept');
    await actOk(finance, closed, 'submit_result', { result: '完成' });
    await actOk(secretary, closed, 'check_pass');
    await actOk(secretary, closed, 'report_completion', { report: '已办结' });
    await actOk(vice, closed, 'review_close', {}, '同意');
    expect(await scan(reminders, '2026-10-12')).toBe(1); // the late one's overdue point; nothing older
    expect((await chasesOf(late)).map((c) => c.point)).toEqual(['overdue']);
    expect(await scan(reminders, '2026-10-30')).toBe(1);
    expect(await chasesOf(closed)).toEqual([]);
  });

  it('keeps the points configurable by the office, refusing a bad set', async () => {
    const secretary = await s.login('wangfang');
    expect((await secretary.get('/api/v1/supervision/settings/reminders')).body.points).toEqual(DEFAULT_REMINDER_POINTS);
    const dup = await secretary.put('/api/v1/supervision/settings/reminders', { points: [{ key: 'due', workingDays: 0, notify: 'handler' }, { key: 'due', workingDays: 1, notify: 'leader' }] });
    expect(dup.status).toBe(400);
    const points = [{ key: 'week_before', workingDays: -5, notify: 'handler' }, { key: 'late', workingDays: 2, notify: 'leader' }];
    expect((await secretary.put('/api/v1/supervision/settings/reminders', { points })).body.points).toEqual(points);
    const id = await itemDue('2026-12-31', '按新节点催办');
    // Five working days before 12-31 (Thursday): 12-24. (The earlier, still open items meet their
    // new 'late' point on these scans too: a new point is a new reminder.)
    await scan(reminders, '2026-12-23');
    expect(await chasesOf(id)).toEqual([]);
    await scan(reminders, '2026-12-24');
    expect((await chasesOf(id)).map((c) => c.point)).toEqual(['week_before']);
    await secretary.put('/api/v1/supervision/settings/reminders', { points: DEFAULT_REMINDER_POINTS });
  });

  it('reminds a unit that has not reported within its category’s rhythm, every missed period, until it reports', async () => {
    const today = todayIn(s.config.tzCompany);
    const id = await itemDue(addDays(today, 60), '按周期报送进展');
    const finance = await s.login('qianwei');
    await actOk(finance, id, 'accept'); // 文件督查: a report every 7 days
    const reportChases = async () => (await chasesOf(id)).filter((c) => c.point === 'report').length;
    const counts: number[] = [];
    for (const d of [6, 7, 8, 13, 14, 20]) {
      await scan(reminders, addDays(today, d));
      counts.push(await reportChases());
    }
    expect(counts).toEqual([0, 1, 1, 1, 2, 2]);
    expect(await told(id, 'supervision.chase.report')).toEqual(['qianwei', 'qianwei']);
    // A report starts the rhythm again: nothing more until seven days after it.
    expect((await finance.post(`/api/v1/supervision/items/${id}/reports`, { text: '进展', percent: 40 })).status).toBe(201);
    await scan(reminders, addDays(today, 6));
    expect(await reportChases()).toBe(2);
    await scan(reminders, addDays(today, 7));
    expect(await reportChases()).toBe(3);
  });

  // The embedded queue's table is read here; pg-boss keeps its own (a skipped test would fail CI).
  if (dialect === 'sqlite') it('keeps one durable scan job per slot, however often it is scheduled', async () => {
    const now = new Date('2026-11-27T03:10:00Z');
    await reminders.scheduleNext(undefined, now);
    await reminders.scheduleNext(undefined, now);
    const jobs = await s.ctx.database.db.selectFrom('jobs').select(['singleton_key', 'run_at']).where('name', '=', 'supervision.reminders').execute();
    expect(jobs.filter((j) => j.singleton_key === 'supervision.reminders:2026-11-27T04:00:00.000Z')).toHaveLength(1);
  });
});
