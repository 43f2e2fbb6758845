// 督查督办: registering items from any source (三 5.32), the two procedures through one runner,
// progress reports from the units, chases (5.1), checks, completion reports (5.33 结报反馈),
// extension requests, and decomposition into sub-items (3.32) whose progress makes the parent's.
import type { Kysely } from 'kysely';
import { CHECK_ACTIONS, CLOSED_STATES, COMPLETION_REPORT_ACTIONS, DONE_STATES, supervisionWorkflow, WORKING_STATES, type SupervisionProcedure } from '../../../common/workflow/supervision.workflow.js';
import { isClassified } from '../../../common/classification.js';
import { capabilitiesOf } from '../../../common/roles.js';
import type { Standing } from '../../../common/workflow/workflow.js';
import type { Actor } from '../../platform/access/actor.js';
import { assertMayClassify } from '../../platform/access/policy.js';
import { isRealDate, todayIn } from '../../platform/calendar/work-calendar.js';
import type { AppContext } from '../../platform/context.js';
import type { DB, SupervisionItemTable } from '../../platform/db/schema.js';
import { nextInSequence } from '../../platform/db/sequence.js';
import { attachmentReadableFilter, registerAttachmentOwner } from '../../platform/files/attachment-owners.js';
import { AttachmentRepository } from '../../platform/files/attachment.repository.js';
import { AppError, forbidden, notFound, staleVersion } from '../../platform/errors.js';
import { newId, nowIso } from '../../platform/ids.js';
import { locateDocument } from '../documents/index.js';
import { isOffice, ITEM_COLUMNS, itemReadable, standingOf, SUPERVISION_ITEM } from './supervision.access.js';
import type { Names } from './supervision.presenter.js';
import { SupervisionRepository, type Subject } from './supervision.repository.js';
import { indexItems, itemNumber } from './supervision.search.js';
import { applyItemAction, type ItemActionRequest } from './supervision.workflow-runner.js';
import { SupervisionStatistics } from './statistics/statistics.service.js';

/** Where an item comes from (三 5.32: 信息、信访、调研 besides instructions, meetings and documents). */
export const SOURCE_TYPES = ['leader_instruction', 'meeting_decision', 'incoming_document', 'weekly_directive', 'central_work', 'petition', 'information', 'investigation', 'other'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];
export const MODES = ['general', 'special', 'group', 'by_level', 'leader_in_person'] as const;
export type SupervisionMode = (typeof MODES)[number];
export const PRIORITIES = ['normal', 'high', 'urgent'] as const;

export interface NewItemInput {
  procedure?: SupervisionProcedure;
  /** The origin; (type, id, index) is unique, so creating from the same origin again returns the first item. */
  source: { type: SourceType; id?: string | null; index?: number };
  category: string;
  title: string;
  requirement?: string;
  /** The assigning leader; a leader registering for themselves may leave it out. */
  assignedById?: string | null;
  leadDepartmentId?: string | null;
  leadPersonId?: string | null;
  coUnits?: { departmentId: string; personId?: string | null }[];
  /** A date (YYYY-MM-DD) or a number of working days from today on the holiday calendar. */
  deadline?: string;
  deadlineWorkingDays?: number;
  milestones?: { title: string; date: string }[];
  priority?: (typeof PRIORITIES)[number];
  mode?: SupervisionMode;
  /** 督查组 members (mode group). */
  groupMemberIds?: string[];
  classification?: number;
  /** Named readers (知悉范围) besides those the item concerns. */
  scope?: Subject[];
  parentId?: string | null;
}

/** One item of a bulk from one source (a weekly directive list): its index in the source and its fields. */
export interface BulkItemInput {
  index: number;
  title: string;
  requirement: string;
  leadDepartmentId: string;
  leadPersonId?: string | null;
  deadline?: string;
  deadlineWorkingDays?: number;
}

export interface ProgressInput {
  text: string;
  percent?: number;
  attachmentIds?: string[];
}

const WORKFLOW_SCOPE = 'workflow';

/** Published when an item is filed (立卷) and becomes an archive candidate. */
export const SUPERVISION_ITEM_FILED = 'supervision.item_filed';
export interface ItemFiledPayload extends Record<string, unknown> {
  itemId: string;
  number: string;
  title: string;
  year: number;
  classification: number;
  filedAt: string;
}

export { itemNumber };
export const sequenceKey = (year: number) => `supervision:${year}`;

const bad = (message: string, field: string) => new AppError('validation_failed', message, { field });

/**
 * A report's files belong to the item: readable exactly as the item is (itemReadable, within the
 * reader's ceiling), whatever its level. Registered once per process (idempotent).
 */
export function registerItemAttachments() {
  registerAttachmentOwner({ recordType: SUPERVISION_ITEM, table: 'supervision_items', alias: 'i', columns: ITEM_COLUMNS, readable: itemReadable });
}

export class SupervisionService {
  readonly repo: SupervisionRepository;
  private readonly db: Kysely<DB>;

  constructor(private readonly ctx: AppContext) {
    this.db = ctx.database.db;
    this.repo = new SupervisionRepository(this.db);
    registerItemAttachments();
  }

  readable(actor: Actor) {
    return itemReadable(this.db, actor);
  }

  today(now: Date = new Date()) {
    return todayIn(this.ctx.config.tzCompany, now);
  }

  /**
   * The last day an open item counts as due soon: the office's setting (N working days on the
   * holiday calendar, 设置 → 看板), the same rule as the board's due_soon, so lists, the item page
   * and the board colour an item alike. 0 days: only today.
   */
  async dueSoonBy(today: string = this.today()): Promise<string> {
    const days = await new SupervisionStatistics(this.ctx).dueSoonDays();
    return days > 0 ? this.ctx.calendar.addWorkingDays(today, days) : today;
  }

  /**
   * Runs `fn` in a transaction on the item, if the caller may read it (else 404, exactly like a
   * missing one). The readable filter is built before the transaction: it may read the caller's
   * departments, and on SQLite a query outside the transaction's connection would wait forever.
   */
  private async onItem<T>(actor: Actor, id: string, fn: (trx: Kysely<DB>, item: SupervisionItemTable) => Promise<T>): Promise<T> {
    const readable = await this.readable(actor);
    return this.db.transaction().execute(async (trx) => {
      const item = await this.repo.findReadable(id, readable, trx);
      if (!item) throw notFound('督办事项');
      return fn(trx, item);
    });
  }

