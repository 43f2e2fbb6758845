// Reading scopes (知悉范围) of classified records: named people, departments, and people a
// workflow step assigns (source = the step).
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { nowIso } from '../ids.js';

export interface ScopeSubject {
  kind: 'person' | 'department';
  id: string;
}

export class ScopeRepository {
  constructor(private readonly db: Kysely<DB>) {}

  list(recordType: string, recordId: string, exec: Kysely<DB> = this.db) {
    return exec
      .selectFrom('reading_scopes')
      .select(['subject_kind', 'subject_id', 'source', 'created_at'])
      .where('record_type', '=', recordType)
      .where('record_id', '=', recordId)
      .orderBy('created_at')
      .execute();
  }

  /** Replaces the subjects given by one source (e.g. 'named') and leaves the others. */
  async replace(exec: Kysely<DB>, recordType: string, recordId: string, source: string, subjects: ScopeSubject[]) {
    await exec.deleteFrom('reading_scopes').where('record_type', '=', recordType).where('record_id', '=', recordId).where('source', '=', source).execute();
    await this.add(exec, recordType, recordId, source, subjects);
  }

  async add(exec: Kysely<DB>, recordType: string, recordId: string, source: string, subjects: ScopeSubject[]) {
    if (subjects.length === 0) return;
    const at = nowIso();
    const unique = new Map(subjects.map((s) => [`${s.kind}:${s.id}`, s]));
    await exec
      .insertInto('reading_scopes')
      .values([...unique.values()].map((s) => ({ record_type: recordType, record_id: recordId, subject_kind: s.kind, subject_id: s.id, source, created_at: at })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}
