import type { Kysely } from 'kysely';

// "Pending for me" starts from the caller's pending participations: an index on who and in what
// state finds them directly (bench/pending-probe.ts: the list of a user's pending 收文 among
// 1,000,000 documents went from seconds, a walk of every document, to milliseconds).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('document_participants_pending_idx').on('document_participants').columns(['subject_kind', 'subject_id', 'state', 'document_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('document_participants_pending_idx').execute();
}