  /**
   * Creates an item in the caller's transaction and returns its id; `created` is false when the
   * source (type, id, index) had an item already, which is then returned unchanged. Bad input
   * throws before anything is written. A person must give a unit and a deadline not in the past;
   * the system (an event) may leave the unit to the office's 立项 and falls back to the category's
   * default deadline.
   */
  async createItem(trx: Kysely<DB>, actor: Actor, input: NewItemInput): Promise<{ id: string; created: boolean }> {
    const system = actor.via === 'system';
    const sourceId = input.source.id ?? null;
    const sourceIndex = input.source.index ?? 0;
    if (!SOURCE_TYPES.includes(input.source.type)) throw bad('督办来源无效', 'source');
    if (sourceId) {
      const existing = await this.repo.bySource(trx, input.source.type, sourceId, sourceIndex);
      if (existing) return { id: existing.id, created: false };
    }
    const checked = await this.checkNew(trx, actor, input);
    const year = Number(this.today().slice(0, 4));
    // On PostgreSQL the sequence row is locked until commit, so concurrent creators of the same
    // source queue here; the one that comes second finds the first's item and gives its number back.
    const serial = await nextInSequence(trx, sequenceKey(year));
    if (sourceId) {
      const existing = await this.repo.bySource(trx, input.source.type, sourceId, sourceIndex);
      if (existing) {
        await this.repo.releaseSerial(trx, sequenceKey(year));
        return { id: existing.id, created: false };
      }
    }
    const procedure = input.procedure ?? 'assigned';
    const def = supervisionWorkflow(procedure);
    const at = nowIso();
    const id = newId();
    const row: SupervisionItemTable = {
      id,
      year,
      serial,
      procedure,
      state: def.initial,
      round: 1,
      source_type: input.source.type,
      source_id: sourceId,
      source_index: sourceIndex,
      category: input.category,
      title: input.title.trim(),
      requirement: input.requirement?.trim() ?? '',
      assigned_by: checked.assignedBy,
      lead_department_id: input.leadDepartmentId ?? null,
      lead_person_id: input.leadPersonId ?? null,
      deadline: checked.deadline,
      original_deadline: checked.deadline,
      milestones: JSON.stringify(input.milestones ?? []),
      priority: input.priority ?? 'normal',
      mode: input.mode ?? 'general',
      classification: checked.classification,
      parent_id: input.parentId ?? null,
      progress: 0,
      completed_at: null,
      archive_candidate: 0,
      data: '{}',
      created_by: actor.id,
      created_at: at,
      updated_at: at,
      version: 1,
    };
    await this.repo.insertItem(trx, row);
    await this.setPeople(trx, row, input, checked.parent);
    await this.repo.addStep(trx, { itemId: id, round: 1, action: 'create', fromState: null, toState: def.initial, actorId: actor.id, actorName: actor.name, data: { source: input.source, category: input.category } });
    await this.ctx.audit.record(trx, actor, 'supervision.create', { recordType: SUPERVISION_ITEM, recordId: id }, 'ok', { source: input.source, number: itemNumber(year, serial) });
    // The office registering with the unit known has opened and registered it in one go (立项, 登记).
    let item = row;
    if (!system && isOffice(actor) && row.lead_department_id) {
      const standing: Standing = { roles: actor.roles, relations: ['office'] };
      for (const action of procedure === 'assigned' ? ['open', 'register'] : ['open']) {
        item = await applyItemAction(this.ctx, this.repo, trx, item, actor, standing, { action, version: item.version, input: { leadDepartmentId: row.lead_department_id } }, {}, false);
      }
    }
    if (row.parent_id) await this.recomputeProgress(trx, row.parent_id);
    await indexItems(this.ctx.search, trx, [id]);
    return { id, created: true };
  }

  /**
   * The office opens many items of one source at once (五 5.12: a week's directives), exactly as
   * createItem followed by 立项, 登记 and (with `transfer`) 转办 would — the same rows, trail steps,
   * reading scope, index entries and notifications to the units — but set-based: the numbers are a
   * block of the year's gap-free counter, the rows go in with multi-row inserts, and readers are
   * judged once per person. Idempotent on (source, index): indexes that have an item already are
   * left as they are. Bad input throws (details.index names the input) before anything is written.
   * Answers every input's item id in input order, and which of them were created now.
   */
  async createItemsBulk(
    trx: Kysely<DB>,
    actor: Actor,
    common: { source: { type: SourceType; id: string }; category: string; assignedById: string | null; transfer: false | { noticePrefix: string } },
    inputs: BulkItemInput[],
  ): Promise<{ ids: string[]; created: string[] }> {
    if (!isOffice(actor)) throw forbidden('只有总经办可以批量立项');
    if (!SOURCE_TYPES.includes(common.source.type)) throw bad('督办来源无效', 'source');
    if (!(await this.repo.category(trx, common.category))) throw bad(`督查类别无效：${common.category}`, 'category');
    const at = (index: number, err: unknown) => (err instanceof AppError ? new AppError(err.code, err.message, { ...err.details, index }) : err);
    const deadlines = inputs.map((x) => {
      if (!x.title?.trim()) throw at(x.index, bad('请填写督办事项', 'title'));
      try {
        return this.deadlineOf(x, null);
      } catch (err) {
        throw at(x.index, err);
      }
    });
    const deptIds = [...new Set(inputs.map((x) => x.leadDepartmentId))];
    const known = new Set((await this.repo.departments(trx, deptIds)).map((d) => d.id));
    const unknownDept = inputs.find((x) => !known.has(x.leadDepartmentId));
    if (unknownDept) throw at(unknownDept.index, bad('单位不存在', 'leadDepartmentId'));
    const personIds = [...new Set([common.assignedById, ...inputs.map((x) => x.leadPersonId)].filter((x): x is string => !!x))];
    const active = new Set((await this.repo.people(trx, personIds)).filter((p) => p.status === 'active').map((p) => p.id));
    if (common.assignedById && !active.has(common.assignedById)) throw bad('人员不存在或已停用', 'assignedById');
    const inactive = inputs.find((x) => x.leadPersonId && !active.has(x.leadPersonId));
    if (inactive) throw at(inactive.index, bad('人员不存在或已停用', 'leadPersonId'));

    const year = Number(this.today().slice(0, 4));
    // The counter's row is locked first, so the existing items read next cannot be made meanwhile.
    await this.repo.lockSequence(trx, sequenceKey(year));
    const existing = new Map((await this.repo.bySourceIndexes(trx, common.source.type, common.source.id)).map((r) => [r.source_index, r]));
    const fresh = inputs.map((x, i) => ({ x, deadline: deadlines[i] })).filter(({ x }) => !existing.has(x.index));
    const ids = new Map<number, string>([...existing].map(([index, r]) => [index, r.id]));
    const created: SupervisionItemTable[] = [];
    if (fresh.length) {
      const first = await this.repo.takeSerials(trx, sequenceKey(year), fresh.length);
      const now = nowIso();
      const actions = common.transfer ? ['open', 'register', 'transfer'] : ['open', 'register'];
      const states = ['assigned', 'opened', 'registered', 'transferred'];
      for (const [n, { x, deadline }] of fresh.entries()) {
        const row: SupervisionItemTable = {
          id: newId(),
          year,
          serial: first + n,
          procedure: 'assigned',
          state: states[actions.length],
          round: 1,
          source_type: common.source.type,
          source_id: common.source.id,
          source_index: x.index,
          category: common.category,
          title: x.title.trim(),
          requirement: x.requirement.trim(),
          assigned_by: common.assignedById,
          lead_department_id: x.leadDepartmentId,
          lead_person_id: x.leadPersonId ?? null,
          deadline,
          original_deadline: deadline,
          milestones: '[]',
          priority: 'normal',
          mode: 'general',
          classification: 0,
          parent_id: null,
          progress: 0,
          completed_at: null,
          archive_candidate: 0,
          data: '{}',
          created_by: actor.id,
          created_at: now,
          updated_at: now,
          // createItem's row is version 1 and each action after it adds one.
          version: 1 + actions.length,
        };
        created.push(row);
        ids.set(x.index, row.id);
      }
      await this.repo.insertMany(trx, 'supervision_items', created);
      const participants = created.flatMap((r) => [
        ...(r.assigned_by ? [{ item_id: r.id, relation: 'assigner', subject_kind: 'person' as const, subject_id: r.assigned_by, created_at: now }] : []),
        { item_id: r.id, relation: 'handler', subject_kind: 'department' as const, subject_id: r.lead_department_id!, created_at: now },
        ...(r.lead_person_id ? [{ item_id: r.id, relation: 'handler', subject_kind: 'person' as const, subject_id: r.lead_person_id, created_at: now }] : []),
      ]);
      await this.repo.insertMany(trx, 'supervision_participants', participants);
      await this.repo.insertMany(trx, 'supervision_units', created.map((r) => ({ item_id: r.id, department_id: r.lead_department_id!, role: 'lead', person_id: r.lead_person_id })));
      // Directives are unclassified: their level alone makes them readable, so no reading scope (scopeParticipants).
      // The trail: create, then each action, as the runner records them.
      const steps = created.flatMap((r) => [
        { id: newId(), item_id: r.id, round: 1, action: 'create', from_state: null, to_state: 'assigned', actor_id: actor.id, actor_name: actor.name, opinion: null, data: JSON.stringify({ source: { type: r.source_type, id: r.source_id, index: r.source_index }, category: r.category }), at: now },
        ...actions.map((action, a) => ({ id: newId(), item_id: r.id, round: 1, action, from_state: states[a], to_state: states[a + 1], actor_id: actor.id, actor_name: actor.name, opinion: null, data: JSON.stringify(action === 'transfer' ? {} : { leadDepartmentId: r.lead_department_id }), at: now })),
      ]);
      await this.repo.insertMany(trx, 'supervision_steps', steps);
      await this.ctx.audit.recordMany(
        trx,
        actor,
        'supervision.create',
        created.map((r) => ({ target: { recordType: SUPERVISION_ITEM, recordId: r.id }, details: { source: { type: r.source_type, id: r.source_id, index: r.source_index }, number: itemNumber(r.year, r.serial), steps: actions, bulk: true } })),
      );
      await indexItems(this.ctx.search, trx, created.map((r) => r.id));
      if (common.transfer) await this.tellUnitsBulk(trx, created, common.transfer.noticePrefix);
    }
    return { ids: inputs.map((x) => ids.get(x.index)!), created: created.map((r) => r.id) };
  }

