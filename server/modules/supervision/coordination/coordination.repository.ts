// The only code that queries the coordination tables.
import type { Kysely } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import type { ReadableFilter } from '../../../platform/access/policy.js';
import type { DB, SupervisionCoordinationTable } from '../../../platform/db/schema.js';
import { newId, nowIso } from '../../../platform/ids.js';

export class CoordinationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Records the caller may read (coordinationReadable), newest first. */
  list(q: { state?: string; limit: number; before?: string }, readable: ReadableFilter) {
    let query = this.db.selectFrom('supervision_coordinations as c').selectAll('c').where(readable).orderBy('c.id', 'desc').limit(q.limit);
    if (q.state) query = query.where('c.state', '=', q.state as SupervisionCoordinationTable['state']);
    if (q.before) query = query.where('c.id', '<', q.before);
    return query.execute();
  }

  findReadable(exec: Kysely<DB>, id: string, readable: ReadableFilter) {
    return exec.selectFrom('supervision_coordinations as c').selectAll('c').where('c.id', '=', id).where(readable).executeTakeFirst();
  }

  async insert(trx: Kysely<DB>, row: SupervisionCoordinationTable, departmentIds: string[]) {
    await trx.insertInto('supervision_coordinations').values(row).execute();
    await trx.insertInto('supervision_coordination_departments').values(departmentIds.map((d) => ({ coordination_id: row.id, department_id: d, opinion: null, opinion_by: null, opinion_by_name: null, opinion_at: null }))).execute();
  }

  async update(trx: Kysely<DB>, id: string, version: number, patch: Partial<SupervisionCoordinationTable>): Promise<boolean> {
    const r = await trx.updateTable('supervision_coordinations').set((eb) => ({ ...patch, updated_at: nowIso(), version: eb('version', '+', 1) })).where('id', '=', id).where('version', '=', version).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  departments(exec: Kysely<DB>, id: string) {
    return exec
      .selectFrom('supervision_coordination_departments as d')
      .leftJoin('departments as dep', 'dep.id', 'd.department_id')
      .select(['d.department_id', 'dep.name as department_name', 'd.opinion', 'd.opinion_by', 'd.opinion_by_name', 'd.opinion_at'])
      .where('d.coordination_id', '=', id)
      .orderBy('dep.sort_order')
      .execute();
  }

  async setOpinion(trx: Kysely<DB>, id: string, departmentId: string, opinion: string, by: Pick<Actor, 'id' | 'name'>): Promise<boolean> {
    const r = await trx.updateTable('supervision_coordination_departments').set({ opinion, opinion_by: by.id, opinion_by_name: by.name, opinion_at: nowIso() }).where('coordination_id', '=', id).where('department_id', '=', departmentId).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  notes(exec: Kysely<DB>, id: string) {
    return exec.selectFrom('supervision_coordination_notes').selectAll().where('coordination_id', '=', id).orderBy('id').execute();
  }

  async addNote(trx: Kysely<DB>, id: string, text: string, by: Pick<Actor, 'id' | 'name'>) {
    await trx.insertInto('supervision_coordination_notes').values({ id: newId(), coordination_id: id, text, by_id: by.id, by_name: by.name, at: nowIso() }).execute();
  }

  /** The items approving spawned (source other / this record). */
  items(exec: Kysely<DB>, id: string) {
    return exec.selectFrom('supervision_items').select(['id', 'year', 'serial', 'state', 'title', 'lead_department_id', 'deadline', 'source_index']).where('source_type', '=', 'other').where('source_id', '=', id).orderBy('source_index').execute();
  }
}
