// 传阅 (seed 二 3.2: 普通传阅文件…按部门传阅): a secretary circulates a readable incoming document to
// departments, in order or all at once; each department's head opens it and marks it read, which
// in order passes it on. Readers can be chased and a circulation recalled; closing a document
// that readers still hold is refused unless the office insists (条例: 不得漏传、误传、延误).
import type { Kysely } from 'kysely';
import { isClassified } from '../../../../common/classification.js';
import { decide } from '../../../../common/workflow/workflow.js';
import { INCOMING_WORKFLOW, type IncomingState } from '../../../../common/workflow/incoming.workflow.js';
import type { Actor } from '../../../platform/access/actor.js';
import type { AppContext } from '../../../platform/context.js';
import type { CirculationReaderTable, DB, DocumentTable } from '../../../platform/db/schema.js';
import { AppError, notFound } from '../../../platform/errors.js';
import { newId, nowIso } from '../../../platform/ids.js';
import { OrgService } from '../../org/index.js';
import { DOCUMENT, standingOf } from '../document.access.js';
import { CirculationRepository, HOLDING } from './circulation.repository.js';
import { IncomingService } from './incoming.service.js';

/** The reading-scope source that lets a circulated department's members read a classified document. */
export const CIRCULATION_SCOPE = 'workflow:circulation';

export interface CirculateInput {
  departmentIds: string[];
  mode: 'sequential' | 'parallel';
}

const conflict = (message: string, details: Record<string, unknown> = {}) => new AppError('conflict', message, details);

export class CirculationService {
  readonly repo: CirculationRepository;
  private readonly incoming: IncomingService;
  private readonly org: OrgService;

  constructor(private readonly ctx: AppContext) {
    this.repo = new CirculationRepository(ctx.database.db);
    this.incoming = new IncomingService(ctx);
    this.org = new OrgService(ctx);
  }

  private get db() {
    return this.ctx.database.db;
  }

