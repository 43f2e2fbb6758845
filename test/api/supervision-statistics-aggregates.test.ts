// The per-day aggregates behind the board's counts and the unit figures (migration T0012), on both
// databases: after items are created, handled, completed on time and late, extended, reopened,
// moved to another unit and level, chased and a chase deleted — through the API and by plain SQL,
// since the triggers keep them whatever writes — the stored aggregates equal a computation from the
// items alone; and what the board and the unit figures answer from them equals what counting item
// by item answers.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSED_STATES } from '../../common/workflow/supervision.workflow.js';
import { customPeriod, periodOf } from '../../server/modules/supervision/statistics/index.js';
import { SupervisionStatistics, BOARD_STATUSES } from '../../server/modules/supervision/statistics/statistics.service.js';
import { splitPeriod } from '../../server/modules/supervision/statistics/statistics.service.js';
import { aggregatesFromItems, ensureStatisticsAggregates, STATS_DAY_KEY, storedAggregates } from '../../server/modules/supervision/statistics/statistics.aggregates.js';
import { SupervisionService } from '../../server/modules/supervision/index.js';
import { itemReadable } from '../../server/modules/supervision/supervision.access.js';
import { systemActor } from '../../server/platform/access/actor.js';
import { addDays, todayIn } from '../../server/platform/calendar/work-calendar.js';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type Client, type TestServer } from '../helpers/server.js';
import { actOk, ids, type Ids } from './supervision-helpers.js';

