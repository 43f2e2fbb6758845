// The queries of 催办: who is still to handle a document, their heads, and the overdue list. Job
// handlers call these with their transaction (on SQLite the only connection while it is open).
import type { Kysely } from 'kysely';
import type { ReadableFilter } from '../../../platform/access/policy.js';
import type { DB } from '../../../platform/db/schema.js';

export class ChaseRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Active heads of the departments that still hold the document for handling. */
  async pendingHandlerHeads(exec: Kysely<DB>, documentId: string): Promise<string[]> {
    const rows = await exec
      .selectFrom('document_participants as p')
      .innerJoin('people as pe', 'pe.department_id', 'p.subject_id')
      .innerJoin('person_roles as r', 'r.person_id', 'pe.id')
      .select('pe.id')
      .where('p.document_id', '=', documentId)
      .where('p.relation', '=', 'handler')
      .where('p.subject_kind', '=', 'department')
      .where('p.state', '=', 'pending')
      .where('r.role', '=', 'dept_head')
      .where('pe.status', '=', 'active')
      .execute();
    return [...new Set(rows.map((r) => r.id))];
  }

  /** Incoming documents still in handling whose deadline is before `today`, oldest deadline first. */
  overdue(today: string, readable: ReadableFilter, limit: number) {
    return this.db
      .selectFrom('documents as d')
      .selectAll('d')
      .where('d.direction', '=', 'incoming')
      .where('d.state', '=', 'handling')
      .where('d.deadline', '<', today)
      .where(readable)
      .orderBy('d.deadline')
      .orderBy('d.id')
      .limit(limit)
      .execute();
  }
}
