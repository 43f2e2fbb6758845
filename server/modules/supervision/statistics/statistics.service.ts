// 督查统计: the board of open items coloured by where they stand, and per-unit figures for a period
// (items, on-time completion rate, average days late, chases received). Both are single grouped
// queries with the access policy's filter inside them, so a count never includes an item its reader
// may not see. unitFigures without a reader is the whole company's, for the 考核一览表 (五 5.8).
import { sql, type ExpressionBuilder, type Kysely, type RawBuilder } from 'kysely';
import { Classification } from '../../../../common/classification.js';
import { CLOSED_STATES, DONE_STATES, supervisionWorkflow } from '../../../../common/workflow/supervision.workflow.js';
import type { Actor } from '../../../platform/access/actor.js';
import { readableFilter, type ReadableFilter } from '../../../platform/access/policy.js';
import { addDays, todayIn } from '../../../platform/calendar/work-calendar.js';
import type { AppContext } from '../../../platform/context.js';
import type { DB, SupervisionItemTable } from '../../../platform/db/schema.js';
import { AppError } from '../../../platform/errors.js';
import { nowIso } from '../../../platform/ids.js';
import { zonedInstant } from '../../documents/incoming/gm-batch.js';
import { itemReadable, seesAllItems, SUPERVISION_ITEM } from '../supervision.access.js';
import { dateSql } from './dialect-sql.js';
import { dayNumber } from './statistics.aggregates.js';
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
/** Open states not yet done: on the board they are overdue, due soon or on track, by deadline alone. */
const NOT_DONE_OPEN = OPEN.filter((s) => !DONE_STATES.has(s));
const col = (name: string) => sql.ref(name);

/**
 * The policy's filter over a per-day aggregate's level column (alias `a`). The aggregates are read
 * only at levels up to INTERNAL, which the policy decides by level alone (its reading-scope branch,
 * keyed by a record's id, applies to classified levels only), so it is exact for them; classified
 * items are counted from the items themselves, under the full filter.
 */
async function levelReadable(exec: Kysely<DB>, actor: Actor, textColumn: string): Promise<ReadableFilter> {
  const policy = await readableFilter(exec, actor, { recordType: SUPERVISION_ITEM, id: textColumn, classification: 'a.classification' });
  return (eb) => eb.and([eb('a.classification', '<=', Classification.INTERNAL), policy(eb)]);
}

/**
 * Classified items (SECRET and above) whose reading scope names the actor or their department
 * chain: a wider net than the policy's scope check (which the query keeps too), so a count of
 * classified items starts from the actor's few scope rows instead of probing every item. With
 * `openOnly`, from the copy of those rows that triggers keep for open classified items (T0014):
 * the board's net, a few hundred rows where the scopes name over a thousand mostly closed items.
 */
