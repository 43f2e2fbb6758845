import { sql, type Kysely } from 'kysely';

// 督查督办, the office's own instruments around the items (seed 五 5.12, 三 2.1–2.14, 3.31):
// the week's directive list (一周工作指令) and the Saturday reports (指令落实情况) compiled from it;
// coordination records (协调) with the departments consulted; and the office's summaries of the
// execution reports its subordinate units sent on one item (汇总回告).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('supervision_directive_lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('week', 'text', (c) => c.notNull()) // ISO week in TZ_COMPANY, '2026-W48'
    .addColumn('week_start', 'text', (c) => c.notNull()) // its Monday, YYYY-MM-DD
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull().references('supervision_categories.key'))
    .addColumn('meeting_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('draft','submitted','approved','issued')`))
    .addColumn('drafted_by', 'text', (c) => c.notNull())
    .addColumn('drafted_by_name', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('approved_by', 'text')
    .addColumn('approved_by_name', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('opinion', 'text') // the GM's, on approving or returning
    .addColumn('issued_by', 'text')
    .addColumn('issued_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // One list a week: the meeting is weekly, and the Saturday report is the week's.
  await db.schema.createIndex('supervision_directive_lists_week_uq').on('supervision_directive_lists').columns(['week']).unique().execute();

  await db.schema
    .createTable('supervision_directives')
    .addColumn('list_id', 'text', (c) => c.notNull().references('supervision_directive_lists.id'))
    .addColumn('idx', 'integer', (c) => c.notNull()) // the directive's number in the list, from 1; the item's source index
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('lead_department_id', 'text', (c) => c.notNull())
    .addColumn('lead_person_id', 'text')
    .addColumn('deadline', 'text') // a date, or …
    .addColumn('deadline_working_days', 'integer') // … working days from the issuing day
    .addColumn('item_id', 'text') // set when the list is issued
    .addPrimaryKeyConstraint('supervision_directives_pk', ['list_id', 'idx'])
    .execute();
  await db.schema.createIndex('supervision_directives_item_idx').on('supervision_directives').columns(['item_id']).execute();

  // Compiled 指令落实情况, kept as sent. The weekly job's row carries slot_key 'weekly:<week>', so
  // it exists once per week whatever instance or retry ran it; one compiled on demand has none.
  await db.schema
    .createTable('supervision_directive_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('list_id', 'text', (c) => c.notNull().references('supervision_directive_lists.id'))
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('slot_key', 'text')
    .addColumn('compiled_at', 'text', (c) => c.notNull())
    .addColumn('compiled_by', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('supervision_directive_reports_slot_uq').on('supervision_directive_reports').columns(['slot_key']).unique().execute();
  await db.schema.createIndex('supervision_directive_reports_list_idx').on('supervision_directive_reports').columns(['list_id', 'id']).execute();

  // 协调 (三 2.1–2.14): gather information (2.1–2.2), consult the departments concerned (2.6–2.8,
  // 2.11, 2.13), make the plan (2.3), form the agreed opinion (2.4), then the leader approves and
  // the result goes to the departments (2.14).
  await db.schema
    .createTable('supervision_coordinations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('matter', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('gathering','consulting','agreed','submitted','approved','closed')`))
    .addColumn('plan', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('agreed_opinion', 'text', (c) => c.notNull().defaultTo(''))
    // The tasks the agreed opinion gives units (JSON); approving turns each into a supervision item.
    .addColumn('tasks', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('leader_id', 'text', (c) => c.notNull())
    .addColumn('leader_opinion', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('classification', 'integer', (c) => c.notNull().defaultTo(0).check(sql`classification between 0 and 4`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .createTable('supervision_coordination_departments')
    .addColumn('coordination_id', 'text', (c) => c.notNull().references('supervision_coordinations.id'))
    .addColumn('department_id', 'text', (c) => c.notNull())
    .addColumn('opinion', 'text')
    .addColumn('opinion_by', 'text')
    .addColumn('opinion_by_name', 'text')
    .addColumn('opinion_at', 'text')
    .addPrimaryKeyConstraint('supervision_coordination_departments_pk', ['coordination_id', 'department_id'])
    .execute();
  await db.schema.createIndex('supervision_coordination_departments_dept_idx').on('supervision_coordination_departments').columns(['department_id', 'coordination_id']).execute();
  await db.schema
    .createTable('supervision_coordination_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('coordination_id', 'text', (c) => c.notNull().references('supervision_coordinations.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('by_id', 'text', (c) => c.notNull())
    .addColumn('by_name', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('supervision_coordination_notes_idx').on('supervision_coordination_notes').columns(['coordination_id', 'id']).execute();

  // 三 3.31: the office's summary of the execution reports the sub-items' units sent, to the leader.
  await db.schema
    .createTable('supervision_execution_summaries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('supervision_items.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('report_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('missing_item_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('by_id', 'text', (c) => c.notNull())
    .addColumn('by_name', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('supervision_execution_summaries_item_idx').on('supervision_execution_summaries').columns(['item_id', 'id']).execute();

  // The board and the unit figures read open items by state and deadline, and chases by time.
  await db.schema.createIndex('supervision_chases_at_idx').on('supervision_chases').columns(['at', 'item_id']).execute();
  // Unit figures count each unit's items due (by the original deadline) in a period from the index
  // alone (state and completion decide on time and late): SQLite skip-scans it unit by unit.
  await db.schema.createIndex('supervision_items_due_unit_idx').on('supervision_items').columns(['lead_department_id', 'original_deadline', 'state', 'completed_at']).execute();
  // A unit's items (lead or co-unit) for the board's unit filter.
  await db.schema.createIndex('supervision_units_department_idx').on('supervision_units').columns(['department_id', 'item_id']).execute();
  // The board colours and counts open items, and orders a page of ids, from the index alone.
  await db.schema.createIndex('supervision_items_board_idx').on('supervision_items').columns(['state', 'deadline', 'classification', 'completed_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('supervision_items_board_idx').execute();
  await db.schema.dropIndex('supervision_units_department_idx').execute();
  await db.schema.dropIndex('supervision_items_due_unit_idx').execute();
  await db.schema.dropIndex('supervision_chases_at_idx').execute();
  for (const t of ['supervision_execution_summaries', 'supervision_coordination_notes', 'supervision_coordination_departments', 'supervision_coordinations', 'supervision_directive_reports', 'supervision_directives', 'supervision_directive_lists']) {
    await db.schema.dropTable(t).execute();
  }
}
