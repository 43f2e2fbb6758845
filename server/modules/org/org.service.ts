// Organisation: the company, departments as a tree, people, their roles and clearances.
import type { Kysely } from 'kysely';
import { ROLES, type Role } from '../../../common/roles.js';
import { can, requireCapability } from '../../platform/access/policy.js';
import type { Actor } from '../../platform/access/actor.js';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError, forbidden, invalid, notFound, staleVersion } from '../../platform/errors.js';
import { newId, nowIso } from '../../platform/ids.js';
import { hashPassword, passwordProblem } from '../../platform/auth/password.js';
import { OrgRepository, type PeopleQuery } from './org.repository.js';
import { newPersonRow } from './person-row.js';

export interface PersonInput {
  username: string;
  name: string;
  departmentId: string;
  position?: string;
  rankOrder?: number;
  phone?: string | null;
  email?: string | null;
  roles?: string[];
  clearance?: number;
  password?: string;
}

export interface DepartmentInput {
  name: string;
  code: string;
  parentId?: string | null;
  kind?: 'office' | 'department' | 'branch';
  sortOrder?: number;
}

// 三员分立: one person holds at most one of the administrator, security officer and auditor roles.
const SEPARATED_ROLES: readonly string[] = ['sysadmin', 'security_officer', 'auditor'];

/** Refuses unknown roles and one person holding two of the separated administrator roles. */
export function checkRoles(roles: string[]) {
  const bad = roles.filter((r) => !ROLES.includes(r as Role));
  if (bad.length) throw invalid(`未知角色：${bad.join('、')}`, { field: 'roles' });
  if (roles.filter((r) => SEPARATED_ROLES.includes(r)).length > 1) {
    throw invalid('系统管理员、保密员、安全审计员须由不同人员担任', { field: 'roles' });
  }
}

export class OrgService {
  readonly repo: OrgRepository;
  private readonly db: Kysely<DB>;

  constructor(private readonly ctx: AppContext) {
    this.db = ctx.database.db;
    this.repo = new OrgRepository(this.db);
  }

  async company() {
    const c = await this.repo.company();
    if (!c) throw notFound('公司');
    return c;
  }

  async updateCompany(actor: Actor, patch: { name?: string; shortName?: string; fondsCode?: string; orgCode?: string; version: number }) {
    requireCapability(actor, 'org.manage');
    const c = await this.company();
    await this.db.transaction().execute(async (trx) => {
      const ok = await this.repo.updateCompany(trx, c.id, patch.version, {
        ...(patch.name !== undefined && { name: patch.name }),
        ...(patch.shortName !== undefined && { short_name: patch.shortName }),
        ...(patch.fondsCode !== undefined && { fonds_code: patch.fondsCode }),
        ...(patch.orgCode !== undefined && { org_code: patch.orgCode }),
        updated_at: nowIso(),
      });
      if (!ok) throw staleVersion();
      await this.ctx.audit.record(trx, actor, 'company.update', { recordType: 'company', recordId: c.id }, 'ok', { patch });
    });
    return this.company();
  }

  // --- departments ---

  async createDepartment(actor: Actor, input: DepartmentInput) {
    requireCapability(actor, 'org.manage');
    const company = await this.company();
    if (input.parentId && !(await this.repo.department(input.parentId))) throw invalid('上级部门不存在', { field: 'parentId' });
    const id = newId();
    const at = nowIso();
    await this.db.transaction().execute(async (trx) => {
      if (await this.repo.departmentByCode(input.code, trx)) throw new AppError('conflict', `部门编码 ${input.code} 已存在`, { field: 'code' });
      await this.repo.insertDepartment(trx, {
        id,
        company_id: company.id,
        parent_id: input.parentId ?? null,
        name: input.name,
        code: input.code,
        kind: input.kind ?? 'department',
        sort_order: input.sortOrder ?? 0,
        created_at: at,
        updated_at: at,
        version: 1,
      });
      await this.ctx.audit.record(trx, actor, 'department.create', { recordType: 'department', recordId: id }, 'ok', { name: input.name });
    });
    return (await this.repo.department(id))!;
  }