  /** 转办's notice to each new item's unit (heads and named person), readers judged once per person. */
  private async tellUnitsBulk(trx: Kysely<DB>, items: SupervisionItemTable[], prefix: string) {
    const heads = new Map<string, string[]>();
    for (const dept of new Set(items.map((i) => i.lead_department_id!))) heads.set(dept, await this.repo.headsOf(trx, [dept]));
    const wanted = new Map(items.map((i) => [i.id, [...new Set([...(heads.get(i.lead_department_id!) ?? []), ...(i.lead_person_id ? [i.lead_person_id] : [])])]]));
    const people = await this.repo.activePeopleWithRoles(trx, [...new Set([...wanted.values()].flat())]);
    const readable = new Map<string, Set<string>>();
    for (const p of people) {
      const who: Actor = { id: p.id, name: p.name, username: p.username, roles: p.roles, capabilities: capabilitiesOf(p.roles), clearance: p.clearance, departmentId: p.department_id, ip: '', via: 'session' };
      if (!who.capabilities.has('supervision.read')) continue;
      const mine = items.filter((i) => wanted.get(i.id)!.includes(p.id)).map((i) => i.id);
      readable.set(p.id, new Set(await this.repo.readableAmong(trx, mine, await itemReadable(trx, who))));
    }
    await this.ctx.notify.notifyMany(
      trx,
      items.map((item) => ({
        personIds: wanted.get(item.id)!.filter((pid) => readable.get(pid)?.has(item.id)),
        kind: 'supervision.transfer',
        title: `${prefix}：${item.title}`,
        body: `督办编号 ${itemNumber(item.year, item.serial)}，办理期限 ${item.deadline}`,
        recordType: SUPERVISION_ITEM,
        recordId: item.id,
        classification: item.classification,
        link: `/supervision/${item.id}`,
      })),
    );
  }

  private async checkNew(trx: Kysely<DB>, actor: Actor, input: NewItemInput) {
    const system = actor.via === 'system';
    if (!input.title?.trim()) throw bad('请填写督办事项', 'title');
    const category = await this.repo.category(trx, input.category);
    if (!category) throw bad(`督查类别无效：${input.category}`, 'category');
    if (input.mode && !MODES.includes(input.mode)) throw bad('督查方式无效', 'mode');
    if (input.priority && !PRIORITIES.includes(input.priority)) throw bad('优先级无效', 'priority');
    // An event's deadline is a fact of its source: a past one makes the item overdue from the start.
    const deadline = this.deadlineOf(input, system ? category.default_deadline_days : null, system);
    if (!input.leadDepartmentId && !system) throw bad('请指定主办单位', 'leadDepartmentId');
    const deptIds = [input.leadDepartmentId, ...(input.coUnits ?? []).map((u) => u.departmentId)].filter((x): x is string => !!x);
    if (new Set(deptIds).size !== deptIds.length) throw bad('主办单位与协办单位不能重复', 'coUnits');
    const known = new Set((await this.repo.departments(trx, deptIds)).map((d) => d.id));
    const unknownDept = deptIds.find((d) => !known.has(d));
    if (unknownDept) throw bad('单位不存在', input.leadDepartmentId === unknownDept ? 'leadDepartmentId' : 'coUnits');
    let assignedBy = input.assignedById ?? null;
    if (!assignedBy) {
      if (actor.roles.includes('gm') || actor.roles.includes('vice_gm')) assignedBy = actor.id;
      else if (system) assignedBy = await this.repo.firstGm(trx);
      else throw bad('请指定交办领导', 'assignedById');
    }
    const personIds = [assignedBy, input.leadPersonId, ...(input.coUnits ?? []).map((u) => u.personId), ...(input.groupMemberIds ?? [])].filter((x): x is string => !!x);
    const people = new Map((await this.repo.people(trx, personIds)).map((p) => [p.id, p]));
    for (const pid of personIds) if (people.get(pid)?.status !== 'active') throw bad('人员不存在或已停用', pid === assignedBy ? 'assignedById' : 'people');
    const scope = input.scope ?? [];
    const scopeDepts = scope.filter((x) => x.kind === 'department').map((x) => x.id);
    const scopePeople = scope.filter((x) => x.kind === 'person').map((x) => x.id);
    if ((await this.repo.departments(trx, scopeDepts)).length !== new Set(scopeDepts).size || (await this.repo.people(trx, scopePeople)).length !== new Set(scopePeople).size) throw bad('知悉范围中的单位或人员不存在', 'scope');
    if ((input.mode ?? 'general') === 'group' && !(input.groupMemberIds ?? []).length) throw bad('督查组方式须指定督查组成员', 'groupMemberIds');
    if (input.classification !== undefined && !system) assertMayClassify(actor, input.classification);
    const classification = Math.max(input.classification ?? 0, await this.sourceLevel(trx, actor, input.source));
    for (const m of input.milestones ?? []) if (!isRealDate(m.date) || !m.title?.trim()) throw bad('节点日期或名称无效', 'milestones');
    let parent: SupervisionItemTable | null = null;
    if (input.parentId) {
      parent = (await this.repo.byId(trx, input.parentId)) ?? null;
      if (!parent) throw notFound('上级督办事项');
    }
    return { deadline, assignedBy, parent, classification };
  }