  /** Active heads of each department, looked up before a transaction (the org service reads on its own connection). */
  private async heads(departmentIds: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const id of new Set(departmentIds)) {
      const r = await this.org.listPeople({ departmentId: id, role: 'dept_head', status: 'active', limit: 20, offset: 0 });
      out.set(id, r.items.map((p) => p.id));
    }
    return out;
  }

  private notify(trx: Kysely<DB>, doc: DocumentTable, personIds: string[], kind: string, title: string, body?: string) {
    return this.ctx.notify.notify(trx, { personIds, kind, title, body, recordType: DOCUMENT, recordId: doc.id, classification: doc.classification, link: `/incoming/${doc.id}` });
  }

  /** Any live state, or completed as 阅知 (an ordinary circular is circulated after it is filed as read). */
  private async assertCirculable(doc: DocumentTable) {
    if (doc.state === 'completed') {
      const steps = await this.incoming.repo.steps(doc.id);
      if (steps.some((s) => s.action === 'file_as_read')) return;
    }
    const def = INCOMING_WORKFLOW.states[doc.state as IncomingState];
    if (!def || def.final) throw conflict(`当前状态（${def?.zh ?? doc.state}）不能传阅`, { state: doc.state });
  }

  async start(actor: Actor, documentId: string, input: CirculateInput): Promise<string> {
    const doc = await this.incoming.get(actor, documentId);
    await this.assertCirculable(doc);
    const departmentIds = [...new Set(input.departmentIds)];
    for (const id of departmentIds) if (!(await this.org.repo.department(id))) throw new AppError('unprocessable', '部门不存在', { field: 'departmentIds', departmentId: id });
    const heads = await this.heads(departmentIds);
    const id = newId();
    const at = nowIso();
    const readers: CirculationReaderTable[] = departmentIds.map((dep, i) => {
      const now = input.mode === 'parallel' || i === 0;
      return { document_id: doc.id, circulation_id: id, position: i + 1, department_id: dep, person_id: null, state: now ? 'received' : 'waiting', received_at: now ? at : null, opened_at: null, read_at: null, chased_count: 0, last_chased_at: null };
    });
    await this.db.transaction().execute(async (trx) => {
      await this.repo.insert(trx, { id, document_id: doc.id, mode: input.mode, created_by: actor.id, created_by_name: actor.name, created_at: at, recalled_at: null }, readers);
      if (isClassified(doc.classification)) await this.ctx.scopes.add(trx, DOCUMENT, doc.id, CIRCULATION_SCOPE, departmentIds.map((d) => ({ kind: 'department' as const, id: d })));
      await this.incoming.repo.addStep(trx, { documentId: doc.id, action: 'circulate', fromState: doc.state, toState: doc.state, actorId: actor.id, actorName: actor.name, data: { circulationId: id, mode: input.mode, departmentIds } });
      await this.ctx.audit.record(trx, actor, 'document.circulate', { recordType: DOCUMENT, recordId: doc.id }, 'ok', { circulationId: id, mode: input.mode, departments: departmentIds.length });
      const now = readers.filter((r) => r.state === 'received').flatMap((r) => heads.get(r.department_id) ?? []);
      await this.notify(trx, doc, now, 'incoming.circulation', `请传阅：${doc.title}`);
    });
    return id;
  }

  /** The caller's reader row in this circulation: the head of a circulated department (404 for an unknown circulation). */
  private async ownReader(actor: Actor, documentId: string, circulationId: string) {
    const doc = await this.incoming.get(actor, documentId);
    if (!(await this.repo.circulation(this.db, doc.id, circulationId))) throw notFound('传阅');
    const reader = actor.roles.includes('dept_head') && actor.departmentId ? await this.repo.reader(this.db, circulationId, actor.departmentId) : undefined;
    if (!reader) throw new AppError('forbidden', '您不是此传阅的阅文部门负责人');
    if (reader.state === 'waiting') throw conflict('尚未传到本部门', { state: reader.state });
    if (reader.state === 'recalled') throw conflict('传阅已收回', { state: reader.state });
    if (reader.state === 'read') throw conflict('本部门已阅', { state: reader.state });
    return { doc, reader };
  }

  async open(actor: Actor, documentId: string, circulationId: string) {
    const { doc, reader } = await this.ownReader(actor, documentId, circulationId);
    if (reader.state !== 'received') throw conflict('已打开', { state: reader.state });
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.repo.move(trx, circulationId, reader.department_id, ['received'], { state: 'opened', opened_at: nowIso(), person_id: actor.id }))) throw conflict('传阅状态已变化');
      await this.ctx.audit.record(trx, actor, 'document.circulation_open', { recordType: DOCUMENT, recordId: doc.id }, 'ok', { circulationId });
    });
  }

  /** 已阅: in a sequential circulation the next department receives it and its head is told. */
  async read(actor: Actor, documentId: string, circulationId: string) {
    const { doc, reader } = await this.ownReader(actor, documentId, circulationId);
    const all = await this.repo.readers(doc.id);
    const heads = await this.heads(all.filter((r) => r.circulation_id === circulationId && r.state === 'waiting').map((r) => r.department_id));
    await this.db.transaction().execute(async (trx) => {
      const at = nowIso();
      const moved = await this.repo.move(trx, circulationId, reader.department_id, ['received', 'opened'], { state: 'read', read_at: at, opened_at: reader.opened_at ?? at, person_id: actor.id });
      if (!moved) throw conflict('传阅状态已变化');
      await this.ctx.audit.record(trx, actor, 'document.circulation_read', { recordType: DOCUMENT, recordId: doc.id }, 'ok', { circulationId });
      const next = await this.repo.nextWaiting(trx, circulationId);
      if (!next) return;
      await this.repo.move(trx, circulationId, next.department_id, ['waiting'], { state: 'received', received_at: at });
      await this.notify(trx, doc, heads.get(next.department_id) ?? [], 'incoming.circulation', `请传阅：${doc.title}`);
    });
  }

  /** 催阅: tells the department's head again and counts it. */
  async chase(actor: Actor, documentId: string, circulationId: string, departmentId: string, note: string) {
    const doc = await this.incoming.get(actor, documentId);
    if (!(await this.repo.circulation(this.db, doc.id, circulationId))) throw notFound('传阅');
    const reader = await this.repo.reader(this.db, circulationId, departmentId);
    if (!reader) throw new AppError('unprocessable', '该部门不在此传阅中', { field: 'departmentId' });
    if (reader.state !== 'received' && reader.state !== 'opened') throw conflict('该部门当前没有待阅的文件', { state: reader.state });
    const heads = await this.heads([departmentId]);
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.repo.chased(trx, circulationId, departmentId))) throw conflict('传阅状态已变化');
      await this.ctx.audit.record(trx, actor, 'document.circulation_chase', { recordType: DOCUMENT, recordId: doc.id }, 'ok', { circulationId, departmentId });
      await this.notify(trx, doc, heads.get(departmentId) ?? [], 'incoming.circulation_chase', `催阅：${doc.title}`, note);
    });
  }

  /** 收回: every reader not done is recalled. */
  async recall(actor: Actor, documentId: string, circulationId: string) {
    const doc = await this.incoming.get(actor, documentId);
    const c = await this.repo.circulation(this.db, doc.id, circulationId);
    if (!c) throw notFound('传阅');
    if (c.recalled_at) throw conflict('传阅已收回');
    await this.db.transaction().execute(async (trx) => {
      const n = await this.repo.recall(trx, circulationId);
      if (n === 0) throw conflict('各部门均已阅，无可收回');
      await this.incoming.repo.addStep(trx, { documentId: doc.id, action: 'circulation_recall', fromState: doc.state, toState: doc.state, actorId: actor.id, actorName: actor.name, data: { circulationId, recalled: n } });
      await this.ctx.audit.record(trx, actor, 'document.circulation_recall', { recordType: DOCUMENT, recordId: doc.id }, 'ok', { circulationId, recalled: n });
    });
  }

  async list(actor: Actor, documentId: string) {
    const doc = await this.incoming.get(actor, documentId);
    const [circulations, readers] = await Promise.all([this.repo.circulations(doc.id), this.repo.readers(doc.id)]);
    return { circulations, readers };
  }

  /**
   * Before an action that would complete the document: the readers still holding it, when the
   * workflow would let this caller take the action (so a caller who may not act learns nothing).
   */
  async holdingBeforeCompletion(actor: Actor, documentId: string, action: string, input: Record<string, unknown>, opinion: string | null) {
    const doc = await this.incoming.get(actor, documentId);
    const participants = await this.incoming.repo.participants(doc.id);
    const d = decide(INCOMING_WORKFLOW, doc.state as IncomingState, action, standingOf(actor, doc.created_by, participants), { ...input, opinion });
    // A co-department's report keeps the document in handling; only the lead department's completes it.
    const completes = d.ok && d.to === 'completed' && (action !== 'report_result' || actor.departmentId === doc.lead_department_id);
    if (!completes) return [];
    return (await this.repo.readers(doc.id)).filter((r) => HOLDING.includes(r.state));
  }
}
