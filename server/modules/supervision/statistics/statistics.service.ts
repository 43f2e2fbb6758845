// 督查统计: the board of open items coloured by where they stand, and per-unit figures for a period
// (items, on-time completion rate, average days late, chases received). Both are single grouped
// queries with the access policy's filter inside them, so a count never includes an item its reader
// may not see. unitFigures without a reader is the whole company's, for the 考核一览表 (五 5.8).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { CLOSED_STATES, DONE_STATES, supervisionWorkflow } from '../../../../common/workflow/supervision.workflow.js';
import type { Actor } from '../../../platform/access/actor.js';
import type { ReadableFilter } from '../../../platform/access/policy.js';
import { addDays, todayIn } from '../../../platform/calendar/work-calendar.js';
import type { AppContext } from '../../../platform/context.js';
import type { DB, SupervisionItemTable } from '../../../platform/db/schema.js';
import { AppError } from '../../../platform/errors.js';
import { nowIso } from '../../../platform/ids.js';
import { zonedInstant } from '../../documents/incoming/gm-batch.js';
import { itemReadable, seesAllItems } from '../supervision.access.js';
import { dateSql } from './dialect-sql.js';
import type { Period } from './period.js';

/** Worst first: the order of the board and of its legend. */
export const BOARD_STATUSES = ['overdue', 'due_soon', 'on_track', 'completed_late', 'completed_on_time'] as const;
export type BoardStatus = (typeof BOARD_STATUSES)[number];

export const BOARD_STATUS_LABELS: Record<BoardStatus, { zh: string; en: string; color: string }> = {
  overdue: { zh: '已超期', en: 'Overdue', color: 'red' },
  due_soon: { zh: '即将到期', en: 'Due soon', color: 'orange' },
  on_track: { zh: '正常推进', en: 'On track', color: 'blue' },
  completed_late: { zh: '超期完成', en: 'Completed late', color: 'gold' },
  completed_on_time: { zh: '按期完成', en: 'Completed on time', color: 'green' },
};

export const BOARD_SETTINGS_KEY = 'supervision.board';
export const DEFAULT_DUE_SOON_DAYS = 3;

export interface BoardQuery {
  departmentId?: string;
  leaderId?: string;
  source?: string;
  mode?: string;
  category?: string;
  status?: BoardStatus;
  /** Items whose deadline falls in the period. */
  period?: Period;
  /** Working days ahead within which an item counts as due soon (default: the office's setting). */
  dueSoonDays?: number;
  limit: number;
  offset: number;
}

export interface UnitFigure {
  departmentId: string;
  departmentName: string;
  /** Items the unit leads whose original deadline falls in the period. */
  items: number;
  completed: number;
  completedOnTime: number;
  /** completedOnTime / items (an item not completed is not on time); null without items. */
  onTimeRate: number | null;
  /** Items completed after, or still open past, their original deadline. */
  lateItems: number;
  /** Mean days past the original deadline over the late items (to completion, or to the period's end or today). */
  averageDaysLate: number | null;
  /** Chases (manual and automatic) on the unit's items during the period. */
  chasesReceived: number;
}

const DONE = [...DONE_STATES];
/** Every state of either procedure that is not closed: an IN list the (state, deadline) index can serve. */
const OPEN = [...new Set([...Object.keys(supervisionWorkflow('assigned').states), ...Object.keys(supervisionWorkflow('central').states)])].filter((s) => !CLOSED_STATES.has(s));
const col = (name: string) => sql.ref(name);

export class SupervisionStatistics {
  private readonly db: Kysely<DB>;

  constructor(private readonly ctx: AppContext) {
    this.db = ctx.database.db;
  }

  private get dates() {
    return dateSql(this.ctx.database.dialect, this.ctx.config.tzCompany);
  }

  today(now: Date = new Date()) {
    return todayIn(this.ctx.config.tzCompany, now);
  }

  async dueSoonDays(exec: Kysely<DB> = this.db): Promise<number> {
    const row = await exec.selectFrom('settings').select('value').where('key', '=', BOARD_SETTINGS_KEY).executeTakeFirst();
    const n = row ? Number((JSON.parse(row.value) as { dueSoonDays?: number }).dueSoonDays) : NaN;
    return Number.isInteger(n) && n >= 0 && n <= 60 ? n : DEFAULT_DUE_SOON_DAYS;
  }

