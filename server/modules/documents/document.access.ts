// How the access policy and the workflows see a document.
import type { GuardedColumns } from '../../platform/access/policy.js';
import type { Actor } from '../../platform/access/actor.js';
import type { Standing } from '../../../common/workflow/workflow.js';

export const DOCUMENT = 'document';

/** The columns the policy's readable filter uses, for table alias `d`. */
export const DOCUMENT_COLUMNS: GuardedColumns = { recordType: DOCUMENT, id: 'd.id', classification: 'd.classification' };

export interface ParticipantRow {
  relation: string;
  subject_kind: 'person' | 'department';
  subject_id: string;
  state: string;
}

/**
 * The caller's roles and relations to one document. A relation held by a department is held by
 * its head (dept_head role) for the department's work, and by every member for reading.
 */
export function standingOf(actor: Actor, createdBy: string, participants: ParticipantRow[], extra: string[] = []): Standing {
  const relations = new Set<string>(extra);
  if (createdBy === actor.id) relations.add('drafter');
  for (const p of participants) {
    if (p.state === 'done') continue;
    if (p.subject_kind === 'person' && p.subject_id === actor.id) relations.add(p.relation);
    if (p.subject_kind === 'department' && p.subject_id === actor.departmentId && actor.roles.includes('dept_head')) relations.add(p.relation);
  }
  return { roles: actor.roles, relations: [...relations] };
}
