// 协调 records (seed 三 2.1–2.14). A record is read by the office and the GM, the leader who decides
// it, the heads of the departments consulted and the readers the office names, within its
// classification and reading scope (coordination.access.ts); anyone else gets 404, as for a missing
// one, and is never notified of it. The
// approved result is sent to the departments (2.14) and its tasks become supervision items through
// the core's createItem (source other / this record / the task's number: approving is not repeated,
// and the same source never makes a second item).
import type { Kysely } from 'kysely';
import { capabilitiesOf } from '../../../../common/roles.js';
import { availableActions, decide, type Standing } from '../../../../common/workflow/workflow.js';
import type { Actor } from '../../../platform/access/actor.js';
import { assertMayClassify } from '../../../platform/access/policy.js';
import type { ScopeSubject } from '../../../platform/access/scope.repository.js';
import type { AppContext } from '../../../platform/context.js';
import type { DB, SupervisionCoordinationTable } from '../../../platform/db/schema.js';
import { AppError, forbidden, notFound, staleVersion } from '../../../platform/errors.js';
import { newId, nowIso } from '../../../platform/ids.js';
import { isOffice } from '../supervision.access.js';
import { COORDINATION, coordinationReadable, headOf, NAMED_SCOPE, seesAllCoordinations, WORKFLOW_SCOPE } from './coordination.access.js';
import type { SupervisionService } from '../supervision.service.js';
import { CoordinationRepository } from './coordination.repository.js';
import { COORDINATION_WORKFLOW, type CoordinationState } from './coordination.workflow.js';

export { COORDINATION };
/** The category an approved task's item takes unless the task names one: the leader's decision (批示督查). */
export const DEFAULT_TASK_CATEGORY = 'instruction';

export interface CoordinationTask {
  title: string;
  requirement?: string;
  leadDepartmentId: string;
  leadPersonId?: string | null;
  deadline?: string;
  deadlineWorkingDays?: number;
  category?: string;
}

const bad = (message: string, field: string) => new AppError('validation_failed', message, { field });

export class CoordinationService {
  readonly repo: CoordinationRepository;
  private readonly db: Kysely<DB>;

  constructor(
    private readonly ctx: AppContext,
    private readonly items: SupervisionService,
  ) {
    this.db = ctx.database.db;
    this.repo = new CoordinationRepository(this.db);
  }

  private standing(actor: Actor, row: SupervisionCoordinationTable): Standing {
    const relations: string[] = [];
    if (isOffice(actor)) relations.push('office');
    if (row.leader_id === actor.id) relations.push('leader');
    return { roles: actor.roles, relations };
  }

  /**
   * Runs `fn` in a transaction on the record and its departments if the caller may read it (else
   * 404). The filter is built before the transaction (on SQLite a read outside it would wait).
   */
  private async onRecord<T>(actor: Actor, id: string, fn: (trx: Kysely<DB>, r: { row: SupervisionCoordinationTable; departments: Awaited<ReturnType<CoordinationRepository['departments']>> }) => Promise<T>): Promise<T> {
    const readable = await coordinationReadable(this.db, actor);
    return this.db.transaction().execute(async (trx) => {
      const row = await this.repo.findReadable(trx, id, readable);
      if (!row) throw notFound('协调事项');
      return fn(trx, { row, departments: await this.repo.departments(trx, id) });
    });
  }

  async list(actor: Actor, q: { state?: string; limit: number; before?: string }) {
    return this.repo.list(q, await coordinationReadable(this.db, actor));
  }

  async detail(actor: Actor, id: string) {
    const row = await this.repo.findReadable(this.db, id, await coordinationReadable(this.db, actor));
    if (!row) throw notFound('协调事项');
    const [departments, notes, items, scope] = await Promise.all([this.repo.departments(this.db, id), this.repo.notes(this.db, id), this.repo.items(this.db, id), this.ctx.scopes.list(COORDINATION, id)]);
    const standing = this.standing(actor, row);
    const head = headOf(actor);
    const consulting = row.state === 'consulting';
    const named = isOffice(actor) ? scope.filter((x) => x.source === NAMED_SCOPE) : [];
    const [people, depts] = await Promise.all([
      this.items.repo.people(this.db, named.filter((x) => x.subject_kind === 'person').map((x) => x.subject_id)),
      this.items.repo.departments(this.db, named.filter((x) => x.subject_kind === 'department').map((x) => x.subject_id)),
    ]);
    const nameOf = new Map([...people, ...depts].map((x) => [x.id, x.name]));
    return {
      row,
      departments,
      notes,
      items,
      // The readers the office named (the office sees them to edit them).
      scope: named.map((x) => ({ kind: x.subject_kind as ScopeSubject['kind'], id: x.subject_id, name: nameOf.get(x.subject_id) ?? null })),
      abilities: availableActions(COORDINATION_WORKFLOW, row.state, standing),
      may: {
        addNote: isOffice(actor) && ['gathering', 'consulting'].includes(row.state),
        giveOpinion: consulting && (isOffice(actor) || (!!head && departments.some((d) => d.department_id === head))),
        // The office records an opinion given to it on a department's behalf; a head gives their own unit's.
        recordForDepartment: consulting && isOffice(actor),
        classify: isOffice(actor) && row.state !== 'closed',
      },
    };
  }

