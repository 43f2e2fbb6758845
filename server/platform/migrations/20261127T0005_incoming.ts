import type { Kysely } from 'kysely';

// 传阅 (circulation) of incoming documents: one circulation names departments in order; each
// department is a reader whose state and times are kept (条例: 不得漏传、误传、延误).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('circulations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('mode', 'text', (c) => c.notNull()) // sequential | parallel
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('recalled_at', 'text')
    .execute();
  await db.schema.createIndex('circulations_doc_idx').on('circulations').columns(['document_id', 'id']).execute();

  await db.schema
    .createTable('circulation_readers')
    .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
    .addColumn('circulation_id', 'text', (c) => c.notNull().references('circulations.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text')
    // waiting (sequential, not yet its turn) → received → opened → read; recalled when withdrawn.
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text')
    .addColumn('opened_at', 'text')
    .addColumn('read_at', 'text')
    .addColumn('chased_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_chased_at', 'text')
    .addPrimaryKeyConstraint('circulation_readers_pk', ['circulation_id', 'department_id'])
    .execute();
  await db.schema.createIndex('circulation_readers_doc_idx').on('circulation_readers').columns(['document_id', 'state']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('circulation_readers').execute();
  await db.schema.dropTable('circulations').execute();
}
