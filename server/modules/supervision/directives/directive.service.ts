// 一周工作指令 (seed 五 5.12): the office drafts the week's directives after the weekly directive
// meeting, the GM approves, the office issues them — one supervision item per directive, made by the
// core's createItem (source weekly_directive, the list, the directive's number: issuing again finds
// the same items) and handed to the units at once (转办). During the week the items are chased like
// any other; on Saturday the 指令落实情况 is compiled for the GM (a job, and on demand).
import type { Kysely } from 'kysely';
import type { Standing } from '../../../../common/workflow/workflow.js';
import { decide, availableActions } from '../../../../common/workflow/workflow.js';
import type { Actor } from '../../../platform/access/actor.js';
import { isRealDate, todayIn } from '../../../platform/calendar/work-calendar.js';
import type { AppContext } from '../../../platform/context.js';
import type { DB, SupervisionDirectiveListTable, SupervisionDirectiveTable } from '../../../platform/db/schema.js';
import { AppError, forbidden, notFound, staleVersion } from '../../../platform/errors.js';
import { newId, nowIso } from '../../../platform/ids.js';
import { isOffice } from '../supervision.access.js';
import { itemNumber, type SupervisionService } from '../supervision.service.js';
import { applyItemAction } from '../supervision.workflow-runner.js';
import { compileDirectiveReport, type DirectiveReport } from './directive.report.js';
import { DirectiveRepository } from './directive.repository.js';
import { DIRECTIVE_LIST_WORKFLOW, type DirectiveListState } from './directive.workflow.js';
import { DEFAULT_REPORT_SCHEDULE, isoWeekOf, nextReportSlot, weekStart, type ReportSchedule } from './week.js';

export const DIRECTIVE_REPORT_JOB = 'supervision.directive_report';
export const REPORT_SCHEDULE_KEY = 'supervision.directive_report_schedule';
export const DIRECTIVE_LIST = 'supervision_directive_list';
/** The category a directive's item takes unless the list names another: the weekly meeting's decisions. */
export const DEFAULT_DIRECTIVE_CATEGORY = 'meeting';
export const MAX_DIRECTIVES = 500;

export interface DirectiveInput {
  text: string;
  leadDepartmentId: string;
  leadPersonId?: string | null;
  deadline?: string;
  deadlineWorkingDays?: number;
}

export interface ListInput {
  week?: string;
  title?: string;
  meetingNote?: string;
  category?: string;
  directives: DirectiveInput[];
}

const bad = (message: string, field: string) => new AppError('validation_failed', message, { field });

/** Who works with directive lists: the office that drafts them and the 总经理室 (GM, vice GMs) that decides them. */
export function mayUseDirectives(actor: Actor): boolean {
  return isOffice(actor) || actor.roles.includes('gm') || actor.roles.includes('vice_gm');
}

export function standingOnList(actor: Actor): Standing {
  return { roles: actor.roles, relations: isOffice(actor) ? ['office'] : [] };
}

const titleOf = (text: string) => (text.length > 60 ? `${text.slice(0, 59)}…` : text);

export class DirectiveService {
  readonly repo: DirectiveRepository;
  private readonly db: Kysely<DB>;

  constructor(
    private readonly ctx: AppContext,
    private readonly items: SupervisionService,
  ) {
    this.db = ctx.database.db;
    this.repo = new DirectiveRepository(this.db);
  }

  private today(now: Date = new Date()) {
    return todayIn(this.ctx.config.tzCompany, now);
  }

  private guard(actor: Actor) {
    if (!mayUseDirectives(actor)) throw forbidden('一周工作指令由总经理室和总经办使用');
  }

  async lists(actor: Actor, q: { week?: string; state?: string; limit: number; before?: string }) {
    this.guard(actor);
    const rows = await this.repo.lists(q);
    const counts = await this.repo.counts(rows.map((r) => r.id));
    return rows.map((r) => ({ ...r, directiveCount: counts.get(r.id) ?? 0 }));
  }

