// The only code that queries the circulation tables (传阅).
import type { Kysely } from 'kysely';
import type { CirculationReaderTable, CirculationTable, DB } from '../../../platform/db/schema.js';
import { nowIso } from '../../../platform/ids.js';

type ReaderState = CirculationReaderTable['state'];

/** Readers who still hold (or will hold) the document: not read, not recalled. */
export const HOLDING: ReaderState[] = ['waiting', 'received', 'opened'];

export class CirculationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(trx: Kysely<DB>, c: CirculationTable, readers: CirculationReaderTable[]) {
    await trx.insertInto('circulations').values(c).execute();
    await trx.insertInto('circulation_readers').values(readers).execute();
  }

  circulation(exec: Kysely<DB>, documentId: string, circulationId: string) {
    return exec.selectFrom('circulations').selectAll().where('id', '=', circulationId).where('document_id', '=', documentId).executeTakeFirst();
  }

  reader(exec: Kysely<DB>, circulationId: string, departmentId: string) {
    return exec.selectFrom('circulation_readers').selectAll().where('circulation_id', '=', circulationId).where('department_id', '=', departmentId).executeTakeFirst();
  }

  /** Moves one reader if it is still in one of `from`; false when someone else moved it first. */
  async move(trx: Kysely<DB>, circulationId: string, departmentId: string, from: ReaderState[], patch: Partial<CirculationReaderTable>): Promise<boolean> {
    const r = await trx
      .updateTable('circulation_readers')
      .set(patch)
      .where('circulation_id', '=', circulationId)
      .where('department_id', '=', departmentId)
      .where('state', 'in', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** The next waiting reader of a sequential circulation, if any. */
  nextWaiting(trx: Kysely<DB>, circulationId: string) {
    return trx.selectFrom('circulation_readers').selectAll().where('circulation_id', '=', circulationId).where('state', '=', 'waiting').orderBy('position').limit(1).executeTakeFirst();
  }

  async chased(trx: Kysely<DB>, circulationId: string, departmentId: string): Promise<boolean> {
    const r = await trx
      .updateTable('circulation_readers')
      .set((eb) => ({ chased_count: eb('chased_count', '+', 1), last_chased_at: nowIso() }))
      .where('circulation_id', '=', circulationId)
      .where('department_id', '=', departmentId)
      .where('state', 'in', ['received', 'opened'])
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Recalls every reader not yet done; returns how many. */
  async recall(trx: Kysely<DB>, circulationId: string): Promise<number> {
    const r = await trx.updateTable('circulation_readers').set({ state: 'recalled' }).where('circulation_id', '=', circulationId).where('state', 'in', HOLDING).executeTakeFirst();
    await trx.updateTable('circulations').set({ recalled_at: nowIso() }).where('id', '=', circulationId).execute();
    return Number(r.numUpdatedRows);
  }

  circulations(documentId: string, exec: Kysely<DB> = this.db) {
    return exec.selectFrom('circulations').selectAll().where('document_id', '=', documentId).orderBy('id').execute();
  }

  readers(documentId: string, exec: Kysely<DB> = this.db) {
    return exec
      .selectFrom('circulation_readers as r')
      .leftJoin('departments as dep', 'dep.id', 'r.department_id')
      .selectAll('r')
      .select('dep.name as department_name')
      .where('r.document_id', '=', documentId)
      .orderBy('r.circulation_id')
      .orderBy('r.position')
      .execute();
  }

  /** Readers who still hold the document (or wait for it), across its circulations. */
  holding(documentId: string, exec: Kysely<DB> = this.db) {
    return exec.selectFrom('circulation_readers').selectAll().where('document_id', '=', documentId).where('state', 'in', HOLDING).orderBy('circulation_id').orderBy('position').execute();
  }
}
