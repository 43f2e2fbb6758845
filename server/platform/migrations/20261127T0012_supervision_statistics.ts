import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

// 督查统计 at 200,000 items: the board's status counts and the per-unit figures read small per-day
// aggregates instead of every item they count, kept by triggers inside the very transaction that
// inserts, changes or deletes an item or a chase (whatever code does it):
// - supervision_board_days: the open (not closed) items by deadline, level and where they stand
//   ('open' not yet done; done 'completed_late' or 'completed_on_time', judged as the board does);
// - supervision_unit_days: per lead unit, original deadline and level, the items with how they were
//   completed (on time, late and by how many days) and how many are still open (with the sum of
//   their deadlines' day numbers, so days overdue add up without them), and per unit, day and level
//   the chases received; supervision_unit_months: the same by month (a year is twelve rows a unit).
// A day is the company's (TZ_COMPANY): the triggers read how to find it from the settings row
// 'supervision.stats_day' (a zone name on PostgreSQL, a shift such as '+480 minutes' on SQLite),
// which the statistics module writes at start — rebuilding both tables from the items whenever the
// row is missing or differs (a database from before this migration, a changed time zone).
// Indexes: a unit's open items by (lead unit, state); items reached by id judged from a covering
// index; an item's chases by day; fired reminders by point key (the hourly scan).