  async detail(actor: Actor, id: string) {
    this.guard(actor);
    const list = await this.repo.list(this.db, id);
    if (!list) throw notFound('一周工作指令');
    const [directives, reports] = await Promise.all([this.repo.reportRows(this.db, id), this.repo.reports(this.db, id)]);
    return { list, directives, reports, abilities: availableActions(DIRECTIVE_LIST_WORKFLOW, list.state, standingOnList(actor)), mayEdit: list.state === 'draft' && isOffice(actor) };
  }

  /** Checks the directives and returns their rows; throws naming the first bad field, before anything is written. */
  private async directiveRows(exec: Kysely<DB>, listId: string, input: DirectiveInput[]): Promise<SupervisionDirectiveTable[]> {
    if (!Array.isArray(input) || input.length === 0) throw bad('请至少列出一项指令', 'directives');
    if (input.length > MAX_DIRECTIVES) throw bad(`一周指令至多 ${MAX_DIRECTIVES} 项`, 'directives');
    const today = this.today();
    const deptIds = [...new Set(input.map((d) => d.leadDepartmentId))];
    const personIds = [...new Set(input.map((d) => d.leadPersonId).filter((x): x is string => !!x))];
    const depts = new Set((await this.repo.departments(exec, deptIds)).map((d) => d.id));
    const people = new Map((await this.repo.people(exec, personIds)).map((p) => [p.id, p]));
    return input.map((d, i) => {
      const at = (f: string) => `directives[${i}].${f}`;
      const text = (d.text ?? '').trim();
      if (!text) throw bad(`第 ${i + 1} 项指令没有内容`, at('text'));
      if (!d.leadDepartmentId || !depts.has(d.leadDepartmentId)) throw bad(`第 ${i + 1} 项指令的主办单位不存在`, at('leadDepartmentId'));
      if (d.leadPersonId && people.get(d.leadPersonId)?.status !== 'active') throw bad(`第 ${i + 1} 项指令的责任人不存在或已停用`, at('leadPersonId'));
      const hasDate = d.deadline !== undefined && d.deadline !== null;
      const hasDays = d.deadlineWorkingDays !== undefined && d.deadlineWorkingDays !== null;
      if (hasDate === hasDays) throw bad(`第 ${i + 1} 项指令须给出完成期限（日期或工作日数之一）`, at('deadline'));
      if (hasDate && (!isRealDate(d.deadline!) || d.deadline! < today)) throw bad(`第 ${i + 1} 项指令的完成期限无效或已过`, at('deadline'));
      if (hasDays && (!Number.isInteger(d.deadlineWorkingDays) || d.deadlineWorkingDays! < 1 || d.deadlineWorkingDays! > 750)) throw bad(`第 ${i + 1} 项指令的工作日数应在 1 至 750 之间`, at('deadlineWorkingDays'));
      return { list_id: listId, idx: i + 1, text, lead_department_id: d.leadDepartmentId, lead_person_id: d.leadPersonId ?? null, deadline: hasDate ? d.deadline! : null, deadline_working_days: hasDays ? d.deadlineWorkingDays! : null, item_id: null };
    });
  }

  private async checkCategory(exec: Kysely<DB>, key: string) {
    if (!(await this.items.repo.category(exec, key))) throw bad(`督查类别无效：${key}`, 'category');
  }

  /** Drafts the week's list (the current week unless another, later one is named). */
  async create(actor: Actor, input: ListInput): Promise<string> {
    if (!isOffice(actor)) throw forbidden('一周工作指令由总经办起草');
    const current = isoWeekOf(this.today());
    const week = input.week ?? current;
    const monday = weekStart(week);
    if (!monday) throw bad('周次格式应为 2026-W48', 'week');
    if (week < current) throw bad(`${week} 已经过去`, 'week');
    const id = newId();
    return this.db.transaction().execute(async (trx) => {
      const category = input.category ?? DEFAULT_DIRECTIVE_CATEGORY;
      await this.checkCategory(trx, category);
      const rows = await this.directiveRows(trx, id, input.directives);
      const at = nowIso();
      const [y, w] = week.split('-W');
      const ok = await this.repo.insertList(trx, {
        id,
        week,
        week_start: monday,
        title: input.title?.trim() || `一周工作指令（${y}年第${Number(w)}周）`,
        category,
        meeting_note: input.meetingNote?.trim() ?? '',
        state: 'draft',
        drafted_by: actor.id,
        drafted_by_name: actor.name,
        submitted_at: null,
        approved_by: null,
        approved_by_name: null,
        approved_at: null,
        opinion: null,
        issued_by: null,
        issued_at: null,
        created_at: at,
        updated_at: at,
        version: 1,
      });
      if (!ok) throw new AppError('conflict', `${week} 的一周工作指令已经起草`, { field: 'week', week });
      await this.repo.replaceDirectives(trx, id, rows);
      await this.ctx.audit.record(trx, actor, 'supervision.directives.create', { recordType: DIRECTIVE_LIST, recordId: id }, 'ok', { week, directives: rows.length });
      return id;
    });
  }

