// The only code that queries the org tables (companies, departments, people, person_roles).
import type { Kysely } from 'kysely';
import type { DB, PersonTable, DepartmentTable } from '../../platform/db/schema.js';

export type PersonRow = Omit<PersonTable, 'password_hash' | 'totp_secret' | 'totp_last_step'>;

export const PERSON_COLUMNS = [
  'p.id',
  'p.company_id',
  'p.department_id',
  'p.username',
  'p.name',
  'p.email',
  'p.phone',
  'p.position',
  'p.rank_order',
  'p.clearance',
  'p.status',
  'p.totp_enabled',
  'p.password_changed_at',
  'p.created_at',
  'p.updated_at',
  'p.version',
] as const;

export interface PeopleQuery {
  departmentId?: string;
  q?: string;
  role?: string;
  status?: string;
  limit: number;
  offset: number;
}

export class OrgRepository {
  constructor(private readonly db: Kysely<DB>) {}

  company() {
    return this.db.selectFrom('companies').selectAll().orderBy('created_at').limit(1).executeTakeFirst();
  }

  async updateCompany(exec: Kysely<DB>, id: string, version: number, patch: Partial<DB['companies']>) {
    const r = await exec
      .updateTable('companies')
      .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  departments() {
    return this.db.selectFrom('departments').selectAll().orderBy('sort_order').orderBy('name').execute();
  }

  department(id: string) {
    return this.db.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();
  }

  departmentByCode(code: string, exec: Kysely<DB> = this.db) {
    return exec.selectFrom('departments').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async insertDepartment(exec: Kysely<DB>, row: DepartmentTable) {
    await exec.insertInto('departments').values(row).execute();
  }

  async updateDepartment(exec: Kysely<DB>, id: string, version: number, patch: Partial<DepartmentTable>) {
    const r = await exec
      .updateTable('departments')
      .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async departmentInUse(id: string) {
    const child = await this.db.selectFrom('departments').select('id').where('parent_id', '=', id).limit(1).executeTakeFirst();
    const member = await this.db.selectFrom('people').select('id').where('department_id', '=', id).limit(1).executeTakeFirst();
    return !!(child || member);
  }

  async deleteDepartment(exec: Kysely<DB>, id: string, version: number) {
    const r = await exec.deleteFrom('departments').where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }

  private peopleFilter(q: Omit<PeopleQuery, 'limit' | 'offset'>) {
    let query = this.db.selectFrom('people as p');
    if (q.departmentId) query = query.where('p.department_id', '=', q.departmentId);
    if (q.status) query = query.where('p.status', '=', q.status as 'active' | 'disabled');
    if (q.q) {
      const like = `%${q.q.replace(/[%_\\]/g, '')}%`;
      query = query.where((eb) => eb.or([eb('p.name', 'like', like), eb('p.username', 'like', like), eb('p.position', 'like', like)]));
    }
    if (q.role) query = query.where('p.id', 'in', (eb) => eb.selectFrom('person_roles').select('person_id').where('role', '=', q.role!));
    return query;
  }

  listPeople(q: PeopleQuery) {
    return this.peopleFilter(q).select([...PERSON_COLUMNS]).orderBy('p.rank_order').orderBy('p.id').limit(q.limit).offset(q.offset).execute();
  }

  async countPeople(q: Omit<PeopleQuery, 'limit' | 'offset'>) {
    const r = await this.peopleFilter(q).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  person(id: string) {
    return this.db.selectFrom('people as p').select([...PERSON_COLUMNS]).where('p.id', '=', id).executeTakeFirst();
  }

  async rolesOf(personIds: string[]): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    if (personIds.length === 0) return map;
    const rows = await this.db.selectFrom('person_roles').select(['person_id', 'role']).where('person_id', 'in', personIds).execute();
    for (const r of rows) map.set(r.person_id, [...(map.get(r.person_id) ?? []), r.role]);
    return map;
  }

  async insertPerson(exec: Kysely<DB>, row: PersonTable, roles: string[]) {
    await exec.insertInto('people').values(row).execute();
    if (roles.length) await exec.insertInto('person_roles').values(roles.map((role) => ({ person_id: row.id, role }))).execute();
  }

  async updatePerson(exec: Kysely<DB>, id: string, version: number, patch: Partial<PersonTable>) {
    const r = await exec
      .updateTable('people')
      .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async setRoles(exec: Kysely<DB>, personId: string, roles: string[]) {
    await exec.deleteFrom('person_roles').where('person_id', '=', personId).execute();
    if (roles.length) await exec.insertInto('person_roles').values(roles.map((role) => ({ person_id: personId, role }))).execute();
  }

  usernameTaken(username: string, exec: Kysely<DB> = this.db) {
    return exec.selectFrom('people').select('id').where('username', '=', username).executeTakeFirst();
  }

  async countByRole(role: string): Promise<number> {
    const r = await this.db
      .selectFrom('person_roles as r')
      .innerJoin('people as p', 'p.id', 'r.person_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('r.role', '=', role)
      .where('p.status', '=', 'active')
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }
}