const CLOSED = `('closed', 'filed', 'archived')`;
const DONE = `('completed', 'reported', 'analysing', 're_reported', 'closed', 'filed', 'archived')`;
const ITEM_COLUMNS = ['state', 'deadline', 'original_deadline', 'classification', 'completed_at', 'lead_department_id'];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('supervision_board_days')
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('classification', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open','completed_late','completed_on_time')`))
    .addColumn('n', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('supervision_board_days_pk', ['status', 'deadline', 'classification'])
    .execute();
  for (const [table, key] of [['supervision_unit_days', 'day'], ['supervision_unit_months', 'month']]) {
    await db.schema
      .createTable(table)
      .addColumn('department_id', 'text', (c) => c.notNull())
      .addColumn(key, 'text', (c) => c.notNull()) // YYYY-MM-DD, YYYY-MM
      .addColumn('classification', 'integer', (c) => c.notNull())
      .addColumn('items', 'integer', (c) => c.notNull().defaultTo(0)) // original deadline in it
      .addColumn('completed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('on_time', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('late_done', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('late_done_days', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('open_items', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('open_day_sum', 'bigint', (c) => c.notNull().defaultTo(0)) // Σ day number (from 2000-01-01) of the open items' original deadlines
      .addColumn('chases', 'integer', (c) => c.notNull().defaultTo(0)) // chases received in it
      .addPrimaryKeyConstraint(`${table}_pk`, [key, 'department_id', 'classification'])
      .execute();
  }

  // Open items of a unit it leads, by where they stand.
  await db.schema.createIndex('supervision_items_unit_open_idx').on('supervision_items').columns(['lead_department_id', 'state', 'deadline', 'classification', 'completed_at']).execute();
  // Items found by id elsewhere (a unit's through supervision_units, the classified ones through
  // a reader's scope) are judged from this index without reading their whole row.
  await db.schema.createIndex('supervision_items_status_idx').on('supervision_items').columns(['id', 'classification', 'state', 'deadline', 'original_deadline', 'lead_department_id', 'completed_at']).execute();
  // Those items' chases by day, likewise.
  await db.schema.createIndex('supervision_chases_item_at_idx').on('supervision_chases').columns(['item_id', 'at']).execute();
  // The reminder scan asks which of its due points fired before by point key (firedAmong): without
  // this each chunk of 500 keys read every fired reminder (17 s at 200,000 items, 32,000 at work).
  await db.schema.createIndex('supervision_reminders_point_idx').on('supervision_reminders').columns(['point', 'item_id']).execute();

  if (isPostgres(db)) await postgresTriggers(db);
  else await sqliteTriggers(db);
}

/** The per-row contributions, as SQL over a row alias (NEW / OLD) and a local-day function. */
function parts(r: string, day: (x: string) => string, daysBetween: (a: string, b: string) => string, dayNumber: (x: string) => string) {
  const done = `(${r}.state in ${DONE} and ${r}.completed_at is not null)`;
  const completedDay = day(`${r}.completed_at`);
  return {
    open: `${r}.state not in ${CLOSED}`,
    status: `(case when ${r}.state in ${DONE} then (case when ${r}.completed_at is not null and ${completedDay} > ${r}.deadline then 'completed_late' else 'completed_on_time' end) else 'open' end)`,
    completed: `(case when ${done} then 1 else 0 end)`,
    onTime: `(case when ${done} and ${completedDay} <= ${r}.original_deadline then 1 else 0 end)`,
    lateDone: `(case when ${done} and ${completedDay} > ${r}.original_deadline then 1 else 0 end)`,
    lateDays: `(case when ${done} and ${completedDay} > ${r}.original_deadline then ${daysBetween(`${r}.original_deadline`, completedDay)} else 0 end)`,
    openItems: `(case when ${done} then 0 else 1 end)`,
    openDays: `(case when ${done} then 0 else ${dayNumber(`${r}.original_deadline`)} end)`,
  };
}

/** The two unit tables: each with its key column and how a day becomes that key. */
const UNIT_TABLES: { table: string; key: string; of: (day: string, dialect: 'pg' | 'sqlite') => string }[] = [
  { table: 'supervision_unit_days', key: 'day', of: (d) => d },
  { table: 'supervision_unit_months', key: 'month', of: (d) => `substr(${d}, 1, 7)` },
];

const SUMS = ['items', 'completed', 'on_time', 'late_done', 'late_done_days', 'open_items', 'open_day_sum'];

/** Insert-or-add of one item's contribution (p) to a unit table (row alias r). */
function addUnit(t: (typeof UNIT_TABLES)[number], dialect: 'pg' | 'sqlite', r: string, p: ReturnType<typeof parts>, upsertPrefix: string) {
  const values = [`${t.of(`${r}.original_deadline`, dialect)}`, `${r}.lead_department_id`, `${r}.classification`, '1', p.completed, p.onTime, p.lateDone, p.lateDays, p.openItems, p.openDays];
  const set = SUMS.map((c) => `${c} = ${upsertPrefix}${c} + excluded.${c}`).join(', ');
  return `insert into ${t.table} (${t.key}, department_id, classification, ${SUMS.join(', ')})
      select ${values.join(', ')} where ${r}.lead_department_id is not null
      on conflict (${t.key}, department_id, classification) do update set ${set};`;
}

/** Subtract one item's contribution (p) from a unit table. */
function removeUnit(t: (typeof UNIT_TABLES)[number], dialect: 'pg' | 'sqlite', r: string, p: ReturnType<typeof parts>) {
  const minus = [['items', '1'], ['completed', p.completed], ['on_time', p.onTime], ['late_done', p.lateDone], ['late_done_days', p.lateDays], ['open_items', p.openItems], ['open_day_sum', p.openDays]].map(([c, v]) => `${c} = ${c} - ${v}`).join(', ');
  return `update ${t.table} set ${minus} where ${t.key} = ${t.of(`${r}.original_deadline`, dialect)} and department_id = ${r}.lead_department_id and classification = ${r}.classification;`;
}

async function sqliteTriggers(db: Kysely<any>) {
  const day = (x: string) => `date(${x}, (select value from settings where key = 'supervision.stats_day'))`;
  const between = (a: string, b: string) => `cast(julianday(${b}) - julianday(${a}) as integer)`;
  const dayNumber = (x: string) => `cast(julianday(${x}) - 2451544.5 as integer)`;
  const N = parts('new', day, between, dayNumber);
  const O = parts('old', day, between, dayNumber);
  const addItem = `
    insert into supervision_board_days (status, deadline, classification, n)
      select ${N.status}, new.deadline, new.classification, 1 where ${N.open}
      on conflict (status, deadline, classification) do update set n = n + 1;
    ${UNIT_TABLES.map((t) => addUnit(t, 'sqlite', 'new', N, '')).join('\n')}`;
  const removeItem = `
    update supervision_board_days set n = n - 1 where ${O.open} and status = ${O.status} and deadline = old.deadline and classification = old.classification;
    ${UNIT_TABLES.map((t) => removeUnit(t, 'sqlite', 'old', O)).join('\n')}`;
  // An item's chases count for its lead unit and level: they move when either changes.
  const moveChases = UNIT_TABLES.map(
    (t) => `
    update ${t.table} set chases = chases - (select count(*) from supervision_chases c where c.item_id = old.id and ${t.of(day('c.at'), 'sqlite')} = ${t.table}.${t.key})
      where department_id = old.lead_department_id and classification = old.classification and ${t.key} in (select ${t.of(day('c.at'), 'sqlite')} from supervision_chases c where c.item_id = old.id);
    insert into ${t.table} (${t.key}, department_id, classification, chases)
      select ${t.of(day('c.at'), 'sqlite')}, new.lead_department_id, new.classification, count(*) from supervision_chases c where c.item_id = new.id and new.lead_department_id is not null group by 1
      on conflict (${t.key}, department_id, classification) do update set chases = chases + excluded.chases;`,
  ).join('\n');
  const changed = ITEM_COLUMNS.map((c) => `old.${c} is not new.${c}`).join(' or ');
  await sql.raw(`create trigger supervision_items_stats_insert after insert on supervision_items begin ${addItem} end`).execute(db);
  await sql.raw(`create trigger supervision_items_stats_update after update on supervision_items when ${changed} begin ${removeItem} ${addItem} end`).execute(db);
  await sql.raw(`create trigger supervision_items_stats_move_chases after update on supervision_items when old.lead_department_id is not new.lead_department_id or old.classification is not new.classification begin ${moveChases} end`).execute(db);
  await sql.raw(`create trigger supervision_items_stats_delete after delete on supervision_items begin ${removeItem} end`).execute(db);
  const chaseAdd = UNIT_TABLES.map(
    (t) => `
      insert into ${t.table} (${t.key}, department_id, classification, chases)
        select ${t.of(day('new.at'), 'sqlite')}, i.lead_department_id, i.classification, 1 from supervision_items i where i.id = new.item_id and i.lead_department_id is not null
        on conflict (${t.key}, department_id, classification) do update set chases = chases + 1;`,
  ).join('\n');
  const chaseRemove = UNIT_TABLES.map(
    (t) => `
      update ${t.table} set chases = chases - 1
        where ${t.key} = ${t.of(day('old.at'), 'sqlite')} and (department_id, classification) in (select i.lead_department_id, i.classification from supervision_items i where i.id = old.item_id);`,
  ).join('\n');
  await sql.raw(`create trigger supervision_chases_stats_insert after insert on supervision_chases begin ${chaseAdd} end`).execute(db);
  await sql.raw(`create trigger supervision_chases_stats_delete after delete on supervision_chases begin ${chaseRemove} end`).execute(db);
}

async function postgresTriggers(db: Kysely<any>) {
  // The company's day of an instant (ISO text), in the zone the statistics module wrote down.
  await sql`create or replace function supervision_local_day(instant text) returns text language sql stable as $$
    select to_char((instant)::timestamptz at time zone coalesce((select value from settings where key = 'supervision.stats_day'), 'UTC'), 'YYYY-MM-DD')
  $$`.execute(db);
  const day = (x: string) => `supervision_local_day(${x})`;
  const between = (a: string, b: string) => `((${b})::date - (${a})::date)`;
  const dayNumber = (x: string) => `((${x})::date - date '2000-01-01')`;
  const N = parts('new', day, between, dayNumber);
  const O = parts('old', day, between, dayNumber);
  const changed = ITEM_COLUMNS.map((c) => `old.${c} is distinct from new.${c}`).join(' or ');
  const moved = `(old.lead_department_id is distinct from new.lead_department_id or old.classification is distinct from new.classification)`;
  const moveChases = UNIT_TABLES.map(
    (t) => `
        update ${t.table} u set chases = u.chases - m.n
          from (select ${t.of(day('c.at'), 'pg')} as k, count(*) as n from supervision_chases c where c.item_id = old.id group by 1) m
          where u.${t.key} = m.k and u.department_id = old.lead_department_id and u.classification = old.classification;
        insert into ${t.table} (${t.key}, department_id, classification, chases)
          select ${t.of(day('c.at'), 'pg')}, new.lead_department_id, new.classification, count(*) from supervision_chases c where c.item_id = new.id and new.lead_department_id is not null group by 1
          on conflict (${t.key}, department_id, classification) do update set chases = ${t.table}.chases + excluded.chases;`,
  ).join('\n');
  await sql.raw(`create or replace function supervision_items_stats() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and not (${changed}) then return null; end if;
      if tg_op in ('UPDATE', 'DELETE') then
        if ${O.open} then
          update supervision_board_days set n = n - 1 where status = ${O.status} and deadline = old.deadline and classification = old.classification;
        end if;
        ${UNIT_TABLES.map((t) => removeUnit(t, 'pg', 'old', O)).join('\n')}
      end if;
      if tg_op in ('INSERT', 'UPDATE') then
        if ${N.open} then
          insert into supervision_board_days (status, deadline, classification, n) values (${N.status}, new.deadline, new.classification, 1)
            on conflict (status, deadline, classification) do update set n = supervision_board_days.n + 1;
        end if;
        ${UNIT_TABLES.map((t) => addUnit(t, 'pg', 'new', N, `${t.table}.`)).join('\n')}
      end if;
      -- An item's chases count for its lead unit and level: they move when either changes.
      if tg_op = 'UPDATE' and ${moved} then
        ${moveChases}
      end if;
      return null;
    end $$`).execute(db);
  await sql.raw(`create trigger supervision_items_stats after insert or update or delete on supervision_items for each row execute function supervision_items_stats()`).execute(db);
  await sql.raw(`create or replace function supervision_chases_stats() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        ${UNIT_TABLES.map(
          (t) => `insert into ${t.table} (${t.key}, department_id, classification, chases)
          select ${t.of(day('new.at'), 'pg')}, i.lead_department_id, i.classification, 1 from supervision_items i where i.id = new.item_id and i.lead_department_id is not null
          on conflict (${t.key}, department_id, classification) do update set chases = ${t.table}.chases + 1;`,
        ).join('\n')}
      else
        ${UNIT_TABLES.map(
          (t) => `update ${t.table} u set chases = u.chases - 1 from supervision_items i
          where i.id = old.item_id and u.${t.key} = ${t.of(day('old.at'), 'pg')} and u.department_id = i.lead_department_id and u.classification = i.classification;`,
        ).join('\n')}
      end if;
      return null;
    end $$`).execute(db);
  await sql.raw(`create trigger supervision_chases_stats after insert or delete on supervision_chases for each row execute function supervision_chases_stats()`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger if exists supervision_items_stats on supervision_items`.execute(db);
    await sql`drop trigger if exists supervision_chases_stats on supervision_chases`.execute(db);
    await sql`drop function if exists supervision_items_stats()`.execute(db);
    await sql`drop function if exists supervision_chases_stats()`.execute(db);
    await sql`drop function if exists supervision_local_day(text)`.execute(db);
  } else {
    for (const t of ['supervision_items_stats_insert', 'supervision_items_stats_update', 'supervision_items_stats_move_chases', 'supervision_items_stats_delete', 'supervision_chases_stats_insert', 'supervision_chases_stats_delete']) await sql.raw(`drop trigger if exists ${t}`).execute(db);
  }
  await db.schema.dropIndex('supervision_reminders_point_idx').execute();
  await db.schema.dropIndex('supervision_chases_item_at_idx').execute();
  await db.schema.dropIndex('supervision_items_status_idx').execute();
  await db.schema.dropIndex('supervision_items_unit_open_idx').execute();
  await db.schema.dropTable('supervision_unit_months').execute();
  await db.schema.dropTable('supervision_unit_days').execute();
  await db.schema.dropTable('supervision_board_days').execute();
}