  /**
   * The level an item must have at least because of its source: an incoming document's (the item
   * repeats its title and instruction, so it may not be read by anyone the document is kept from).
   * A person must be able to read the document they name; the documents module's own event carries
   * the document's level in its payload, so the system's items are judged there.
   */
  private async sourceLevel(trx: Kysely<DB>, actor: Actor, source: NewItemInput['source']): Promise<number> {
    if (source.type !== 'incoming_document' || !source.id || actor.via === 'system') return 0;
    const doc = await locateDocument(trx, actor, source.id);
    if (!doc || doc.direction !== 'incoming') throw bad('来源收文不存在或无权查看', 'source');
    return doc.classification;
  }

  /** The deadline from a date or N working days; refuses a past date and a missing one (unless a default applies). */
  deadlineOf(input: Pick<NewItemInput, 'deadline' | 'deadlineWorkingDays'>, defaultWorkingDays: number | null, allowPast = false): string {
    const today = this.today();
    if (input.deadline !== undefined && input.deadlineWorkingDays !== undefined) throw bad('办理期限只能给日期或工作日数之一', 'deadline');
    if (input.deadline !== undefined) {
      if (!isRealDate(input.deadline)) throw bad('办理期限不是有效日期', 'deadline');
      if (input.deadline < today && !allowPast) throw bad(`办理期限 ${input.deadline} 已过`, 'deadline');
      return input.deadline;
    }
    const n = input.deadlineWorkingDays ?? defaultWorkingDays;
    if (n === null || n === undefined) throw bad('请指定办理期限（日期或工作日数）', 'deadline');
    if (!Number.isInteger(n) || n < 1 || n > 750) throw bad('工作日数应在 1 至 750 之间', 'deadlineWorkingDays');
    return this.ctx.calendar.addWorkingDays(today, n);
  }

  /** Participants, units and the reading scope (the item's people read it even when classified). */
  private async setPeople(trx: Kysely<DB>, item: SupervisionItemTable, input: NewItemInput, parent: SupervisionItemTable | null) {
    if (item.assigned_by) await this.repo.addParticipants(trx, item.id, 'assigner', [{ kind: 'person', id: item.assigned_by }]);
    await this.setUnits(trx, item.id, item.lead_department_id, item.lead_person_id, input.coUnits ?? []);
    if (item.mode === 'group') await this.repo.addParticipants(trx, item.id, 'group', (input.groupMemberIds ?? []).map((id) => ({ kind: 'person' as const, id })));
    // 分级督查: the level above (the parent's lead unit) supervises the sub-item.
    if (item.mode === 'by_level' && parent?.lead_department_id) await this.repo.addParticipants(trx, item.id, 'supervisor', [{ kind: 'department', id: parent.lead_department_id }]);
    if (input.scope?.length) {
      await this.repo.addParticipants(trx, item.id, 'reader', input.scope);
      await this.ctx.scopes.add(trx, SUPERVISION_ITEM, item.id, 'named', input.scope);
    }
    await this.scopeParticipants(trx, item);
  }

  private async setUnits(trx: Kysely<DB>, itemId: string, leadDept: string | null, leadPerson: string | null, co: { departmentId: string; personId?: string | null }[]) {
    const lead: Subject[] = leadDept ? [{ kind: 'department', id: leadDept }] : [];
    if (leadPerson) lead.push({ kind: 'person', id: leadPerson });
    await this.repo.replaceParticipants(trx, itemId, 'handler', lead);
    await this.repo.replaceParticipants(trx, itemId, 'co_handler', co.flatMap((u) => [{ kind: 'department' as const, id: u.departmentId }, ...(u.personId ? [{ kind: 'person' as const, id: u.personId }] : [])]));
    await this.repo.replaceUnits(trx, itemId, [...(leadDept ? [{ departmentId: leadDept, role: 'lead' as const, personId: leadPerson }] : []), ...co.map((u) => ({ departmentId: u.departmentId, role: 'co' as const, personId: u.personId ?? null }))]);
  }

  /**
   * The item's people (and its registrar) in its reading scope, for a classified item: the policy
   * consults a reading scope only above INTERNAL (below, the level alone decides), and an item's
   * level is fixed when it is created. Writing the scope of every item would put each office member
   * in the scope of every item they registered, and the classified counts, which start from the
   * reader's scope rows, would reach all of those.
   */
  private async scopeParticipants(trx: Kysely<DB>, item: Pick<SupervisionItemTable, 'id' | 'created_by' | 'classification'>) {
    if (!isClassified(item.classification)) return;
    const parts = await this.repo.participants(trx, item.id);
    const subjects: Subject[] = parts.map((p) => ({ kind: p.subject_kind, id: p.subject_id }));
    if (item.created_by !== 'system') subjects.push({ kind: 'person', id: item.created_by });
    await this.ctx.scopes.add(trx, SUPERVISION_ITEM, item.id, WORKFLOW_SCOPE, subjects);
  }

  /** Registers an item through HTTP: its own transaction. */
  async register(actor: Actor, input: NewItemInput) {
    return this.db.transaction().execute((trx) => this.createItem(trx, actor, input));
  }