  async create(actor: Actor, input: { title: string; matter: string; leaderId: string; departmentIds: string[]; note?: string; classification?: number; scope?: ScopeSubject[] }): Promise<string> {
    if (!isOffice(actor)) throw forbidden('协调事项由总经办登记');
    const id = newId();
    const classification = input.classification ?? 0;
    assertMayClassify(actor, classification);
    await this.db.transaction().execute(async (trx) => {
      if (!input.title?.trim()) throw bad('请填写协调事项', 'title');
      if (!input.matter?.trim()) throw bad('请说明需协调的问题', 'matter');
      const deptIds = [...new Set(input.departmentIds ?? [])];
      if (!deptIds.length) throw bad('请列出需协调的部门', 'departmentIds');
      if ((await this.items.repo.departments(trx, deptIds)).length !== deptIds.length) throw bad('部门不存在', 'departmentIds');
      const leader = (await this.items.repo.activePeopleWithRoles(trx, [input.leaderId]))[0];
      if (!leader || !leader.roles.some((r) => r === 'gm' || r === 'vice_gm')) throw bad('审批领导应为总经理或副总经理', 'leaderId');
      await this.checkScope(trx, input.scope ?? []);
      const at = nowIso();
      await this.repo.insert(
        trx,
        { id, title: input.title.trim(), matter: input.matter.trim(), state: 'gathering', plan: '', agreed_opinion: '', tasks: '[]', leader_id: leader.id, leader_opinion: null, approved_at: null, classification, created_by: actor.id, created_by_name: actor.name, created_at: at, updated_at: at, version: 1 },
        deptIds,
      );
      // The record's own people read it at any level: the leader, the departments consulted (their
      // heads give opinions), the registrar; and whom the office names.
      await this.ctx.scopes.add(trx, COORDINATION, id, WORKFLOW_SCOPE, [{ kind: 'person', id: leader.id }, { kind: 'person', id: actor.id }, ...deptIds.map((d) => ({ kind: 'department' as const, id: d }))]);
      await this.ctx.scopes.add(trx, COORDINATION, id, NAMED_SCOPE, input.scope ?? []);
      if (input.note?.trim()) await this.repo.addNote(trx, id, input.note.trim(), actor);
      await this.ctx.audit.record(trx, actor, 'supervision.coordination.create', { recordType: COORDINATION, recordId: id }, 'ok', { departments: deptIds.length, classification });
    });
    return id;
  }

  private async checkScope(trx: Kysely<DB>, scope: ScopeSubject[]) {
    const depts = [...new Set(scope.filter((x) => x.kind === 'department').map((x) => x.id))];
    const people = [...new Set(scope.filter((x) => x.kind === 'person').map((x) => x.id))];
    if ((await this.items.repo.departments(trx, depts)).length !== depts.length || (await this.items.repo.people(trx, people)).length !== people.length) throw bad('知悉范围中的单位或人员不存在', 'scope');
  }

  /**
   * The office sets the record's classification and named readers (知悉范围) until it is closed; a
   * level no higher than the office person's own clearance. Those no longer admitted lose it at once.
   */
  async classify(actor: Actor, id: string, input: { version: number; classification: number; scope: ScopeSubject[] }) {
    if (!isOffice(actor)) throw forbidden('密级与知悉范围由总经办设定');
    assertMayClassify(actor, input.classification);
    await this.onRecord(actor, id, async (trx, { row }) => {
      if (row.state === 'closed') throw new AppError('conflict', '已办结的协调事项不能再修改', { state: row.state });
      if (row.version !== input.version) throw staleVersion();
      await this.checkScope(trx, input.scope);
      if (!(await this.repo.update(trx, id, row.version, { classification: input.classification }))) throw staleVersion();
      await this.ctx.scopes.replace(trx, COORDINATION, id, NAMED_SCOPE, input.scope);
      await this.ctx.audit.record(trx, actor, 'supervision.coordination.classify', { recordType: COORDINATION, recordId: id }, 'ok', { from: row.classification, to: input.classification, scope: input.scope.length });
    });
  }

