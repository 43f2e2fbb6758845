import type { DocumentTable } from '../../platform/db/schema.js';
import type { SearchDocument } from '../../platform/search/index.js';
import { DOCUMENT } from './document.access.js';

/** What the search index keeps of a document: title, number, sender and text, with its filters. */
export function searchDocumentOf(d: DocumentTable): SearchDocument {
  return {
    recordType: DOCUMENT,
    recordId: d.id,
    title: d.title,
    reference: d.doc_number ?? (d.serial ? String(d.serial) : null),
    sender: d.sender,
    text: d.body,
    kind: d.doc_kind,
    state: d.state,
    year: d.year,
    classification: d.classification,
    occurredAt: d.created_at,
  };
}