  /** Edits a draft (its title, note and directives), with the version read. */
  async edit(actor: Actor, id: string, input: Omit<ListInput, 'week'> & { version: number }) {
    if (!isOffice(actor)) throw forbidden('一周工作指令由总经办起草');
    await this.db.transaction().execute(async (trx) => {
      const list = await this.repo.list(trx, id);
      if (!list) throw notFound('一周工作指令');
      if (list.version !== input.version) throw staleVersion();
      if (list.state !== 'draft') throw new AppError('conflict', '只有起草中的指令可以修改', { state: list.state });
      if (input.category) await this.checkCategory(trx, input.category);
      const rows = await this.directiveRows(trx, id, input.directives);
      const patch: Partial<SupervisionDirectiveListTable> = { ...(input.title?.trim() && { title: input.title.trim() }), ...(input.meetingNote !== undefined && { meeting_note: input.meetingNote.trim() }), ...(input.category && { category: input.category }) };
      if (!(await this.repo.updateList(trx, id, input.version, patch))) throw staleVersion();
      await this.repo.replaceDirectives(trx, id, rows);
      await this.ctx.audit.record(trx, actor, 'supervision.directives.edit', { recordType: DIRECTIVE_LIST, recordId: id }, 'ok', { directives: rows.length });
    });
  }

  /** submit / approve / return / issue, as the list's workflow allows this caller now. */
  async act(actor: Actor, id: string, req: { action: string; version: number; opinion?: string | null }) {
    this.guard(actor);
    await this.db.transaction().execute(async (trx) => {
      const list = await this.repo.list(trx, id);
      if (!list) throw notFound('一周工作指令');
      if (list.version !== req.version) throw staleVersion();
      const d = decide(DIRECTIVE_LIST_WORKFLOW, list.state, req.action, standingOnList(actor), { opinion: req.opinion });
      if (!d.ok) {
        if (d.reason === 'unknown_action') throw bad(`未知操作：${req.action}`, 'action');
        if (d.reason === 'wrong_state') throw new AppError('conflict', `当前状态（${DIRECTIVE_LIST_WORKFLOW.states[list.state].zh}）不能执行此操作`, { state: list.state, action: req.action });
        if (d.reason === 'not_allowed') throw forbidden(req.action === 'approve' || req.action === 'return' ? '一周工作指令由总经理审批' : '您不能执行此操作');
        throw new AppError('unprocessable', `缺少必填内容：${d.missing!.join('、')}`, { missing: d.missing });
      }
      const at = nowIso();
      const patch: Partial<SupervisionDirectiveListTable> = { state: d.to as DirectiveListState };
      if (req.action === 'submit') patch.submitted_at = at;
      if (req.action === 'approve') Object.assign(patch, { approved_by: actor.id, approved_by_name: actor.name, approved_at: at, opinion: req.opinion ?? null });
      if (req.action === 'return') Object.assign(patch, { opinion: req.opinion ?? null });
      if (req.action === 'issue') Object.assign(patch, { issued_by: actor.id, issued_at: at });
      if (!(await this.repo.updateList(trx, id, list.version, patch))) throw staleVersion();
      if (req.action === 'issue') await this.issueItems(trx, actor, { ...list, ...patch });
      await this.ctx.audit.record(trx, actor, `supervision.directives.${req.action}`, { recordType: DIRECTIVE_LIST, recordId: id }, 'ok', { from: list.state, to: d.to });
      const gms = req.action === 'submit' ? await this.repo.holdersOf(trx, 'gm') : req.action === 'return' ? [list.drafted_by] : [];
      if (gms.length) await this.ctx.notify.notify(trx, { personIds: gms, kind: `supervision.directives.${req.action}`, title: `${DIRECTIVE_LIST_WORKFLOW.actions.find((a) => a.key === req.action)!.label.zh}：${list.title}`, body: req.opinion ?? undefined, recordType: DIRECTIVE_LIST, recordId: id, link: `/supervision/directives/${id}` });
    });
  }

