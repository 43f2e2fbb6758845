// 发文 (outgoing documents): drafting with kept versions, the workflow's effects around each
// action (countersign in parallel, sign-off's three items, the issue number, dispatch), and reads.
import type { Kysely } from 'kysely';
import { availableActions, decide, type Standing } from '../../../../common/workflow/workflow.js';
import { OUTGOING_WORKFLOW, type OutgoingState } from '../../../../common/workflow/outgoing.workflow.js';
import { Classification } from '../../../../common/classification.js';
import type { Actor } from '../../../platform/access/actor.js';
import { assertMayClassify, readableFilter } from '../../../platform/access/policy.js';
import type { AppContext } from '../../../platform/context.js';
import type { DB, DocumentTable } from '../../../platform/db/schema.js';
import { AppError, forbidden, invalid, notFound, staleVersion } from '../../../platform/errors.js';
import { newId, nowIso } from '../../../platform/ids.js';
import { isRealDate, todayIn } from '../../../platform/calendar/work-calendar.js';
import { DOCUMENT, DOCUMENT_COLUMNS, standingOf, type ParticipantRow } from '../document.access.js';
import { DocumentRepository } from '../document.repository.js';
import { applyAction, type ActionRequest } from '../document.workflow-runner.js';
import { documentAttachments } from '../attachments/document-attachments.read.js';
import { DispatchService, dispatchInputOf, isPostingOffice } from './dispatch.service.js';
import { IssueNumberService } from './issue-number.service.js';
import { OutgoingNotifier } from './outgoing.notify.js';
import { REGISTER_MAX_ROWS } from './outgoing.register.js';
import { OutgoingRepository, type Subject } from './outgoing.repository.js';
import type { DraftCreate, DraftPatch } from './outgoing.schema.js';
import { ANSWERING_KINDS, templateFor, type DocKind } from '../../../../common/document-kinds.js';

const W = OUTGOING_WORKFLOW;
const OFFICE_ROLES = ['office_director', 'secretary'];

/** What an outgoing document keeps in documents.data (deliveries and file copies have their own tables). */
export interface OutgoingData {
  countersignDepartments?: string[];
  signoff?: { approval: string; signerName: string; signedOn: string; signerId: string };
}

export function dataOf(doc: Pick<DocumentTable, 'data'>): OutgoingData {
  return JSON.parse(doc.data || '{}') as OutgoingData;
}

export class OutgoingService {
  readonly docs: DocumentRepository;
  readonly repo: OutgoingRepository;
  readonly dispatch: DispatchService;
  private readonly numbers: IssueNumberService;
  private readonly notifier: OutgoingNotifier;
  private readonly db: Kysely<DB>;

  constructor(private readonly ctx: AppContext) {
    this.db = ctx.database.db;
    this.docs = new DocumentRepository(this.db, ctx.search);
    this.repo = new OutgoingRepository(this.db);
    this.numbers = new IssueNumberService(this.repo);
    this.dispatch = new DispatchService(ctx, this.docs);
    this.notifier = new OutgoingNotifier(ctx);
  }

  /** The document if this caller may read it (404 otherwise, like a missing one). */
  async readable(actor: Actor, id: string, exec: Kysely<DB> = this.db): Promise<DocumentTable> {
    const filter = await readableFilter(exec, actor, DOCUMENT_COLUMNS);
    const doc = await this.docs.findReadable(id, filter, exec);
    if (!doc || doc.direction !== 'outgoing') throw notFound('文件');
    return doc as DocumentTable;
  }

  private async checkCountersignDepartments(exec: Kysely<DB>, ids: string[] | undefined, draftingDepartmentId: string) {
    if (!ids?.length) return [];
    const unique = [...new Set(ids)];
    const found = await this.repo.existingDepartments(exec, unique);
    const missing = unique.filter((d) => !found.has(d));
    if (missing.length) throw invalid('会签部门不存在', { field: 'countersignDepartments', missing });
    if (unique.includes(draftingDepartmentId)) throw invalid('拟稿部门不必会签本部门的文件', { field: 'countersignDepartments' });
    return unique;
  }

