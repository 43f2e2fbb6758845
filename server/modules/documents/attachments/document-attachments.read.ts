// A document's attachments as its detail shows them (收文 and 发文 alike), read under the policy.
import type { Kysely } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import type { DB } from '../../../platform/db/schema.js';
import { attachmentReadableFilter, registerAttachmentOwner } from '../../../platform/files/attachment-owners.js';
import { DOCUMENT, DOCUMENT_COLUMNS } from '../document.access.js';
import { DocumentAttachmentRepository } from './document-attachments.repository.js';
import { presentDocumentAttachments } from './document-attachments.presenter.js';

/** A document's attachments are readable exactly when the document is (attachment-owners.ts). */
export function registerDocumentAttachments(): void {
  registerAttachmentOwner({ recordType: DOCUMENT, table: 'documents', alias: 'd', columns: DOCUMENT_COLUMNS });
}

/** The caller has read the document already; the files are filtered all the same. */
export async function documentAttachments(db: Kysely<DB>, actor: Actor, documentId: string) {
  const rows = await new DocumentAttachmentRepository(db).ofDocument(documentId, await attachmentReadableFilter(db, actor));
  return presentDocumentAttachments(rows);
}