  /**
   * One item per directive, opened, registered and handed to its unit, in the issuing transaction,
   * through the core's set-based bulk path (500 directives: a few dozen statements, not thousands).
   * Idempotent on (weekly_directive, list, index): issuing again finds the same items, and only an
   * item still waiting to be handed over is handed over.
   */
  async issueItems(trx: Kysely<DB>, actor: Actor, list: SupervisionDirectiveListTable): Promise<string[]> {
    const directives = await this.repo.directives(trx, list.id);
    const { ids, created } = await this.items
      .createItemsBulk(
        trx,
        actor,
        { source: { type: 'weekly_directive', id: list.id }, category: list.category, assignedById: list.approved_by, transfer: { noticePrefix: '一周工作指令' } },
        directives.map((d) => ({
          index: d.idx,
          title: titleOf(d.text),
          requirement: d.text,
          leadDepartmentId: d.lead_department_id,
          leadPersonId: d.lead_person_id,
          ...(d.deadline ? { deadline: d.deadline } : { deadlineWorkingDays: d.deadline_working_days ?? undefined }),
        })),
      )
      .catch((err: unknown) => {
        // Name the directive whose item could not be made (a date that passed between drafting and issuing).
        const idx = err instanceof AppError ? Number(err.details.index) : NaN;
        if (err instanceof AppError && err.code === 'validation_failed' && Number.isInteger(idx)) {
          const { index: _index, ...details } = err.details;
          throw new AppError('validation_failed', `第 ${idx} 项指令：${err.message}`, { ...details, field: `directives[${idx - 1}].${String(err.details.field ?? '')}` });
        }
        throw err;
      });
    // An item made before but not yet handed over (an interrupted issue) is handed over now.
    const fresh = new Set(created);
    for (const id of ids) {
      if (fresh.has(id)) continue;
      const item = await this.items.repo.byId(trx, id);
      if (item && item.state === 'registered') {
        const after = await applyItemAction(this.ctx, this.items.repo, trx, item, actor, { roles: actor.roles, relations: ['office'] }, { action: 'transfer', version: item.version, input: {} });
        await this.items.tellReaders(trx, after, await this.items.unitPeople(trx, after), 'supervision.transfer', `一周工作指令：${after.title}`, `督办编号 ${itemNumber(after.year, after.serial)}，办理期限 ${after.deadline}`);
      }
    }
    if (directives.some((d, i) => d.item_id !== ids[i])) await this.repo.linkItems(trx, list.id);
    return ids;
  }

  /** The 指令落实情况 of an issued list as of today (or the given day): the page, .xlsx and .docx. */
  async report(actor: Actor, id: string, asOf?: string): Promise<DirectiveReport> {
    this.guard(actor);
    const list = await this.repo.list(this.db, id);
    if (!list) throw notFound('一周工作指令');
    if (list.state !== 'issued') throw new AppError('conflict', '指令尚未下达，没有落实情况', { state: list.state });
    if (asOf !== undefined && !isRealDate(asOf)) throw bad('日期无效', 'asOf');
    return compileDirectiveReport(this.repo, this.db, list, asOf ?? this.today(), this.ctx.config.tzCompany, nowIso());
  }

  /** Compiles now and sends it to the GM (on demand, by the office); kept as sent. */
  async compileAndSend(actor: Actor, id: string): Promise<DirectiveReport> {
    if (!isOffice(actor)) throw forbidden('指令落实情况由总经办报送');
    return this.db.transaction().execute(async (trx) => {
      const list = await this.repo.list(trx, id);
      if (!list) throw notFound('一周工作指令');
      if (list.state !== 'issued') throw new AppError('conflict', '指令尚未下达，没有落实情况', { state: list.state });
      const report = (await this.store(trx, list, null, actor.id, new Date()))!;
      await this.ctx.audit.record(trx, actor, 'supervision.directives.report', { recordType: DIRECTIVE_LIST, recordId: id }, 'ok', { week: list.week, counts: report.counts });
      return report;
    });
  }