  async setDueSoonDays(actor: Actor, dueSoonDays: number) {
    if (!Number.isInteger(dueSoonDays) || dueSoonDays < 0 || dueSoonDays > 60) throw new AppError('validation_failed', '即将到期的天数应在 0 至 60 之间', { field: 'dueSoonDays' });
    const value = JSON.stringify({ dueSoonDays });
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('settings').values({ key: BOARD_SETTINGS_KEY, value, updated_at: nowIso() }).onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: nowIso() })).execute();
      await this.ctx.audit.record(trx, actor, 'supervision.settings.board', {}, 'ok', { dueSoonDays });
    });
  }

  /** The board status of `supervision_items as i` on `today`, due soon up to `dueSoonBy`. */
  private statusSql(today: string, dueSoonBy: string): RawBuilder<BoardStatus> {
    const completed = this.dates.localDate(col('i.completed_at'));
    return sql<BoardStatus>`case
      when ${col('i.state')} in (${sql.join(DONE)}) then
        case when ${col('i.completed_at')} is not null and ${completed} > ${col('i.deadline')} then 'completed_late' else 'completed_on_time' end
      when ${col('i.deadline')} < ${today} then 'overdue'
      when ${col('i.deadline')} <= ${dueSoonBy} then 'due_soon'
      else 'on_track' end`;
  }

  private boardBase(q: Omit<BoardQuery, 'limit' | 'offset' | 'status'>, readable: ReadableFilter, actor: Actor) {
    let query = this.db.selectFrom('supervision_items as i').where(readable).where('i.state', 'in', OPEN);
    // Only the policy decides what is readable; for those who do not oversee every item, this wider
    // net (any participant row naming the person or their unit) lets the query start from their
    // handful of rows in the participants' subject index instead of probing every open item.
    if (!seesAllItems(actor)) {
      const subjects = [actor.id, ...(actor.departmentId ? [actor.departmentId] : [])];
      query = query.where('i.id', 'in', (eb) => eb.selectFrom('supervision_participants as sp').select('sp.item_id').where('sp.subject_kind', 'in', ['person', 'department']).where('sp.subject_id', 'in', subjects));
    }
    if (q.leaderId) query = query.where('i.assigned_by', '=', q.leaderId);
    if (q.source) query = query.where('i.source_type', '=', q.source);
    if (q.mode) query = query.where('i.mode', '=', q.mode as SupervisionItemTable['mode']);
    if (q.category) query = query.where('i.category', '=', q.category);
    if (q.period) query = query.where('i.deadline', '>=', q.period.from).where('i.deadline', '<=', q.period.to);
    if (q.departmentId) {
      const dept = q.departmentId;
      // Lead or co-unit: the lead unit has its row in supervision_units too (the core writes both
      // together), so the unit's rows there answer it without reading every open item's row.
      query = query.where('i.id', 'in', (eb) => eb.selectFrom('supervision_units as u').select('u.item_id').where('u.department_id', '=', dept));
    }
    return query;
  }

  /** Open (not yet closed) items the caller may read, worst first, with the count of each status. */
  async board(actor: Actor, q: BoardQuery, now: Date = new Date()) {
    const readable = await itemReadable(this.db, actor);
    const today = this.today(now);
    const dueSoonDays = q.dueSoonDays ?? (await this.dueSoonDays());
    const dueSoonBy = dueSoonDays > 0 ? this.ctx.calendar.addWorkingDays(today, dueSoonDays) : today;
    const status = this.statusSql(today, dueSoonBy);
    const rank = sql<number>`case ${status} ${sql.join(BOARD_STATUSES.map((s, n) => sql`when ${s} then ${sql.lit(n)}`), sql` `)} end`;
    // The page's ids first (ordered from the board index alone), then those rows: sorting whole rows
    // of every open item to keep fifty would cost far more.
    let page = this.boardBase(q, readable, actor).select(['i.id', status.as('board_status')]);
    if (q.status) page = page.where(status, '=', q.status);
    const ids = await page.orderBy(rank).orderBy('i.deadline').orderBy('i.id').limit(q.limit).offset(q.offset).execute();
    const full = ids.length ? new Map((await this.db.selectFrom('supervision_items').selectAll().where('id', 'in', ids.map((r) => r.id)).execute()).map((r) => [r.id, r])) : new Map<string, SupervisionItemTable>();
    const rows = ids.map((r) => ({ ...full.get(r.id)!, board_status: r.board_status }));
    const grouped = await this.db
      .selectFrom(this.boardBase(q, readable, actor).select(status.as('board_status')).as('b'))
      .select(['b.board_status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('b.board_status')
      .execute();
    const counts = Object.fromEntries(BOARD_STATUSES.map((s) => [s, 0])) as Record<BoardStatus, number>;
    for (const g of grouped) counts[g.board_status as BoardStatus] = Number(g.n);
    const total = q.status ? counts[q.status] : BOARD_STATUSES.reduce((a, s) => a + counts[s], 0);
    return { rows: rows as (SupervisionItemTable & { board_status: BoardStatus })[], counts, total, today, dueSoonDays, dueSoonBy };
  }

  /**
   * Per-unit figures over a period: every department, those without items too. Without `actor` the
   * whole company's (the 考核一览表 asks so); with one, only items the actor may read are counted.
   */
  async unitFigures(period: Period, opts: { actor?: Actor; exec?: Kysely<DB>; now?: Date } = {}): Promise<UnitFigure[]> {
    const exec = opts.exec ?? this.db;
    const readable: ReadableFilter | null = opts.actor ? await itemReadable(exec, opts.actor) : null;
    const today = this.today(opts.now);
    const asOf = today < period.to ? today : period.to;
    const d = this.dates;
    const od = col('i.original_deadline');
    const doneSql = sql`${col('i.state')} in (${sql.join(DONE)}) and ${col('i.completed_at')} is not null`;
    const completedDay = d.localDate(col('i.completed_at'));
    let items = exec
      .selectFrom('supervision_items as i')
      .where('i.original_deadline', '>=', period.from)
      .where('i.original_deadline', '<=', period.to)
      .select([
        'i.lead_department_id as department_id',
        sql<number>`count(*)`.as('items'),
        sql<number>`sum(case when ${doneSql} then 1 else 0 end)`.as('completed'),
        sql<number>`sum(case when ${doneSql} and ${completedDay} <= ${od} then 1 else 0 end)`.as('on_time'),
        sql<number>`sum(case when (${doneSql} and ${completedDay} > ${od}) or (not (${doneSql}) and ${od} < ${asOf}) then 1 else 0 end)`.as('late'),
        sql<number>`sum(case when ${doneSql} and ${completedDay} > ${od} then ${d.daysBetween(od, completedDay)} when not (${doneSql}) and ${od} < ${asOf} then ${d.daysBetween(od, sql`${asOf}`)} else 0 end)`.as('late_days'),
      ])
      .groupBy('i.lead_department_id');
    if (readable) items = items.where(readable);
    const fromAt = zonedInstant(period.from, '00:00', this.ctx.config.tzCompany).toISOString();
    const toAt = zonedInstant(addDays(period.to, 1), '00:00', this.ctx.config.tzCompany).toISOString();
    let chases = exec
      .selectFrom('supervision_chases as c')
      .innerJoin('supervision_items as i', 'i.id', 'c.item_id')
      .where('i.lead_department_id', 'is not', null)
      .where('c.at', '>=', fromAt)
      .where('c.at', '<', toAt)
      .select(['i.lead_department_id as department_id', sql<number>`count(*)`.as('n')])
      .groupBy('i.lead_department_id');
    if (readable) chases = chases.where(readable);
    const [depts, itemRows, chaseRows] = await Promise.all([exec.selectFrom('departments').select(['id', 'name']).orderBy('sort_order').orderBy('name').execute(), items.execute(), chases.execute()]);
    const byDept = new Map(itemRows.map((r) => [r.department_id, r]));
    const chased = new Map(chaseRows.map((r) => [r.department_id, Number(r.n)]));
    return depts.map((dep): UnitFigure => {
      const r = byDept.get(dep.id);
      const n = Number(r?.items ?? 0);
      const onTime = Number(r?.on_time ?? 0);
      const late = Number(r?.late ?? 0);
      return {
        departmentId: dep.id,
        departmentName: dep.name,
        items: n,
        completed: Number(r?.completed ?? 0),
        completedOnTime: onTime,
        onTimeRate: n ? Math.round((onTime / n) * 1000) / 1000 : null,
        lateItems: late,
        averageDaysLate: late ? Math.round((Number(r?.late_days ?? 0) / late) * 10) / 10 : null,
        chasesReceived: chased.get(dep.id) ?? 0,
      };
    });
  }
}
