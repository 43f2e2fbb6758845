import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

// A unit's board and a reader's board start from the participant rows naming the unit or the person;
// at 200,000 items those rows reach every item the unit ever handled (~4,800 for a unit, of which
// ~870 still open). Each participant row now carries whether its item is open (not closed), kept by
// triggers in the transaction that inserts the row or moves the item across the closed boundary
// (whatever code does it), and the subject index holds it (and the relation), so a board reaches
// open items only, from the index alone.
// An unclassified item no longer has a 'workflow' reading scope (the policy consults scopes only
// above INTERNAL, and an item's level is fixed at creation): the rows written before go, so the
// classified counts, which start from the reader's scope rows, reach classified items only.
// The reminder scan no longer looks fired reminders up by point key (it probes each candidate's
// primary key in one pass), so T0012's index on (point, item_id) goes.

/** The closed states when this migration was written: a migration's SQL must not move with the code. */
const CLOSED = `('closed', 'filed', 'archived')`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('supervision_participants').addColumn('open', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await sql.raw(`update supervision_participants set open = 0 where item_id in (select id from supervision_items where state in ${CLOSED})`).execute(db);
  await db.schema.dropIndex('supervision_participants_subject_idx').execute();
  await db.schema.createIndex('supervision_participants_subject_idx').on('supervision_participants').columns(['subject_kind', 'subject_id', 'open', 'item_id', 'relation']).execute();
  await db.schema.dropIndex('supervision_reminders_point_idx').execute();
  await sql
    .raw(`delete from reading_scopes where record_type = 'supervision_item' and source = 'workflow' and record_id in (select id from supervision_items where classification < 2)`)
    .execute(db);
  if (isPostgres(db)) {
    await sql.raw(`create function supervision_participant_open() returns trigger language plpgsql as $$
      begin
        new.open := case when exists (select 1 from supervision_items i where i.id = new.item_id and i.state in ${CLOSED}) then 0 else 1 end;
        return new;
      end $$`).execute(db);
    await sql.raw(`create trigger supervision_participants_open before insert on supervision_participants for each row execute function supervision_participant_open()`).execute(db);
    await sql.raw(`create function supervision_item_open() returns trigger language plpgsql as $$
      begin
        update supervision_participants set open = case when new.state in ${CLOSED} then 0 else 1 end where item_id = new.id;
        return null;
      end $$`).execute(db);
    await sql
      .raw(`create trigger supervision_items_open after update of state on supervision_items for each row when ((old.state in ${CLOSED}) is distinct from (new.state in ${CLOSED})) execute function supervision_item_open()`)
      .execute(db);
  } else {
    await sql
      .raw(
        `create trigger supervision_participants_open after insert on supervision_participants
          when exists (select 1 from supervision_items i where i.id = new.item_id and i.state in ${CLOSED})
          begin
            update supervision_participants set open = 0 where item_id = new.item_id and relation = new.relation and subject_kind = new.subject_kind and subject_id = new.subject_id;
          end`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger supervision_items_open after update of state on supervision_items
          when (old.state in ${CLOSED}) is not (new.state in ${CLOSED})
          begin
            update supervision_participants set open = case when new.state in ${CLOSED} then 0 else 1 end where item_id = new.id;
          end`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger if exists supervision_items_open on supervision_items`.execute(db);
    await sql`drop trigger if exists supervision_participants_open on supervision_participants`.execute(db);
    await sql`drop function if exists supervision_item_open()`.execute(db);
    await sql`drop function if exists supervision_participant_open()`.execute(db);
  } else {
    await sql`drop trigger if exists supervision_items_open`.execute(db);
    await sql`drop trigger if exists supervision_participants_open`.execute(db);
  }
  await db.schema.createIndex('supervision_reminders_point_idx').on('supervision_reminders').columns(['point', 'item_id']).execute();
  await db.schema.dropIndex('supervision_participants_subject_idx').execute();
  await db.schema.createIndex('supervision_participants_subject_idx').on('supervision_participants').columns(['subject_kind', 'subject_id', 'item_id']).execute();
  await db.schema.alterTable('supervision_participants').dropColumn('open').execute();
}
