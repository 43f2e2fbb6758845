import type { DocumentTable } from '../../platform/db/schema.js';
import type { SearchDocument } from '../../platform/search/index.js';
import { incomingNumber } from '../../../common/document-kinds.js';
import { DOCUMENT } from './document.access.js';

/**
 * The number a document is known by in the office: an incoming document's 收文编号 (the sender's
 * own number stays searchable through the text), an outgoing one's 发文字号 once allocated.
 */
export function officeNumberOf(d: Pick<DocumentTable, 'direction' | 'year' | 'serial' | 'doc_number'>): string | null {
  if (d.direction === 'incoming') return incomingNumber(d.year, d.serial);
  return d.doc_number;
}

/** What the search index keeps of a document: title, number, sender and text, with its filters. */
export function searchDocumentOf(d: DocumentTable): SearchDocument {
  return {
    recordType: DOCUMENT,
    recordId: d.id,
    title: d.title,
    reference: officeNumberOf(d),
    sender: d.sender,
    text: d.direction === 'incoming' && d.doc_number ? `${d.doc_number}\n${d.body}` : d.body,
    kind: d.doc_kind,
    state: d.state,
    year: d.year,
    classification: d.classification,
    occurredAt: d.created_at,
  };
}