  /**
   * Notifies those among `personIds` who may read the record, judged by coordinationReadable in the
   * caller's transaction: someone outside a classified record's scope is never told it exists.
   */
  private async tell(trx: Kysely<DB>, row: SupervisionCoordinationTable, personIds: string[], n: { kind: string; title: string; body?: string }) {
    const people = await this.items.repo.activePeopleWithRoles(trx, [...new Set(personIds)]);
    const readers: string[] = [];
    for (const p of people) {
      const who: Actor = { id: p.id, name: p.name, username: p.username, roles: p.roles, capabilities: capabilitiesOf(p.roles), clearance: p.clearance, departmentId: p.department_id, ip: '', via: 'session' };
      if (!who.capabilities.has('supervision.read')) continue;
      if (await this.repo.findReadable(trx, row.id, await coordinationReadable(trx, who))) readers.push(p.id);
    }
    if (!readers.length) return;
    await this.ctx.notify.notify(trx, { personIds: readers, ...n, recordType: COORDINATION, recordId: row.id, classification: row.classification, link: `/supervision/coordinations/${row.id}` });
  }

  /** 2.1–2.2: what the office found out, while it still gathers and consults. */
  async addNote(actor: Actor, id: string, text: string) {
    await this.onRecord(actor, id, async (trx, { row }) => {
      if (!isOffice(actor)) throw forbidden('情况记录由总经办填写');
      if (!['gathering', 'consulting'].includes(row.state)) throw new AppError('conflict', '协调意见已形成，不能再补充情况', { state: row.state });
      await this.repo.addNote(trx, id, text.trim(), actor);
      await this.ctx.audit.record(trx, actor, 'supervision.coordination.note', { recordType: COORDINATION, recordId: id });
    });
  }

  /** 2.6: a consulted department's opinion — given by its head, or recorded by the office (名 the department). */
  async giveOpinion(actor: Actor, id: string, input: { opinion: string; departmentId?: string }) {
    await this.onRecord(actor, id, async (trx, { row, departments }) => {
      const head = headOf(actor);
      const dept = input.departmentId ?? (isOffice(actor) ? undefined : head ?? undefined);
      if (!dept) throw bad('请指定部门', 'departmentId');
      if (!departments.some((d) => d.department_id === dept)) throw bad('该部门不在协调范围内', 'departmentId');
      if (!isOffice(actor) && dept !== head) throw forbidden('只能为本部门提出意见；其他部门的意见由该部门负责人提出或由总经办代为记录');
      if (row.state !== 'consulting') throw new AppError('conflict', '当前不在征求意见阶段', { state: row.state });
      await this.repo.setOpinion(trx, id, dept, input.opinion.trim(), actor);
      await this.ctx.audit.record(trx, actor, 'supervision.coordination.opinion', { recordType: COORDINATION, recordId: id }, 'ok', { departmentId: dept });
    });
  }

  private async checkTasks(trx: Kysely<DB>, tasks: CoordinationTask[]): Promise<CoordinationTask[]> {
    if (!Array.isArray(tasks)) throw bad('任务格式无效', 'tasks');
    if (tasks.length > 50) throw bad('任务至多 50 项', 'tasks');
    const known = new Set((await this.items.repo.departments(trx, [...new Set(tasks.map((t) => t.leadDepartmentId))])).map((d) => d.id));
    return Promise.all(
      tasks.map(async (t, i) => {
        const at = (f: string) => `tasks[${i}].${f}`;
        if (!t.title?.trim()) throw bad(`第 ${i + 1} 项任务没有名称`, at('title'));
        if (!known.has(t.leadDepartmentId)) throw bad(`第 ${i + 1} 项任务的主办单位不存在`, at('leadDepartmentId'));
        if (t.category && !(await this.items.repo.category(trx, t.category))) throw bad(`督查类别无效：${t.category}`, at('category'));
        try {
          this.items.deadlineOf(t, null);
        } catch (err) {
          if (err instanceof AppError) throw bad(`第 ${i + 1} 项任务：${err.message}`, at('deadline'));
          throw err;
        }
        return { ...t, title: t.title.trim() };
      }),
    );
  }

