// Who reads a 协调 record (三 2.1–2.14), decided once and put inside every list, detail and
// notification query: the platform's classification and reading scope first, and on top of it the
// record's concern — the office and the GM see every record; otherwise the approving leader, the
// heads of the departments consulted and the people or departments named in its reading scope.
import { sql, type Kysely } from 'kysely';
import type { Actor } from '../../../platform/access/actor.js';
import { readableFilter, type GuardedColumns, type ReadableFilter } from '../../../platform/access/policy.js';
import type { DB } from '../../../platform/db/schema.js';
import { isOffice } from '../supervision.access.js';

export const COORDINATION = 'supervision_coordination';
/** Reading-scope sources: those the record names itself (leader, departments, registrar) and those the office adds. */
export const WORKFLOW_SCOPE = 'workflow';
export const NAMED_SCOPE = 'named';

/** The columns the policy's readable filter uses, for table alias `c`. */
export const COORDINATION_COLUMNS: GuardedColumns = { recordType: COORDINATION, id: 'c.id', classification: 'c.classification' };

export const seesAllCoordinations = (actor: Actor) => isOffice(actor) || actor.roles.includes('gm');
export const headOf = (actor: Actor) => (actor.roles.includes('dept_head') ? actor.departmentId : null);

/** The WHERE clause for `supervision_coordinations as c`. */
export async function coordinationReadable(db: Kysely<DB>, actor: Actor): Promise<ReadableFilter> {
  const policy = await readableFilter(db, actor, COORDINATION_COLUMNS);
  if (seesAllCoordinations(actor)) return policy;
  const head = headOf(actor);
  const dept = actor.departmentId || '';
  return (eb) =>
    eb.and([
      policy(eb),
      eb.or([
        eb('c.leader_id' as any, '=', actor.id),
        ...(head
          ? [eb.exists(eb.selectFrom('supervision_coordination_departments as cd').select(sql`1`.as('one')).whereRef('cd.coordination_id', '=', 'c.id' as any).where('cd.department_id', '=', head))]
          : []),
        // Named readers (知悉范围) the office added.
        eb.exists(
          eb
            .selectFrom('reading_scopes as rs')
            .select(sql`1`.as('one'))
            .where('rs.record_type', '=', COORDINATION)
            .whereRef('rs.record_id', '=', 'c.id' as any)
            .where('rs.source', '=', NAMED_SCOPE)
            .where((w) => w.or([w.and([w('rs.subject_kind', '=', 'person'), w('rs.subject_id', '=', actor.id)]), w.and([w('rs.subject_kind', '=', 'department'), w('rs.subject_id', '=', dept)])])),
        ),
      ]),
    ]);
}
