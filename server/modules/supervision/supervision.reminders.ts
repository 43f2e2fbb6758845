// 催办 (seed 三 5.1 严格时限): automatic reminders at configurable points around an item's deadline
// — N working days before, on the day, after — escalating from the handler to the unit head and
// then to the assigning leader. A durable job scans the items the units are working on every hour;
// a point fires when its day has come, once (the key (item, point) holds it, whatever instance or
// restart runs the scan), and never for an item that is done or closed. After a pause only the
// latest point due fires, so a server back from a long stop does not send a burst of old reminders.
import { sql, type Kysely } from 'kysely';
import { REPORTING_STATES, WORKING_STATES } from '../../../common/workflow/supervision.workflow.js';
import { addDays, todayIn, type WorkCalendar } from '../../platform/calendar/work-calendar.js';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { nowIso } from '../../platform/ids.js';
import { dataOf, type SupervisionService } from './supervision.service.js';

export const REMINDER_SCAN_JOB = 'supervision.reminders';
export const REMINDER_SETTINGS_KEY = 'supervision.reminder_points';
const SCAN_EVERY_MS = 3_600_000;

export type ReminderAudience = 'handler' | 'unit_head' | 'leader';

export interface ReminderPoint {
  key: string;
  /** Working days relative to the deadline: negative before, 0 on the day, positive after. */
  workingDays: number;
  notify: ReminderAudience;
}

export const DEFAULT_REMINDER_POINTS: ReminderPoint[] = [
  { key: 'before', workingDays: -2, notify: 'handler' },
  { key: 'due', workingDays: 0, notify: 'handler' },
  { key: 'overdue', workingDays: 1, notify: 'unit_head' },
  { key: 'escalated', workingDays: 3, notify: 'leader' },
];

/** The day a point falls on: whole working days before or after the deadline (the deadline itself for 0). */
export function pointDate(deadline: string, workingDays: number, cal: Pick<WorkCalendar, 'isWorkingDay' | 'addWorkingDays'>): string {
  if (workingDays >= 0) return workingDays === 0 ? deadline : cal.addWorkingDays(deadline, workingDays);
  let d = deadline;
  for (let left = -workingDays, guard = 0; left > 0 && guard < 800; guard++) {
    d = addDays(d, -1);
    if (cal.isWorkingDay(d)) left--;
  }
  return d;
}

/** The latest point whose day has come (points in order of their offset), or null. */
export function duePoint(deadline: string, points: ReminderPoint[], today: string, cal: Pick<WorkCalendar, 'isWorkingDay' | 'addWorkingDays'>): ReminderPoint | null {
  let due: ReminderPoint | null = null;
  for (const p of [...points].sort((a, b) => a.workingDays - b.workingDays)) if (pointDate(deadline, p.workingDays, cal) <= today) due = p;
  return due;
}

export function validatePoints(points: unknown): ReminderPoint[] {
  if (!Array.isArray(points) || points.length === 0 || points.length > 10) throw new AppError('validation_failed', '催办节点应为 1 至 10 个', { field: 'points' });
  const keys = new Set<string>();
  for (const p of points as ReminderPoint[]) {
    if (!p || typeof p.key !== 'string' || !/^[a-z_]{1,20}$/.test(p.key) || keys.has(p.key)) throw new AppError('validation_failed', '催办节点名称无效或重复', { field: 'points' });
    if (!Number.isInteger(p.workingDays) || Math.abs(p.workingDays) > 60) throw new AppError('validation_failed', '催办节点的工作日数应在 -60 至 60 之间', { field: 'points' });
    if (!['handler', 'unit_head', 'leader'].includes(p.notify)) throw new AppError('validation_failed', '催办对象无效', { field: 'points' });
    keys.add(p.key);
  }
  return (points as ReminderPoint[]).map((p) => ({ key: p.key, workingDays: p.workingDays, notify: p.notify }));
}

const TITLES: Record<ReminderAudience, (days: number) => string> = {
  handler: (d) => (d < 0 ? `督办事项将到期（${-d} 个工作日后）` : d === 0 ? '督办事项今日到期' : '督办事项已超期'),
  unit_head: () => '督办事项已超期，请部门负责人督促',
  leader: () => '督办事项超期未办结，报交办领导',
};

export class SupervisionReminders {
  constructor(
    private readonly ctx: AppContext,
    private readonly service: SupervisionService,
  ) {}

  /** Registers the scan job; once per process. */
  registerJob() {
    this.ctx.jobs.register(REMINDER_SCAN_JOB, async (_payload, run) => {
      const now = new Date();
      await this.scan(run.trx, now);
      await this.scheduleNext(run.trx, now);
    });
  }

  /** Keeps one scan scheduled for the next hour; the slot's key makes scheduling it again harmless. */
  async scheduleNext(exec: Kysely<DB> | undefined, now: Date = new Date()) {
    const slot = new Date(Math.floor(now.getTime() / SCAN_EVERY_MS) * SCAN_EVERY_MS + SCAN_EVERY_MS);
    await this.ctx.jobs.schedule(REMINDER_SCAN_JOB, {}, { singletonKey: `${REMINDER_SCAN_JOB}:${slot.toISOString()}`, runAt: slot }, exec);
  }

  async points(exec: Kysely<DB> = this.ctx.database.db): Promise<ReminderPoint[]> {
    const row = await exec.selectFrom('settings').select('value').where('key', '=', REMINDER_SETTINGS_KEY).executeTakeFirst();
    if (!row) return DEFAULT_REMINDER_POINTS;
    try {
      return validatePoints(JSON.parse(row.value));
    } catch {
      return DEFAULT_REMINDER_POINTS; // a broken setting must not stop every reminder
    }
  }

