// Queries of the 发文 side beyond the shared document repository: who holds a step (people by
// role, department heads), the handler participations behind "pending for me", the number ledger.
import { sql, type Kysely } from 'kysely';
import type { ReadableFilter } from '../../../platform/access/policy.js';
import type { DB } from '../../../platform/db/schema.js';
import { nowIso } from '../../../platform/ids.js';

export interface Subject {
  kind: 'person' | 'department';
  id: string;
}

export class OutgoingRepository {
  constructor(private readonly db: Kysely<DB>) {}

  company() {
    return this.db.selectFrom('companies').select(['name', 'short_name', 'org_code']).orderBy('created_at').limit(1).executeTakeFirst();
  }

  async orgCode(exec: Kysely<DB> = this.db): Promise<string | null> {
    const c = await exec.selectFrom('companies').select('org_code').orderBy('created_at').limit(1).executeTakeFirst();
    return c?.org_code ?? null;
  }

  /** Active people holding any of `roles`, optionally only in one department. */
  async peopleWithRoles(exec: Kysely<DB>, roles: string[], departmentId?: string) {
    if (!roles.length) return [];
    let q = exec
      .selectFrom('people as p')
      .innerJoin('person_roles as r', 'r.person_id', 'p.id')
      .select(['p.id', 'p.name', 'p.department_id', 'r.role'])
      .where('p.status', '=', 'active')
      .where('r.role', 'in', roles);
    if (departmentId) q = q.where('p.department_id', '=', departmentId);
    return q.execute();
  }

  person(exec: Kysely<DB>, id: string) {
    return exec
      .selectFrom('people as p')
      .select(['p.id', 'p.name', 'p.department_id', 'p.status', 'p.clearance'])
      .where('p.id', '=', id)
      .executeTakeFirst();
  }

  async rolesOf(exec: Kysely<DB>, personId: string): Promise<string[]> {
    return (await exec.selectFrom('person_roles').select('role').where('person_id', '=', personId).execute()).map((r) => r.role);
  }

  async existingDepartments(exec: Kysely<DB>, ids: string[]): Promise<Map<string, { id: string; name: string; kind: string }>> {
    if (!ids.length) return new Map();
    const rows = await exec.selectFrom('departments').select(['id', 'name', 'kind']).where('id', 'in', ids).execute();
    return new Map(rows.map((d) => [d.id, d]));
  }

  /** Replaces the pending 'handler' participations (who must act now) with `subjects`. */
  async setHandlers(trx: Kysely<DB>, documentId: string, subjects: Subject[]) {
    await this.closeRelation(trx, documentId, 'handler');
    await this.upsertPending(trx, documentId, 'handler', [...new Map(subjects.map((s) => [`${s.kind}:${s.id}`, s])).values()]);
  }

  /** Sets (or re-opens) one participation as pending, e.g. an authorised signer named again. */
  async upsertPending(trx: Kysely<DB>, documentId: string, relation: string, subjects: Subject[]) {
    if (!subjects.length) return;
    const at = nowIso();
    await trx
      .insertInto('document_participants')
      .values(subjects.map((s) => ({ document_id: documentId, relation, subject_kind: s.kind, subject_id: s.id, state: 'pending', acted_at: null, created_at: at })))
      .onConflict((oc) => oc.columns(['document_id', 'relation', 'subject_kind', 'subject_id']).doUpdateSet({ state: 'pending', acted_at: null }))
      .execute();
  }

  /** Closes every pending participation of a relation (e.g. countersigners when sent back). */
  async closeRelation(trx: Kysely<DB>, documentId: string, relation: string) {
    await trx
      .updateTable('document_participants')
      .set({ state: 'done', acted_at: nowIso() })
      .where('document_id', '=', documentId)
      .where('relation', '=', relation)
      .where('state', '=', 'pending')
      .execute();
  }