  async list(actor: Actor, q: { state?: string; departmentId?: string; leaderId?: string; sourceType?: string; mode?: string; category?: string; parentId?: string; overdue?: boolean; mine?: 'handler' | 'assigned'; limit: number; before?: string }) {
    const readable = await this.readable(actor);
    const notDone = [...new Set([...Object.keys(supervisionWorkflow('assigned').states), ...Object.keys(supervisionWorkflow('central').states)])].filter((s) => !DONE_STATES.has(s));
    const filter = {
      state: q.state,
      departmentId: q.departmentId,
      leaderId: q.leaderId,
      sourceType: q.sourceType,
      mode: q.mode,
      category: q.category,
      parentId: q.parentId,
      ...(q.overdue && { overdueOn: this.today(), notDoneStates: notDone }),
      ...(q.mine === 'handler' && { handledBy: { personId: actor.id, departmentId: actor.roles.includes('dept_head') ? actor.departmentId : null } }),
      ...(q.mine === 'assigned' && { assignedBy: actor.id }),
    };
    const [items, counts] = await Promise.all([this.repo.list({ ...filter, limit: q.limit, before: q.before }, readable), this.repo.countsByState({ ...filter, state: undefined }, readable)]);
    const total = q.state ? (counts[q.state] ?? 0) : Object.values(counts).reduce((a, b) => a + b, 0);
    return { items, total, counts };
  }

  /** The names the presenter shows for these items' units and people (two queries). */
  async namesFor(items: SupervisionItemTable[], extra: { departments?: (string | null)[]; people?: (string | null)[] } = {}): Promise<Names> {
    const deptIds = [...new Set([...items.map((i) => i.lead_department_id), ...(extra.departments ?? [])].filter((x): x is string => !!x))];
    const personIds = [...new Set([...items.flatMap((i) => [i.assigned_by, i.lead_person_id]), ...(extra.people ?? [])].filter((x): x is string => !!x))];
    const [depts, people] = await Promise.all([this.repo.departments(this.db, deptIds), this.repo.people(this.db, personIds)]);
    const d = new Map(depts.map((x) => [x.id, x.name]));
    const p = new Map(people.map((x) => [x.id, x.name]));
    return { dept: (id) => (id ? (d.get(id) ?? null) : null), person: (id) => (id ? (p.get(id) ?? null) : null) };
  }

  async detail(actor: Actor, id: string) {
    const readable = await this.readable(actor);
    const item = await this.repo.findReadable(id, readable, this.db);
    if (!item) throw notFound('督办事项');
    const [category, participants, units, steps, reports, checks, chases, extensions, children] = await Promise.all([
      this.repo.categoryAny(this.db, item.category),
      this.repo.participants(this.db, id),
      this.repo.units(this.db, id),
      this.repo.steps(this.db, id),
      this.repo.reports(this.db, id),
      this.repo.checks(this.db, id),
      this.repo.chases(this.db, id),
      this.repo.extensions(this.db, id),
      this.repo.list({ parentId: id, limit: 500 }, readable),
    ]);
    const names = await this.namesFor([item, ...children], { departments: units.map((u) => u.department_id), people: units.map((u) => u.person_id) });
    // Sub-items in the order they were made (the list answers newest first).
    return { item, names, category: category ?? null, participants, units, steps, reports, checks, chases, extensions, children: children.reverse(), standing: standingOf(actor, item, participants) };
  }

  /** A workflow action; the runner decides and records, this adds what the action means. */
  async act(actor: Actor, id: string, req: ItemActionRequest) {
    await this.onItem(actor, id, async (trx, item) => {
      const standing = standingOf(actor, item, await this.repo.participants(trx, id));
      const input = { ...req.input };
      const patch: Partial<SupervisionItemTable> = {};
      const children = await this.repo.children(trx, id);
      if (req.action === 'open') {
        if (input.leadDepartmentId === undefined) input.leadDepartmentId = item.lead_department_id;
        if (input.leadDepartmentId !== null && typeof input.leadDepartmentId !== 'string') throw bad('主办单位无效', 'leadDepartmentId');
        if (typeof input.leadDepartmentId === 'string' && input.leadDepartmentId !== item.lead_department_id) {
          if (!(await this.repo.departments(trx, [input.leadDepartmentId])).length) throw bad('单位不存在', 'leadDepartmentId');
          patch.lead_department_id = input.leadDepartmentId;
        }
      }
      if ((req.action === 'submit_result' || req.action === 're_submit_result') && children.some((c) => !DONE_STATES.has(c.state))) {
        throw new AppError('conflict', '子项尚未全部办结，不能报请检查', { pending: children.filter((c) => !DONE_STATES.has(c.state)).map((c) => c.id) });
      }
      if (CHECK_ACTIONS[req.action] === 'passed') {
        patch.completed_at = nowIso();
        if (!children.length) patch.progress = 100;
      }
      if (req.action === 'review_reopen' || req.action === 're_instruct') patch.completed_at = null;
      if (req.action === 'file') patch.archive_candidate = 1;
      // The category's report rhythm counts from the unit taking the work up (again).
      if (RHYTHM_STARTS.has(req.action)) patch.data = withData(item.data, { rhythmFrom: nowIso() });
      const after = await applyItemAction(this.ctx, this.repo, trx, item, actor, standing, { ...req, input }, patch);
      // 三 3.2: the category's standard names the steps an item must have had before it closes
      // (checked after the workflow's own refusals; throwing here rolls the action back).
      if (after.state === 'closed') {
        const missing = await this.missingRequiredSteps(trx, item);
        if (missing.length) throw new AppError('conflict', `尚缺必经环节：${missing.join('、')}`, { missing });
      }
      if (patch.lead_department_id) {
        await this.setUnits(trx, id, patch.lead_department_id, item.lead_person_id, (await this.repo.units(trx, id)).filter((u) => u.role === 'co').map((u) => ({ departmentId: u.department_id, personId: u.person_id })));
        await this.scopeParticipants(trx, item);
        await indexItems(this.ctx.search, trx, [id]);
      }
      const outcome = CHECK_ACTIONS[req.action];
      if (outcome) await this.repo.addCheck(trx, { itemId: id, round: after.round, outcome, reasons: String(input.reasons ?? req.opinion ?? ''), by: actor });
      if (COMPLETION_REPORT_ACTIONS.has(req.action)) await this.repo.addReport(trx, { itemId: id, round: after.round, kind: 'completion', departmentId: null, text: String(input.report), percent: null, attachmentIds: [], by: actor });
      await this.tell(trx, after, req.action);
      // 立卷: the item becomes an archive candidate (DESIGN.md §2), announced for an archives module.
      if (req.action === 'file') {
        const payload: ItemFiledPayload = { itemId: id, number: itemNumber(item.year, item.serial), title: item.title, year: item.year, classification: item.classification, filedAt: nowIso() };
        await this.ctx.events.publish(trx, { type: SUPERVISION_ITEM_FILED, sourceType: SUPERVISION_ITEM, sourceId: id, actorId: actor.id, payload });
      }
      if (item.parent_id) await this.recomputeProgress(trx, item.parent_id);
    });
  }