  private async namedScope(exec: Kysely<DB>, scope: DraftCreate['scope']): Promise<Subject[]> {
    const people = [...new Set(scope?.people ?? [])];
    const depts = [...new Set(scope?.departments ?? [])];
    for (const p of people) if (!(await this.repo.person(exec, p))) throw invalid('知悉范围中的人员不存在', { field: 'scope.people', id: p });
    const found = await this.repo.existingDepartments(exec, depts);
    if (depts.some((d) => !found.has(d))) throw invalid('知悉范围中的部门不存在', { field: 'scope.departments' });
    return [...people.map((id) => ({ kind: 'person' as const, id })), ...depts.map((id) => ({ kind: 'department' as const, id }))];
  }

  /** 拟稿 (seed 二 2.1, 三 3.7): a new draft, from its kind's template when the body is empty. */
  async create(actor: Actor, input: DraftCreate): Promise<string> {
    const classification = input.classification ?? Classification.INTERNAL;
    assertMayClassify(actor, classification);
    const id = newId();
    await this.db.transaction().execute(async (trx) => {
      if (input.repliesToId) {
        const target = await this.readable(actor, input.repliesToId, trx).catch(() => null);
        if (!target) throw invalid('所答复的文件不存在或无权查看', { field: 'repliesToId' });
      } else if (input.docKind === '批复') {
        throw invalid('批复须关联所答复的请示', { field: 'repliesToId' });
      }
      const countersign = await this.checkCountersignDepartments(trx, input.countersignDepartments, actor.departmentId);
      const named = await this.namedScope(trx, input.scope);
      const at = nowIso();
      const body = input.body?.trim() ? input.body : templateFor(input.docKind as DocKind);
      await this.docs.insert(trx, {
        id,
        direction: 'outgoing',
        state: W.initial,
        year: Number(todayIn(this.ctx.config.tzCompany).slice(0, 4)),
        serial: null,
        doc_number: null,
        title: input.title.trim(),
        doc_kind: input.docKind,
        urgency: input.urgency ?? 'normal',
        classification,
        secrecy_term: input.secrecyTerm ?? null,
        sender: null,
        addressee: input.addressee ?? null,
        cc: input.cc ?? null,
        body,
        pages: null,
        copies: null,
        received_at: null,
        deadline: null,
        lead_department_id: null,
        drafting_department_id: actor.departmentId || null,
        replies_to_id: input.repliesToId ?? null,
        data: JSON.stringify({ countersignDepartments: countersign } satisfies OutgoingData),
        created_by: actor.id,
        created_at: at,
        updated_at: at,
        version: 1,
      });
      await this.docs.addVersion(trx, id, input.title.trim(), body, actor.id);
      await this.ctx.scopes.add(trx, DOCUMENT, id, 'named', named);
      await this.ctx.scopes.add(trx, DOCUMENT, id, 'workflow', [{ kind: 'person', id: actor.id }]);
      await this.repo.setHandlers(trx, id, [{ kind: 'person', id: actor.id }]);
      await this.ctx.audit.record(trx, actor, 'document.draft', { recordType: DOCUMENT, recordId: id }, 'ok', { classification });
    });
    return id;
  }

