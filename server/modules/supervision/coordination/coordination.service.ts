// 协调 records (seed 三 2.1–2.14). A record is read by the office and the GM, the leader who decides
// it, and the heads of the departments consulted; anyone else gets 404, as for a missing one. The
// approved result is sent to the departments (2.14) and its tasks become supervision items through
// the core's createItem (source other / this record / the task's number: approving is not repeated,
// and the same source never makes a second item).
import type { Kysely } from 'kysely';
import { availableActions, decide, type Standing } from '../../../../common/workflow/workflow.js';
import type { Actor } from '../../../platform/access/actor.js';
import type { AppContext } from '../../../platform/context.js';
import type { DB, SupervisionCoordinationTable } from '../../../platform/db/schema.js';
import { AppError, forbidden, notFound, staleVersion } from '../../../platform/errors.js';
import { newId, nowIso } from '../../../platform/ids.js';
import { isOffice } from '../supervision.access.js';
import type { SupervisionService } from '../supervision.service.js';
import { CoordinationRepository } from './coordination.repository.js';
import { COORDINATION_WORKFLOW, type CoordinationState } from './coordination.workflow.js';

export const COORDINATION = 'supervision_coordination';
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
const seesAll = (actor: Actor) => isOffice(actor) || actor.roles.includes('gm');
const headOf = (actor: Actor) => (actor.roles.includes('dept_head') ? actor.departmentId : null);

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

  /** The record and its departments if the caller may read it, else 404. */
  private async readable(exec: Kysely<DB>, actor: Actor, id: string) {
    const row = await this.repo.byId(exec, id);
    if (!row) throw notFound('协调事项');
    const departments = await this.repo.departments(exec, id);
    const head = headOf(actor);
    if (!seesAll(actor) && row.leader_id !== actor.id && !(head && departments.some((d) => d.department_id === head))) throw notFound('协调事项');
    return { row, departments };
  }

  list(actor: Actor, q: { state?: string; limit: number; before?: string }) {
    return this.repo.list({ ...q, all: seesAll(actor), personId: actor.id, headOf: headOf(actor) });
  }

  async detail(actor: Actor, id: string) {
    const { row, departments } = await this.readable(this.db, actor, id);
    const [notes, items] = await Promise.all([this.repo.notes(this.db, id), this.repo.items(this.db, id)]);
    const standing = this.standing(actor, row);
    const head = headOf(actor);
    const consulting = row.state === 'consulting';
    return {
      row,
      departments,
      notes,
      items,
      abilities: availableActions(COORDINATION_WORKFLOW, row.state, standing),
      may: {
        addNote: isOffice(actor) && ['gathering', 'consulting'].includes(row.state),
        giveOpinion: consulting && (isOffice(actor) || (!!head && departments.some((d) => d.department_id === head))),
      },
    };
  }

  async create(actor: Actor, input: { title: string; matter: string; leaderId: string; departmentIds: string[]; note?: string }): Promise<string> {
    if (!isOffice(actor)) throw forbidden('协调事项由总经办登记');
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      if (!input.title?.trim()) throw bad('请填写协调事项', 'title');
      if (!input.matter?.trim()) throw bad('请说明需协调的问题', 'matter');
      const deptIds = [...new Set(input.departmentIds ?? [])];
      if (!deptIds.length) throw bad('请列出需协调的部门', 'departmentIds');
      if ((await this.items.repo.departments(trx, deptIds)).length !== deptIds.length) throw bad('部门不存在', 'departmentIds');
      const leader = (await this.items.repo.activePeopleWithRoles(trx, [input.leaderId]))[0];
      if (!leader || !leader.roles.some((r) => r === 'gm' || r === 'vice_gm')) throw bad('审批领导应为总经理或副总经理', 'leaderId');
      const at = nowIso();
      await this.repo.insert(
        trx,
        { id, title: input.title.trim(), matter: input.matter.trim(), state: 'gathering', plan: '', agreed_opinion: '', tasks: '[]', leader_id: leader.id, leader_opinion: null, approved_at: null, classification: 0, created_by: actor.id, created_by_name: actor.name, created_at: at, updated_at: at, version: 1 },
        deptIds,
      );
      if (input.note?.trim()) await this.repo.addNote(trx, id, input.note.trim(), actor);
      await this.ctx.audit.record(trx, actor, 'supervision.coordination.create', { recordType: COORDINATION, recordId: id }, 'ok', { departments: deptIds.length });
    });
    return id;
  }

  /** 2.1–2.2: what the office found out, while it still gathers and consults. */
  async addNote(actor: Actor, id: string, text: string) {
    await this.db.transaction().execute(async (trx) => {
      const { row } = await this.readable(trx, actor, id);
      if (!isOffice(actor)) throw forbidden('情况记录由总经办填写');
      if (!['gathering', 'consulting'].includes(row.state)) throw new AppError('conflict', '协调意见已形成，不能再补充情况', { state: row.state });
      await this.repo.addNote(trx, id, text.trim(), actor);
      await this.ctx.audit.record(trx, actor, 'supervision.coordination.note', { recordType: COORDINATION, recordId: id });
    });
  }

  /** 2.6: a consulted department's opinion — given by its head, or recorded by the office (名 the department). */
  async giveOpinion(actor: Actor, id: string, input: { opinion: string; departmentId?: string }) {
    await this.db.transaction().execute(async (trx) => {
      const { row, departments } = await this.readable(trx, actor, id);
      const head = headOf(actor);
      const dept = input.departmentId ?? (isOffice(actor) ? undefined : head ?? undefined);
      if (!dept) throw bad('请指定部门', 'departmentId');
      if (!departments.some((d) => d.department_id === dept)) throw bad('该部门不在协调范围内', 'departmentId');
      if (!isOffice(actor) && dept !== head) throw forbidden('只能由本部门负责人提出意见');
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
    await this.db.transaction().execute(async (trx) => {
      const { row, departments } = await this.readable(trx, actor, id);
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
      if (req.action === 'submit') await this.ctx.notify.notify(trx, { personIds: [row.leader_id], kind: 'supervision.coordination.submit', title: `协调意见待审批：${row.title}`, recordType: COORDINATION, recordId: id, link: `/supervision/coordinations/${id}` });
      if (req.action === 'consult') {
        const heads = await this.items.repo.headsOf(trx, departments.map((x) => x.department_id));
        await this.ctx.notify.notify(trx, { personIds: heads, kind: 'supervision.coordination.consult', title: `征求意见：${row.title}`, body: patch.plan, recordType: COORDINATION, recordId: id, link: `/supervision/coordinations/${id}` });
      }
    });
  }

  /**
   * 2.14: the leader's decision goes to the departments consulted and to the units given tasks, and
   * each task becomes a supervision item assigned by the leader (the office then opens it).
   */
  private async carryOut(trx: Kysely<DB>, actor: Actor, row: SupervisionCoordinationTable, departmentIds: string[]) {
    const tasks = JSON.parse(row.tasks) as CoordinationTask[];
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
        })
        .catch((err: unknown) => {
          if (err instanceof AppError && err.code === 'validation_failed') throw new AppError('validation_failed', `第 ${i + 1} 项任务：${err.message}`, { ...err.details, field: `tasks[${i}].${String(err.details.field ?? '')}` });
          throw err;
        });
    }
    const heads = await this.items.repo.headsOf(trx, [...new Set([...departmentIds, ...tasks.map((t) => t.leadDepartmentId)])]);
    await this.ctx.notify.notify(trx, {
      personIds: [...heads, row.created_by],
      kind: 'supervision.coordination.approved',
      title: `协调结果：${row.title}`,
      body: [`协调意见：${row.agreed_opinion}`, row.leader_opinion ? `领导批示：${row.leader_opinion}` : '', tasks.length ? `落实任务 ${tasks.length} 项，已列入督办` : ''].filter(Boolean).join('\n'),
      recordType: COORDINATION,
      recordId: row.id,
      link: `/supervision/coordinations/${row.id}`,
    });
  }
}
