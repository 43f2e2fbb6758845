// Tells whoever must act next on a 发文 (reviewers, countersigning heads, the office, the
// secretaries who proofread, the signer, the registrar) and tells the drafter when the document is
// refused, sent back, signed off and dispatched — through the platform's notification service,
// in the transaction of the step, and only people the access policy lets read the document.
import type { Kysely } from 'kysely';
import { capabilitiesOf } from '../../../../common/roles.js';
import { OUTGOING_WORKFLOW, type OutgoingState } from '../../../../common/workflow/outgoing.workflow.js';
import type { Actor } from '../../../platform/access/actor.js';
import { can, readableFilter } from '../../../platform/access/policy.js';
import type { AppContext } from '../../../platform/context.js';
import type { DB, DocumentTable } from '../../../platform/db/schema.js';
import { DOCUMENT, DOCUMENT_COLUMNS } from '../document.access.js';

/** What the people who hold a state are asked to do. */
const ASK: Partial<Record<OutgoingState, string>> = {
  drafting: '请修改文稿',
  dept_review: '请核稿',
  countersign: '请会签',
  office_review: '请审核',
  proofreading: '请校对',
  signoff: '请签发',
  check: '请复核登记',
  registered: '请印制用印',
  sealed: '请核发',
};

/** What the drafter is told after these actions. */
const TELL_DRAFTER: Record<string, string> = {
  office_reject: '不予发文',
  send_back: '已退回修改',
  sign_off: '已签发',
  dispatch: '已核发',
};

export class OutgoingNotifier {
  constructor(private readonly ctx: AppContext) {}

  /**
   * The people among `personIds` who may read the document now: each is judged by the access
   * policy as if they asked (capability, classification ceiling, reading scope), in `exec`, so a
   * scope granted earlier in the same transaction counts.
   */
  async readersAmong(exec: Kysely<DB>, documentId: string, personIds: string[]): Promise<string[]> {
    const ids = [...new Set(personIds)];
    if (!ids.length) return [];
    const people = await exec.selectFrom('people').select(['id', 'name', 'username', 'clearance', 'department_id']).where('id', 'in', ids).where('status', '=', 'active').execute();
    const roles = await exec.selectFrom('person_roles').select(['person_id', 'role']).where('person_id', 'in', ids).execute();
    const out: string[] = [];
    for (const p of people) {
      const own = roles.filter((r) => r.person_id === p.id).map((r) => r.role);
      const actor: Actor = { id: p.id, name: p.name, username: p.username, roles: own, capabilities: capabilitiesOf(own), clearance: p.clearance, departmentId: p.department_id, ip: '', via: 'session' };
      if (!can(actor, 'documents.read')) continue;
      const filter = await readableFilter(exec, actor, DOCUMENT_COLUMNS);
      const hit = await exec.selectFrom('documents as d').select('d.id').where('d.id', '=', documentId).where(filter).executeTakeFirst();
      if (hit) out.push(p.id);
    }
    return out;
  }

  /** Notifies the readers among `personIds` (never the actor) about `doc`. */
  async tell(trx: Kysely<DB>, actor: Actor, doc: DocumentTable, personIds: string[], kind: string, title: string, body?: string | null) {
    const readers = await this.readersAmong(trx, doc.id, personIds.filter((p) => p !== actor.id));
    if (!readers.length) return;
    await this.ctx.notify.notify(trx, { personIds: readers, kind, title, body: body ?? undefined, recordType: DOCUMENT, recordId: doc.id, classification: doc.classification, link: `/outgoing/${doc.id}` });
  }

  /**
   * After `action` moved `doc` from `from` to its current state: the new state's handlers are
   * asked to act (only when the state changed: a countersign that leaves others pending asks no
   * one), and the drafter hears of a refusal, a send-back, the sign-off and the dispatch.
   */
  async afterAction(trx: Kysely<DB>, actor: Actor, doc: DocumentTable, from: string, action: string, handlers: string[], opinion: string | null) {
    const state = doc.state as OutgoingState;
    const ask = ASK[state];
    const label = OUTGOING_WORKFLOW.states[state]?.zh ?? state;
    if (ask && state !== from && state !== 'drafting') await this.tell(trx, actor, doc, handlers, `outgoing.${state}`, `${ask}：${doc.title}`);
    const told = TELL_DRAFTER[action];
    if (told && state !== from) {
      const number = doc.doc_number ? `（${doc.doc_number}）` : '';
      await this.tell(trx, actor, doc, [doc.created_by], `outgoing.${action}`, `${told}：${doc.title}${number}`, opinion ?? `当前环节：${label}`);
    }
  }
}