function scopedClassified(actor: Actor, openOnly = false) {
  const depts = actor.departmentChain ?? (actor.departmentId ? [actor.departmentId] : []);
  return (eb: ExpressionBuilder<any, any>) => {
    // Two plain lookups in the subject index (an OR of them would not use it).
    const scoped = (kind: 'person' | 'department', ids: string[]) =>
      openOnly
        ? eb.selectFrom('supervision_open_scopes as os').select('os.item_id as id').where('os.subject_kind', '=', kind).where('os.subject_id', 'in', ids)
        : eb.selectFrom('reading_scopes as rs').select('rs.record_id as id').where('rs.subject_kind', '=', kind).where('rs.subject_id', 'in', ids).where('rs.record_type', '=', SUPERVISION_ITEM);
    return eb.and([eb('i.classification', '>=', Classification.SECRET), eb('i.id', 'in', depts.length ? scoped('person', [actor.id]).union(scoped('department', depts)) : scoped('person', [actor.id]))]);
  };
}

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
    // Items reached by id below (a unit's, a reader's) are judged from supervision_items_status_idx,
    // not their whole row: a term on its second column is what makes SQLite take it over the key.
    if (q.departmentId || !seesAllItems(actor)) query = query.where('i.classification', '>=', 0);
    // Only the policy decides what is readable; for those who do not oversee every item, this wider
    // net (any participant row naming the person or their unit) lets the query start from their
    // handful of rows in the participants' subject index instead of probing every open item.
    if (!seesAllItems(actor)) {
      const subjects = [actor.id, ...(actor.departmentId ? [actor.departmentId] : [])];
      query = query.where('i.id', 'in', (eb) => eb.selectFrom('supervision_participants as sp').select('sp.item_id').where('sp.subject_kind', 'in', ['person', 'department']).where('sp.subject_id', 'in', subjects).where('sp.open', '=', 1));
    }
    if (q.leaderId) query = query.where('i.assigned_by', '=', q.leaderId);
    if (q.source) query = query.where('i.source_type', '=', q.source);
    if (q.mode) query = query.where('i.mode', '=', q.mode as SupervisionItemTable['mode']);
    if (q.category) query = query.where('i.category', '=', q.category);
    if (q.period) query = query.where('i.deadline', '>=', q.period.from).where('i.deadline', '<=', q.period.to);
    if (q.departmentId) {
      const dept = q.departmentId;
      // Lead or co-unit (the unit's handler and co_handler rows), open items only: the participants'
      // subject index answers it without reaching every item the unit ever handled.
      query = query.where('i.id', 'in', (eb) =>
        eb.selectFrom('supervision_participants as sp').select('sp.item_id').where('sp.subject_kind', '=', 'department').where('sp.subject_id', '=', dept).where('sp.open', '=', 1).where('sp.relation', 'in', ['handler', 'co_handler']),
      );
    }
    return query;
  }

  /** Open (not yet closed) items the caller may read, worst first, with the count of each status. */
  async board(actor: Actor, q: BoardQuery, now: Date = new Date()) {
    const readable = await itemReadable(this.db, actor);
    const today = this.today(now);
    const dueSoonDays = q.dueSoonDays ?? (await this.dueSoonDays());
    const dueSoonBy = dueSoonDays > 0 ? this.ctx.calendar.addWorkingDays(today, dueSoonDays) : today;
    const unfiltered = !q.departmentId && !q.leaderId && !q.source && !q.mode && !q.category && !q.period && !q.status;
    if (unfiltered && seesAllItems(actor)) {
      const fast = await this.wholeBoard(actor, readable, q, today, dueSoonBy);
      if (fast) return { ...fast, today, dueSoonDays, dueSoonBy };
    }
    const status = this.statusSql(today, dueSoonBy);
    if (q.departmentId || !seesAllItems(actor)) {
      // One unit's or one reader's open items: a few hundred, judged in one pass and ordered here
      // (the page and the counts from the same rows, rather than reaching each item twice).
      const all = await this.boardBase(q, readable, actor).select(['i.id', 'i.deadline', status.as('board_status')]).execute();
      const counts = Object.fromEntries(BOARD_STATUSES.map((s) => [s, 0])) as Record<BoardStatus, number>;
      for (const r of all) counts[r.board_status]++;
      const order = (r: { board_status: BoardStatus; deadline: string; id: string }) => [BOARD_STATUSES.indexOf(r.board_status), r.deadline, r.id] as const;
      const listed = (q.status ? all.filter((r) => r.board_status === q.status) : all).sort((x, y) => {
        const [a, b] = [order(x), order(y)];
        return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
      });
      const ids = listed.slice(q.offset, q.offset + q.limit);
      const full = ids.length ? new Map((await this.db.selectFrom('supervision_items').selectAll().where('id', 'in', ids.map((r) => r.id)).execute()).map((r) => [r.id, r])) : new Map<string, SupervisionItemTable>();
      const rows = ids.map((r) => ({ ...full.get(r.id)!, board_status: r.board_status }));
      const total = q.status ? counts[q.status] : all.length;
      return { rows: rows as (SupervisionItemTable & { board_status: BoardStatus })[], counts, total, today, dueSoonDays, dueSoonBy };
    }
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
   * The whole board of one who oversees every item, from the per-day aggregate: its counts are
   * sums over a few hundred (deadline, level, status) rows plus the classified items the caller is
   * scoped for; the first pages of items not yet done — ordered by deadline, which is the board's
   * order for them (overdue, due soon and on track follow the deadline) — are read off the (state,
   * deadline) index up to the deadline where the page ends. Null when the page reaches the done
   * items (a deep page): the general query answers then.
   */
  private async wholeBoard(actor: Actor, readable: ReadableFilter, q: BoardQuery, today: string, dueSoonBy: string) {
    const byLevel = await levelReadable(this.db, actor, 'a.deadline');
    const status = this.statusSql(today, dueSoonBy);
    const bucket = sql<string>`case when ${col('a.status')} <> 'open' then ${col('a.status')} when ${col('a.deadline')} < ${today} then 'overdue' when ${col('a.deadline')} <= ${dueSoonBy} then 'due_soon' else 'on_track' end`;
    const want = q.offset + q.limit;
    const [sums, notDone, classified] = await Promise.all([
      this.db.selectFrom('supervision_board_days as a').where(byLevel).select([bucket.as('status'), (eb) => eb.fn.sum<number>('a.n').as('n')]).groupBy(sql`1`).execute(),
      // Deadlines in order (the primary key's), as far as the page needs.
      this.db.selectFrom('supervision_board_days as a').where('a.status', '=', 'open').where('a.n', '>', 0).where(byLevel).select(['a.deadline', (eb) => eb.fn.sum<number>('a.n').as('n')]).groupBy('a.deadline').orderBy('a.deadline').limit(Math.min(want, 400)).execute(),
      this.db
        .selectFrom('supervision_items as i')
        .where(scopedClassified(actor, true))
        .where('i.state', 'in', OPEN)
        .where(readable)
        .select(['i.deadline', status.as('board_status')])
        .execute(),
    ]);
    const counts = Object.fromEntries(BOARD_STATUSES.map((s) => [s, 0])) as Record<BoardStatus, number>;
    for (const r of sums) counts[r.status as BoardStatus] += Number(r.n);
    for (const c of classified) counts[c.board_status] += 1;
    const total = BOARD_STATUSES.reduce((a, s) => a + counts[s], 0);
    // The page ends at or before the deadline by which the items readable by level alone fill it.
    let through: string | null = null;
    for (let k = 0, sum = 0; k < notDone.length && through === null; k++) if ((sum += Number(notDone[k].n)) >= want) through = notDone[k].deadline;
    if (through === null) return null;
    const ids = await this.db
      .selectFrom('supervision_items as i')
      .where(readable)
      .where('i.state', 'in', NOT_DONE_OPEN)
      .where('i.deadline', '<=', through)
      .select(['i.id', status.as('board_status')])
      .orderBy('i.deadline')
      .orderBy('i.id')
      .limit(q.limit)
      .offset(q.offset)
      .execute();
    const full = ids.length ? new Map((await this.db.selectFrom('supervision_items').selectAll().where('id', 'in', ids.map((r) => r.id)).execute()).map((r) => [r.id, r])) : new Map<string, SupervisionItemTable>();
    const rows = ids.map((r) => ({ ...full.get(r.id)!, board_status: r.board_status }));
    return { rows: rows as (SupervisionItemTable & { board_status: BoardStatus })[], counts, total };
  }

  /**
   * Per-unit figures over a period: every department, those without items too. Without `actor` the
   * whole company's (the 考核一览表 asks so); with one, only items the actor may read are counted.
   */
  async unitFigures(period: Period, opts: { actor?: Actor; exec?: Kysely<DB>; now?: Date; /** Count item by item, not from the aggregates (a check on them). */ fromItems?: boolean } = {}): Promise<UnitFigure[]> {
    const exec = opts.exec ?? this.db;
    const readable: ReadableFilter | null = opts.actor ? await itemReadable(exec, opts.actor) : null;
    const today = this.today(opts.now);
    const asOf = today < period.to ? today : period.to;
    const [depts, sums] = await Promise.all([
      exec.selectFrom('departments').select(['id', 'name']).orderBy('sort_order').orderBy('name').execute(),
      !opts.fromItems && (!opts.actor || seesAllItems(opts.actor)) ? this.unitSumsFromDays(exec, period, asOf, opts.actor ?? null, readable) : this.unitSumsFromItems(exec, period, asOf, readable, opts.actor ?? null),
    ]);
    return depts.map((dep): UnitFigure => {
      const r = sums.get(dep.id);
      const n = r?.items ?? 0;
      const onTime = r?.on_time ?? 0;
      const late = r?.late ?? 0;
      return {
        departmentId: dep.id,
        departmentName: dep.name,
        items: n,
        completed: r?.completed ?? 0,
        completedOnTime: onTime,
        onTimeRate: n ? Math.round((onTime / n) * 1000) / 1000 : null,
        lateItems: late,
        averageDaysLate: late ? Math.round(((r?.late_days ?? 0) / late) * 10) / 10 : null,
        chasesReceived: r?.chases ?? 0,
      };
    });
  }

  /**
   * The sums of one who sees every item (or of the whole company, without an actor) from the
   * per-unit per-day aggregate: a year is at most 60 units × 366 days of rows, whatever the number
   * of items. Classified items are added from the items the actor is scoped for.
   */
  private async unitSumsFromDays(exec: Kysely<DB>, period: Period, asOf: string, actor: Actor | null, readable: ReadableFilter | null): Promise<Map<string, UnitSums>> {
    const byLevel = actor ? await levelReadable(exec, actor, 'a.department_id') : null;
    const asOfNumber = dayNumber(asOf);
    const { months, days } = splitPeriod(period, asOf);
    // Open items count as late (by the days since their deadline) where the deadline is before asOf:
    // every day of a month before asOf's month, and day by day within it.
    const sums = (past: RawBuilder<unknown>) =>
      [
        sql<number>`sum(${col('a.items')})`.as('items'),
        sql<number>`sum(${col('a.completed')})`.as('completed'),
        sql<number>`sum(${col('a.on_time')})`.as('on_time'),
        sql<number>`sum(${col('a.late_done')} + case when ${past} then ${col('a.open_items')} else 0 end)`.as('late'),
        sql<number>`sum(${col('a.late_done_days')} + case when ${past} then ${col('a.open_items')} * ${asOfNumber} - ${col('a.open_day_sum')} else 0 end)`.as('late_days'),
        sql<number>`sum(${col('a.chases')})`.as('chases'),
      ] as const;
    const queries = [];
    if (months.length) {
      let q = exec.selectFrom('supervision_unit_months as a').where('a.month', 'in', months).select(['a.department_id', ...sums(sql`${col('a.month')} < ${asOf.slice(0, 7)}`)]).groupBy('a.department_id');
      if (byLevel) q = q.where(byLevel);
      queries.push(q.execute());
    }
    for (const r of days) {
      let q = exec.selectFrom('supervision_unit_days as a').where('a.day', '>=', r.from).where('a.day', '<=', r.to).select(['a.department_id', ...sums(sql`${col('a.day')} < ${asOf}`)]).groupBy('a.department_id');
      if (byLevel) q = q.where(byLevel);
      queries.push(q.execute());
    }
    const out = new Map<string, UnitSums>();
    for (const rows of await Promise.all(queries)) for (const r of rows) addSums(out, r.department_id, r);
    if (actor && readable) {
      // Classified items: the same sums from the items, each under the full filter.
      for (const [dept, r] of await this.unitSumsFromItems(exec, period, asOf, readable, actor, scopedClassified(actor))) addSums(out, dept, r);
    }
    return out;
  }

  /** The sums counted item by item (what a reader who sees only their items may count), within `narrow` when given. */
  private async unitSumsFromItems(exec: Kysely<DB>, period: Period, asOf: string, readable: ReadableFilter | null, actor: Actor | null, narrow?: ReadableFilter): Promise<Map<string, UnitSums>> {
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
    // Only the policy decides what is readable; as on the board, this wider net (a participant row
    // naming the person or their unit) lets the query start from the reader's own rows.
    const net = narrow ?? (!actor || seesAllItems(actor) ? null : participantNet(actor));
    if (net) items = items.where(net);
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
    if (net) chases = chases.where(net);
    const [itemRows, chaseRows] = await Promise.all([items.execute(), chases.execute()]);
    const sums = new Map<string, UnitSums>();
    for (const r of itemRows) if (r.department_id) addSums(sums, r.department_id, r);
    for (const r of chaseRows) if (r.department_id) addSums(sums, r.department_id, { chases: r.n });
    return sums;
  }
}

