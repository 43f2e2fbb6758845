// The only code that queries the documents tables.
import { sql, type Kysely } from 'kysely';
import type { ReadableFilter } from '../../platform/access/policy.js';
import type { DB, DocumentTable } from '../../platform/db/schema.js';
import { newId, nowIso } from '../../platform/ids.js';
import { COUNT_CAP, type SearchIndex } from '../../platform/search/index.js';
import { searchDocumentOf } from './document.search.js';

export interface StepInput {
  documentId: string;
  action: string;
  fromState: string | null;
  toState: string;
  actorId: string;
  actorName: string;
  opinion?: string | null;
  data?: Record<string, unknown>;
}

export interface DocumentListQuery {
  direction: 'incoming' | 'outgoing';
  state?: string;
  year?: number;
  urgency?: DocumentTable['urgency'];
  docKind?: string;
  /** Text in the title, sender or sender's number (any case), or the document's yearly serial. */
  text?: { contains: string; serial?: number; year?: number };
  /** Only documents whose deadline is before this date (with the state in handling: overdue that day). */
  deadlineBefore?: string;
  /** Only documents where this person (or department) has a pending participation. */
  pendingFor?: { personId: string; departmentId: string | null; roleStates?: string[] };
  limit: number;
  before?: string;
}

export class DocumentRepository {
  /**
   * With a search index, every insert and update re-indexes the document in the same
   * transaction, so search never shows a document as it no longer is (or one that rolled back).
   */
  constructor(
    private readonly db: Kysely<DB>,
    private readonly search?: SearchIndex,
  ) {}

  async insert(trx: Kysely<DB>, row: DocumentTable) {
    await trx.insertInto('documents').values(row).execute();
    await this.search?.upsert(trx, searchDocumentOf(row));
  }

  findReadable(id: string, readable: ReadableFilter, exec: Kysely<DB> = this.db) {
    return exec.selectFrom('documents as d').selectAll('d').where('d.id', '=', id).where(readable).executeTakeFirst();
  }

