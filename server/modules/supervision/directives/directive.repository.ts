// The only code that queries the directive tables. The Saturday report reads a whole list in a few
// set-based queries (directives with their items, the latest progress report and extension of each,
// chase counts), whatever the number of directives.
import { sql, type Kysely } from 'kysely';
import type { DB, SupervisionDirectiveListTable, SupervisionDirectiveTable } from '../../../platform/db/schema.js';
import { nowIso } from '../../../platform/ids.js';

export class DirectiveRepository {
  constructor(private readonly db: Kysely<DB>) {}

  list(exec: Kysely<DB>, id: string) {
    return exec.selectFrom('supervision_directive_lists').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byWeek(exec: Kysely<DB>, week: string) {
    return exec.selectFrom('supervision_directive_lists').selectAll().where('week', '=', week).executeTakeFirst();
  }

  lists(q: { week?: string; state?: string; limit: number; before?: string }) {
    let query = this.db.selectFrom('supervision_directive_lists').selectAll().orderBy('week', 'desc').limit(q.limit);
    if (q.week) query = query.where('week', '=', q.week);
    if (q.state) query = query.where('state', '=', q.state as SupervisionDirectiveListTable['state']);
    if (q.before) query = query.where('week', '<', q.before);
    return query.execute();
  }

  /** Directive counts per list, for the lists page. */
  async counts(listIds: string[]): Promise<Map<string, number>> {
    if (!listIds.length) return new Map();
    const rows = await this.db.selectFrom('supervision_directives').select(['list_id', (eb) => eb.fn.countAll<number>().as('n')]).where('list_id', 'in', listIds).groupBy('list_id').execute();
    return new Map(rows.map((r) => [r.list_id, Number(r.n)]));
  }

  /** False when the week has a list already (the unique key decides between concurrent drafters). */
  async insertList(trx: Kysely<DB>, row: SupervisionDirectiveListTable): Promise<boolean> {
    const r = await trx.insertInto('supervision_directive_lists').values(row).onConflict((oc) => oc.column('week').doNothing()).executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async updateList(trx: Kysely<DB>, id: string, version: number, patch: Partial<SupervisionDirectiveListTable>): Promise<boolean> {
    const r = await trx
      .updateTable('supervision_directive_lists')
      .set((eb) => ({ ...patch, updated_at: nowIso(), version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  directives(exec: Kysely<DB>, listId: string) {
    return exec.selectFrom('supervision_directives').selectAll().where('list_id', '=', listId).orderBy('idx').execute();
  }

  async replaceDirectives(trx: Kysely<DB>, listId: string, rows: SupervisionDirectiveTable[]) {
    await trx.deleteFrom('supervision_directives').where('list_id', '=', listId).execute();
    // Chunks keep each statement under SQLite's bound-parameter limit.
    for (let i = 0; i < rows.length; i += 100) await trx.insertInto('supervision_directives').values(rows.slice(i, i + 100)).execute();
  }

  async setItem(trx: Kysely<DB>, listId: string, idx: number, itemId: string) {
    await trx.updateTable('supervision_directives').set({ item_id: itemId }).where('list_id', '=', listId).where('idx', '=', idx).execute();
  }

  /** Every directive of the list points at the item its (list, index) made: one statement. */
  async linkItems(trx: Kysely<DB>, listId: string) {
    await trx
      .updateTable('supervision_directives')
      .set((eb) => ({
        item_id: eb
          .selectFrom('supervision_items as i')
          .select('i.id')
          .where('i.source_type', '=', 'weekly_directive')
          .where('i.source_id', '=', listId)
          .whereRef('i.source_index', '=', 'supervision_directives.idx'),
      }))
      .where('list_id', '=', listId)
      .execute();
  }

  /** Each directive with its item, unit and person: one query. */
  reportRows(exec: Kysely<DB>, listId: string) {
    return exec
      .selectFrom('supervision_directives as d')
      .leftJoin('supervision_items as i', 'i.id', 'd.item_id')
      .leftJoin('departments as dep', 'dep.id', 'd.lead_department_id')
      .leftJoin('people as pe', 'pe.id', 'd.lead_person_id')
      .select([
        'd.idx',
        'd.text',
        'd.lead_department_id',
        'd.lead_person_id',
        'd.deadline as planned_deadline',
        'd.deadline_working_days',
        'd.item_id',
        'dep.name as department_name',
        'pe.name as person_name',
        'i.year',
        'i.serial',
        'i.procedure',
        'i.state',
        'i.deadline',
        'i.original_deadline',
        'i.completed_at',
        'i.progress',
      ])
      .where('d.list_id', '=', listId)
      .orderBy('d.idx')
      .execute();
  }

  /** The latest progress report of every item of the list (ids are time-ordered: the greatest is the latest). */
  latestReports(exec: Kysely<DB>, listId: string) {
    return exec
      .selectFrom('supervision_reports as r')
      .innerJoin('supervision_directives as d', 'd.item_id', 'r.item_id')
      .select(['r.item_id', 'r.text', 'r.at', 'r.reported_by_name', 'r.percent'])
      .where('d.list_id', '=', listId)
      .where('r.kind', '=', 'progress')
      .where('r.id', '=', (eb) => eb.selectFrom('supervision_reports as r2').select((e) => e.fn.max('r2.id').as('m')).whereRef('r2.item_id', '=', 'r.item_id').where('r2.kind', '=', 'progress'))
      .execute();
  }

  /** The latest extension request of every item of the list. */
  latestExtensions(exec: Kysely<DB>, listId: string) {
    return exec
      .selectFrom('supervision_extensions as x')
      .innerJoin('supervision_directives as d', 'd.item_id', 'x.item_id')
      .select(['x.item_id', 'x.state', 'x.reason', 'x.previous_deadline', 'x.requested_deadline', 'x.requested_at'])
      .where('d.list_id', '=', listId)
      .where('x.id', '=', (eb) => eb.selectFrom('supervision_extensions as x2').select((e) => e.fn.max('x2.id').as('m')).whereRef('x2.item_id', '=', 'x.item_id'))
      .execute();
  }

  async chaseCounts(exec: Kysely<DB>, listId: string): Promise<Map<string, number>> {
    const rows = await exec
      .selectFrom('supervision_chases as c')
      .innerJoin('supervision_directives as d', 'd.item_id', 'c.item_id')
      .select(['c.item_id', sql<number>`count(*)`.as('n')])
      .where('d.list_id', '=', listId)
      .groupBy('c.item_id')
      .execute();
    return new Map(rows.map((r) => [r.item_id, Number(r.n)]));
  }

  /** Stores a compiled report; false when the slot (the week's scheduled report) exists already. */
  async insertReport(trx: Kysely<DB>, row: DB['supervision_directive_reports']): Promise<boolean> {
    const r = await trx.insertInto('supervision_directive_reports').values(row).onConflict((oc) => oc.column('slot_key').doNothing()).executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  reports(exec: Kysely<DB>, listId: string) {
    return exec.selectFrom('supervision_directive_reports').select(['id', 'week', 'slot_key', 'compiled_at', 'compiled_by']).where('list_id', '=', listId).orderBy('id', 'desc').execute();
  }

  departments(exec: Kysely<DB>, ids: string[]) {
    if (!ids.length) return Promise.resolve([]);
    return exec.selectFrom('departments').select(['id', 'name']).where('id', 'in', ids).execute();
  }

  people(exec: Kysely<DB>, ids: string[]) {
    if (!ids.length) return Promise.resolve([]);
    return exec.selectFrom('people').select(['id', 'name', 'status']).where('id', 'in', ids).execute();
  }

  /** Active holders of a role (the GM the Saturday report goes to). */
  async holdersOf(exec: Kysely<DB>, role: string): Promise<string[]> {
    const rows = await exec.selectFrom('people as pe').innerJoin('person_roles as r', 'r.person_id', 'pe.id').select('pe.id').where('r.role', '=', role).where('pe.status', '=', 'active').orderBy('pe.rank_order').execute();
    return rows.map((r) => r.id);
  }
}