/**
 * A period as whole months (read from the monthly aggregate) and day ranges (the daily one): the
 * partial months at its ends, and the month of `asOf`, whose open items are late day by day.
 */
export function splitPeriod(period: Pick<Period, 'from' | 'to'>, asOf: string): { months: string[]; days: { from: string; to: string }[] } {
  const months: string[] = [];
  const days: { from: string; to: string }[] = [];
  const addDays_ = (from: string, to: string) => {
    const last = days[days.length - 1];
    if (last && addDays(last.to, 1) === from) last.to = to;
    else days.push({ from, to });
  };
  for (let m = period.from.slice(0, 7); m <= period.to.slice(0, 7); ) {
    const first = `${m}-01`;
    const next = addDays(first, 32).slice(0, 7);
    const last = addDays(`${next}-01`, -1);
    const from = first < period.from ? period.from : first;
    const to = last > period.to ? period.to : last;
    if (from === first && to === last && m !== asOf.slice(0, 7)) months.push(m);
    else addDays_(from, to);
    m = next;
  }
  return { months, days };
}

interface UnitSums {
  items: number;
  completed: number;
  on_time: number;
  late: number;
  late_days: number;
  chases: number;
}

type Numeric = number | string | bigint | null | undefined;

function addSums(into: Map<string, UnitSums>, dept: string, r: Partial<Record<keyof UnitSums, Numeric>>) {
  const s = into.get(dept) ?? { items: 0, completed: 0, on_time: 0, late: 0, late_days: 0, chases: 0 };
  for (const k of Object.keys(s) as (keyof UnitSums)[]) s[k] += Number(r[k] ?? 0);
  into.set(dept, s);
}

/** Items with a participant row naming the person or their unit: a superset of what the policy lets them read. */
function participantNet(actor: Actor) {
  const subjects = [actor.id, ...(actor.departmentId ? [actor.departmentId] : [])];
  return (eb: ExpressionBuilder<any, any>) =>
    eb('i.id', 'in', eb.selectFrom('supervision_participants as sp').select('sp.item_id').where('sp.subject_kind', 'in', ['person', 'department']).where('sp.subject_id', 'in', subjects));
}
