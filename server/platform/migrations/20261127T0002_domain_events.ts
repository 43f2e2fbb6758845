import type { Kysely } from 'kysely';

// The transactional outbox: a module writes its domain event in the same transaction as its
// change; consumers in other modules take it from here, each exactly once.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('domain_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('source_type', 'text')
    .addColumn('source_id', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('domain_events_type_idx').on('domain_events').columns(['type', 'id']).execute();
  await db.schema.createIndex('domain_events_source_idx').on('domain_events').columns(['source_type', 'source_id']).execute();

  await db.schema
    .createTable('event_consumptions')
    .addColumn('consumer', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('processed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_consumptions_pk', ['consumer', 'event_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('event_consumptions').execute();
  await db.schema.dropTable('domain_events').execute();
}
