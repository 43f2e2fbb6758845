// How the access policy and the workflows see a supervision item. The platform's readable filter
// decides classification and reading scope; on top of it an item is seen only by those it concerns
// (三 5.33 分级负责): the office, the GM, the assigning leader, the lead and co-units (their heads and
// named people), the 督查组 when the mode is a group, the level above for 分级督查, and named readers.
import { sql, type Kysely } from 'kysely';
import type { Standing } from '../../../common/workflow/workflow.js';
import type { Actor } from '../../platform/access/actor.js';
import { readableFilter, type GuardedColumns, type ReadableFilter } from '../../platform/access/policy.js';
import type { DB, SupervisionItemTable, SupervisionParticipantTable } from '../../platform/db/schema.js';

export const SUPERVISION_ITEM = 'supervision_item';

/** Filed items are the archivist's archive candidates. */
const FILED_STATES = ['filed', 'archived'];

/** The columns the policy's readable filter uses, for table alias `i`. */
export const ITEM_COLUMNS: GuardedColumns = { recordType: SUPERVISION_ITEM, id: 'i.id', classification: 'i.classification' };

/** Relations held by a department that its head holds for it (the unit's work). */
const UNIT_RELATIONS = ['handler', 'co_handler', 'supervisor'];

export const isOffice = (actor: Actor) => actor.capabilities.has('supervision.manage');
const isHead = (actor: Actor) => actor.roles.includes('dept_head');

/** The office and the GM oversee every item (within classification and scope); others see theirs. */
export function seesAllItems(actor: Actor): boolean {
  return isOffice(actor) || actor.roles.includes('gm');
}

/**
 * Whether a participant row names this caller: a person row by id; a department row for a unit
 * relation by its head, for a named reader by every member.
 */
function names(actor: Actor, p: Pick<SupervisionParticipantTable, 'relation' | 'subject_kind' | 'subject_id'>): boolean {
  if (p.subject_kind === 'person') return p.subject_id === actor.id;
  if (p.subject_id !== actor.departmentId) return false;
  return p.relation === 'reader' || (UNIT_RELATIONS.includes(p.relation) && isHead(actor));
}

/** The WHERE clause for `supervision_items as i`: every list, count, detail and export puts it inside its query. */
export async function itemReadable(db: Kysely<DB>, actor: Actor): Promise<ReadableFilter> {
  const policy = await readableFilter(db, actor, ITEM_COLUMNS);
  if (seesAllItems(actor)) return policy;
  const dept = actor.departmentId || '';
  const head = isHead(actor);
  // The archivist takes filed items as archive candidates (立卷 → 归档).
  const archivist = actor.roles.includes('archivist');
  return (eb) =>
    eb.and([
      policy(eb),
      eb.or([
        ...(archivist ? [eb('i.state' as any, 'in', [...FILED_STATES])] : []),
        eb.exists(
        eb
          .selectFrom('supervision_participants as sp')
          .select(sql`1`.as('one'))
          .whereRef('sp.item_id', '=', 'i.id' as any)
          .where((w) =>
            w.or([
              w.and([w('sp.subject_kind', '=', 'person'), w('sp.subject_id', '=', actor.id)]),
              w.and([
                w('sp.subject_kind', '=', 'department'),
                w('sp.subject_id', '=', dept),
                head ? w('sp.relation', 'in', [...UNIT_RELATIONS, 'reader']) : w('sp.relation', '=', 'reader'),
              ]),
            ]),
          ),
        ),
      ]),
    ]);
}

/**
 * The caller's relations to one item; the workflow's `by` names these. The mode (三 3.34) decides
 * who supervises: the assigning leader alone when handling it in person (5.33), else the office,
 * joined by the 督查组 (group) or the level above (by_level) named on the item.
 */
export function standingOf(actor: Actor, item: Pick<SupervisionItemTable, 'assigned_by' | 'mode'>, participants: Pick<SupervisionParticipantTable, 'relation' | 'subject_kind' | 'subject_id'>[]): Standing {
  const relations = new Set<string>();
  if (isOffice(actor)) relations.add('office');
  if (item.assigned_by && item.assigned_by === actor.id) relations.add('assigner');
  for (const p of participants) {
    if (!names(actor, p)) continue;
    if (p.relation === 'handler' || p.relation === 'co_handler') relations.add(p.relation);
    if (p.relation === 'group' && item.mode === 'group') relations.add('supervisor');
    if (p.relation === 'supervisor' && item.mode === 'by_level') relations.add('supervisor');
  }
  if (item.mode === 'leader_in_person') {
    if (relations.has('assigner')) relations.add('supervisor');
  } else if (relations.has('office')) relations.add('supervisor');
  return { roles: actor.roles, relations: [...relations] };
}
