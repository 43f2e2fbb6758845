// Import of departments and people from an .xlsx file (template: GET /api/v1/org/import/template).
// Every row is checked first; one error anywhere and nothing is written. A valid file is written
// in one transaction, audited as one 'org.import' entry.
import type { Kysely } from 'kysely';
import { ROLE_LABELS, ROLES, type Role } from '../../../common/roles.js';
import { requireCapability } from '../../platform/access/policy.js';
import type { Actor } from '../../platform/access/actor.js';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { AppError } from '../../platform/errors.js';
import { newId, nowIso } from '../../platform/ids.js';
import { hashPassword, passwordProblem } from '../../platform/auth/password.js';
import { validatorCompiler } from '../../platform/http/validation.js';
import { OrgRepository } from './org.repository.js';
import { checkRoles } from './org.service.js';
import { DepartmentCreate, PersonCreate } from './org.schema.js';
import { DEPARTMENT_COLUMNS, DEPARTMENT_SHEET, KIND_BY_LABEL, PEOPLE_COLUMNS, PEOPLE_SHEET, type DepartmentKey, type PersonKey } from './org.import.schema.js';
import { newPersonRow } from './person-row.js';
import { loadWorkbook, readSheet, type ImportRowError, type SheetRow } from './org.import-workbook.js';

const MAX_ERRORS_SHOWN = 200;
const HASH_CONCURRENCY = 8;

interface DepartmentPlan {
  id: string;
  row: number;
  code: string;
  name: string;
  parentCode: string | null;
  kind: 'office' | 'department' | 'branch';
  sortOrder: number;
}

interface PersonPlan {
  row: number;
  username: string;
  name: string;
  departmentCode: string;
  position: string;
  rankOrder: number;
  phone: string | null;
  email: string | null;
  roles: Role[];
  password: string | null;
}

export interface ImportSummary {
  dryRun: boolean;
  departments: number;
  people: number;
}

// --- checking rows ---

type Check = ((v: unknown) => boolean) & { errors?: unknown };
const compile = (schema: unknown): Check => validatorCompiler({ schema: schema as object, httpPart: 'body', method: 'POST', url: 'import' }) as unknown as Check;

// The same rules as the JSON API (org.schema.ts), so an imported row is one the API would accept.
const RULES = {
  deptCode: { check: compile(DepartmentCreate.properties.code), message: '部门编码只能含字母、数字、_ 或 -，最多 20 位' },
  deptName: { check: compile(DepartmentCreate.properties.name), message: '部门名称最多 60 字' },
  sortOrder: { check: compile(DepartmentCreate.properties.sortOrder), message: '排序须为 0–100000 的整数' },
  username: { check: compile(PersonCreate.properties.username), message: '用户名须以小写字母开头，只含小写字母、数字和 . _ -，2–40 位' },
  name: { check: compile(PersonCreate.properties.name), message: '姓名最多 40 字' },
  position: { check: compile(PersonCreate.properties.position), message: '职务最多 40 字' },
  rankOrder: { check: compile(PersonCreate.properties.rankOrder), message: '排序号须为 0–100000 的整数' },
  phone: { check: compile(PersonCreate.properties.phone), message: '电话只能含数字、空格和 + - ( )，最多 30 位' },
  email: { check: compile(PersonCreate.properties.email), message: '邮箱格式不正确' },
};

const ROLE_BY_NAME = new Map<string, Role>(ROLES.flatMap((r) => [[r, r] as [string, Role], [ROLE_LABELS[r].zh, r] as [string, Role]]));

function parseRoles(text: string): { roles: Role[]; unknown: string[] } {
  const names = text.split(/[,，、;；\s]+/).filter(Boolean);
  const roles = new Set<Role>();
  const unknown: string[] = [];
  for (const n of names) {
    const r = ROLE_BY_NAME.get(n) ?? ROLE_BY_NAME.get(n.toLowerCase());
    if (r) roles.add(r);
    else unknown.push(n);
  }
  return { roles: [...roles], unknown };
}

const toInt = (s: string, dflt: number): number | string => (s === '' ? dflt : /^-?\d+(\.0+)?$/.test(s) ? Number.parseInt(s, 10) : s);

export class OrgImportService {
  private readonly repo: OrgRepository;

  constructor(private readonly ctx: AppContext) {
    this.repo = new OrgRepository(ctx.database.db);
  }

