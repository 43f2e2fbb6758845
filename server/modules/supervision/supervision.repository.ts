// The only code that queries the supervision tables (and the org lookups supervision needs).
import { sql, type Insertable, type Kysely, type RawBuilder } from 'kysely';
import type { ReadableFilter } from '../../platform/access/policy.js';
import type { DB, SupervisionCategoryTable, SupervisionItemTable } from '../../platform/db/schema.js';
import { newId, nowIso } from '../../platform/ids.js';

export type Subject = { kind: 'person' | 'department'; id: string };

export interface ItemListQuery {
  state?: string;
  states?: string[];
  departmentId?: string;
  leaderId?: string;
  sourceType?: string;
  mode?: string;
  category?: string;
  parentId?: string;
  /** Deadline before this date and the item not yet done. */
  overdueOn?: string;
  notDoneStates?: string[];
  /** Items where this caller is the handler or a co-unit (person, or head of the unit). */
  handledBy?: { personId: string; departmentId: string | null };
  assignedBy?: string;
  limit: number;
  before?: string;
}

export class SupervisionRepository {
  constructor(private readonly db: Kysely<DB>) {}

  categories(exec: Kysely<DB> = this.db) {
    return exec.selectFrom('supervision_categories').selectAll().orderBy('sort_order').orderBy('key').execute();
  }

  category(exec: Kysely<DB>, key: string) {
    return exec.selectFrom('supervision_categories').selectAll().where('key', '=', key).where('active', '=', 1).executeTakeFirst();
  }

  /** A category whether or not it is still offered (an old item keeps its standards). */
  categoryAny(exec: Kysely<DB>, key: string) {
    return exec.selectFrom('supervision_categories').selectAll().where('key', '=', key).executeTakeFirst();
  }

