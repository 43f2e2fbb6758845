import { sql, type Kysely } from 'kysely';

// Official documents (公文): incoming (收文) and outgoing (发文) share one table of what every
// document has; the trail, versions, participants, numbers, GM batches and circulation hang off it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sequences')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('last_value', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('incoming','outgoing')`))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    // 收文编号 (incoming, per year, gap-free) / null for outgoing until registered.
    .addColumn('serial', 'integer')
    // 发文字号 as printed, e.g. 总经办发〔2026〕12号 (outgoing), or the sender's number (incoming).
    .addColumn('doc_number', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('doc_kind', 'text', (c) => c.notNull()) // 文种: 通知、请示、报告 …
    .addColumn('urgency', 'text', (c) => c.notNull().defaultTo('normal')) // normal 平件 / urgent 加急 / very_urgent 特急
    .addColumn('classification', 'integer', (c) => c.notNull().check(sql`classification between 0 and 4`))
    .addColumn('secrecy_term', 'text')
    .addColumn('sender', 'text') // incoming: 来文单位
    .addColumn('addressee', 'text') // 主送
    .addColumn('cc', 'text') // 抄送
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('pages', 'integer')
    .addColumn('copies', 'integer')
    .addColumn('received_at', 'text')
    .addColumn('deadline', 'text') // YYYY-MM-DD
    .addColumn('lead_department_id', 'text')
    .addColumn('drafting_department_id', 'text')
    .addColumn('replies_to_id', 'text') // 请示 → 批复 (seed 三 3.7)
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}')) // per-direction details (JSON)
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('documents_state_idx').on('documents').columns(['direction', 'state', 'id']).execute();
  await db.schema.createIndex('documents_serial_uq').on('documents').columns(['direction', 'year', 'serial']).unique().execute();

  // The trail: every step with actor, time and opinion, never overwritten.
  await db.schema
    .createTable('document_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('opinion', 'text')
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('document_steps_doc_idx').on('document_steps').columns(['document_id', 'id']).execute();

  // Versions of the text: kept, never overwritten.
  await db.schema
    .createTable('document_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('document_versions_uq', ['document_id', 'version_no'])
    .execute();

  // Who stands in which relation to a document (drafter, countersigner, handler, leader …); the
  // workflow's relations and the reading scope (source 'workflow') come from here.
  await db.schema
    .createTable('document_participants')
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('subject_kind', 'text', (c) => c.notNull().check(sql`subject_kind in ('person','department')`))
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('acted_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('document_participants_pk', ['document_id', 'relation', 'subject_kind', 'subject_id'])
    .execute();
  await db.schema.createIndex('document_participants_subject_idx').on('document_participants').columns(['subject_kind', 'subject_id', 'relation']).execute();

  // 发文字号: one sequence per 机关代字 and year; a number is never reused, and a voided one stays
  // here with its reason, so every gap is explained.
  await db.schema
    .createTable('issue_numbers')
    .addColumn('org_code', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('document_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('used','voided')`))
    .addColumn('void_reason', 'text')
    .addColumn('allocated_at', 'text', (c) => c.notNull())
    .addColumn('voided_at', 'text')
    .addPrimaryKeyConstraint('issue_numbers_pk', ['org_code', 'year', 'number'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['issue_numbers', 'document_participants', 'document_versions', 'document_steps', 'documents', 'sequences']) {
    await db.schema.dropTable(t).execute();
  }
}
