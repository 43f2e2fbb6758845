// The versions of documents' attachments: rows are only ever added (a new version is a new row).
import type { Kysely } from 'kysely';
import type { ReadableFilter } from '../../../platform/access/policy.js';
import type { DB, DocumentAttachmentTable } from '../../../platform/db/schema.js';

export class DocumentAttachmentRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(trx: Kysely<DB>, row: DocumentAttachmentTable) {
    await trx.insertInto('document_attachments').values(row).execute();
  }

  /** The newest version number of an attachment of this document; null when there is no such attachment. */
  async lastVersion(trx: Kysely<DB>, documentId: string, lineageId: string): Promise<number | null> {
    const r = await trx
      .selectFrom('document_attachments')
      .select((eb) => eb.fn.max('version_no').as('n'))
      .where('document_id', '=', documentId)
      .where('lineage_id', '=', lineageId)
      .executeTakeFirst();
    return r?.n === null || r?.n === undefined ? null : Number(r.n);
  }

  /** Every version of a document's attachments with its file, only files the caller may read. */
  ofDocument(documentId: string, readable: ReadableFilter) {
    return this.db
      .selectFrom('document_attachments as da')
      .innerJoin('attachments as a', 'a.id', 'da.attachment_id')
      .select(['da.id', 'da.lineage_id', 'da.version_no', 'da.attachment_id', 'da.created_by', 'da.created_by_name', 'da.created_at', 'a.filename', 'a.size', 'a.mime', 'a.classification'])
      .where('da.document_id', '=', documentId)
      .where(readable)
      .orderBy('da.lineage_id')
      .orderBy('da.version_no')
      .execute();
  }
}

export type DocumentAttachmentRow = Awaited<ReturnType<DocumentAttachmentRepository['ofDocument']>>[number];