  /** Compiles, stores under `slotKey` (null: on demand) and tells the GM; null when the slot had its report. */
  private async store(trx: Kysely<DB>, list: SupervisionDirectiveListTable, slotKey: string | null, by: string, now: Date): Promise<DirectiveReport | null> {
    const report = await compileDirectiveReport(this.repo, trx, list, this.today(now), this.ctx.config.tzCompany, now.toISOString());
    if (!(await this.repo.insertReport(trx, { id: newId(), list_id: list.id, week: list.week, slot_key: slotKey, compiled_at: report.compiledAt, compiled_by: by, data: JSON.stringify(report) }))) return null;
    const c = report.counts;
    const gms = [...new Set([...(await this.repo.holdersOf(trx, 'gm')), ...(list.approved_by ? [list.approved_by] : [])])];
    await this.ctx.notify.notify(trx, { personIds: gms, kind: 'supervision.directives.report', title: `指令落实情况：${list.title}`, body: `共 ${c.total} 项：已完成 ${c.done} 项，正常推进 ${c.on_track} 项，超期 ${c.late} 项`, recordType: DIRECTIVE_LIST, recordId: list.id, link: `/supervision/directives/${list.id}/report` });
    return report;
  }

  // --- the Saturday job ---

  registerJob() {
    this.ctx.jobs.register(DIRECTIVE_REPORT_JOB, async (payload: { week: string }, run) => {
      const now = new Date();
      await this.runWeekly(run.trx, payload.week, now);
      await this.scheduleNext(run.trx, now);
    });
  }

  /**
   * The week's scheduled report: compiled once per week (the slot key 'weekly:<week>' holds it,
   * whatever instance, retry or second slot ran it). Returns the report, or null when the week has
   * no issued list or its report went out already.
   */
  async runWeekly(trx: Kysely<DB>, week: string, now: Date): Promise<DirectiveReport | null> {
    const list = await this.repo.byWeek(trx, week);
    if (!list || list.state !== 'issued') return null;
    return this.store(trx, list, `weekly:${week}`, 'system', now);
  }

  async schedule(exec: Kysely<DB> = this.db): Promise<ReportSchedule> {
    const row = await exec.selectFrom('settings').select('value').where('key', '=', REPORT_SCHEDULE_KEY).executeTakeFirst();
    if (!row) return DEFAULT_REPORT_SCHEDULE;
    try {
      return validateSchedule(JSON.parse(row.value));
    } catch {
      return DEFAULT_REPORT_SCHEDULE; // a broken setting must not stop the weekly report
    }
  }

  async setSchedule(actor: Actor, input: ReportSchedule) {
    const value = JSON.stringify(validateSchedule(input));
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('settings').values({ key: REPORT_SCHEDULE_KEY, value, updated_at: nowIso() }).onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: nowIso() })).execute();
      await this.ctx.audit.record(trx, actor, 'supervision.settings.directive_report', {}, 'ok', { ...input });
      await this.scheduleNext(trx);
    });
  }

  /** Keeps the next report slot scheduled; the slot's key makes scheduling it again harmless. */
  async scheduleNext(exec: Kysely<DB> | undefined, now: Date = new Date()) {
    const { week, runAt } = nextReportSlot(now, this.ctx.config.tzCompany, await this.schedule(exec ?? this.db));
    await this.ctx.jobs.schedule(DIRECTIVE_REPORT_JOB, { week }, { singletonKey: `${DIRECTIVE_REPORT_JOB}:${runAt.toISOString()}`, runAt }, exec);
  }
}

export function validateSchedule(s: unknown): ReportSchedule {
  const v = s as ReportSchedule;
  if (!v || !Number.isInteger(v.weekday) || v.weekday < 1 || v.weekday > 7) throw bad('星期应为 1（周一）至 7（周日）', 'weekday');
  if (typeof v.time !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(v.time)) throw bad('时间格式应为 HH:MM', 'time');
  return { weekday: v.weekday, time: v.time };
}