  /** Checks the file and, unless dryRun, writes all of it or (on any error) none of it. */
  async run(actor: Actor, bytes: Buffer, opts: { dryRun: boolean }): Promise<ImportSummary> {
    requireCapability(actor, 'org.manage');
    const wb = await loadWorkbook(bytes);
    const errors: ImportRowError[] = [];
    const deptSheet = wb.getWorksheet(DEPARTMENT_SHEET);
    const peopleSheet = wb.getWorksheet(PEOPLE_SHEET);
    if (!deptSheet && !peopleSheet) {
      errors.push({ sheet: '', row: 0, column: null, message: `文件中没有“${DEPARTMENT_SHEET}”或“${PEOPLE_SHEET}”工作表，请使用导入模板` });
    }
    const deptRows = deptSheet ? readSheet<DepartmentKey>(deptSheet, DEPARTMENT_COLUMNS, errors) : [];
    const peopleRows = peopleSheet ? readSheet<PersonKey>(peopleSheet, PEOPLE_COLUMNS, errors) : [];

    const existing = new Map((await this.repo.departments()).map((d) => [d.code, d.id]));
    const departments = this.checkDepartments(deptRows, existing, errors);
    // Every code the file names counts as known, so a broken department row does not also flag
    // each of its people: its own error already blocks the import.
    const known = new Set([...existing.keys(), ...deptRows.map((r) => r.values.code).filter(Boolean)]);
    const people = await this.checkPeople(peopleRows, known, errors);

    if (errors.length) {
      errors.sort((a, b) => (a.sheet === b.sheet ? a.row - b.row : a.sheet === DEPARTMENT_SHEET ? -1 : 1));
      throw new AppError('unprocessable', `导入文件有 ${errors.length} 处错误，未导入任何数据`, {
        errors: errors.slice(0, MAX_ERRORS_SHOWN),
        errorCount: errors.length,
      });
    }
    if (opts.dryRun) return { dryRun: true, departments: departments.length, people: people.length };
    await this.write(actor, departments, people, existing);
    return { dryRun: false, departments: departments.length, people: people.length };
  }

  private checkDepartments(rows: SheetRow<DepartmentKey>[], existing: Map<string, string>, errors: ImportRowError[]): DepartmentPlan[] {
    const sheet = DEPARTMENT_SHEET;
    const plans: DepartmentPlan[] = [];
    const firstRowOf = new Map<string, number>();
    const err = (row: number, column: string, message: string) => errors.push({ sheet, row, column, message });
    for (const { row, values: v } of rows) {
      let ok = true;
      const fail = (column: string, message: string) => {
        err(row, column, message);
        ok = false;
      };
      if (!v.code) fail('部门编码', '部门编码必填');
      else if (!RULES.deptCode.check(v.code)) fail('部门编码', RULES.deptCode.message);
      else if (existing.has(v.code)) fail('部门编码', `部门编码 ${v.code} 在系统中已存在`);
      else if (firstRowOf.has(v.code)) fail('部门编码', `部门编码 ${v.code} 与第 ${firstRowOf.get(v.code)} 行重复`);
      else firstRowOf.set(v.code, row);
      if (!v.name) fail('部门名称', '部门名称必填');
      else if (!RULES.deptName.check(v.name)) fail('部门名称', RULES.deptName.message);
      const kind = v.kind ? KIND_BY_LABEL[v.kind] : 'department';
      if (!kind) fail('类型', '类型须为 总经办、部门 或 分支机构');
      const sortOrder = toInt(v.sortOrder, 0);
      if (!RULES.sortOrder.check(sortOrder)) fail('排序', RULES.sortOrder.message);
      if (ok) plans.push({ id: newId(), row, code: v.code, name: v.name, parentCode: v.parentCode || null, kind, sortOrder: sortOrder as number });
    }
    // Parents: an existing department or one of this file; the rows may not form a cycle.
    const inFile = new Map(plans.map((p) => [p.code, p]));
    const bad = new Set<DepartmentPlan>();
    for (const p of plans) {
      if (!p.parentCode) continue;
      if (!inFile.has(p.parentCode) && !existing.has(p.parentCode) && !rows.some((r) => r.values.code === p.parentCode)) {
        err(p.row, '上级部门编码', `上级部门编码 ${p.parentCode} 不存在`);
        bad.add(p);
        continue;
      }
      const path = [p.code];
      for (let q = inFile.get(p.parentCode); q; q = q.parentCode ? inFile.get(q.parentCode) : undefined) {
        path.push(q.code);
        if (q === p) {
          err(p.row, '上级部门编码', `上级部门构成循环：${path.join(' → ')}`);
          bad.add(p);
          break;
        }
        if (path.length > inFile.size + 1) break; // a cycle above this row: reported at its own rows
      }
    }
    return plans.filter((p) => !bad.has(p));
  }