  async act(actor: Actor, id: string, req: { action: string; version: number; opinion?: string | null; input?: { plan?: string; agreedOpinion?: string; tasks?: CoordinationTask[] } }) {
    await this.onRecord(actor, id, async (trx, { row, departments }) => {
      if (row.version !== req.version) throw staleVersion();
      const input = req.input ?? {};
      const d = decide(COORDINATION_WORKFLOW, row.state, req.action, this.standing(actor, row), { ...input, opinion: req.opinion });
      if (!d.ok) {
        if (d.reason === 'unknown_action') throw bad(`未知操作：${req.action}`, 'action');
        if (d.reason === 'wrong_state') throw new AppError('conflict', `当前环节（${COORDINATION_WORKFLOW.states[row.state].zh}）不能执行此操作`, { state: row.state, action: req.action });
        if (d.reason === 'not_allowed') throw forbidden(req.action === 'approve' || req.action === 'return' ? '协调意见由审批领导批示' : '您不能执行此操作');
        throw new AppError('unprocessable', `缺少必填内容：${d.missing!.join('、')}`, { missing: d.missing });
      }
      const patch: Partial<SupervisionCoordinationTable> = { state: d.to as CoordinationState };
      if (req.action === 'consult') patch.plan = input.plan!.trim();
      if (req.action === 'agree') {
        // 2.6: the opinion goes up only once every department consulted has given its view.
        const missing = departments.filter((x) => !x.opinion);
        if (missing.length) throw new AppError('conflict', `尚未提出意见的部门：${missing.map((x) => x.department_name).join('、')}`, { missing: missing.map((x) => x.department_id) });
        patch.agreed_opinion = input.agreedOpinion!.trim();
        patch.tasks = JSON.stringify(await this.checkTasks(trx, input.tasks ?? []));
      }
      if (req.action === 'approve' || req.action === 'return') patch.leader_opinion = req.opinion ?? null;
      if (req.action === 'approve') patch.approved_at = nowIso();
      if (!(await this.repo.update(trx, id, row.version, patch))) throw staleVersion();
      if (req.action === 'approve') await this.carryOut(trx, actor, { ...row, ...patch } as SupervisionCoordinationTable, departments.map((x) => x.department_id));
      await this.ctx.audit.record(trx, actor, `supervision.coordination.${req.action}`, { recordType: COORDINATION, recordId: id }, 'ok', { from: row.state, to: d.to });
      if (req.action === 'submit') await this.tell(trx, row, [row.leader_id], { kind: 'supervision.coordination.submit', title: `协调意见待审批：${row.title}` });
      if (req.action === 'consult') {
        const heads = await this.items.repo.headsOf(trx, departments.map((x) => x.department_id));
        await this.tell(trx, row, heads, { kind: 'supervision.coordination.consult', title: `征求意见：${row.title}`, body: patch.plan });
      }
    });
  }

  /**
   * 2.14: the leader's decision goes to the departments consulted and to the units given tasks, and
   * each task becomes a supervision item assigned by the leader (the office then opens it).
   */
  private async carryOut(trx: Kysely<DB>, actor: Actor, row: SupervisionCoordinationTable, departmentIds: string[]) {
    const tasks = JSON.parse(row.tasks) as CoordinationTask[];
    // The items keep the record's level and its named readers (their own people join by the item's rules).
    const named = (await this.ctx.scopes.list(COORDINATION, row.id, trx)).filter((x) => x.source === NAMED_SCOPE).map((x) => ({ kind: x.subject_kind as ScopeSubject['kind'], id: x.subject_id }));
    for (const [i, t] of tasks.entries()) {
      await this.items
        .createItem(trx, actor, {
          source: { type: 'other', id: row.id, index: i + 1 },
          category: t.category ?? DEFAULT_TASK_CATEGORY,
          title: t.title,
          requirement: [t.requirement, `协调意见：${row.agreed_opinion}`].filter(Boolean).join('\n'),
          assignedById: row.leader_id,
          leadDepartmentId: t.leadDepartmentId,
          leadPersonId: t.leadPersonId ?? null,
          ...(t.deadline ? { deadline: t.deadline } : { deadlineWorkingDays: t.deadlineWorkingDays }),
          classification: row.classification,
          ...(named.length && { scope: named }),
        })
        .catch((err: unknown) => {
          if (err instanceof AppError && err.code === 'validation_failed') throw new AppError('validation_failed', `第 ${i + 1} 项任务：${err.message}`, { ...err.details, field: `tasks[${i}].${String(err.details.field ?? '')}` });
          throw err;
        });
    }
    const heads = await this.items.repo.headsOf(trx, [...new Set([...departmentIds, ...tasks.map((t) => t.leadDepartmentId)])]);
    await this.tell(trx, row, [...heads, row.created_by], {
      kind: 'supervision.coordination.approved',
      title: `协调结果：${row.title}`,
      body: [`协调意见：${row.agreed_opinion}`, row.leader_opinion ? `领导批示：${row.leader_opinion}` : '', tasks.length ? `落实任务 ${tasks.length} 项，已列入督办` : ''].filter(Boolean).join('\n'),
    });
  }
}
