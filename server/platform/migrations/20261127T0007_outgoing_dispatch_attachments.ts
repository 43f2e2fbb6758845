import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';

// 发文 dispatch (per-recipient delivery tracking, file copies for archiving, seed 二 3.9) and
// document attachments with versions (收文 and 发文). Rows here are only ever added to or, for a
// delivery, confirmed once: an attachment's new version is a new row, never an overwrite.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('document_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('main','cc')`)) // 主送 / 抄送
    .addColumn('dispatched_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('confirmed_by', 'text')
    .addColumn('confirmed_by_name', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('document_deliveries_doc_idx').on('document_deliveries').columns(['document_id', 'position']).execute();

  // seed 二 3.9: 登记文件并留发文稿及两份文件存档 — registered at dispatch, listed for the archivist by year.
  await db.schema
    .createTable('document_file_copies')
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('final_draft','copy')`))
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('registered_at', 'text', (c) => c.notNull())
    .addColumn('registered_by', 'text', (c) => c.notNull())
    .addColumn('registered_by_name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_file_copies_pk', ['document_id', 'kind'])
    .execute();
  await db.schema.createIndex('document_file_copies_year_idx').on('document_file_copies').columns(['year', 'document_id']).execute();

  // One row per version: `lineage_id` is the id of the attachment's first version (the id the
  // detail shows), `version_no` counts within it. An uploaded file is linked at most once.
  await db.schema
    .createTable('document_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('lineage_id', 'text', (c) => c.notNull())
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('attachment_id', 'text', (c) => c.notNull().unique().references('attachments.id'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('document_attachments_version_uq', ['lineage_id', 'version_no'])
    .execute();
  await db.schema.createIndex('document_attachments_doc_idx').on('document_attachments').columns(['document_id', 'lineage_id', 'version_no']).execute();

  // Deliveries recorded before this migration lived in documents.data; they move to their table.
  const docs = await db.selectFrom('documents').select(['id', 'data']).where('direction', '=', 'outgoing').where('data', 'like', '%"deliveries"%').execute();
  for (const d of docs) {
    const data = JSON.parse(d.data || '{}') as { deliveries?: { name: string; kind: 'main' | 'cc'; sentAt: string }[] };
    const rows = (data.deliveries ?? []).map((x, i) => ({
      id: crypto.randomUUID(),
      document_id: d.id,
      position: i + 1,
      recipient: x.name,
      kind: x.kind,
      dispatched_at: x.sentAt,
      confirmed_at: null,
      confirmed_by: null,
      confirmed_by_name: null,
      note: null,
    }));
    if (rows.length) await db.insertInto('document_deliveries').values(rows).execute();
    delete data.deliveries;
    await db.updateTable('documents').set({ data: JSON.stringify(data) }).where('id', '=', d.id).execute();
  }
  // Documents dispatched before this migration: their file copies as seed 二 3.9 has them (the
  // final draft and two copies), registered by whoever dispatched them, when they did.
  const dispatched = await db
    .selectFrom('documents as d')
    .innerJoin('document_steps as s', 's.document_id', 'd.id')
    .select(['d.id', 'd.year', 's.actor_id', 's.actor_name', 's.at'])
    .where('d.direction', '=', 'outgoing')
    .where('d.state', '=', 'dispatched')
    .where('s.action', '=', 'dispatch')
    .execute();
  for (const d of dispatched) {
    const row = (kind: string, count: number) => ({ document_id: d.id, kind, count, year: d.year, registered_at: d.at, registered_by: d.actor_id, registered_by_name: d.actor_name });
    await db.insertInto('document_file_copies').values([row('final_draft', 1), row('copy', 2)]).onConflict((oc) => oc.doNothing()).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['document_attachments', 'document_file_copies', 'document_deliveries']) await db.schema.dropTable(t).execute();
}