  /** False when another request created the key meanwhile. */
  async insertCategory(trx: Kysely<DB>, row: SupervisionCategoryTable): Promise<boolean> {
    const r = await trx.insertInto('supervision_categories').values(row).onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  async updateCategory(trx: Kysely<DB>, key: string, version: number, patch: Partial<SupervisionCategoryTable>): Promise<boolean> {
    const r = await trx.updateTable('supervision_categories').set((eb) => ({ ...patch, version: eb('version', '+', 1) })).where('key', '=', key).where('version', '=', version).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async insertItem(trx: Kysely<DB>, row: SupervisionItemTable) {
    await trx.insertInto('supervision_items').values(row).execute();
  }

  /** Many items (and their side rows) in a few multi-row statements. */
  async insertMany<T extends 'supervision_items' | 'supervision_participants' | 'supervision_units' | 'supervision_steps' | 'reading_scopes'>(trx: Kysely<DB>, table: T, rows: Insertable<DB[T]>[]) {
    // 100 rows a statement keeps every insert well under SQLite's and PostgreSQL's parameter limits.
    for (let i = 0; i < rows.length; i += 100) await trx.insertInto(table).values(rows.slice(i, i + 100) as any).execute();
  }

  /**
   * Takes a block of `n` numbers of a gap-free counter in the caller's transaction (the row stays
   * locked until commit, as with nextInSequence); answers the first. Call lockSequence first.
   */
  async takeSerials(trx: Kysely<DB>, key: string, n: number): Promise<number> {
    const r = await sql<{ last_value: number }>`
      insert into sequences (key, last_value) values (${key}, ${n})
      on conflict (key) do update set last_value = sequences.last_value + ${n}
      returning last_value`.execute(trx);
    return Number(r.rows[0].last_value) - n + 1;
  }

  /** Locks a counter's row until commit (creating it at 0), so what is read next cannot race. */
  async lockSequence(trx: Kysely<DB>, key: string) {
    await sql`insert into sequences (key, last_value) values (${key}, 0) on conflict (key) do update set last_value = sequences.last_value`.execute(trx);
  }

  /** The items a source has made already, by index. */
  bySourceIndexes(exec: Kysely<DB>, sourceType: string, sourceId: string) {
    return exec.selectFrom('supervision_items').select(['id', 'source_index', 'state']).where('source_type', '=', sourceType).where('source_id', '=', sourceId).execute();
  }

  bySource(exec: Kysely<DB>, sourceType: string, sourceId: string, sourceIndex: number) {
    return exec.selectFrom('supervision_items').select(['id']).where('source_type', '=', sourceType).where('source_id', '=', sourceId).where('source_index', '=', sourceIndex).executeTakeFirst();
  }

  /** Gives back a number taken in this transaction when the item turned out to exist (gap-free). */
  async releaseSerial(trx: Kysely<DB>, key: string) {
    await trx.updateTable('sequences').set((eb) => ({ last_value: eb('last_value', '-', 1) })).where('key', '=', key).execute();
  }

  byId(exec: Kysely<DB>, id: string) {
    return exec.selectFrom('supervision_items').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Which of these items the filter admits (chunks of 500 ids). */
  async readableAmong(exec: Kysely<DB>, ids: string[], readable: ReadableFilter): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < ids.length; i += 500) out.push(...(await exec.selectFrom('supervision_items as i').select('i.id').where('i.id', 'in', ids.slice(i, i + 500)).where(readable).execute()).map((r) => r.id));
    return out;
  }

  findReadable(id: string, readable: ReadableFilter, exec: Kysely<DB> = this.db) {
    return exec.selectFrom('supervision_items as i').selectAll('i').where('i.id', '=', id).where(readable).executeTakeFirst();
  }

  async update(trx: Kysely<DB>, id: string, version: number, patch: Partial<SupervisionItemTable>): Promise<boolean> {
    const r = await trx
      .updateTable('supervision_items')
      .set((eb) => ({ ...patch, updated_at: nowIso(), version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * Takes the row's write lock until commit (PostgreSQL; SQLite has one writer anyway): two
   * children changing at once then recompute their parent one after the other, each seeing the
   * other's committed change, instead of the later overwriting the parent with a stale view.
   */
  async lock(trx: Kysely<DB>, id: string) {
    await trx.updateTable('supervision_items').set({ progress: sql<number>`progress` }).where('id', '=', id).execute();
  }

  /** A derived value (a parent's progress): no version bump, so no editor's version goes stale. */
  async setProgress(trx: Kysely<DB>, id: string, progress: number) {
    await trx.updateTable('supervision_items').set({ progress }).where('id', '=', id).execute();
  }

  /** Side data (the report rhythm's start): no version bump, like a derived value. */
  async setData(trx: Kysely<DB>, id: string, data: string) {
    await trx.updateTable('supervision_items').set({ data }).where('id', '=', id).execute();
  }

  /**
   * Items in the given states and categories with the latest report-rhythm reminder fired for each
   * (`last_report`: keys `report:<rhythm start>@<date>` sort by start, then date), read with the
   * items in one pass: one probe of the reminders' primary key per item.
   */
  workingInCategories(exec: Kysely<DB>, states: string[], categories: string[]) {
    if (!categories.length) return Promise.resolve([]);
    return exec
      .selectFrom('supervision_items as i')
      .select(['i.id', 'i.title', 'i.category', 'i.data', 'i.classification', 'i.lead_department_id', 'i.lead_person_id'])
      .select((eb) =>
        eb
          .selectFrom('supervision_reminders as r')
          .select((r) => r.fn.max('r.point').as('p'))
          .whereRef('r.item_id', '=', 'i.id')
          .where('r.point', '>=', 'report:')
          .where('r.point', '<', 'report;')
          .as('last_report'),
      )
      .where('i.state', 'in', states)
      .where('i.category', 'in', categories)
      .execute();
  }

  children(exec: Kysely<DB>, parentId: string) {
    return exec.selectFrom('supervision_items').selectAll().where('parent_id', '=', parentId).orderBy('id').execute();
  }

  async addParticipants(trx: Kysely<DB>, itemId: string, relation: string, subjects: Subject[]) {
    if (!subjects.length) return;
    const at = nowIso();
    const unique = new Map(subjects.map((s) => [`${s.kind}:${s.id}`, s]));
    await trx
      .insertInto('supervision_participants')
      .values([...unique.values()].map((s) => ({ item_id: itemId, relation, subject_kind: s.kind, subject_id: s.id, created_at: at })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  async replaceParticipants(trx: Kysely<DB>, itemId: string, relation: string, subjects: Subject[]) {
    await trx.deleteFrom('supervision_participants').where('item_id', '=', itemId).where('relation', '=', relation).execute();
    await this.addParticipants(trx, itemId, relation, subjects);
  }

  participants(exec: Kysely<DB>, itemId: string) {
    return exec.selectFrom('supervision_participants').selectAll().where('item_id', '=', itemId).orderBy('created_at').execute();
  }

  async replaceUnits(trx: Kysely<DB>, itemId: string, units: { departmentId: string; role: 'lead' | 'co'; personId: string | null }[]) {
    await trx.deleteFrom('supervision_units').where('item_id', '=', itemId).execute();
    if (!units.length) return;
    await trx
      .insertInto('supervision_units')
      .values(units.map((u) => ({ item_id: itemId, department_id: u.departmentId, role: u.role, person_id: u.personId })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  units(exec: Kysely<DB>, itemId: string) {
    return exec.selectFrom('supervision_units').selectAll().where('item_id', '=', itemId).orderBy('role', 'desc').execute();
  }

  async addStep(trx: Kysely<DB>, s: { itemId: string; round: number; action: string; fromState: string | null; toState: string; actorId: string; actorName: string; opinion?: string | null; data?: Record<string, unknown> }) {
    await trx
      .insertInto('supervision_steps')
      .values({ id: newId(), item_id: s.itemId, round: s.round, action: s.action, from_state: s.fromState, to_state: s.toState, actor_id: s.actorId, actor_name: s.actorName, opinion: s.opinion ?? null, data: JSON.stringify(s.data ?? {}), at: nowIso() })
      .execute();
  }

  steps(exec: Kysely<DB>, itemId: string) {
    return exec.selectFrom('supervision_steps').selectAll().where('item_id', '=', itemId).orderBy('id').execute();
  }

  async addReport(trx: Kysely<DB>, r: { itemId: string; round: number; kind: 'progress' | 'completion'; departmentId: string | null; text: string; percent: number | null; attachmentIds: string[]; by: { id: string; name: string } }) {
    await trx
      .insertInto('supervision_reports')
      .values({ id: newId(), item_id: r.itemId, round: r.round, kind: r.kind, department_id: r.departmentId, text: r.text, percent: r.percent, attachment_ids: JSON.stringify(r.attachmentIds), reported_by: r.by.id, reported_by_name: r.by.name, at: nowIso() })
      .execute();
  }

  reports(exec: Kysely<DB>, itemId: string) {
    return exec.selectFrom('supervision_reports').selectAll().where('item_id', '=', itemId).orderBy('id').execute();
  }

  async addChase(trx: Kysely<DB>, c: { itemId: string; kind: 'manual' | 'automatic'; point: string | null; note: string; told: string[]; by: { id: string; name: string } }) {
    await trx
      .insertInto('supervision_chases')
      .values({ id: newId(), item_id: c.itemId, kind: c.kind, point: c.point, note: c.note, told: JSON.stringify(c.told), chased_by: c.by.id, chased_by_name: c.by.name, at: nowIso() })
      .execute();
  }

  chases(exec: Kysely<DB>, itemId: string) {
    return exec.selectFrom('supervision_chases').selectAll().where('item_id', '=', itemId).orderBy('id').execute();
  }

  async addCheck(trx: Kysely<DB>, c: { itemId: string; round: number; outcome: 'passed' | 'returned'; reasons: string; by: { id: string; name: string } }) {
    await trx
      .insertInto('supervision_checks')
      .values({ id: newId(), item_id: c.itemId, round: c.round, outcome: c.outcome, reasons: c.reasons, checked_by: c.by.id, checked_by_name: c.by.name, at: nowIso() })
      .execute();
  }

  checks(exec: Kysely<DB>, itemId: string) {
    return exec.selectFrom('supervision_checks').selectAll().where('item_id', '=', itemId).orderBy('id').execute();
  }

  async addExtension(trx: Kysely<DB>, e: { itemId: string; previousDeadline: string; requestedDeadline: string; reason: string; by: { id: string; name: string } }) {
    const id = newId();
    await trx
      .insertInto('supervision_extensions')
      .values({ id, item_id: e.itemId, state: 'pending', previous_deadline: e.previousDeadline, requested_deadline: e.requestedDeadline, reason: e.reason, requested_by: e.by.id, requested_by_name: e.by.name, requested_at: nowIso(), decided_by: null, decided_by_name: null, decided_at: null, decision_note: null })
      .execute();
    return id;
  }

  extensions(exec: Kysely<DB>, itemId: string) {
    return exec.selectFrom('supervision_extensions').selectAll().where('item_id', '=', itemId).orderBy('id').execute();
  }

  /** Decides a pending request; false when it was decided already (or is not this item's). */
  async decideExtension(trx: Kysely<DB>, itemId: string, id: string, state: 'approved' | 'refused', note: string | null, by: { id: string; name: string }): Promise<boolean> {
    const r = await trx
      .updateTable('supervision_extensions')
      .set({ state, decision_note: note, decided_by: by.id, decided_by_name: by.name, decided_at: nowIso() })
      .where('id', '=', id)
      .where('item_id', '=', itemId)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Records a reminder point as fired; false when it had fired before (the key holds it once). */
  async fireReminder(trx: Kysely<DB>, itemId: string, point: string): Promise<boolean> {
    const r = await trx.insertInto('supervision_reminders').values({ item_id: itemId, point, fired_at: nowIso() }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /**
   * Items in the given states whose deadline is on or before `deadlineBy` and whose due point
   * (`pointKey`, an SQL expression over `i` — null when none is due) has not fired: the reminder
   * scan's candidates, judged in one pass with one probe of the reminders' primary key per item.
   */
  dueForReminders(exec: Kysely<DB>, states: string[], deadlineBy: string, pointKey: RawBuilder<string | null>) {
    return exec
      .selectFrom('supervision_items as i')
      .select(['i.id', 'i.state', 'i.title', 'i.deadline', 'i.classification', 'i.assigned_by', 'i.lead_department_id', 'i.lead_person_id'])
      .where('i.state', 'in', states)
      .where('i.deadline', '<=', deadlineBy)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('supervision_reminders as r').select(sql`1`.as('one')).whereRef('r.item_id', '=', 'i.id').where('r.point', '=', pointKey))))
      .orderBy('i.deadline')
      .orderBy('i.id')
      .execute();
  }

  private listBase(q: Omit<ItemListQuery, 'limit' | 'before'>, readable: ReadableFilter) {
    let query = this.db.selectFrom('supervision_items as i').where(readable);
    if (q.state) query = query.where('i.state', '=', q.state);
    if (q.states) query = query.where('i.state', 'in', q.states);
    if (q.leaderId) query = query.where('i.assigned_by', '=', q.leaderId);
    if (q.assignedBy) query = query.where('i.assigned_by', '=', q.assignedBy);
    if (q.sourceType) query = query.where('i.source_type', '=', q.sourceType);
    if (q.mode) query = query.where('i.mode', '=', q.mode as SupervisionItemTable['mode']);
    if (q.category) query = query.where('i.category', '=', q.category);
    if (q.parentId) query = query.where('i.parent_id', '=', q.parentId);
    if (q.overdueOn) query = query.where('i.deadline', '<', q.overdueOn).where('i.state', 'in', q.notDoneStates ?? []);
    if (q.departmentId) {
      const dept = q.departmentId;
      query = query.where((eb) =>
        eb.or([eb('i.lead_department_id', '=', dept), eb.exists(eb.selectFrom('supervision_units as u').select(sql`1`.as('one')).whereRef('u.item_id', '=', 'i.id').where('u.department_id', '=', dept))]),
      );
    }
    if (q.handledBy) {
      const { personId, departmentId } = q.handledBy;
      query = query.where((eb) =>
        eb.exists(
          eb
            .selectFrom('supervision_participants as p')
            .select(sql`1`.as('one'))
            .whereRef('p.item_id', '=', 'i.id')
            .where('p.relation', 'in', ['handler', 'co_handler'])
            .where((w) =>
              w.or([
                w.and([w('p.subject_kind', '=', 'person'), w('p.subject_id', '=', personId)]),
                ...(departmentId ? [w.and([w('p.subject_kind', '=', 'department'), w('p.subject_id', '=', departmentId)])] : []),
              ]),
            ),
        ),
      );
    }
    return query;
  }

  list(q: ItemListQuery, readable: ReadableFilter) {
    let query = this.listBase(q, readable).selectAll('i').orderBy('i.id', 'desc').limit(q.limit);
    if (q.before) query = query.where('i.id', '<', q.before);
    return query.execute();
  }

  async countsByState(q: Omit<ItemListQuery, 'limit' | 'before'>, readable: ReadableFilter): Promise<Record<string, number>> {
    const rows = await this.listBase(q, readable)
      .select(['i.state', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('i.state')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }

  // Org lookups (read-only).

  /** Active heads (dept_head) of these departments. */
  async headsOf(exec: Kysely<DB>, departmentIds: string[]): Promise<string[]> {
    if (!departmentIds.length) return [];
    const rows = await exec
      .selectFrom('people as pe')
      .innerJoin('person_roles as r', 'r.person_id', 'pe.id')
      .select('pe.id')
      .where('pe.department_id', 'in', departmentIds)
      .where('r.role', '=', 'dept_head')
      .where('pe.status', '=', 'active')
      .execute();
    return [...new Set(rows.map((r) => r.id))];
  }

  people(exec: Kysely<DB>, ids: string[]) {
    if (!ids.length) return Promise.resolve([]);
    return exec.selectFrom('people').select(['id', 'name', 'department_id', 'status']).where('id', 'in', ids).execute();
  }

  /** Active people with their roles: whom the policy judges before a notification names them. */
  async activePeopleWithRoles(exec: Kysely<DB>, ids: string[]) {
    if (!ids.length) return [];
    const people = await exec.selectFrom('people').select(['id', 'name', 'username', 'clearance', 'department_id']).where('id', 'in', ids).where('status', '=', 'active').execute();
    const roles = await exec.selectFrom('person_roles').select(['person_id', 'role']).where('person_id', 'in', ids).execute();
    return people.map((p) => ({ ...p, roles: roles.filter((r) => r.person_id === p.id).map((r) => r.role) }));
  }

  departments(exec: Kysely<DB>, ids: string[]) {
    if (!ids.length) return Promise.resolve([]);
    return exec.selectFrom('departments').select(['id', 'name']).where('id', 'in', ids).execute();
  }

  async peopleWithRoles(exec: Kysely<DB>, roles: string[]): Promise<string[]> {
    const rows = await exec.selectFrom('people as pe').innerJoin('person_roles as r', 'r.person_id', 'pe.id').select('pe.id').where('r.role', 'in', roles).where('pe.status', '=', 'active').execute();
    return [...new Set(rows.map((r) => r.id))];
  }

  async firstGm(exec: Kysely<DB>): Promise<string | null> {
    const r = await exec
      .selectFrom('people as pe')
      .innerJoin('person_roles as r', 'r.person_id', 'pe.id')
      .select('pe.id')
      .where('r.role', '=', 'gm')
      .where('pe.status', '=', 'active')
      .orderBy('pe.rank_order')
      .executeTakeFirst();
    return r?.id ?? null;
  }
}