  async setPoints(exec: Kysely<DB>, points: ReminderPoint[]) {
    const value = JSON.stringify(validatePoints(points));
    await exec
      .insertInto('settings')
      .values({ key: REMINDER_SETTINGS_KEY, value, updated_at: nowIso() })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: nowIso() }))
      .execute();
  }

  /** One scan at `now` (injected in tests): fires each item's latest due point once. Returns how many fired. */
  async scan(trx: Kysely<DB>, now: Date): Promise<number> {
    const today = todayIn(this.ctx.config.tzCompany, now);
    const points = [...(await this.points(trx))].sort((a, b) => a.workingDays - b.workingDays);
    // A point's day moves forward with the deadline, so each point is due exactly for the deadlines
    // up to a last one; the latest due point of an item is then a CASE over its deadline, and the
    // database finds the items whose due point has not fired in one pass.
    const through = points.map((p) => lastDeadlineDue(p.workingDays, today, this.ctx.calendar));
    const cases = points.map((p, k) => ({ p, through: through[k] })).filter((c) => c.through !== null).reverse();
    if (!cases.length) return this.scanReportRhythm(trx, today);
    const pointKey = sql<string | null>`case ${sql.join(cases.map((c) => sql`when ${sql.ref('i.deadline')} <= ${c.through} then ${`${c.p.key}@`} || ${sql.ref('i.deadline')}`), sql` `)} else null end`;
    const items = await this.service.repo.dueForReminders(trx, [...WORKING_STATES], cases[cases.length - 1].through!, pointKey);
    let fired = 0;
    for (const item of items) {
      // The calendar's own answer decides; the SQL above only picked the candidates.
      const p = duePoint(item.deadline, points, today, this.ctx.calendar);
      if (!p || !(await this.service.repo.fireReminder(trx, item.id, `${p.key}@${item.deadline}`))) continue;
      const unit = await this.service.unitPeople(trx, item);
      const heads = item.lead_department_id ? await this.service.repo.headsOf(trx, [item.lead_department_id]) : [];
      const told = p.notify === 'handler' ? (item.lead_person_id ? [item.lead_person_id] : unit) : p.notify === 'unit_head' ? unit : [...new Set([...heads, ...(item.assigned_by ? [item.assigned_by] : [])])];
      await this.service.repo.addChase(trx, { itemId: item.id, kind: 'automatic', point: p.key, note: `${TITLES[p.notify](p.workingDays)}（办理期限 ${item.deadline}）`, told, by: { id: 'system', name: '系统' } });
      await this.service.tellReaders(trx, item, told, `supervision.chase.${p.key}`, `${TITLES[p.notify](p.workingDays)}：${item.title}`, `办理期限 ${item.deadline}`);
      fired++;
    }
    return fired + (await this.scanReportRhythm(trx, today));
  }

  /**
   * 三 3.2 standards: an item of a category with a report rhythm whose unit has not reported for
   * that many days is reminded once per missed date (key `report:<rhythm start>@<date>`), to the handler.
   */
  private async scanReportRhythm(trx: Kysely<DB>, today: string): Promise<number> {
    const every = new Map((await this.service.repo.categories(trx)).filter((c) => c.report_every_days > 0).map((c) => [c.key, c.report_every_days]));
    const items = await this.service.repo.workingInCategories(trx, [...REPORTING_STATES], [...every.keys()]);
    const due = items.flatMap((item) => {
      const from = dataOf(item).rhythmFrom;
      if (!from) return [];
      const n = every.get(item.category)!;
      const start = todayIn(this.ctx.config.tzCompany, new Date(from));
      // Every N days without a report is a missed date; the latest one is reminded: start + k·N
      // for the greatest k ≥ 1 that is not after today (at most 1,001 periods), computed at once
      // (stepping N days at a time cost seconds over an office's 30,000 items at work).
      const periods = Math.min(1001, Math.floor(daysFrom(start, today) / n));
      if (periods < 1) return [];
      const date = addDays(start, periods * n);
      return [{ item, date, key: `report:${from}@${date}` }];
    });
    let fired = 0;
    for (const { item, date, key } of due) {
      // The latest rhythm reminder fired for the item came with it; the key on the table decides.
      if (item.last_report === key || !(await this.service.repo.fireReminder(trx, item.id, key))) continue;
      const told = item.lead_person_id ? [item.lead_person_id] : await this.service.unitPeople(trx, item);
      const note = `请报送办理进展（报告周期 ${every.get(item.category)} 天，应于 ${date} 前报送）`;
      await this.service.repo.addChase(trx, { itemId: item.id, kind: 'automatic', point: 'report', note, told, by: { id: 'system', name: '系统' } });
      await this.service.tellReaders(trx, item, told, 'supervision.chase.report', `${note}：${item.title}`);
      fired++;
    }
    return fired;
  }
}

/**
 * The last deadline for which a point `workingDays` from it has come by `today` (null: none within
 * reach). pointDate never moves backwards as the deadline moves forwards, so a binary search over
 * the days around today finds it; offsets are at most 60 working days, well inside ±400 days.
 */
export function lastDeadlineDue(workingDays: number, today: string, cal: Pick<WorkCalendar, 'isWorkingDay' | 'addWorkingDays'>): string | null {
  let lo = -400;
  let hi = 400;
  if (pointDate(addDays(today, lo), workingDays, cal) > today) return null;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (pointDate(addDays(today, mid), workingDays, cal) <= today) lo = mid;
    else hi = mid - 1;
  }
  return addDays(today, lo);
}

/** Whole days from one day (YYYY-MM-DD) to another. */
const daysFrom = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