  async insertIssueNumber(trx: Kysely<DB>, row: { orgCode: string; year: number; number: number; documentId: string }) {
    await trx
      .insertInto('issue_numbers')
      .values({ org_code: row.orgCode, year: row.year, number: row.number, document_id: row.documentId, state: 'used', void_reason: null, allocated_at: nowIso(), voided_at: null })
      .execute();
  }

  async usedNumberOf(trx: Kysely<DB>, documentId: string) {
    return trx.selectFrom('issue_numbers').selectAll().where('document_id', '=', documentId).where('state', '=', 'used').executeTakeFirst();
  }

  async voidNumber(trx: Kysely<DB>, n: { org_code: string; year: number; number: number }, reason: string): Promise<boolean> {
    const r = await trx
      .updateTable('issue_numbers')
      .set({ state: 'voided', void_reason: reason, voided_at: nowIso() })
      .where('org_code', '=', n.org_code)
      .where('year', '=', n.year)
      .where('number', '=', n.number)
      .where('state', '=', 'used')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  ledger(orgCode: string, year: number) {
    return this.db
      .selectFrom('issue_numbers as n')
      .leftJoin('documents as d', 'd.id', 'n.document_id')
      .select(['n.number', 'n.state', 'n.void_reason', 'n.allocated_at', 'n.voided_at', 'n.document_id', 'd.title', 'd.classification'])
      .where('n.org_code', '=', orgCode)
      .where('n.year', '=', year)
      .orderBy('n.number')
      .execute();
  }

  /**
   * 发文登记簿: outgoing documents the caller may read (the filter is inside the query), numbered
   * ones in number order, then the rest as drafted; with drafter, department, dispatch and receipts.
   */
  registerRows(q: { year?: number; state?: string; docKind?: string; limit: number }, readable: ReadableFilter) {
    let query = this.db
      .selectFrom('documents as d')
      .leftJoin('issue_numbers as n', (j) => j.onRef('n.document_id', '=', 'd.id').on('n.state', '=', 'used'))
      .leftJoin('people as p', 'p.id', 'd.created_by')
      .leftJoin('departments as dep', 'dep.id', 'd.drafting_department_id')
      .leftJoin('document_file_copies as fd', (j) => j.onRef('fd.document_id', '=', 'd.id').on('fd.kind', '=', 'final_draft'))
      .leftJoin('document_file_copies as fc', (j) => j.onRef('fc.document_id', '=', 'd.id').on('fc.kind', '=', 'copy'))
      .select((eb) => [
        'd.id',
        'd.year',
        'd.doc_number',
        'd.title',
        'd.doc_kind',
        'd.classification',
        'd.secrecy_term',
        'd.urgency',
        'd.addressee',
        'd.cc',
        'd.state',
        'd.data',
        'd.created_at',
        'p.name as drafter_name',
        'dep.name as department_name',
        'fd.registered_at as dispatched_at',
        'fc.count as copies',
        eb.selectFrom('document_deliveries as dd').select((c) => c.fn.countAll<number>().as('n')).whereRef('dd.document_id', '=', 'd.id').as('deliveries'),
        eb.selectFrom('document_deliveries as dc').select((c) => c.fn.countAll<number>().as('n')).whereRef('dc.document_id', '=', 'd.id').where('dc.confirmed_at', 'is not', null).as('confirmed'),
      ])
      .where('d.direction', '=', 'outgoing')
      .where(readable);
    if (q.year) query = query.where('d.year', '=', q.year);
    if (q.state) query = query.where('d.state', '=', q.state);
    if (q.docKind) query = query.where('d.doc_kind', '=', q.docKind);
    return query
      .orderBy(sql`case when n.number is null then 1 else 0 end`)
      .orderBy('n.year')
      .orderBy('n.number')
      .orderBy('d.id')
      .limit(q.limit)
      .execute();
  }

  departmentName(id: string | null) {
    if (!id) return Promise.resolve(undefined);
    return this.db.selectFrom('departments').select(['id', 'name', 'kind']).where('id', '=', id).executeTakeFirst();
  }
}