  /** Steps the item's category requires that its history lacks (trail actions, progress reports, chases). */
  async missingRequiredSteps(exec: Kysely<DB>, item: Pick<SupervisionItemTable, 'id' | 'category'>): Promise<string[]> {
    const category = await this.repo.categoryAny(exec, item.category);
    const required: string[] = category ? JSON.parse(category.required_steps) : [];
    if (!required.length) return [];
    const [steps, reports, chases] = await Promise.all([this.repo.steps(exec, item.id), this.repo.reports(exec, item.id), this.repo.chases(exec, item.id)]);
    const had = new Set(steps.map((x) => x.action));
    if (reports.some((r) => r.kind === 'progress')) had.add('report_progress');
    if (chases.length) had.add('chase');
    return required.filter((r) => !had.has(r));
  }

  /** Creates or edits a category and its standards (三 3.2); `version` is required to edit. */
  async saveCategory(actor: Actor, key: string, input: { name: { zh: string; en: string }; requiredSteps: string[]; reportEveryDays: number; defaultDeadlineDays: number; active?: boolean; version?: number }) {
    const known = new Set([...supervisionWorkflow('assigned').actions, ...supervisionWorkflow('central').actions].map((a) => a.key).concat(['report_progress', 'chase']));
    const unknown = input.requiredSteps.filter((x) => !known.has(x));
    if (unknown.length) throw new AppError('validation_failed', `未知环节：${unknown.join('、')}`, { field: 'requiredSteps', unknown });
    await this.db.transaction().execute(async (trx) => {
      const current = await this.repo.categoryAny(trx, key);
      const row = { name_zh: input.name.zh, name_en: input.name.en, required_steps: JSON.stringify([...new Set(input.requiredSteps)]), report_every_days: input.reportEveryDays, default_deadline_days: input.defaultDeadlineDays, active: input.active === false ? 0 : 1, updated_at: nowIso() };
      if (!current) {
        if (input.version !== undefined) throw notFound('督查类别');
        if (!(await this.repo.insertCategory(trx, { key, ...row, sort_order: 100, version: 1 }))) throw staleVersion();
      } else if (input.version === undefined || !(await this.repo.updateCategory(trx, key, input.version, row))) throw staleVersion();
      await this.ctx.audit.record(trx, actor, 'supervision.category.save', {}, 'ok', { key, ...input });
    });
  }

  /** Who hears of an action: the units when work reaches them, the leader when a report does. */
  private async tell(trx: Kysely<DB>, item: SupervisionItemTable, action: string) {
    const label = supervisionWorkflow(item.procedure).actions.find((a) => a.key === action)?.label.zh ?? action;
    let people: string[] = [];
    if (['transfer', 're_supervise', 'check_return', 're_check_return', 'review_reopen'].includes(action)) people = await this.unitPeople(trx, item);
    else if (COMPLETION_REPORT_ACTIONS.has(action) || action === 'submit' || action === 'instruct' || action === 're_instruct') people = action.includes('instruct') ? await this.officeOf(trx, item) : item.assigned_by ? [item.assigned_by] : [];
    else if (action === 'submit_result' || action === 're_submit_result') people = await this.supervisorsOf(trx, item);
    if (!people.length) return;
    await this.tellReaders(trx, item, people, `supervision.${action}`, `${label}：${item.title}`, `督办编号 ${itemNumber(item.year, item.serial)}，办理期限 ${item.deadline}`);
  }

  /**
   * Notifies those among `personIds` who may read the item, judged by the access policy in the
   * caller's transaction: a unit head without the clearance for a 机密 item is never told it exists.
   */
  async tellReaders(trx: Kysely<DB>, item: Pick<SupervisionItemTable, 'id' | 'classification'>, personIds: string[], kind: string, title: string, body?: string) {
    const ids = [...new Set(personIds)];
    if (!ids.length) return;
    const people = await this.repo.activePeopleWithRoles(trx, ids);
    const readers: string[] = [];
    for (const p of people) {
      const actor: Actor = { id: p.id, name: p.name, username: p.username, roles: p.roles, capabilities: capabilitiesOf(p.roles), clearance: p.clearance, departmentId: p.department_id, ip: '', via: 'session' };
      if (!actor.capabilities.has('supervision.read')) continue;
      if (await this.repo.findReadable(item.id, await itemReadable(trx, actor), trx)) readers.push(p.id);
    }
    if (!readers.length) return;
    await this.ctx.notify.notify(trx, { personIds: readers, kind, title, body, recordType: SUPERVISION_ITEM, recordId: item.id, classification: item.classification, link: `/supervision/${item.id}` });
  }

  /** Who inspects the result the unit submitted, as the mode says (三 3.34, 5.33). */
  private async supervisorsOf(trx: Kysely<DB>, item: SupervisionItemTable): Promise<string[]> {
    if (item.mode === 'leader_in_person') return item.assigned_by ? [item.assigned_by] : [];
    const parts = await this.repo.participants(trx, item.id);
    const group = item.mode === 'group' ? parts.filter((p) => p.relation === 'group').map((p) => p.subject_id) : [];
    const level = item.mode === 'by_level' ? await this.repo.headsOf(trx, parts.filter((p) => p.relation === 'supervisor' && p.subject_kind === 'department').map((p) => p.subject_id)) : [];
    return [...(await this.officeOf(trx, item)), ...group, ...level];
  }

  /** The office's person who registered the item (an event's item: the office's secretaries). */
  private async officeOf(trx: Kysely<DB>, item: SupervisionItemTable): Promise<string[]> {
    if (item.created_by !== 'system') return [item.created_by];
    return this.repo.peopleWithRoles(trx, ['secretary', 'office_director']);
  }

  /** The lead unit's head(s) and named person. */
  async unitPeople(exec: Kysely<DB>, item: Pick<SupervisionItemTable, 'lead_department_id' | 'lead_person_id'>): Promise<string[]> {
    const heads = item.lead_department_id ? await this.repo.headsOf(exec, [item.lead_department_id]) : [];
    return [...new Set([...heads, ...(item.lead_person_id ? [item.lead_person_id] : [])])];
  }

  /** The parent's progress is what its children imply, recomputed up the chain in the caller's transaction. */
  async recomputeProgress(trx: Kysely<DB>, parentId: string) {
    let id: string | null = parentId;
    for (let depth = 0; id && depth < 16; depth++) {
      await this.repo.lock(trx, id);
      const kids = await this.repo.children(trx, id);
      if (kids.length) await this.repo.setProgress(trx, id, impliedProgress(kids));
      id = (await this.repo.byId(trx, id))?.parent_id ?? null;
    }
  }