describe('splitting a period into months and days', () => {
  it('reads whole months from the monthly rows, the edges and the month of asOf day by day', () => {
    expect(splitPeriod({ from: '2026-01-01', to: '2026-12-31' }, '2026-11-27')).toEqual({ months: ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-12'], days: [{ from: '2026-11-01', to: '2026-11-30' }] });
    expect(splitPeriod({ from: '2026-10-15', to: '2027-01-10' }, '2026-11-27')).toEqual({ months: ['2026-12'], days: [{ from: '2026-10-15', to: '2026-11-30' }, { from: '2027-01-01', to: '2027-01-10' }] });
    expect(splitPeriod({ from: '2026-11-23', to: '2026-11-29' }, '2026-11-27')).toEqual({ months: [], days: [{ from: '2026-11-23', to: '2026-11-29' }] });
    expect(splitPeriod({ from: '2024-02-01', to: '2024-02-29' }, '2026-11-27')).toEqual({ months: ['2024-02'], days: [] });
  });
});

describe.each(DIALECTS)('supervision statistics aggregates on %s', (dialect) => {
  let s: TestServer;
  let k: Ids;
  let today: string;
  let secretary: Client;
  let stats: SupervisionStatistics;

  async function make(dept: string, deadline: string, over: Record<string, unknown> = {}) {
    const service = new SupervisionService(s.ctx);
    const { id } = await s.ctx.database.db.transaction().execute((trx) =>
      service.createItem(trx, systemActor(), { source: { type: 'investigation' }, category: 'special', title: '聚合核对事项', assignedById: k.person.liming, leadDepartmentId: dept, deadline, ...over }),
    );
    for (const a of ['open', 'register', 'transfer']) await actOk(secretary, id, a);
    return id;
  }

  async function complete(head: Client, id: string) {
    await actOk(head, id, 'accept');
    await actOk(head, id, 'submit_result', { result: '已完成' });
    await actOk(secretary, id, 'check_pass');
  }

  const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r, Object.keys(r as object).sort())).sort();
  async function expectAggregatesExact() {
    const db = s.ctx.database.db;
    const stored = await storedAggregates(db);
    const fresh = await aggregatesFromItems(db, s.ctx.database.dialect, s.config.tzCompany);
    expect(sorted(stored.board)).toEqual(sorted(fresh.board));
    expect(sorted(stored.units)).toEqual(sorted(fresh.units));
    expect(sorted(stored.months)).toEqual(sorted(fresh.months));
    // Each participant row says whether its item is open (T0013), which the boards start from.
    const flags = await db.selectFrom('supervision_participants as sp').innerJoin('supervision_items as i', 'i.id', 'sp.item_id').select(['sp.item_id', 'sp.open', 'i.state']).execute();
    expect(flags.filter((f) => Number(f.open) !== (CLOSED_STATES.has(f.state) ? 0 : 1))).toEqual([]);
    // The scope subjects of open classified items (T0014), which the office's board counts from.
    const copied = await db.selectFrom('supervision_open_scopes').select(['subject_kind', 'subject_id', 'item_id']).execute();
    const scopes = await db
      .selectFrom('reading_scopes as rs')
      .innerJoin('supervision_items as i', 'i.id', 'rs.record_id')
      .where('rs.record_type', '=', 'supervision_item')
      .select(['rs.subject_kind', 'rs.subject_id', 'rs.record_id as item_id', 'i.state', 'i.classification'])
      .execute();
    const expected = [...new Set(scopes.filter((r) => r.classification >= 2 && !CLOSED_STATES.has(r.state)).map((r) => JSON.stringify([r.subject_kind, r.subject_id, r.item_id])))];
    expect(copied.map((r) => JSON.stringify([r.subject_kind, r.subject_id, r.item_id])).sort()).toEqual(expected.sort());
    return fresh;
  }

  beforeAll(async () => {
    s = await startServer({ dialect, background: false });
    k = await ids(s);
    today = todayIn(s.config.tzCompany);
    secretary = await s.login('wangfang');
    stats = new SupervisionStatistics(s.ctx);
  });
  afterAll(async () => s?.close());

  it('keeps the aggregates equal to a computation from the items through every kind of change', async () => {
    const [jsb, scz, vice] = await Promise.all([s.login('jianghua'), s.login('tiangang'), s.login('liming')]);
    const a = await make(k.dept.JSB, addDays(today, -10)); // done late
    const b = await make(k.dept.JSB, addDays(today, 5)); // done on time, then closed
    const c = await make(k.dept.JSB, addDays(today, -40), { classification: 1 }); // open, long overdue
    const d = await make(k.dept.SCZ, addDays(today, 20)); // extended, then moved and raised to 秘密
    const e = await make(k.dept.SCZ, addDays(today, -3)); // done late, reopened
    const f = await make(k.dept.SCZ, addDays(today, 70), { classification: 2, scope: [{ kind: 'person', id: k.person.wangfang }] }); // classified, next quarter
    expect((await secretary.post(`/api/v1/supervision/items/${a}/chases`, { note: '请抓紧' })).status).toBe(201);
    await complete(jsb, a);
    await complete(jsb, b);
    await actOk(secretary, b, 'report_completion', { report: '已按期完成' });
    await actOk(vice, b, 'review_close', {}, '同意');
    await complete(scz, e);
    await actOk(secretary, e, 'report_completion', { report: '已完成' });
    await actOk(vice, e, 'review_reopen', { reasons: '未达要求' }, '重办');
    await actOk(scz, d, 'accept');
    const ext = await scz.post(`/api/v1/supervision/items/${d}/extensions`, { deadline: addDays(today, 35), reason: '需协调外部单位' });
    expect(ext.status, ext.text).toBe(201);
    const { version } = await s.ctx.database.db.selectFrom('supervision_items').select('version').where('id', '=', d).executeTakeFirstOrThrow();
    const eid = ext.body.extensions.at(-1).id;
    const decided = await vice.post(`/api/v1/supervision/items/${d}/extensions/${eid}/decision`, { approve: true, version });
    expect(decided.status, decided.text).toBe(200);
    for (const id of [c, d, d, e]) expect((await secretary.post(`/api/v1/supervision/items/${id}/chases`, { note: '请抓紧' })).status).toBe(201);
    await actOk(jsb, c, 'accept');
    let fresh = await expectAggregatesExact();
    expect(fresh.board.reduce((n, r) => n + r.n, 0)).toBe(5); // b closed
    expect(fresh.units.reduce((n, r) => n + r.chases, 0)).toBe(5);

    // Any writer: a plain UPDATE moving an item (and its chases) to another unit and level, another
    // changing only what the aggregates do not read, and a deleted chase.
    const db = s.ctx.database.db;
    await db.updateTable('supervision_items').set({ lead_department_id: k.dept.JSB, classification: 2 }).where('id', '=', d).execute();
    await db.updateTable('supervision_items').set({ progress: 40 }).where('id', '=', c).execute();
    const chase = await db.selectFrom('supervision_chases').select('id').where('item_id', '=', a).executeTakeFirstOrThrow();
    await db.deleteFrom('supervision_chases').where('id', '=', chase.id).execute();
    // A reader added to the closed item b, then b put back to completed and closed again, by plain SQL.
    await db.insertInto('supervision_participants').values({ item_id: b, relation: 'reader', subject_kind: 'person', subject_id: k.person.zhangjianguo, created_at: new Date().toISOString() }).execute();
    expect((await db.selectFrom('supervision_participants').select('open').where('item_id', '=', b).where('relation', '=', 'reader').executeTakeFirstOrThrow()).open).toBe(0);
    await db.updateTable('supervision_items').set({ state: 'completed' }).where('id', '=', b).execute();
    await expectAggregatesExact();
    await db.updateTable('supervision_items').set({ state: 'closed' }).where('id', '=', b).execute();
    fresh = await expectAggregatesExact();
    expect(fresh.units.filter((r) => r.department_id === k.dept.JSB).reduce((n, r) => n + r.chases, 0)).toBe(3);
    // Reading scopes by plain SQL: named twice (two sources) on d, now 秘密 and open; one source
    // removed, then d closed, reopened, lowered to 内部 and raised again; f's scope changed in place.
    const scope = (id: string, source: string, person: string) => ({ record_type: 'supervision_item', record_id: id, subject_kind: 'person' as const, subject_id: person, source, created_at: new Date().toISOString() });
    await db.insertInto('reading_scopes').values([scope(d, 'named', k.person.zhangjianguo), scope(d, 'workflow', k.person.zhangjianguo), scope(d, 'named', k.person.wangfang)]).execute();
    await expectAggregatesExact();
    await db.deleteFrom('reading_scopes').where('record_id', '=', d).where('source', '=', 'named').where('subject_id', '=', k.person.zhangjianguo).execute();
    await expectAggregatesExact();
    expect(await db.selectFrom('supervision_open_scopes').select('subject_id').where('item_id', '=', d).orderBy('subject_id').execute()).toHaveLength(2);
    await db.updateTable('supervision_items').set({ state: 'closed' }).where('id', '=', d).execute();
    await expectAggregatesExact();
    await db.updateTable('supervision_items').set({ state: 'handling' }).where('id', '=', d).execute();
    await expectAggregatesExact();
    await db.updateTable('supervision_items').set({ classification: 1 }).where('id', '=', d).execute();
    await expectAggregatesExact();
    await db.updateTable('supervision_items').set({ classification: 3 }).where('id', '=', d).execute();
    await expectAggregatesExact();
    const named = (person: string) => db.selectFrom('supervision_open_scopes').select('item_id').where('item_id', '=', f).where('subject_id', '=', person).execute();
    expect(await named(k.person.zhaomin)).toHaveLength(0);
    await db.updateTable('reading_scopes').set({ subject_id: k.person.zhaomin }).where('record_id', '=', f).where('source', '=', 'named').execute();
    await expectAggregatesExact();
    expect(await named(k.person.zhaomin)).toHaveLength(1);
    await db.updateTable('reading_scopes').set({ subject_id: k.person.wangfang }).where('record_id', '=', f).where('source', '=', 'named').execute();
    fresh = await expectAggregatesExact();
  });

  it('answers the board and the unit figures from the aggregates as counting item by item does', async () => {
    // The office (王芳, scoped for the 秘密 item f) and the company's figures, several periods.
    const office = await officeActor();
    for (const period of [periodOf('week', today), periodOf('month', today), periodOf('quarter', today), periodOf('year', today), customPeriod(addDays(today, -45), addDays(today, 80))]) {
      expect(await stats.unitFigures(period, { actor: office })).toEqual(await stats.unitFigures(period, { actor: office, fromItems: true }));
      expect(await stats.unitFigures(period)).toEqual(await stats.unitFigures(period, { fromItems: true }));
    }
    // The whole board (aggregate counts, page off the index) against the same items counted by
    // source, a filter that takes the general query; pages keep the board's order.
    const whole = await stats.board(office, { limit: 50, offset: 0 });
    const general = await stats.board(office, { source: 'investigation', limit: 50, offset: 0 });
    expect(whole.counts).toEqual(general.counts);
    expect(whole.total).toBe(general.total);
    const notDone = general.rows.filter((r) => ['overdue', 'due_soon', 'on_track'].includes(r.board_status)).map((r) => r.id);
    expect(whole.rows.map((r) => r.id).slice(0, notDone.length)).toEqual(notDone);
    const page = await stats.board(office, { limit: 2, offset: 1 });
    expect(page.rows.map((r) => r.id)).toEqual(general.rows.slice(1, 3).map((r) => r.id));
    expect(Object.keys(whole.counts)).toEqual([...BOARD_STATUSES]);
    // One unit's board (from the participants' open flag) counts the unit's not-closed items, lead or co.
    for (const dept of [k.dept.JSB, k.dept.SCZ]) {
      const unit = await stats.board(office, { departmentId: dept, limit: 50, offset: 0 });
      const open = await s.ctx.database.db
        .selectFrom('supervision_units as u')
        .innerJoin('supervision_items as i', 'i.id', 'u.item_id')
        .where('u.department_id', '=', dept)
        .where('i.state', 'not in', [...CLOSED_STATES])
        .where(await itemReadable(s.ctx.database.db, office))
        .select('i.id')
        .execute();
      expect(open.length).toBeGreaterThan(0);
      expect(unit.rows.map((r) => r.id).sort()).toEqual(open.map((r) => r.id).sort());
      expect(unit.total).toBe(open.length);
    }
  });

  /**
   * Two transactions at once (PostgreSQL; SQLite has one writer): A runs `first` and holds its
   * transaction open while B starts `second` (which may wait for A's locks); then A commits, then B.
   */
  async function interleaved(first: [string, unknown[]], second: [string, unknown[]]) {
    const pool = s.ctx.database.pgPool!;
    const [a, b] = [await pool.connect(), await pool.connect()];
    try {
      await a.query('begin');
      await a.query(...first);
      await b.query('begin');
      const done = b.query(...second).then(() => b.query('commit'));
      await new Promise((r) => setTimeout(r, 200));
      await a.query('commit');
      await done;
    } finally {
      a.release();
      b.release();
    }
  }
  const reopen = (item: string): [string, unknown[]] => [`update supervision_items set state = 'handling' where id = $1`, [item]];

  if (dialect === 'postgres') it('keeps the open classified scope copy whole under concurrent scope and item changes', async () => {
    const item = await make(k.dept.JSB, addDays(today, 30), { classification: 2, scope: [{ kind: 'person', id: k.person.wangfang }] });
    const db = s.ctx.database.db;
    await db.updateTable('supervision_items').set({ state: 'closed' }).where('id', '=', item).execute();
    const copy = async () => (await db.selectFrom('supervision_open_scopes').select('subject_id').where('item_id', '=', item).execute()).map((r) => r.subject_id).sort();
    const scoped = async () => [...new Set((await db.selectFrom('reading_scopes').select('subject_id').where('record_id', '=', item).execute()).map((r) => r.subject_id))].sort();
    const addScope = (subject: string, source: string): [string, unknown[]] => [
      'insert into reading_scopes (record_type, record_id, subject_kind, subject_id, source, created_at) values ($1, $2, $3, $4, $5, $6)',
      ['supervision_item', item, 'person', subject, source, new Date().toISOString()],
    ];
    // A reopens the item; B adds a reader before A commits.
    await interleaved(reopen(item), addScope(k.person.zhaomin, 'named'));
    expect(await copy()).toContain(k.person.zhaomin);
    expect(await copy()).toEqual(await scoped());
    // A removes zhaomin's 'named' row; B adds a 'workflow' row for zhaomin before A commits.
    await interleaved([`delete from reading_scopes where record_id = $1 and subject_id = $2 and source = 'named'`, [item, k.person.zhaomin]], addScope(k.person.zhaomin, 'workflow'));
    expect(await copy()).toContain(k.person.zhaomin);
    expect(await copy()).toEqual(await scoped());
    await expectAggregatesExact();
  });

  if (dialect === 'postgres') it('keeps a participant row open when it is added while its item is being reopened', async () => {
    const item = await make(k.dept.SCZ, addDays(today, 30));
    const db = s.ctx.database.db;
    await db.updateTable('supervision_items').set({ state: 'closed' }).where('id', '=', item).execute();
    await interleaved(reopen(item), ['insert into supervision_participants (item_id, relation, subject_kind, subject_id, created_at) values ($1, $2, $3, $4, $5)', [item, 'reader', 'person', k.person.zhaomin, new Date().toISOString()]]);
    const row = await db.selectFrom('supervision_participants').select('open').where('item_id', '=', item).where('subject_id', '=', k.person.zhaomin).executeTakeFirstOrThrow();
    expect(row.open).toBe(1);
    await expectAggregatesExact();
  });

  it('rebuilds the aggregates when the company day the triggers read is missing', async () => {
    const db = s.ctx.database.db;
    await db.deleteFrom('settings').where('key', '=', STATS_DAY_KEY).execute();
    await sql`delete from supervision_unit_days`.execute(db);
    expect(await ensureStatisticsAggregates(db, s.ctx.database.dialect, s.config.tzCompany)).toBe(true);
    expect(await ensureStatisticsAggregates(db, s.ctx.database.dialect, s.config.tzCompany)).toBe(false);
    await expectAggregatesExact();
  });

  async function officeActor() {
    const p = await s.ctx.database.db.selectFrom('people').select(['id', 'name', 'username', 'clearance', 'department_id']).where('username', '=', 'wangfang').executeTakeFirstOrThrow();
    const { capabilitiesOf } = await import('../../common/roles.js');
    const roles = (await s.ctx.database.db.selectFrom('person_roles').select('role').where('person_id', '=', p.id).execute()).map((r) => r.role);
    return { id: p.id, name: p.name, username: p.username, roles, capabilities: capabilitiesOf(roles), clearance: p.clearance, departmentId: p.department_id, ip: '', via: 'session' as const };
  }
});
