import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

// The full-text index every module writes its records into (platform/search). `seq` grows with
// the time a record was first indexed, so "newest first" is a walk down the integer key:
// on SQLite it is the FTS5 rowid, on PostgreSQL a btree beside the GIN index.
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable('search_docs')
    .addColumn('seq', pg ? 'bigint' : 'integer', (c) => (pg ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey()))
    .addColumn('record_type', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('kind', 'text')
    .addColumn('state', 'text')
    .addColumn('sender', 'text')
    .addColumn('year', 'integer')
    .addColumn('classification', 'integer', (c) => c.notNull().check(sql`classification between 0 and 4`))
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    // Letters, digits and CJK characters of everything indexed: where a phrase is verified.
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('indexed_at', 'text', (c) => c.notNull())
    .$call((t) => (pg ? t.addColumn('tsv', sql`tsvector`, (c) => c.notNull()) : t))
    .execute();
  await db.schema.createIndex('search_docs_record_uq').on('search_docs').columns(['record_type', 'record_id']).unique().execute();

  if (pg) {
    await sql`create index search_docs_tsv_idx on search_docs using gin (tsv)`.execute(db);
  } else {
    // Contentless: the tokens live only in the index (search_docs keeps what is shown and verified);
    // contentless_delete lets a re-indexed record drop its old tokens by rowid.
    await sql`create virtual table search_fts using fts5(
      title, body,
      content = '', contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 0'
    )`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) await sql`drop table search_fts`.execute(db);
  await db.schema.dropTable('search_docs').execute();
}