  /** 进展报告: the lead unit or a co-unit, while the units are at work. */
  async reportProgress(actor: Actor, id: string, input: ProgressInput) {
    await this.onItem(actor, id, async (trx, item) => {
      const { relations } = standingOf(actor, item, await this.repo.participants(trx, id));
      const lead = relations.includes('handler');
      if (!lead && !relations.includes('co_handler')) throw forbidden('只有承办单位可以报告办理进展');
      if (!WORKING_STATES.has(item.state)) throw new AppError('conflict', '当前环节不能报告进展', { state: item.state });
      const children = await this.repo.children(trx, id);
      if (input.percent !== undefined && children.length) throw new AppError('unprocessable', '有子项的事项，进度由子项推算', { field: 'percent' });
      const attachmentIds = [...new Set(input.attachmentIds ?? [])];
      await this.attachFiles(trx, actor, item, attachmentIds);
      // The unit the report speaks for: the lead unit, or the co-unit the caller heads or is named for.
      const co = (await this.repo.units(trx, id)).find((u) => u.role === 'co' && (u.person_id === actor.id || u.department_id === actor.departmentId));
      const unit = lead ? item.lead_department_id : (co?.department_id ?? actor.departmentId);
      await this.repo.addReport(trx, { itemId: id, round: item.round, kind: 'progress', departmentId: unit, text: input.text, percent: input.percent ?? null, attachmentIds, by: actor });
      if (lead && input.percent !== undefined) await this.repo.setProgress(trx, id, input.percent);
      await this.repo.setData(trx, id, withData(item.data, { rhythmFrom: nowIso() }));
      await this.ctx.audit.record(trx, actor, 'supervision.report_progress', { recordType: SUPERVISION_ITEM, recordId: id }, 'ok', { percent: input.percent ?? null });
      if (item.parent_id) await this.recomputeProgress(trx, item.parent_id);
    });
  }

  /**
   * Links the reporter's own uploads to the item: each then has the item's classification and is
   * read exactly by the item's readers. A file of another person, one already belonging to a
   * record, or one more secret than the item is refused (422) and nothing is linked.
   */
  private async attachFiles(trx: Kysely<DB>, actor: Actor, item: SupervisionItemTable, ids: string[]) {
    if (!ids.length) return;
    const files = await trx.selectFrom('attachments as a').select(['a.id', 'a.owner_id', 'a.record_type', 'a.classification', 'a.secrecy_term', 'a.version']).where('a.id', 'in', ids).where(await attachmentReadableFilter(trx, actor)).execute();
    if (files.length !== ids.length) throw new AppError('unprocessable', '附件不存在或无权使用', { field: 'attachmentIds' });
    for (const f of files) {
      if (f.owner_id !== actor.id) throw new AppError('unprocessable', '只能添加本人上传的附件', { field: 'attachmentIds', id: f.id });
      if (f.record_type !== null) throw new AppError('unprocessable', '该附件已属于其他记录，请重新上传', { field: 'attachmentIds', id: f.id });
      if (f.classification > item.classification) throw new AppError('unprocessable', '附件密级不得高于督办事项的密级', { field: 'attachmentIds', id: f.id, attachment: f.classification, item: item.classification });
    }
    const repo = new AttachmentRepository(trx);
    const at = nowIso();
    for (const f of files) {
      if (f.classification !== item.classification && !(await repo.setClassification(trx, f.id, f.version, item.classification, f.secrecy_term, at))) throw staleVersion();
      if (!(await repo.linkToRecord(trx, f.id, SUPERVISION_ITEM, item.id, at))) throw new AppError('conflict', '该附件刚被添加到其他记录', { field: 'attachmentIds' });
    }
  }

  /**
   * The office corrects what it registered (title, requirement, milestones, priority, the lead
   * unit's person, the co-units) until the item closes; the trail keeps what changed.
   */
  async edit(actor: Actor, id: string, input: { version: number; title?: string; requirement?: string; milestones?: { title: string; date: string }[]; priority?: (typeof PRIORITIES)[number]; leadPersonId?: string | null; coUnits?: { departmentId: string; personId?: string | null }[] }) {
    await this.onItem(actor, id, async (trx, item) => {
      const { relations } = standingOf(actor, item, await this.repo.participants(trx, id));
      if (!relations.includes('office')) throw forbidden('只有总经办可以修改督办事项');
      if (CLOSED_STATES.has(item.state)) throw new AppError('conflict', '已办结的事项不能修改', { state: item.state });
      if (item.version !== input.version) throw staleVersion();
      if (input.title !== undefined && !input.title.trim()) throw bad('请填写督办事项', 'title');
      for (const m of input.milestones ?? []) if (!isRealDate(m.date) || !m.title?.trim()) throw bad('节点日期或名称无效', 'milestones');
      const co = input.coUnits;
      if (co) {
        const deptIds = co.map((u) => u.departmentId);
        if (new Set(deptIds).size !== deptIds.length || (item.lead_department_id && deptIds.includes(item.lead_department_id))) throw bad('主办单位与协办单位不能重复', 'coUnits');
        if ((await this.repo.departments(trx, deptIds)).length !== deptIds.length) throw bad('单位不存在', 'coUnits');
      }
      const personIds = [input.leadPersonId, ...(co ?? []).map((u) => u.personId)].filter((x): x is string => !!x);
      const people = new Map((await this.repo.people(trx, personIds)).map((p) => [p.id, p]));
      for (const pid of personIds) if (people.get(pid)?.status !== 'active') throw bad('人员不存在或已停用', 'people');
      const patch: Partial<SupervisionItemTable> = {};
      if (input.title !== undefined) patch.title = input.title.trim();
      if (input.requirement !== undefined) patch.requirement = input.requirement.trim();
      if (input.milestones !== undefined) patch.milestones = JSON.stringify(input.milestones);
      if (input.priority !== undefined) patch.priority = input.priority;
      if (input.leadPersonId !== undefined) patch.lead_person_id = input.leadPersonId;
      if (!(await this.repo.update(trx, id, item.version, patch))) throw staleVersion();
      if (input.leadPersonId !== undefined || co) {
        const current = (await this.repo.units(trx, id)).filter((u) => u.role === 'co').map((u) => ({ departmentId: u.department_id, personId: u.person_id }));
        await this.setUnits(trx, id, item.lead_department_id, input.leadPersonId !== undefined ? input.leadPersonId : item.lead_person_id, co ?? current);
        await this.scopeParticipants(trx, item);
      }
      const changed = Object.keys(input).filter((key) => key !== 'version');
      await indexItems(this.ctx.search, trx, [id]);
      await this.repo.addStep(trx, { itemId: id, round: item.round, action: 'edit', fromState: item.state, toState: item.state, actorId: actor.id, actorName: actor.name, data: { changed } });
      await this.ctx.audit.record(trx, actor, 'supervision.edit', { recordType: SUPERVISION_ITEM, recordId: id }, 'ok', { changed });
    });
  }

