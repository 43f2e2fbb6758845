import { sql, type Kysely } from 'kysely';

// 督查督办 (seed 三 3–5, 五 5.12): items of the two procedures (领导交办 4.1, 中心工作 4.2), who stands
// where on each, the trail of every round, progress and completion reports, chases, checks,
// extension requests, and the reminder points already fired.
export async function up(db: Kysely<any>): Promise<void> {
  // 三 3.2: supervision is split into kinds, each with its own standards (督查规范和标准).
  await db.schema
    .createTable('supervision_categories')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    // Actions an item of this kind must have taken before it may close (JSON array of action keys).
    .addColumn('required_steps', 'text', (c) => c.notNull().defaultTo('[]'))
    // The handler reports progress at least every N calendar days (0: no rhythm).
    .addColumn('report_every_days', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('default_deadline_days', 'integer', (c) => c.notNull()) // working days
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  const at = new Date().toISOString();
  await db
    .insertInto('supervision_categories')
    .values([
      { key: 'document', name_zh: '文件督查', name_en: 'Document follow-up', required_steps: '["check_pass"]', report_every_days: 7, default_deadline_days: 10, sort_order: 1, updated_at: at },
      { key: 'meeting', name_zh: '会议督查', name_en: 'Meeting decision follow-up', required_steps: '["check_pass"]', report_every_days: 7, default_deadline_days: 10, sort_order: 2, updated_at: at },
      { key: 'instruction', name_zh: '批示督查', name_en: 'Instruction follow-up', required_steps: '["check_pass"]', report_every_days: 5, default_deadline_days: 5, sort_order: 3, updated_at: at },
      { key: 'special', name_zh: '专项督查', name_en: 'Special inspection', required_steps: '["check_pass"]', report_every_days: 10, default_deadline_days: 20, sort_order: 4, updated_at: at },
    ])
    .execute();

  await db.schema
    .createTable('supervision_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('serial', 'integer', (c) => c.notNull()) // 督办编号, per year, gap-free
    .addColumn('procedure', 'text', (c) => c.notNull().check(sql`procedure in ('assigned','central')`))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull().defaultTo(1)) // 中心工作: 再批办 starts the next round
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text')
    .addColumn('source_index', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('category', 'text', (c) => c.notNull().references('supervision_categories.key'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('requirement', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('assigned_by', 'text') // the assigning leader (person id)
    .addColumn('lead_department_id', 'text') // null only until the office 立项 an item an event opened
    .addColumn('lead_person_id', 'text')
    .addColumn('deadline', 'text', (c) => c.notNull()) // YYYY-MM-DD
    .addColumn('original_deadline', 'text', (c) => c.notNull()) // kept for statistics
    .addColumn('milestones', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('priority', 'text', (c) => c.notNull().defaultTo('normal'))
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('general','special','group','by_level','leader_in_person')`))
    .addColumn('classification', 'integer', (c) => c.notNull().check(sql`classification between 0 and 4`))
    .addColumn('parent_id', 'text')
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('completed_at', 'text')
    .addColumn('archive_candidate', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('supervision_items_serial_uq').on('supervision_items').columns(['year', 'serial']).unique().execute();
  // One item per origin (a decision of a meeting, an instruction on a document): events delivered
  // twice or concurrently meet here. A manual item without a source id never conflicts (NULLs differ).
  await db.schema.createIndex('supervision_items_source_uq').on('supervision_items').columns(['source_type', 'source_id', 'source_index']).unique().execute();
  await db.schema.createIndex('supervision_items_state_idx').on('supervision_items').columns(['state', 'deadline']).execute();
  await db.schema.createIndex('supervision_items_parent_idx').on('supervision_items').columns(['parent_id']).execute();
  await db.schema.createIndex('supervision_items_lead_idx').on('supervision_items').columns(['lead_department_id', 'id']).execute();

  // Who stands where: assigner, handler (lead unit and its person), co_handler (co-units and their
  // people), group (督查组 members), supervisor (分级: the level above), reader (named). Reading and
  // the workflow's relations both come from here.
  await db.schema
    .createTable('supervision_participants')
    .addColumn('item_id', 'text', (c) => c.notNull().references('supervision_items.id'))
    .addColumn('relation', 'text', (c) => c.notNull())
    .addColumn('subject_kind', 'text', (c) => c.notNull().check(sql`subject_kind in ('person','department')`))
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('supervision_participants_pk', ['item_id', 'relation', 'subject_kind', 'subject_id'])
    .execute();
  await db.schema.createIndex('supervision_participants_subject_idx').on('supervision_participants').columns(['subject_kind', 'subject_id', 'item_id']).execute();

  // The co-units with their named person (the lead unit lives on the item).
  await db.schema
    .createTable('supervision_units')
    .addColumn('item_id', 'text', (c) => c.notNull().references('supervision_items.id'))
    .addColumn('department_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('lead','co')`))
    .addColumn('person_id', 'text')
    .addPrimaryKeyConstraint('supervision_units_pk', ['item_id', 'department_id'])
    .execute();

  await db.schema
    .createTable('supervision_steps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('supervision_items.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text')
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('opinion', 'text')
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('supervision_steps_item_idx').on('supervision_steps').columns(['item_id', 'id']).execute();

  // progress (the handling unit), completion (办结回告 / 专题回告, the office to the leader).
  await db.schema
    .createTable('supervision_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('supervision_items.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('progress','completion')`))
    .addColumn('department_id', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('percent', 'integer')
    .addColumn('attachment_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('reported_by', 'text', (c) => c.notNull())
    .addColumn('reported_by_name', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('supervision_reports_item_idx').on('supervision_reports').columns(['item_id', 'id']).execute();

  await db.schema
    .createTable('supervision_chases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('supervision_items.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('manual','automatic')`))
    .addColumn('point', 'text')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('told', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('chased_by', 'text', (c) => c.notNull())
    .addColumn('chased_by_name', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('supervision_chases_item_idx').on('supervision_chases').columns(['item_id', 'id']).execute();

  await db.schema
    .createTable('supervision_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('supervision_items.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('passed','returned')`))
    .addColumn('reasons', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('checked_by', 'text', (c) => c.notNull())
    .addColumn('checked_by_name', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('supervision_checks_item_idx').on('supervision_checks').columns(['item_id', 'id']).execute();

  await db.schema
    .createTable('supervision_extensions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('supervision_items.id'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending','approved','refused')`))
    .addColumn('previous_deadline', 'text', (c) => c.notNull())
    .addColumn('requested_deadline', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_by_name', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_by_name', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .execute();
  await db.schema.createIndex('supervision_extensions_item_idx').on('supervision_extensions').columns(['item_id', 'id']).execute();

  // 催办 points fired: the key makes each point of each item fire once, whatever runs the scan.
  await db.schema
    .createTable('supervision_reminders')
    .addColumn('item_id', 'text', (c) => c.notNull().references('supervision_items.id'))
    .addColumn('point', 'text', (c) => c.notNull())
    .addColumn('fired_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('supervision_reminders_pk', ['item_id', 'point'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['supervision_reminders', 'supervision_extensions', 'supervision_checks', 'supervision_chases', 'supervision_reports', 'supervision_steps', 'supervision_units', 'supervision_participants', 'supervision_items', 'supervision_categories']) {
    await db.schema.dropTable(t).execute();
  }
}