  async updateDepartment(actor: Actor, id: string, input: Partial<DepartmentInput> & { version: number }) {
    requireCapability(actor, 'org.manage');
    const dept = await this.repo.department(id);
    if (!dept) throw notFound('部门');
    if (input.parentId) {
      // A department cannot move under itself or one of its descendants.
      const all = await this.repo.departments();
      const parentOf = new Map(all.map((d) => [d.id, d.parent_id]));
      for (let p: string | null | undefined = input.parentId; p; p = parentOf.get(p)) {
        if (p === id) throw invalid('不能把部门移到其下级部门之下', { field: 'parentId' });
      }
      if (!parentOf.has(input.parentId)) throw invalid('上级部门不存在', { field: 'parentId' });
    }
    await this.db.transaction().execute(async (trx) => {
      if (input.code && input.code !== dept.code && (await this.repo.departmentByCode(input.code, trx))) {
        throw new AppError('conflict', `部门编码 ${input.code} 已存在`, { field: 'code' });
      }
      const ok = await this.repo.updateDepartment(trx, id, input.version, {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.code !== undefined && { code: input.code }),
        ...(input.parentId !== undefined && { parent_id: input.parentId }),
        ...(input.kind !== undefined && { kind: input.kind }),
        ...(input.sortOrder !== undefined && { sort_order: input.sortOrder }),
        updated_at: nowIso(),
      });
      if (!ok) throw staleVersion();
      await this.ctx.audit.record(trx, actor, 'department.update', { recordType: 'department', recordId: id });
    });
    return (await this.repo.department(id))!;
  }

  async deleteDepartment(actor: Actor, id: string, version: number) {
    requireCapability(actor, 'org.manage');
    if (!(await this.repo.department(id))) throw notFound('部门');
    if (await this.repo.departmentInUse(id)) throw new AppError('conflict', '部门下仍有下级部门或人员，不能删除');
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.repo.deleteDepartment(trx, id, version))) throw staleVersion();
      await this.ctx.audit.record(trx, actor, 'department.delete', { recordType: 'department', recordId: id });
    });
  }

  // --- people ---

  async listPeople(q: PeopleQuery) {
    const [items, total] = await Promise.all([this.repo.listPeople(q), this.repo.countPeople(q)]);
    const roles = await this.repo.rolesOf(items.map((p) => p.id));
    return { items: items.map((p) => ({ ...p, roles: roles.get(p.id) ?? [] })), total };
  }

  async person(id: string) {
    const p = await this.repo.person(id);
    if (!p) throw notFound('人员');
    const roles = await this.repo.rolesOf([id]);
    return { ...p, roles: roles.get(id) ?? [] };
  }

  private validatePerson(actor: Actor, input: Partial<PersonInput>) {
    if (input.roles) checkRoles(input.roles);
    if (input.clearance !== undefined && input.clearance !== 1 && !can(actor, 'security.manage')) {
      throw new AppError('forbidden', '涉密等级只能由保密员设定', { field: 'clearance' });
    }
    if (input.password) {
      const problem = passwordProblem(input.password);
      if (problem) throw invalid(problem, { field: 'password' });
    }
  }

  async createPerson(actor: Actor, input: PersonInput, exec?: Kysely<DB>) {
    requireCapability(actor, 'org.manage');
    this.validatePerson(actor, input);
    const id = newId();
    const company = await this.company();
    // Hash before the transaction: scrypt takes tens of milliseconds, and SQLite has one writer.
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    const run = async (trx: Kysely<DB>) => {
      const dept = await trx.selectFrom('departments').select('id').where('id', '=', input.departmentId).executeTakeFirst();
      if (!dept) throw invalid('部门不存在', { field: 'departmentId' });
      if (await this.repo.usernameTaken(input.username, trx)) throw new AppError('conflict', `用户名 ${input.username} 已被使用`, { field: 'username' });
      const at = nowIso();
      await this.repo.insertPerson(
        trx,
        newPersonRow({
          id,
          companyId: company.id,
          departmentId: input.departmentId,
          username: input.username,
          name: input.name,
          email: input.email,
          phone: input.phone,
          position: input.position,
          rankOrder: input.rankOrder,
          clearance: input.clearance,
          passwordHash,
        }),
        input.roles ?? [],
      );
      await this.ctx.audit.record(trx, actor, 'person.create', { recordType: 'person', recordId: id }, 'ok', { username: input.username, roles: input.roles ?? [] });
    };
    if (exec) await run(exec);
    else await this.db.transaction().execute(run);
    return id;
  }

  async updatePerson(actor: Actor, id: string, input: Partial<Omit<PersonInput, 'password' | 'username'>> & { status?: 'active' | 'disabled'; version: number }) {
    const current = await this.person(id);
    const touchesStaff = ['name', 'departmentId', 'position', 'rankOrder', 'phone', 'email', 'roles', 'status'].some((k) => (input as Record<string, unknown>)[k] !== undefined);
    if (touchesStaff) requireCapability(actor, 'org.manage');
    if (input.clearance !== undefined) requireCapability(actor, 'security.manage');
    if (input.roles) checkRoles(input.roles);
    if (input.roles && id === actor.id) throw forbidden('不能修改自己的角色');
    if (input.clearance !== undefined && input.clearance > actor.clearance) {
      throw forbidden('不能授予高于本人涉密等级的等级');
    }
    if (input.status === 'disabled' && id === actor.id) throw new AppError('unprocessable', '不能停用自己的账号');
    if (input.departmentId && !(await this.repo.department(input.departmentId))) throw invalid('部门不存在', { field: 'departmentId' });
    await this.db.transaction().execute(async (trx) => {
      const ok = await this.repo.updatePerson(trx, id, input.version, {
        ...(input.name !== undefined && { name: input.name }),
        ...(input.departmentId !== undefined && { department_id: input.departmentId }),
        ...(input.position !== undefined && { position: input.position }),
        ...(input.rankOrder !== undefined && { rank_order: input.rankOrder }),
        ...(input.phone !== undefined && { phone: input.phone }),
        ...(input.email !== undefined && { email: input.email }),
        ...(input.clearance !== undefined && { clearance: input.clearance }),
        ...(input.status !== undefined && { status: input.status }),
        updated_at: nowIso(),
      });
      if (!ok) throw staleVersion();
      if (input.roles) await this.repo.setRoles(trx, id, input.roles);
      await this.ctx.audit.record(trx, actor, input.clearance !== undefined ? 'person.clearance' : 'person.update', { recordType: 'person', recordId: id }, 'ok', {
        changed: Object.keys(input).filter((k) => k !== 'version'),
        ...(input.clearance !== undefined && { clearance: { from: current.clearance, to: input.clearance } }),
      });
    });
    // Disabling ends every session at once: the next request of that person is refused.
    if (input.status === 'disabled') await this.ctx.auth.endSessionsOf(id);
    return this.person(id);
  }

  async resetPassword(actor: Actor, id: string, password: string) {
    requireCapability(actor, 'org.manage');
    await this.person(id);
    const problem = passwordProblem(password);
    if (problem) throw invalid(problem, { field: 'password' });
    await this.ctx.auth.repo.setPassword(id, await hashPassword(password));
    await this.ctx.auth.endSessionsOf(id);
    await this.ctx.audit.record(null, actor, 'person.password.reset', { recordType: 'person', recordId: id });
  }
}
