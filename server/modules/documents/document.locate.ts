// Locating a document by id for someone who only knows the id (a search hit, a notification, another
// module's record that names a document as its source), under the same access policy as the detail.
import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/access/actor.js';
import { readableFilter } from '../../platform/access/policy.js';
import type { DB } from '../../platform/db/schema.js';
import { DOCUMENT_COLUMNS } from './document.access.js';
import { DocumentRepository } from './document.repository.js';
import { officeNumberOf } from './document.search.js';

export interface LocatedDocument {
  id: string;
  direction: 'incoming' | 'outgoing';
  title: string;
  /** The office's number: 收〔2026〕N号 for incoming, the 发文字号 for outgoing; null before it has one. */
  number: string | null;
  state: string;
  classification: number;
  /** Its page in the web app. */
  path: string;
}

/**
 * The document if `actor` may read it, else undefined (missing and unreadable alike). Inside a
 * transaction pass it as `exec`: the filter reads the caller's departments through it.
 */
export async function locateDocument(exec: Kysely<DB>, actor: Actor, id: string): Promise<LocatedDocument | undefined> {
  const doc = await new DocumentRepository(exec).findReadable(id, await readableFilter(exec, actor, DOCUMENT_COLUMNS), exec);
  if (!doc) return undefined;
  return { id: doc.id, direction: doc.direction, title: doc.title, number: officeNumberOf(doc), state: doc.state, classification: doc.classification, path: `/${doc.direction}/${doc.id}` };
}