  /** An edit by the drafter while drafting; a changed title or text becomes a new kept version. */
  async update(actor: Actor, id: string, patch: DraftPatch): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const doc = await this.readable(actor, id, trx);
      if (doc.created_by !== actor.id) throw forbidden('只有拟稿人可以修改草稿');
      if (doc.state !== 'drafting') throw new AppError('conflict', '只有拟稿中的文件可以修改', { state: doc.state });
      if (doc.version !== patch.version) throw staleVersion();
      const set: Partial<DocumentTable> = {};
      if (patch.classification !== undefined) {
        assertMayClassify(actor, patch.classification);
        set.classification = patch.classification;
      }
      if (patch.title !== undefined) set.title = patch.title.trim();
      if (patch.body !== undefined) set.body = patch.body;
      if (patch.addressee !== undefined) set.addressee = patch.addressee;
      if (patch.cc !== undefined) set.cc = patch.cc;
      if (patch.secrecyTerm !== undefined) set.secrecy_term = patch.secrecyTerm;
      if (patch.urgency !== undefined) set.urgency = patch.urgency;
      if (patch.countersignDepartments !== undefined) {
        const list = await this.checkCountersignDepartments(trx, patch.countersignDepartments, doc.drafting_department_id ?? '');
        set.data = JSON.stringify({ ...dataOf(doc), countersignDepartments: list });
      }
      if (patch.scope !== undefined) await this.ctx.scopes.replace(trx, DOCUMENT, id, 'named', await this.namedScope(trx, patch.scope));
      if (!(await this.docs.update(trx, id, doc.version, set))) throw staleVersion();
      const title = set.title ?? doc.title;
      const body = set.body ?? doc.body;
      if (title !== doc.title || body !== doc.body) await this.docs.addVersion(trx, id, title, body, actor.id);
      await this.ctx.audit.record(trx, actor, 'document.edit', { recordType: DOCUMENT, recordId: id }, 'ok', { fields: Object.keys(set) });
    });
  }

  /** The caller's roles and relations to this document, the computed ones included. */
  async standing(actor: Actor, doc: DocumentTable, participants: ParticipantRow[], exec: Kysely<DB>): Promise<Standing> {
    const extra: string[] = [];
    const own = actor.departmentId ? (await this.repo.existingDepartments(exec, [actor.departmentId])).get(actor.departmentId) : undefined;
    if (doc.drafting_department_id && actor.departmentId === doc.drafting_department_id && headRoles(own?.kind).some((r) => actor.roles.includes(r))) extra.push('dept_head_of_drafter');
    // Printing and sealing is the office's clerks' work; a department's clerk holds the same role.
    if (own?.kind === 'office' && actor.roles.includes('clerk')) extra.push('office_clerk');
    const base = standingOf(actor, doc.created_by, participants, extra);
    // Whoever may move the document forward now holds its current step and may send it back.
    const forward = availableActions(W, doc.state as OutgoingState, base).some((a) => !a.backward);
    return forward ? { ...base, relations: [...base.relations, 'current_handler'] } : base;
  }

  /** Takes one workflow action, with its effects, in one transaction (runner: document.workflow-runner). */
  async act(actor: Actor, id: string, req: ActionRequest): Promise<string> {
    return this.db.transaction().execute(async (trx) => {
      const doc = await this.readable(actor, id, trx);
      if (doc.version !== req.version) throw staleVersion();
      const participants = (await this.docs.participants(id, trx)) as ParticipantRow[];
      const who = await this.standing(actor, doc, participants, trx);
      const input = req.input ?? {};
      const d = decide(W, doc.state as OutgoingState, req.action, who, { ...input, opinion: req.opinion });
      // A refused action leaves through the runner, which names the reason (409/403/422).
      if (!d.ok) return applyAction(this.ctx, this.docs, trx, W, doc, actor, who, req);
      const data = dataOf(doc);
      const patch: Partial<DocumentTable> = {};
      let toOverride: string | undefined;
      let dispatched: ReturnType<typeof dispatchInputOf> | null = null;

      switch (req.action) {
        case 'submit':
          // seed 二 2.1: 一事一文 — the drafter confirms it, and must say yes.
          if (input.singleMatter !== true) throw new AppError('unprocessable', '请确认本文件只写一件事（一事一文）', { missing: ['singleMatter'] });
          break;
        case 'request_countersign': {
          const depts = await this.checkCountersignDepartments(trx, asStringArray(input.countersignDepartments, 'countersignDepartments'), doc.drafting_department_id ?? '');
          patch.data = JSON.stringify({ ...data, countersignDepartments: depts });
          await this.repo.upsertPending(trx, id, 'countersigner', depts.map((dep) => ({ kind: 'department', id: dep })));
          break;
        }
        case 'countersign': {
          // Parallel: each department signs once; the last one moves the document on.
          const left = await this.docs.completeParticipation(trx, id, 'countersigner', { kind: 'department', id: actor.departmentId });
          if (left > 0) toOverride = 'countersign';
          break;
        }
        case 'sign_off': {
          // seed 二 2.3: 核准、姓名、签发日期 三项缺一不可 — present (checked by the definition) and sound.
          const signedOn = String(input.signedOn).trim();
          if (!/^\d{4}-\d{2}-\d{2}$/.test(signedOn) || !isRealDate(signedOn)) throw new AppError('unprocessable', '签发日期应为 YYYY-MM-DD', { missing: ['signedOn'] });
          if (String(input.signerName).trim() !== actor.name) throw new AppError('unprocessable', '签发人姓名须为本人姓名', { missing: ['signerName'] });
          patch.data = JSON.stringify({ ...data, signoff: { approval: String(input.approval).trim(), signerName: actor.name, signedOn, signerId: actor.id } });
          await this.repo.closeRelation(trx, id, 'authorised_signer');
          break;
        }
        case 'check_ok': {
          // 复核 → 登记: the issue number is taken in this transaction, so it exists iff the registration does.
          const year = Number(todayIn(this.ctx.config.tzCompany).slice(0, 4));
          const n = await this.numbers.allocate(trx, id, year);
          patch.doc_number = n.text;
          patch.year = year;
          break;
        }
        case 'void_number':
          await this.numbers.voidFor(trx, id, String(input.reason).trim());
          patch.doc_number = null;
          break;
        case 'dispatch':
          // Checked before anything is written; recorded after the step (dispatch.service).
          dispatched = dispatchInputOf(input);
          break;
        case 'send_back':
          await this.repo.closeRelation(trx, id, 'countersigner');
          break;
      }

      const to = await applyAction(this.ctx, this.docs, trx, W, doc, actor, who, req, patch, toOverride);
      const after: DocumentTable = { ...doc, ...patch, state: to };
      const handlers = await this.assignHandlers(trx, after);
      if (dispatched) {
        await this.dispatch.record(trx, actor, after, dispatched);
        // Archive candidates and other modules react to this (DESIGN.md §2).
        await this.ctx.events.publish(trx, {
          type: 'document.dispatched',
          sourceType: DOCUMENT,
          sourceId: id,
          actorId: actor.id,
          payload: { documentId: id, issueNumber: doc.doc_number ?? '', title: doc.title, fileCopies: dispatched.copies },
        });
      }
      await this.notifier.afterAction(trx, actor, after, doc.state, req.action, handlers, req.opinion ?? null);
      return to;
    });
  }

  /** The office director names a leader who may sign off this document (签发 by an authorised leader). */
  async authoriseSigner(actor: Actor, id: string, version: number, personId: string) {
    if (!actor.roles.includes('office_director')) throw forbidden('只有总经办主任可以指定授权签发人');
    await this.db.transaction().execute(async (trx) => {
      const doc = await this.readable(actor, id, trx);
      if (!['office_review', 'proofreading', 'signoff'].includes(doc.state)) throw new AppError('conflict', '当前状态不能指定签发人', { state: doc.state });
      if (doc.version !== version) throw staleVersion();
      const person = await this.repo.person(trx, personId);
      const roles = person ? await this.repo.rolesOf(trx, personId) : [];
      if (!person || person.status !== 'active' || !roles.some((r) => r === 'gm' || r === 'vice_gm')) throw invalid('授权签发人须为公司领导', { field: 'personId' });
      if (person.clearance < doc.classification) throw invalid('授权签发人的涉密等级低于文件密级', { field: 'personId' });
      await this.repo.upsertPending(trx, id, 'authorised_signer', [{ kind: 'person', id: personId }]);
      await this.ctx.scopes.add(trx, DOCUMENT, id, 'workflow', [{ kind: 'person', id: personId }]);
      if (!(await this.docs.update(trx, id, version, {}))) throw staleVersion();
      await this.assignHandlers(trx, doc);
      // Named while the document already waits for sign-off: the signer is asked now.
      if (doc.state === 'signoff') await this.notifier.tell(trx, actor, doc, [personId], 'outgoing.signoff', `请签发：${doc.title}`);
      await this.ctx.audit.record(trx, actor, 'document.authorise_signer', { recordType: DOCUMENT, recordId: id }, 'ok', { personId });
    });
  }

  /** Who must act in the document's state: the pending list and the reading scope follow it. */
  private async assignHandlers(trx: Kysely<DB>, doc: DocumentTable): Promise<string[]> {
    const persons = await this.handlersOf(trx, doc);
    await this.repo.setHandlers(trx, doc.id, persons.map((p) => ({ kind: 'person', id: p })));
    await this.ctx.scopes.add(trx, DOCUMENT, doc.id, 'workflow', persons.map((p) => ({ kind: 'person', id: p })));
    return persons;
  }

  private async handlersOf(trx: Kysely<DB>, doc: DocumentTable): Promise<string[]> {
    const byRoles = async (roles: string[], dept?: string) => (await this.repo.peopleWithRoles(trx, roles, dept)).map((p) => p.id);
    const pending = async (relation: string) =>
      (await this.docs.participants(doc.id, trx)).filter((p) => p.relation === relation && p.state === 'pending');
    switch (doc.state as OutgoingState) {
      case 'drafting':
        return [doc.created_by];
      case 'dept_review': {
        if (!doc.drafting_department_id) return [];
        const dept = await this.repo.existingDepartments(trx, [doc.drafting_department_id]);
        return byRoles(headRoles(dept.get(doc.drafting_department_id)?.kind), doc.drafting_department_id);
      }
      case 'countersign': {
        const ids: string[] = [];
        for (const p of await pending('countersigner')) ids.push(...(await byRoles(['dept_head'], p.subject_id)));
        return ids;
      }
      case 'office_review':
      case 'check':
      case 'registered':
      case 'sealed':
        return byRoles(OFFICE_ROLES);
      case 'proofreading':
        return byRoles(['secretary']);
      case 'signoff':
        return [...(await byRoles(['gm'])), ...(await pending('authorised_signer')).map((p) => p.subject_id)];
      default:
        return [];
    }
  }

  async list(actor: Actor, q: { state?: string; year?: number; docKind?: string; q?: string; pending?: boolean; limit?: number; before?: string }) {
    const filter = await readableFilter(this.db, actor, DOCUMENT_COLUMNS);
    const text = q.q?.trim();
    const base = {
      direction: 'outgoing' as const,
      state: q.state,
      year: q.year,
      docKind: q.docKind,
      text: text ? { contains: text } : undefined,
      pendingFor: q.pending ? { personId: actor.id, departmentId: null } : undefined,
    };
    const [items, counted] = await Promise.all([this.docs.list({ ...base, limit: q.limit ?? 50, before: q.before }, filter), this.docs.countCapped(base, filter)]);
    return { items: items as DocumentTable[], ...counted };
  }

  async detail(actor: Actor, id: string) {
    const doc = await this.readable(actor, id);
    const [steps, versions, participants, deliveries, fileCopies, attachments] = await Promise.all([
      this.docs.steps(id),
      this.docs.versions(id),
      this.docs.participants(id),
      this.dispatch.repo.deliveries(id),
      this.dispatch.repo.fileCopies(id),
      documentAttachments(this.db, actor, id),
    ]);
    const who = await this.standing(actor, doc, participants as ParticipantRow[], this.db);
    const repliesTo = doc.replies_to_id ? await this.readable(actor, doc.replies_to_id).catch(() => null) : null;
    const answerKind = ANSWERING_KINDS.includes(doc.doc_kind as DocKind);
    const abilities = availableActions(W, doc.state as OutgoingState, who);
    // Beyond the workflow's actions: recording receipts (the posting office, once dispatched) and
    // attaching files (whoever may act now, as documents/attachments decides).
    const may = {
      confirmDelivery: doc.state === 'dispatched' && deliveries.some((d) => !d.confirmed_at) && (await isPostingOffice(this.db, actor)),
      attach: abilities.length > 0,
    };
    return { doc, steps, versions, participants, deliveries, fileCopies, attachments, abilities, may, repliesTo, answerKind };
  }

  /** 发文登记簿 rows (the office's register): only documents the caller may read (the policy's filter is inside the query). */
  async register(actor: Actor, q: { year?: number; state?: string; docKind?: string }) {
    if (!(await isPostingOffice(this.db, actor))) throw forbidden('只有总经办可以导出发文登记簿');
    const filter = await readableFilter(this.db, actor, DOCUMENT_COLUMNS);
    return this.repo.registerRows({ ...q, limit: REGISTER_MAX_ROWS }, filter);
  }

  /** The number ledger of a year, voided numbers with their reasons included (office roles). */
  async ledger(actor: Actor, year: number) {
    if (!OFFICE_ROLES.some((r) => actor.roles.includes(r))) throw forbidden('只有总经办可以查看发文字号登记簿');
    const orgCode = await this.repo.orgCode();
    if (!orgCode) return { orgCode: null, items: [] };
    return { orgCode, items: await this.repo.ledger(orgCode, year) };
  }
}

/** The roles that head a department for 核稿: the office's head is its director. */
function headRoles(kind: string | undefined): string[] {
  return kind === 'office' ? ['dept_head', 'office_director'] : ['dept_head'];
}

function asStringArray(v: unknown, field: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw invalid(`${field} 应为 ID 列表`, { field });
  return v as string[];
}
