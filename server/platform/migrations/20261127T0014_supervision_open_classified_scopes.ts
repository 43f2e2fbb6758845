import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

// The office's board counts the classified items it may read from the items its reading scopes
// name: each secretary is in the scope of ~1,250 classified items (those they registered, and the
// office department's), of which ~270 are still open, and every one was probed to find those.
// supervision_open_scopes holds the reading-scope subjects of the open classified items only — a
// copy kept by triggers in the transaction that adds or removes a scope row, creates an item, or
// moves it across the closed boundary or the classified level (whatever code does it). It is a net
// for starting the query, never an access decision: the policy's filter still judges every item.
// (SQLite runs one writer at a time; on PostgreSQL the scope trigger locks the item row first.)
// On PostgreSQL, T0013's participant trigger gets the same lock: a participant row inserted while
// another transaction reopened its item took the state from before (open = 0) and kept it.

/** Fixed at the time of writing: a migration's SQL must not move with the code. */
const CLOSED = `('closed', 'filed', 'archived')`;
const SECRET = 2;
const ITEM = `'supervision_item'`;
/** Whether the item row `r` is open and classified. */
const counted = (r: string) => `(${r}.classification >= ${SECRET} and ${r}.state not in ${CLOSED})`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('supervision_open_scopes')
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('supervision_open_scopes_pk', ['subject_kind', 'subject_id', 'item_id'])
    .execute();
  await db.schema.createIndex('supervision_open_scopes_item_idx').on('supervision_open_scopes').column('item_id').execute();

  // Inserts that skip a row already there, in each dialect's words.
  const pg = isPostgres(db);
  const insert = (rows: string) => `${pg ? 'insert' : 'insert or ignore'} into supervision_open_scopes (subject_kind, subject_id, item_id) ${rows}${pg ? ' on conflict do nothing' : ''}`;
  await sql.raw(insert(`select distinct rs.subject_kind, rs.subject_id, rs.record_id from reading_scopes rs join supervision_items i on i.id = rs.record_id where rs.record_type = ${ITEM} and ${counted('i')}`)).execute(db);
  // The item's scope subjects, when it is counted.
  const addItem = (item: string) =>
    insert(`select distinct rs.subject_kind, rs.subject_id, rs.record_id from reading_scopes rs where rs.record_type = ${ITEM} and rs.record_id = ${item}.id and ${counted(item)}`);
  // The scope row's subject, when its item is counted.
  const addScope = (row: string) =>
    insert(`select ${row}.subject_kind, ${row}.subject_id, ${row}.record_id from supervision_items i where ${row}.record_type = ${ITEM} and i.id = ${row}.record_id and ${counted('i')}`);
  // A subject stays while any scope row (of any source) still names it for the item.
  const dropScope = (row: string) =>
    `delete from supervision_open_scopes where ${row}.record_type = ${ITEM} and subject_kind = ${row}.subject_kind and subject_id = ${row}.subject_id and item_id = ${row}.record_id
      and not exists (select 1 from reading_scopes rs where rs.record_type = ${ITEM} and rs.record_id = ${row}.record_id and rs.subject_kind = ${row}.subject_kind and rs.subject_id = ${row}.subject_id)`;

  if (pg) {
    // Under READ COMMITTED a scope change and a concurrent change of the item (reopened, raised) or
    // of another source's scope row for the same subject would each miss the other's uncommitted
    // row and leave a subject out of the copy; locking the item row first serialises them (each
    // statement after the wait sees what the other committed).
    const lockItem = (row: string) => `if ${row}.record_type = ${ITEM} then perform 1 from supervision_items where id = ${row}.record_id for update; end if`;
    await sql.raw(`create function supervision_open_scopes_of_scope() returns trigger language plpgsql as $$
      begin
        if tg_op in ('DELETE', 'UPDATE') then ${lockItem('old')}; end if;
        if tg_op in ('INSERT', 'UPDATE') then ${lockItem('new')}; end if;
        if tg_op in ('DELETE', 'UPDATE') then ${dropScope('old')}; end if;
        if tg_op in ('INSERT', 'UPDATE') then ${addScope('new')}; end if;
        return null;
      end $$`).execute(db);
    await sql.raw(`create trigger reading_scopes_open_scopes after insert or update or delete on reading_scopes for each row execute function supervision_open_scopes_of_scope()`).execute(db);
    await sql.raw(`create function supervision_open_scopes_of_item() returns trigger language plpgsql as $$
      begin
        if tg_op in ('DELETE', 'UPDATE') then delete from supervision_open_scopes where item_id = old.id; end if;
        if tg_op in ('INSERT', 'UPDATE') then ${addItem('new')}; end if;
        return null;
      end $$`).execute(db);
    await sql.raw(`create trigger supervision_items_open_scopes_insert after insert on supervision_items for each row when (${counted('new')}) execute function supervision_open_scopes_of_item()`).execute(db);
    await sql
      .raw(`create trigger supervision_items_open_scopes_update after update of state, classification on supervision_items for each row when (${counted('old')} is distinct from ${counted('new')}) execute function supervision_open_scopes_of_item()`)
      .execute(db);
    await sql.raw(`create trigger supervision_items_open_scopes_delete after delete on supervision_items for each row execute function supervision_open_scopes_of_item()`).execute(db);
    await sql.raw(`create or replace function supervision_participant_open() returns trigger language plpgsql as $$
      begin
        perform 1 from supervision_items where id = new.item_id for update;
        new.open := case when exists (select 1 from supervision_items i where i.id = new.item_id and i.state in ${CLOSED}) then 0 else 1 end;
        return new;
      end $$`).execute(db);
  } else {
    await sql.raw(`create trigger reading_scopes_open_scopes_insert after insert on reading_scopes when new.record_type = ${ITEM} begin ${addScope('new')}; end`).execute(db);
    await sql.raw(`create trigger reading_scopes_open_scopes_delete after delete on reading_scopes when old.record_type = ${ITEM} begin ${dropScope('old')}; end`).execute(db);
    await sql
      .raw(`create trigger reading_scopes_open_scopes_update after update on reading_scopes when old.record_type = ${ITEM} or new.record_type = ${ITEM} begin ${dropScope('old')}; ${addScope('new')}; end`)
      .execute(db);
    await sql.raw(`create trigger supervision_items_open_scopes_insert after insert on supervision_items when ${counted('new')} begin ${addItem('new')}; end`).execute(db);
    await sql
      .raw(
        `create trigger supervision_items_open_scopes_update after update of state, classification on supervision_items when ${counted('old')} is not ${counted('new')}
          begin delete from supervision_open_scopes where item_id = old.id; ${addItem('new')}; end`,
      )
      .execute(db);
    await sql.raw(`create trigger supervision_items_open_scopes_delete after delete on supervision_items begin delete from supervision_open_scopes where item_id = old.id; end`).execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  // T0013's participant trigger keeps its item lock: harmless with T0013's own triggers.
  if (isPostgres(db)) {
    await sql`drop trigger if exists reading_scopes_open_scopes on reading_scopes`.execute(db);
    for (const t of ['insert', 'update', 'delete']) await sql.raw(`drop trigger if exists supervision_items_open_scopes_${t} on supervision_items`).execute(db);
    await sql`drop function if exists supervision_open_scopes_of_scope()`.execute(db);
    await sql`drop function if exists supervision_open_scopes_of_item()`.execute(db);
  } else {
    for (const t of ['insert', 'update', 'delete']) await sql.raw(`drop trigger if exists reading_scopes_open_scopes_${t}`).execute(db);
    for (const t of ['insert', 'update', 'delete']) await sql.raw(`drop trigger if exists supervision_items_open_scopes_${t}`).execute(db);
  }
  await db.schema.dropTable('supervision_open_scopes').execute();
}