  /** Reads a row for update inside a transaction; callers have checked readability first. */
  byId(trx: Kysely<DB>, id: string) {
    return trx.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async update(trx: Kysely<DB>, id: string, version: number, patch: Partial<DocumentTable>): Promise<boolean> {
    const r = await trx
      .updateTable('documents')
      .set((eb) => ({ ...patch, updated_at: nowIso(), version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    const updated = Number(r.numUpdatedRows) === 1;
    if (updated && this.search) {
      const row = await this.byId(trx, id);
      if (row) await this.search.upsert(trx, searchDocumentOf(row));
    }
    return updated;
  }

  private listBase(q: Omit<DocumentListQuery, 'limit' | 'before'>, readable: ReadableFilter) {
    // With pendingFor the direction is applied inside the id sets below, not here: SQLite has no
    // statistics (nothing runs ANALYZE), and an outer `direction = ?` lets it walk every document of
    // the direction by index and test each against the ids (0.5 s at a million) instead of fetching
    // the few ids by key (1–2 ms; bench/pending-probe.ts).
    let query = this.db.selectFrom('documents as d').where(readable);
    if (!q.pendingFor) query = query.where('d.direction', '=', q.direction);
    if (q.state) query = query.where('d.state', '=', q.state);
    if (q.year) query = query.where('d.year', '=', q.year);
    if (q.urgency) query = query.where('d.urgency', '=', q.urgency);
    if (q.docKind) query = query.where('d.doc_kind', '=', q.docKind);
    if (q.deadlineBefore) query = query.where('d.deadline', '<', q.deadlineBefore);
    if (q.text) {
      const { contains, serial, year } = q.text;
      // lower() on both sides: SQLite's LIKE ignores ASCII case and PostgreSQL's does not.
      const like = `%${contains.toLowerCase().replace(/[%_\\]/g, '')}%`;
      query = query.where((eb) =>
        eb.or([
          eb(eb.fn('lower', ['d.title']), 'like', like),
          eb(eb.fn('lower', ['d.sender']), 'like', like),
          eb(eb.fn('lower', ['d.doc_number']), 'like', like),
          ...(serial ? [eb.and([eb('d.serial', '=', serial), ...(year ? [eb('d.year', '=', year)] : [])])] : []),
        ]),
      );
    }
    if (q.pendingFor) {
      const { personId, departmentId, roleStates = [] } = q.pendingFor;
      // The ids come from the two small sets "pending" is made of — the caller's pending
      // participations (document_participants_pending_idx) and, for the roles that act without one,
      // the documents in those states (documents_state_idx) — and the rows by primary key. An OR
      // with EXISTS instead walked every document of the direction (seconds at a million).
      const subjects: ['person' | 'department', string][] = [['person', personId], ...(departmentId ? [['department', departmentId] as ['department', string]] : [])];
      const participations = this.db
        .selectFrom('document_participants as p')
        .innerJoin('documents as x', 'x.id', 'p.document_id')
        .select('p.document_id as id')
        .where('x.direction', '=', q.direction)
        .where('p.state', '=', 'pending')
        .where((w) => w.or(subjects.map(([kind, id]) => w.and([w('p.subject_kind', '=', kind), w('p.subject_id', '=', id)]))));
      const ids = roleStates.length
        ? participations.union(this.db.selectFrom('documents as s').select('s.id').where('s.direction', '=', q.direction).where('s.state', 'in', roleStates))
        : participations;
      query = query.where('d.id', 'in', ids);
    }
    return query;
  }

  list(q: DocumentListQuery, readable: ReadableFilter) {
    let query = this.listBase(q, readable).selectAll('d').orderBy('d.id', 'desc').limit(q.limit);
    if (q.before) query = query.where('d.id', '<', q.before);
    return query.execute();
  }

  /** An export's rows (a register): every column but the text, in number order, at most `limit`. */
  listInNumberOrder(q: Omit<DocumentListQuery, 'limit' | 'before'>, readable: ReadableFilter, limit: number) {
    return this.listBase(q, readable)
      .select(['d.id', 'd.state', 'd.year', 'd.serial', 'd.doc_number', 'd.title', 'd.doc_kind', 'd.urgency', 'd.classification', 'd.secrecy_term', 'd.sender', 'd.addressee', 'd.pages', 'd.copies', 'd.received_at', 'd.deadline', 'd.lead_department_id', 'd.data', 'd.created_at'])
      .orderBy('d.year')
      // Unnumbered (signed for, not yet registered) last on both databases.
      .orderBy((eb) => eb.case().when('d.serial', 'is', null).then(1).else(0).end())
      .orderBy('d.serial')
      .orderBy('d.id')
      .limit(limit)
      .execute();
  }

  /**
   * A list's count that stops at `cap` + 1 rows: a year's register holds tens of thousands of
   * documents and counting them all cost more than the page itself (~45 ms at 55,000 on SQLite).
   * Lists show "1,000+" beyond the cap; the register export still counts exactly.
   */
  async countCapped(q: Omit<DocumentListQuery, 'limit' | 'before'>, readable: ReadableFilter, cap = COUNT_CAP) {
    const rows = this.listBase(q, readable).select(sql<number>`1`.as('one')).limit(cap + 1);
    const r = await this.db.selectFrom(rows.as('c')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const n = Number(r?.n ?? 0);
    return { total: Math.min(n, cap), totalCapped: n > cap };
  }

  async count(q: Omit<DocumentListQuery, 'limit' | 'before'>, readable: ReadableFilter) {
    const r = await this.listBase(q, readable).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async addStep(trx: Kysely<DB>, s: StepInput) {
    await trx
      .insertInto('document_steps')
      .values({
        id: newId(),
        document_id: s.documentId,
        action: s.action,
        from_state: s.fromState,
        to_state: s.toState,
        actor_id: s.actorId,
        actor_name: s.actorName,
        opinion: s.opinion ?? null,
        data: JSON.stringify(s.data ?? {}),
        at: nowIso(),
      })
      .execute();
  }

  steps(documentId: string, exec: Kysely<DB> = this.db) {
    return exec.selectFrom('document_steps').selectAll().where('document_id', '=', documentId).orderBy('id').execute();
  }

  async addVersion(trx: Kysely<DB>, documentId: string, title: string, body: string, createdBy: string) {
    const last = await trx.selectFrom('document_versions').select((eb) => eb.fn.max('version_no').as('n')).where('document_id', '=', documentId).executeTakeFirst();
    const versionNo = Number(last?.n ?? 0) + 1;
    await trx.insertInto('document_versions').values({ id: newId(), document_id: documentId, version_no: versionNo, title, body, created_by: createdBy, created_at: nowIso() }).execute();
    return versionNo;
  }

  versions(documentId: string) {
    return this.db.selectFrom('document_versions').selectAll().where('document_id', '=', documentId).orderBy('version_no').execute();
  }

  participants(documentId: string, exec: Kysely<DB> = this.db) {
    return exec.selectFrom('document_participants').selectAll().where('document_id', '=', documentId).orderBy('created_at').execute();
  }

  async addParticipants(trx: Kysely<DB>, documentId: string, relation: string, subjects: { kind: 'person' | 'department'; id: string }[]) {
    if (!subjects.length) return;
    const at = nowIso();
    await trx
      .insertInto('document_participants')
      .values(subjects.map((s) => ({ document_id: documentId, relation, subject_kind: s.kind, subject_id: s.id, state: 'pending', acted_at: null, created_at: at })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  /** Marks a participation done; returns how many of that relation are still pending. */
  async completeParticipation(trx: Kysely<DB>, documentId: string, relation: string, subject: { kind: 'person' | 'department'; id: string }): Promise<number> {
    await trx
      .updateTable('document_participants')
      .set({ state: 'done', acted_at: nowIso() })
      .where('document_id', '=', documentId)
      .where('relation', '=', relation)
      .where('subject_kind', '=', subject.kind)
      .where('subject_id', '=', subject.id)
      .execute();
    const r = await trx
      .selectFrom('document_participants')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('document_id', '=', documentId)
      .where('relation', '=', relation)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }
}