  private async checkPeople(rows: SheetRow<PersonKey>[], departmentCodes: Set<string>, errors: ImportRowError[]): Promise<PersonPlan[]> {
    const sheet = PEOPLE_SHEET;
    const plans: PersonPlan[] = [];
    const firstRowOf = new Map<string, number>();
    for (const { row, values: v } of rows) {
      let ok = true;
      const fail = (column: string, message: string) => {
        errors.push({ sheet, row, column, message });
        ok = false;
      };
      // Excel users type "ZhangSan"; log-in names are lower case.
      const username = v.username.toLowerCase();
      if (!username) fail('用户名', '用户名必填');
      else if (!RULES.username.check(username)) fail('用户名', RULES.username.message);
      else if (firstRowOf.has(username)) fail('用户名', `用户名 ${username} 与第 ${firstRowOf.get(username)} 行重复`);
      else if (await this.repo.usernameTaken(username)) fail('用户名', `用户名 ${username} 在系统中已存在`);
      if (username && !firstRowOf.has(username)) firstRowOf.set(username, row);
      if (!v.name) fail('姓名', '姓名必填');
      else if (!RULES.name.check(v.name)) fail('姓名', RULES.name.message);
      if (!v.departmentCode) fail('部门编码', '部门编码必填');
      else if (!departmentCodes.has(v.departmentCode)) fail('部门编码', `部门编码 ${v.departmentCode} 不存在（系统和“部门”表中都没有）`);
      if (!RULES.position.check(v.position)) fail('职务', RULES.position.message);
      const rankOrder = toInt(v.rankOrder, 1000);
      if (!RULES.rankOrder.check(rankOrder)) fail('排序号', RULES.rankOrder.message);
      if (v.phone && !RULES.phone.check(v.phone)) fail('电话', RULES.phone.message);
      if (v.email && !RULES.email.check(v.email)) fail('邮箱', RULES.email.message);
      const { roles, unknown } = parseRoles(v.roles);
      if (unknown.length) fail('角色', `未知角色：${unknown.join('、')}`);
      else {
        try {
          checkRoles(roles);
        } catch (e) {
          fail('角色', (e as Error).message);
        }
      }
      const problem = v.password ? passwordProblem(v.password) : null;
      if (problem) fail('初始密码', problem);
      if (ok) {
        plans.push({
          row,
          username,
          name: v.name,
          departmentCode: v.departmentCode,
          position: v.position,
          rankOrder: rankOrder as number,
          phone: v.phone || null,
          email: v.email || null,
          roles,
          password: v.password || null,
        });
      }
    }
    return plans;
  }

  private async write(actor: Actor, departments: DepartmentPlan[], people: PersonPlan[], existing: Map<string, string>) {
    const company = await this.repo.company();
    if (!company) throw new AppError('not_found', '公司不存在');
    // Hash before the transaction: scrypt takes tens of milliseconds, and SQLite has one writer.
    // One hash per distinct initial password: offices give a whole roster the same one, and
    // 10,000 hashes would hold the request for minutes. Accounts that share an initial password
    // share its hash (and salt), which tells a reader of the database only what the file said;
    // the first password change gives each its own.
    const distinct = [...new Set(people.map((p) => p.password).filter((pw): pw is string => !!pw))];
    const hashOf = new Map<string, string>();
    for (let i = 0; i < distinct.length; i += HASH_CONCURRENCY) {
      const batch = distinct.slice(i, i + HASH_CONCURRENCY);
      const hashed = await Promise.all(batch.map((pw) => hashPassword(pw)));
      batch.forEach((pw, j) => hashOf.set(pw, hashed[j]));
    }
    const hashes = people.map((p) => (p.password ? hashOf.get(p.password)! : null));
    const idOf = new Map(existing);
    for (const d of departments) idOf.set(d.code, d.id);
    const at = nowIso();
    try {
      await this.ctx.database.db.transaction().execute(async (trx: Kysely<DB>) => {
        for (const d of parentsFirst(departments)) {
          await this.repo.insertDepartment(trx, {
            id: d.id,
            company_id: company.id,
            parent_id: d.parentCode ? idOf.get(d.parentCode)! : null,
            name: d.name,
            code: d.code,
            kind: d.kind,
            sort_order: d.sortOrder,
            created_at: at,
            updated_at: at,
            version: 1,
          });
        }
        for (const [i, p] of people.entries()) {
          await this.repo.insertPerson(
            trx,
            newPersonRow({
              companyId: company.id,
              departmentId: idOf.get(p.departmentCode)!,
              username: p.username,
              name: p.name,
              email: p.email,
              phone: p.phone,
              position: p.position,
              rankOrder: p.rankOrder,
              clearance: 1, // 内部; only the security officer changes clearances
              passwordHash: hashes[i],
              at,
            }),
            p.roles,
          );
        }
        await this.ctx.audit.record(trx, actor, 'org.import', { recordType: 'org', recordId: null }, 'ok', {
          departments: departments.length,
          people: people.length,
          departmentCodes: departments.map((d) => d.code),
          usernames: people.map((p) => p.username),
        });
      });
    } catch (err) {
      // Another writer took a code or user name between the check and the write.
      const code = (err as { code?: string }).code;
      if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE') throw new AppError('conflict', '导入期间部门编码或用户名已被占用，未导入任何数据，请重试');
      throw err;
    }
  }
}

/** Departments ordered so that each comes after its parent (cycles were refused before). */
function parentsFirst(departments: DepartmentPlan[]): DepartmentPlan[] {
  const byCode = new Map(departments.map((d) => [d.code, d]));
  const depth = (d: DepartmentPlan): number => (d.parentCode && byCode.has(d.parentCode) ? 1 + depth(byCode.get(d.parentCode)!) : 0);
  return [...departments].sort((a, b) => depth(a) - depth(b));
}