  /** Manual 催办 with a note (三 5.1), by whoever supervises the item, while the units are at work. */
  async chase(actor: Actor, id: string, note: string) {
    await this.onItem(actor, id, async (trx, item) => {
      const { relations } = standingOf(actor, item, await this.repo.participants(trx, id));
      if (!relations.includes('supervisor') && !relations.includes('office')) throw forbidden('只有督办人可以催办');
      if (!WORKING_STATES.has(item.state)) throw new AppError('conflict', '只有办理中的事项可以催办', { state: item.state });
      const told = await this.unitPeople(trx, item);
      await this.repo.addChase(trx, { itemId: id, kind: 'manual', point: null, note, told, by: actor });
      await this.ctx.audit.record(trx, actor, 'supervision.chase', { recordType: SUPERVISION_ITEM, recordId: id });
      await this.tellReaders(trx, item, told, 'supervision.chase.manual', `催办：${item.title}`, note);
    });
  }

  /** The handler asks for a later deadline with a reason; one open request at a time. */
  async requestExtension(actor: Actor, id: string, input: { deadline: string; reason: string }) {
    return this.onItem(actor, id, async (trx, item) => {
      const { relations } = standingOf(actor, item, await this.repo.participants(trx, id));
      if (!relations.includes('handler')) throw forbidden('只有主办单位可以申请延期');
      if (CLOSED_STATES.has(item.state) || DONE_STATES.has(item.state)) throw new AppError('conflict', '已办结的事项不能延期', { state: item.state });
      if (!isRealDate(input.deadline)) throw bad('延期日期不是有效日期', 'deadline');
      if (input.deadline <= item.deadline || input.deadline < this.today()) throw new AppError('unprocessable', '延期日期须晚于现办理期限', { field: 'deadline', deadline: item.deadline });
      if ((await this.repo.extensions(trx, id)).some((e) => e.state === 'pending')) throw new AppError('conflict', '已有待审批的延期申请');
      const eid = await this.repo.addExtension(trx, { itemId: id, previousDeadline: item.deadline, requestedDeadline: input.deadline, reason: input.reason, by: actor });
      await this.ctx.audit.record(trx, actor, 'supervision.extension_request', { recordType: SUPERVISION_ITEM, recordId: id }, 'ok', { deadline: input.deadline });
      if (item.assigned_by) await this.tellReaders(trx, item, [item.assigned_by], 'supervision.extension', `延期申请：${item.title}`, `${item.deadline} → ${input.deadline}：${input.reason}`);
      return eid;
    });
  }

  /** The assigning leader approves (the deadline moves; the original one is kept) or refuses. */
  async decideExtension(actor: Actor, id: string, extensionId: string, input: { approve: boolean; note?: string; version: number }) {
    await this.onItem(actor, id, async (trx, item) => {
      const { relations } = standingOf(actor, item, await this.repo.participants(trx, id));
      if (!relations.includes('assigner')) throw forbidden('只有交办领导可以审批延期');
      if (CLOSED_STATES.has(item.state) || DONE_STATES.has(item.state)) throw new AppError('conflict', '已办结的事项不能延期', { state: item.state });
      if (item.version !== input.version) throw staleVersion();
      const ext = (await this.repo.extensions(trx, id)).find((e) => e.id === extensionId);
      if (!ext) throw notFound('延期申请');
      if (!(await this.repo.decideExtension(trx, id, extensionId, input.approve ? 'approved' : 'refused', input.note ?? null, actor))) throw new AppError('conflict', '该延期申请已审批');
      if (!(await this.repo.update(trx, id, item.version, input.approve ? { deadline: ext.requested_deadline } : {}))) throw staleVersion();
      await this.repo.addStep(trx, { itemId: id, round: item.round, action: input.approve ? 'extension_approved' : 'extension_refused', fromState: item.state, toState: item.state, actorId: actor.id, actorName: actor.name, opinion: input.note ?? null, data: { from: ext.previous_deadline, to: ext.requested_deadline } });
      await this.ctx.audit.record(trx, actor, `supervision.extension_${input.approve ? 'approve' : 'refuse'}`, { recordType: SUPERVISION_ITEM, recordId: id });
      await this.tellReaders(trx, item, [ext.requested_by], 'supervision.extension.decided', `延期申请${input.approve ? '已批准' : '未批准'}：${item.title}`);
    });
  }

  /** 分解 (三 3.32): sub-items with their own unit and deadline, under an item that is not done. */
  async addChildren(actor: Actor, parentId: string, children: Omit<NewItemInput, 'source' | 'category' | 'parentId' | 'procedure' | 'classification' | 'assignedById'>[]) {
    return this.onItem(actor, parentId, async (trx, parent) => {
      const { relations } = standingOf(actor, parent, await this.repo.participants(trx, parentId));
      if (!relations.includes('office') && !relations.includes('supervisor')) throw forbidden('只有督办人可以分解事项');
      if (DONE_STATES.has(parent.state) || CLOSED_STATES.has(parent.state)) throw new AppError('conflict', '已办结的事项不能再分解', { state: parent.state });
      const ids: string[] = [];
      // A sub-item of a 督查组 item is inspected by the same group unless it names its own.
      const group = (await this.repo.participants(trx, parentId)).filter((p) => p.relation === 'group').map((p) => p.subject_id);
      for (const c of children) {
        const { id } = await this.createItem(trx, actor, {
          ...c,
          mode: c.mode ?? parent.mode,
          groupMemberIds: c.groupMemberIds ?? group,
          source: { type: parent.source_type as SourceType, id: null },
          category: parent.category,
          parentId,
          classification: parent.classification,
          assignedById: parent.assigned_by,
        });
        ids.push(id);
      }
      return ids;
    });
  }
}

/** Actions after which the unit works on the item and its report rhythm starts. */
const RHYTHM_STARTS = new Set(['accept', 're_supervise', 'check_return', 're_check_return', 'review_reopen']);

export interface ItemData {
  /** When the category's report rhythm last started: the unit took the work up, or reported. */
  rhythmFrom?: string;
}

export function dataOf(item: Pick<SupervisionItemTable, 'data'>): ItemData {
  try {
    return JSON.parse(item.data) as ItemData;
  } catch {
    return {};
  }
}

const withData = (data: string, patch: ItemData) => JSON.stringify({ ...dataOf({ data }), ...patch });

/** A parent's progress: the mean of its children's, a checked child counting as 100 %. */
export function impliedProgress(children: Pick<SupervisionItemTable, 'state' | 'progress'>[]): number {
  if (!children.length) return 0;
  return Math.round(children.reduce((sum, c) => sum + (DONE_STATES.has(c.state) ? 100 : c.progress), 0) / children.length);
}
