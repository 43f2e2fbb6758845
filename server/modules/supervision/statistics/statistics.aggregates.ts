// The per-day aggregates the board's counts and the unit figures read (migration T0012): triggers
// keep them inside every transaction that changes an item or a chase; this computes them from the
// items alone — to (re)build them when the company's day is not yet, or differently, written down
// for the triggers, and for the tests that hold the triggers to it.
import { sql, type Kysely } from 'kysely';
import { CLOSED_STATES, DONE_STATES } from '../../../../common/workflow/supervision.workflow.js';
import type { Dialect } from '../../../platform/db/database.js';
import type { DB } from '../../../platform/db/schema.js';
import { nowIso } from '../../../platform/ids.js';
import { dateSql, offsetMinutes } from './dialect-sql.js';

/** What the triggers read to find the company's day: a zone name (PostgreSQL) or a shift (SQLite). */
export const STATS_DAY_KEY = 'supervision.stats_day';
/** Serialises rebuilds of instances starting together (PostgreSQL). */
const REBUILD_LOCK = 7242112;

export function statsDayValue(dialect: Dialect, tz: string): string {
  if (dialect === 'postgres') return tz;
  const m = offsetMinutes(tz);
  return `${m >= 0 ? '+' : ''}${m} minutes`;
}

export interface BoardDayRow {
  status: string;
  deadline: string;
  classification: number;
  n: number;
}

export interface UnitDayRow {
  day: string;
  department_id: string;
  classification: number;
  items: number;
  completed: number;
  on_time: number;
  late_done: number;
  late_done_days: number;
  open_items: number;
  open_day_sum: number;
  chases: number;
}

export type UnitMonthRow = Omit<UnitDayRow, 'day'> & { month: string };

const SUMS = ['items', 'completed', 'on_time', 'late_done', 'late_done_days', 'open_items', 'open_day_sum', 'chases'] as const;

/** Days from 2000-01-01 to a YYYY-MM-DD day (what open_day_sum adds up). */
export const dayNumber = (day: string) => Math.round((Date.parse(`${day}T00:00:00Z`) - Date.UTC(2000, 0, 1)) / 86_400_000);

const DONE = [...DONE_STATES];
const CLOSED = [...CLOSED_STATES];
const col = (name: string) => sql.ref(name);

/** Both aggregates computed from the items and chases, rows with nothing in them left out. */
export async function aggregatesFromItems(exec: Kysely<DB>, dialect: Dialect, tz: string): Promise<{ board: BoardDayRow[]; units: UnitDayRow[]; months: UnitMonthRow[] }> {
  const d = dateSql(dialect, tz);
  const done = sql`${col('i.state')} in (${sql.join(DONE)}) and ${col('i.completed_at')} is not null`;
  const completedDay = d.localDate(col('i.completed_at'));
  const od = col('i.original_deadline');
  const status = sql<string>`case when ${col('i.state')} in (${sql.join(DONE)}) then (case when ${col('i.completed_at')} is not null and ${completedDay} > ${col('i.deadline')} then 'completed_late' else 'completed_on_time' end) else 'open' end`;
  const board = await exec
    .selectFrom(exec.selectFrom('supervision_items as i').where('i.state', 'not in', CLOSED).select([status.as('status'), 'i.deadline', 'i.classification']).as('b'))
    .select(['b.status', 'b.deadline', 'b.classification', sql<number>`count(*)`.as('n')])
    .groupBy(['b.status', 'b.deadline', 'b.classification'])
    .execute();
  const items = await exec
    .selectFrom('supervision_items as i')
    .where('i.lead_department_id', 'is not', null)
    .select([
      'i.original_deadline as day',
      'i.lead_department_id as department_id',
      'i.classification',
      sql<number>`count(*)`.as('items'),
      sql<number>`sum(case when ${done} then 1 else 0 end)`.as('completed'),
      sql<number>`sum(case when ${done} and ${completedDay} <= ${od} then 1 else 0 end)`.as('on_time'),
      sql<number>`sum(case when ${done} and ${completedDay} > ${od} then 1 else 0 end)`.as('late_done'),
      sql<number>`sum(case when ${done} and ${completedDay} > ${od} then ${d.daysBetween(od, completedDay)} else 0 end)`.as('late_done_days'),
      sql<number>`sum(case when ${done} then 0 else 1 end)`.as('open_items'),
    ])
    .groupBy(['i.original_deadline', 'i.lead_department_id', 'i.classification'])
    .execute();
  const chaseDay = d.localDate(col('c.at'));
  const chases = await exec
    .selectFrom(
      exec
        .selectFrom('supervision_chases as c')
        .innerJoin('supervision_items as i', 'i.id', 'c.item_id')
        .where('i.lead_department_id', 'is not', null)
        .select([chaseDay.as('day'), 'i.lead_department_id as department_id', 'i.classification'])
        .as('x'),
    )
    .select(['x.day', 'x.department_id', 'x.classification', sql<number>`count(*)`.as('n')])
    .groupBy(['x.day', 'x.department_id', 'x.classification'])
    .execute();
  const units = new Map<string, UnitDayRow>();
  const key = (day: string, dept: string, level: number) => `${day}|${dept}|${level}`;
  for (const r of items) {
    const open = Number(r.open_items);
    units.set(key(r.day, r.department_id!, r.classification), { day: r.day, department_id: r.department_id!, classification: Number(r.classification), items: Number(r.items), completed: Number(r.completed), on_time: Number(r.on_time), late_done: Number(r.late_done), late_done_days: Number(r.late_done_days), open_items: open, open_day_sum: open * dayNumber(r.day), chases: 0 });
  }
  for (const r of chases) {
    const k = key(r.day as string, r.department_id as string, Number(r.classification));
    const row = units.get(k) ?? { day: r.day as string, department_id: r.department_id as string, classification: Number(r.classification), items: 0, completed: 0, on_time: 0, late_done: 0, late_done_days: 0, open_items: 0, open_day_sum: 0, chases: 0 };
    row.chases += Number(r.n);
    units.set(k, row);
  }
  const months = new Map<string, UnitMonthRow>();
  for (const u of units.values()) {
    const k = key(u.day.slice(0, 7), u.department_id, u.classification);
    const m = months.get(k) ?? { month: u.day.slice(0, 7), department_id: u.department_id, classification: u.classification, items: 0, completed: 0, on_time: 0, late_done: 0, late_done_days: 0, open_items: 0, open_day_sum: 0, chases: 0 };
    for (const c of SUMS) m[c] += u[c];
    months.set(k, m);
  }
  return { board: board.map((r) => ({ status: r.status, deadline: r.deadline, classification: Number(r.classification), n: Number(r.n) })), units: [...units.values()], months: [...months.values()] };
}

