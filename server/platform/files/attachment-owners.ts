// Attachments that belong to a record: a module registers the kind of record that owns
// attachments, and such an attachment is then readable exactly when its record is (and within the
// reader's content ceiling) — a document's attachments are invisible to whoever cannot read the
// document, and readable by everyone who can. An attachment of no registered record keeps its own
// classification and reading scope. The platform knows the owner only by table and columns.
import { sql, type Kysely } from 'kysely';
import type { Actor } from '../access/actor.js';
import { contentCeiling, readableFilter, type GuardedColumns, type ReadableFilter } from '../access/policy.js';
import type { DB } from '../db/schema.js';
import { ATTACHMENT_COLUMNS } from './attachment.repository.js';

export interface AttachmentOwner {
  /** attachments.record_type of the owned attachments. */
  recordType: string;
  /** The owner's table and alias, e.g. 'documents' and 'd'. */
  table: keyof DB & string;
  alias: string;
  /** The policy's columns of the owner, under `alias`. */
  columns: GuardedColumns;
  /**
   * The owner's own read rule under `alias`, when classification and scope alone do not say who
   * reads it (a supervision item is read only by those it concerns); the policy's filter otherwise.
   */
  readable?: (db: Kysely<DB>, actor: Actor) => Promise<ReadableFilter>;
}

const owners = new Map<string, AttachmentOwner>();

/** Called once per owning module at start-up (idempotent: several servers may run in one process). */
export function registerAttachmentOwner(owner: AttachmentOwner): void {
  owners.set(owner.recordType, owner);
}

/** The WHERE clause for `attachments as a` that every attachment read puts inside its query. */
export async function attachmentReadableFilter(db: Kysely<DB>, actor: Actor): Promise<ReadableFilter> {
  const own = await readableFilter(db, actor, ATTACHMENT_COLUMNS);
  const list = [...owners.values()];
  if (!list.length) return own;
  const ceiling = contentCeiling(actor);
  const linked = await Promise.all(list.map(async (o) => ({ o, filter: o.readable ? await o.readable(db, actor) : await readableFilter(db, actor, o.columns) })));
  const types = list.map((o) => o.recordType);
  return (eb) =>
    eb.or([
      eb.and([eb.or([eb('a.record_type', 'is', null), eb('a.record_type', 'not in', types)]), own(eb)]),
      ...linked.map(({ o, filter }) =>
        eb.and([
          eb('a.record_type', '=', o.recordType),
          eb('a.classification', '<=', ceiling),
          eb.exists(
            eb
              .selectFrom(`${o.table} as ${o.alias}` as any)
              .select(sql`1`.as('one'))
              .where((w: any) => w(w.ref(o.columns.id), '=', w.ref('a.record_id')))
              .where(filter),
          ),
        ]),
      ),
    ]);
}
