// Queries of 核发 (dispatch): the per-recipient deliveries and the file copies registered for
// archiving (seed 二 3.9). Rows are added at dispatch; a delivery is later confirmed once.
import type { Kysely } from 'kysely';
import type { ReadableFilter } from '../../../platform/access/policy.js';
import type { DB, DocumentDeliveryTable, DocumentFileCopyTable } from '../../../platform/db/schema.js';

export class DispatchRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insertDeliveries(trx: Kysely<DB>, rows: DocumentDeliveryTable[]) {
    if (rows.length) await trx.insertInto('document_deliveries').values(rows).execute();
  }

  deliveries(documentId: string, exec: Kysely<DB> = this.db) {
    return exec.selectFrom('document_deliveries').selectAll().where('document_id', '=', documentId).orderBy('position').execute();
  }

  delivery(exec: Kysely<DB>, documentId: string, id: string) {
    return exec.selectFrom('document_deliveries').selectAll().where('document_id', '=', documentId).where('id', '=', id).executeTakeFirst();
  }

  /** Confirms a delivery not yet confirmed; false when someone confirmed it first. */
  async confirm(trx: Kysely<DB>, id: string, by: { id: string; name: string }, at: string, note: string | null): Promise<boolean> {
    const r = await trx
      .updateTable('document_deliveries')
      .set({ confirmed_at: at, confirmed_by: by.id, confirmed_by_name: by.name, note })
      .where('id', '=', id)
      .where('confirmed_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async insertFileCopies(trx: Kysely<DB>, rows: DocumentFileCopyTable[]) {
    if (rows.length) await trx.insertInto('document_file_copies').values(rows).execute();
  }

  fileCopies(documentId: string, exec: Kysely<DB> = this.db) {
    return exec.selectFrom('document_file_copies').selectAll().where('document_id', '=', documentId).orderBy('kind', 'desc').execute();
  }

  /** The file copies of a year's dispatched documents, only of documents the caller may read. */
  fileCopiesOfYear(year: number, readable: ReadableFilter) {
    return this.db
      .selectFrom('document_file_copies as fc')
      .innerJoin('documents as d', 'd.id', 'fc.document_id')
      .select(['fc.document_id', 'fc.kind', 'fc.count', 'fc.registered_at', 'fc.registered_by', 'fc.registered_by_name', 'd.doc_number', 'd.title', 'd.doc_kind', 'd.classification', 'd.secrecy_term', 'd.year'])
      .where('fc.year', '=', year)
      .where(readable)
      .orderBy('fc.registered_at')
      .orderBy('fc.document_id')
      .orderBy('fc.kind', 'desc')
      .execute();
  }
}