/** The aggregate tables as they stand, rows with nothing in them left out (what aggregatesFromItems gives). */
export async function storedAggregates(exec: Kysely<DB>): Promise<{ board: BoardDayRow[]; units: UnitDayRow[]; months: UnitMonthRow[] }> {
  const board = await exec.selectFrom('supervision_board_days').selectAll().where('n', '!=', 0).execute();
  const units = await exec.selectFrom('supervision_unit_days').selectAll().where((eb) => eb.or(SUMS.map((c) => eb(c, '!=', 0)))).execute();
  const months = await exec.selectFrom('supervision_unit_months').selectAll().where((eb) => eb.or(SUMS.map((c) => eb(c, '!=', 0)))).execute();
  const numbers = <T extends Record<(typeof SUMS)[number], unknown>>(r: T) => Object.fromEntries(SUMS.map((c) => [c, Number(r[c])])) as Record<(typeof SUMS)[number], number>;
  return {
    board: board.map((r) => ({ status: r.status, deadline: r.deadline, classification: Number(r.classification), n: Number(r.n) })),
    units: units.map((r) => ({ day: r.day, department_id: r.department_id, classification: Number(r.classification), ...numbers(r) })),
    months: months.map((r) => ({ month: r.month, department_id: r.department_id, classification: Number(r.classification), ...numbers(r) })),
  };
}

/**
 * Writes down the company's day for the triggers and rebuilds both aggregates from the items when
 * it was missing or differed (a database from before T0012, a changed TZ_COMPANY). Cheap when it
 * matches: one settings read. Returns whether it rebuilt.
 */
export async function ensureStatisticsAggregates(db: Kysely<DB>, dialect: Dialect, tz: string): Promise<boolean> {
  const want = statsDayValue(dialect, tz);
  const current = await db.selectFrom('settings').select('value').where('key', '=', STATS_DAY_KEY).executeTakeFirst();
  if (current?.value === want) return false;
  return db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${REBUILD_LOCK})`.execute(trx);
    const again = await trx.selectFrom('settings').select('value').where('key', '=', STATS_DAY_KEY).executeTakeFirst();
    if (again?.value === want) return false;
    await trx.insertInto('settings').values({ key: STATS_DAY_KEY, value: want, updated_at: nowIso() }).onConflict((oc) => oc.column('key').doUpdateSet({ value: want, updated_at: nowIso() })).execute();
    const { board, units, months } = await aggregatesFromItems(trx, dialect, tz);
    await trx.deleteFrom('supervision_board_days').execute();
    await trx.deleteFrom('supervision_unit_days').execute();
    await trx.deleteFrom('supervision_unit_months').execute();
    for (let k = 0; k < months.length; k += 1000) await trx.insertInto('supervision_unit_months').values(months.slice(k, k + 1000)).execute();
    for (let k = 0; k < board.length; k += 1000) await trx.insertInto('supervision_board_days').values(board.slice(k, k + 1000)).execute();
    for (let k = 0; k < units.length; k += 1000) await trx.insertInto('supervision_unit_days').values(units.slice(k, k + 1000)).execute();
    return true;
  });
}
