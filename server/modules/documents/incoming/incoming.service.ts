// 收文: sign for and register (seed 二 1.1–1.8), the check, proposal, leader's opinion, the GM's
// instruction in batches (五 5.10–5.11), distribution for handling and the handlers' results (3.6).
// Every state change goes through applyAction; this file adds what each action means.
import type { Kysely } from 'kysely';
import { isClassified } from '../../../../common/classification.js';
import { decide, type Standing } from '../../../../common/workflow/workflow.js';
import { INCOMING_WORKFLOW, type IncomingState } from '../../../../common/workflow/incoming.workflow.js';
import type { Actor } from '../../../platform/access/actor.js';
import { assertMayClassify, readableFilter } from '../../../platform/access/policy.js';
import type { ScopeSubject } from '../../../platform/access/scope.repository.js';
import { isRealDate, todayIn } from '../../../platform/calendar/work-calendar.js';
import type { AppContext } from '../../../platform/context.js';
import type { DB, DocumentTable } from '../../../platform/db/schema.js';
import { groupedTransaction } from '../../../platform/db/group-commit.js';
import { nextInSequence } from '../../../platform/db/sequence.js';
import { AppError, notFound, staleVersion } from '../../../platform/errors.js';
import { newId, nowIso } from '../../../platform/ids.js';
import { OrgService } from '../../org/index.js';
import { DOCUMENT, DOCUMENT_COLUMNS, standingOf } from '../document.access.js';
import { DocumentRepository } from '../document.repository.js';
import { applyAction, checkAction, recordAction, type ActionRequest } from '../document.workflow-runner.js';
import { scheduleChaseReminders } from './chase.schedule.js';
import { batchOf, parseBatchTimes } from './gm-batch.js';
import { attendeeIdsOf, checkAttendees, checkMeeting, meetingWhen, type MeetingData, type MeetingInput } from './meeting.js';

/** The contract the supervision module consumes (DESIGN.md §2): an instruction that orders action. */
export const INSTRUCTION_ORDERS_ACTION = 'document.instruction_orders_action';
export interface InstructionOrdersActionPayload extends Record<string, unknown> {
  documentId: string;
  title: string;
  instruction: string;
  /** The document's 密级: the item it becomes is classified alike. */
  classification: number;
  leadDepartmentId?: string;
  deadline?: string;
}

export interface Registration {
  title: string;
  docNumber?: string;
  docKind: string;
  urgency?: DocumentTable['urgency'];
  pages?: number;
  copies?: number;
  addressee?: string;
  addresseeMatches: boolean;
  mismatchNote?: string;
  parts?: { title: string; pages?: number }[];
  body?: string;
  internal?: boolean;
  /** 会议通知 only (seed 二 3.4): when and where the meeting is. */
  meeting?: MeetingInput;
}

export interface SignForInput {
  sender: string;
  deliveredBy: string;
  deliveredAt?: string;
  envelopeAddressee?: string;
  envelopeFileId?: string;
  returnSlip?: boolean;
  classification: number;
  secrecyTerm?: string;
  scope?: ScopeSubject[];
  registration?: Registration;
}

/** What `documents.data` holds for an incoming document. */
export interface IncomingData {
  receipt: { deliveredBy: string; deliveredAt: string; signedById: string; signedByName: string; signedAt: string; envelopeAddressee: string | null; envelopeFileId: string | null };
  returnSlip: { present: boolean; returnedAt: string | null; returnedBy: string | null };
  addresseeCheck?: { matches: boolean; flagged: boolean; note: string | null };
  parts?: { title: string; pages?: number }[];
  internal?: boolean;
  proposal?: string;
  leaderOpinion?: string;
  batch?: { key: string; closesAt: string };
  instruction?: { text: string; ordersAction: boolean; byId: string; byName: string; at: string };
  distributedAt?: string;
  coDepartmentIds?: string[];
  results?: { departmentId: string; result: string; byName: string; at: string }[];
  meeting?: MeetingData;
  /** Why the first check sent it back: not compliant (条例), or a request to coordinate first (三 2.12). */
  returned?: { kind: ReturnKind; reasons: string; coordinateWith: { id: string; name: string }[]; byName: string; at: string };
}

export const RETURN_KINDS = ['non_compliant', 'coordinate_first'] as const;
export type ReturnKind = (typeof RETURN_KINDS)[number];

/** The register's and the JSON list's filters (收文登记簿). */
export interface IncomingFilter {
  state?: string;
  year?: number;
  urgency?: DocumentTable['urgency'];
  /** Title, sender, sender's number or 收文编号 (收〔2026〕12号, or just 12). */
  q?: string;
  /** In handling past the deadline today (company time). */
  overdue?: boolean;
}

/** The register export's bound: a year of an office's incoming mail is a few thousand. */
export const REGISTER_MAX_ROWS = 10_000;

export const parseData = (doc: Pick<DocumentTable, 'data'>) => JSON.parse(doc.data) as IncomingData;

const REGISTER = 'register';
const WORKFLOW_SCOPE = 'workflow';

function unprocessable(field: string, message: string): AppError {
  return new AppError('unprocessable', message, { field, missing: [field] });
}

/** 收文编号 as shown and printed: 收〔2026〕12号. */
export { incomingNumber } from '../../../../common/document-kinds.js';

export class IncomingService {
  readonly repo: DocumentRepository;
  private readonly org: OrgService;
  private readonly batchTimes: string[];

  constructor(
    private readonly ctx: AppContext,
    /** The clock batches are formed by; tests pass their own. */
    private readonly now: () => Date = () => new Date(),
  ) {
    this.repo = new DocumentRepository(ctx.database.db, ctx.search);
    this.org = new OrgService(ctx);
    this.batchTimes = parseBatchTimes(ctx.config.batchTimes);
  }

  private get db() {
    return this.ctx.database.db;
  }

  readable(actor: Actor) {
    return readableFilter(this.db, actor, DOCUMENT_COLUMNS);
  }

  /** 签收 (and 登记 in the same request when the registration is given). */
  async signFor(actor: Actor, input: SignForInput): Promise<string> {
    assertMayClassify(actor, input.classification);
    // A classified document needs a named reading scope; the registrar is always in it.
    if (isClassified(input.classification) && !input.scope?.length) throw unprocessable('scope', '涉密文件须指定知悉范围');
    const meeting = input.registration ? this.checkRegistration(input.registration) : undefined;
    const at = nowIso();
    const receivedAt = input.deliveredAt ? new Date(input.deliveredAt).toISOString() : at;
    const id = newId();
    const data: IncomingData = {
      receipt: { deliveredBy: input.deliveredBy, deliveredAt: receivedAt, signedById: actor.id, signedByName: actor.name, signedAt: at, envelopeAddressee: input.envelopeAddressee ?? null, envelopeFileId: input.envelopeFileId ?? null },
      returnSlip: { present: !!input.returnSlip, returnedAt: null, returnedBy: null },
    };
    const row: DocumentTable = {
      id,
      direction: 'incoming',
      state: INCOMING_WORKFLOW.initial,
      year: Number(todayIn(this.ctx.config.tzCompany, new Date(receivedAt)).slice(0, 4)),
      serial: null,
      doc_number: null,
      title: '',
      doc_kind: '',
      urgency: 'normal',
      classification: input.classification,
      secrecy_term: input.secrecyTerm ?? null,
      sender: input.sender,
      addressee: null,
      cc: null,
      body: '',
      pages: null,
      copies: null,
      received_at: receivedAt,
      deadline: null,
      lead_department_id: null,
      drafting_department_id: null,
      replies_to_id: null,
      data: JSON.stringify(data),
      created_by: actor.id,
      created_at: at,
      updated_at: at,
      version: 1,
    };
    // Signed for and registered in one request: the registration is judged first and the document
    // written once as registered (one insert, one index entry), with both steps on the trail.
    const registering = input.registration ? this.registrationRequest(actor, row, input.registration) : undefined;
    // The desk's busiest write: on SQLite, registrations arriving together share one commit.
    await groupedTransaction(this.ctx.database, async (trx) => {
      const registered = registering ? await this.registeredRow(trx, row, registering, meeting) : undefined;
      await this.repo.insert(trx, registered ?? row);
      if (isClassified(input.classification)) {
        await this.ctx.scopes.add(trx, DOCUMENT, id, 'owner', [{ kind: 'person', id: actor.id }]);
        await this.ctx.scopes.add(trx, DOCUMENT, id, 'named', input.scope ?? []);
      }
      await this.repo.addStep(trx, { documentId: id, action: 'sign_for', fromState: null, toState: row.state, actorId: actor.id, actorName: actor.name, data: { deliveredBy: input.deliveredBy, deliveredAt: receivedAt } });
      await this.ctx.audit.record(trx, actor, 'document.sign_for', { recordType: DOCUMENT, recordId: id }, 'ok', { classification: input.classification });
      if (registering && registered) {
        await recordAction(this.ctx, this.repo, trx, row, actor, registering.req, registered.state);
        await this.addRegisteredVersion(trx, actor, registered, registering.registration);
      }
    });
    return id;
  }

  /** The register request made by a sign-for that carries the registration, judged as its state allows. */
  private registrationRequest(actor: Actor, row: DocumentTable, registration: Partial<Registration>) {
    const req = this.withSender({ action: REGISTER, version: row.version, input: registration as unknown as Record<string, unknown> }, row);
    const to = checkAction(INCOMING_WORKFLOW, row, standingOf(actor, row.created_by, []), req);
    return { req, to, registration: registration as Registration };
  }

  /** The workflow checks the sender too: it is on the row since the sign-for. */
  private withSender(req: ActionRequest, doc: DocumentTable): ActionRequest {
    return { ...req, input: { ...req.input, sender: doc.sender } };
  }

  /** The signed-for row as registration leaves it (number taken inside `trx`), for a single insert. */
  private async registeredRow(trx: Kysely<DB>, row: DocumentTable, registering: { to: string; registration: Registration }, meeting?: MeetingData) {
    const patch = await this.registrationPatch(trx, row, registering.registration, meeting);
    return { ...row, ...patch, state: registering.to, version: row.version + 1 } as DocumentTable;
  }

  /** Checks the registration fields; returns the meeting of a 会议通知, normalised. */
  private checkRegistration(r: Partial<Registration>): MeetingData | undefined {
    for (const f of ['title', 'docKind'] as const) if (typeof r[f] !== 'string' || !r[f]!.trim()) throw unprocessable(f, `缺少必填内容：${f}`);
    if (typeof r.addresseeMatches !== 'boolean') throw unprocessable('addresseeMatches', '须核对主送单位与封皮是否相符');
    return r.meeting === undefined ? undefined : checkMeeting(r.meeting, r.docKind!);
  }

  /** 登记 of a document signed for earlier: the yearly 收文编号 is taken inside the transaction, so it is unique and gap-free. */
  private async register(trx: Kysely<DB>, actor: Actor, doc: DocumentTable, req: ActionRequest, meeting?: MeetingData) {
    const r = req.input as unknown as Registration;
    const patch = await this.registrationPatch(trx, doc, r, meeting);
    const standing = standingOf(actor, doc.created_by, []);
    await applyAction(this.ctx, this.repo, trx, INCOMING_WORKFLOW, doc, actor, standing, this.withSender(req, doc), patch);
    await this.addRegisteredVersion(trx, actor, doc, r);
  }

  /** The fields registration sets, with the next 收文编号 of the document's year. */
  private async registrationPatch(trx: Kysely<DB>, doc: DocumentTable, r: Registration, meeting?: MeetingData): Promise<Partial<DocumentTable>> {
    const data = parseData(doc);
    const envelope = data.receipt.envelopeAddressee?.replace(/\s+/g, '');
    const onDocument = r.addressee?.replace(/\s+/g, '');
    // seed 二 1.5: a mismatch is recorded and flagged, not refused — the office decides what to do.
    const matches = r.addresseeMatches && !(envelope && onDocument && envelope !== onDocument);
    const next: IncomingData = { ...data, addresseeCheck: { matches, flagged: !matches, note: r.mismatchNote ?? null }, parts: r.parts, internal: r.internal, meeting };
    return {
      serial: await nextInSequence(trx, `incoming:${doc.year}`),
      title: r.title.trim(),
      doc_number: r.docNumber ?? null,
      doc_kind: r.docKind.trim(),
      urgency: r.urgency ?? 'normal',
      pages: r.pages ?? null,
      copies: r.copies ?? null,
      addressee: r.addressee ?? null,
      body: r.body ?? '',
      data: JSON.stringify(next),
    };
  }

  /** The registered text is the document's first version. */
  private async addRegisteredVersion(trx: Kysely<DB>, actor: Actor, doc: Pick<DocumentTable, 'id'>, r: Registration) {
    if (r.body) await this.repo.addVersion(trx, doc.id, r.title, r.body, actor.id);
  }

  async list(actor: Actor, q: IncomingFilter & { pendingForMe?: boolean; limit: number; before?: string }) {
    const readable = await this.readable(actor);
    const pendingFor = q.pendingForMe ? { personId: actor.id, departmentId: actor.departmentId || null, roleStates: this.roleStates(actor) } : undefined;
    const filter = this.filterOf(q);
    if (!filter) return { items: [], total: 0, totalCapped: false };
    const [items, counted] = await Promise.all([this.repo.list({ ...filter, pendingFor, limit: q.limit, before: q.before }, readable), this.repo.countCapped({ ...filter, pendingFor }, readable)]);
    return { items, ...counted };
  }

  /** The register (收文登记簿) rows the caller may read, in number order, bounded; `total` counts them all. */
  async registerRows(actor: Actor, q: IncomingFilter) {
    const readable = await this.readable(actor);
    const filter = this.filterOf(q);
    if (!filter) return { rows: [], total: 0 };
    const [rows, total] = await Promise.all([this.repo.listInNumberOrder(filter, readable, REGISTER_MAX_ROWS), this.repo.count(filter, readable)]);
    return { rows, total };
  }

  /** The repository's filter for the list filters; null when they cannot match anything (overdue yet another state). */
  private filterOf(q: IncomingFilter) {
    if (q.overdue && q.state && q.state !== 'handling') return null;
    const text = q.q?.trim();
    // 收〔2026〕12号, or a bare number: the yearly serial too.
    const number = text ? /^(?:收〔(\d{4})〕)?(\d{1,9})号?$/.exec(text) : null;
    return {
      direction: 'incoming' as const,
      state: q.overdue ? 'handling' : q.state,
      year: q.year,
      urgency: q.urgency,
      deadlineBefore: q.overdue ? todayIn(this.ctx.config.tzCompany, this.now()) : undefined,
      text: text ? { contains: text, serial: number ? Number(number[2]) : undefined, year: number?.[1] ? Number(number[1]) : undefined } : undefined,
    };
  }

  /** States in which one of the caller's roles (not a relation) has an action. */
  private roleStates(actor: Actor): string[] {
    const states = new Set<string>();
    for (const a of INCOMING_WORKFLOW.actions) if (a.by.some((b) => 'role' in b && actor.roles.includes(b.role))) a.from.forEach((s) => states.add(s));
    return [...states];
  }

  /** The document if the caller may read it (404 otherwise, like a missing one). */
  async get(actor: Actor, id: string, exec: Kysely<DB> = this.db) {
    const doc = await this.repo.findReadable(id, await this.readable(actor), exec);
    if (!doc || doc.direction !== 'incoming') throw notFound('收文');
    return doc;
  }

  /** `what` names the read in the audit log of a classified document (the detail, the printed slip). */
  async detail(actor: Actor, id: string, what: 'detail' | 'slip' = 'detail') {
    const doc = await this.get(actor, id);
    const [steps, participants, where] = await Promise.all([this.repo.steps(id), this.repo.participants(id), this.where()]);
    if (isClassified(doc.classification)) await this.ctx.audit.classifiedRead(actor, DOCUMENT, id, what);
    return { doc, steps, participants, standing: standingOf(actor, doc.created_by, participants), where };
  }

  /** The unit on the 收文章 and the printed sheets, and the zone their dates are in. */
  async where() {
    return { unit: (await this.org.company()).name, tz: this.ctx.config.tzCompany };
  }

  /** Department names for printed sheets (a department since deleted shows its id). */
  async departmentNames(): Promise<(id: string) => string> {
    const names = new Map((await this.org.repo.departments()).map((d) => [d.id, d.name]));
    return (id) => names.get(id) ?? id;
  }

  /** Takes one workflow action; see the per-action effects below. */
  async act(actor: Actor, id: string, req: ActionRequest): Promise<void> {
    const input = { ...req.input };
    const pre = await this.get(actor, id);
    const prepared = await this.prepare(actor, pre, req.action, input, req.opinion ?? null);
    await this.db.transaction().execute(async (trx) => {
      const doc = (await this.repo.byId(trx, id))!;
      const participants = await this.repo.participants(id, trx);
      const standing = standingOf(actor, doc.created_by, participants);
      const request = { ...req, input };
      if (req.action === REGISTER) {
        // Let the workflow refuse first (state, person, stale version) before the fields are judged.
        if (doc.version !== req.version) throw staleVersion();
        const d = decide(INCOMING_WORKFLOW, doc.state as IncomingState, REGISTER, standing, { title: 'x', sender: 'x', addresseeMatches: true });
        const meeting = d.ok ? this.checkRegistration(input as Partial<Registration>) : undefined;
        return this.register(trx, actor, doc, request, meeting);
      }
      await this.effects(trx, actor, doc, standing, request, prepared);
    });
  }

  /**
   * Looks up what an action names (people, departments, a deadline in working days) before the
   * transaction: the org service reads on its own connection. Only when the workflow would allow
   * the action, so a caller who may not act learns nothing from validation.
   */
  private async prepare(actor: Actor, doc: DocumentTable, action: string, input: Record<string, unknown>, opinion: string | null) {
    const participants = await this.repo.participants(doc.id);
    const standing = standingOf(actor, doc.created_by, participants);
    if (action === 'distribute' && input.deadline === undefined && Number.isInteger(input.deadlineWorkingDays)) {
      await this.ctx.calendar.load();
      // Deadlines in working days on the official calendar (调休 included).
      input.deadline = this.ctx.calendar.addWorkingDays(todayIn(this.ctx.config.tzCompany, this.now()), input.deadlineWorkingDays as number);
    }
    // Judged with the opinion as applyAction will judge it: an action that requires one (the leader's)
    // must be prepared too, or its effects (the GM's reading scope) would be missing.
    const d = decide(INCOMING_WORKFLOW, doc.state as IncomingState, action, standing, { ...input, opinion });
    const prepared: { returned?: { kind: ReturnKind; coordinateWith: { id: string; name: string }[] }; leader?: { id: string; name: string }; gms?: string[]; heads?: string[]; coDepartmentIds?: string[]; attendees?: { id: string; name: string }[] } = {};
    if (!d.ok) return prepared;
    if (action === 'ask_leader') {
      const leader = await this.org.person(String(input.leaderId)).catch(() => null);
      if (!leader || leader.status !== 'active' || !leader.roles.some((r) => r === 'vice_gm' || r === 'gm')) throw unprocessable('leaderId', '分管领导须为在职的公司领导');
      prepared.leader = { id: leader.id, name: leader.name };
    }
    if (action === 'leader_opine' || action === 'submit_to_gm') {
      prepared.gms = (await this.org.listPeople({ role: 'gm', status: 'active', limit: 20, offset: 0 })).items.map((p) => p.id);
    }
    if (action === 'instruct' && input.ordersAction !== undefined && typeof input.ordersAction !== 'boolean') throw unprocessable('ordersAction', 'ordersAction 须为 true 或 false');
    if (action === 'distribute') {
      if (typeof input.deadline !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(input.deadline) || !isRealDate(input.deadline)) throw unprocessable('deadline', '办理期限须为日期或工作日数');
      const co = input.coDepartmentIds ?? [];
      if (!Array.isArray(co) || co.some((x) => typeof x !== 'string')) throw unprocessable('coDepartmentIds', '协办部门格式不正确');
      const depts = [String(input.leadDepartmentId), ...(co as string[])];
      for (const dep of depts) if (!(await this.org.repo.department(dep))) throw unprocessable('leadDepartmentId', '部门不存在');
      prepared.coDepartmentIds = [...new Set(co as string[])].filter((x) => x !== input.leadDepartmentId);
      const heads = await Promise.all(depts.map((dep) => this.org.listPeople({ departmentId: dep, role: 'dept_head', status: 'active', limit: 20, offset: 0 })));
      prepared.heads = heads.flatMap((h) => h.items.map((p) => p.id));
    }
    if (action === 'report_result' && !actor.departmentId) throw new AppError('forbidden', '您不能在此环节执行此操作');
    if (action === 'return') prepared.returned = await this.returnInput(input);
    if (action === 'decide_attendance') {
      if (!parseData(doc).meeting) throw new AppError('conflict', '此文件未登记会议时间和地点，不是会议通知；请用批示', { action });
      const ids = attendeeIdsOf(input.attendeeIds);
      if (input.note !== undefined && (typeof input.note !== 'string' || input.note.length > 2000)) throw unprocessable('note', '说明须为 2000 字以内的文字');
      const people = await Promise.all(ids.map((id) => this.org.repo.person(id)));
      prepared.attendees = checkAttendees(ids, people.filter((p) => !!p), doc.classification).map((p) => ({ id: p.id, name: p.name }));
    }
    return prepared;
  }

  /**
   * A return's kind, and for a request that touches other departments' business (三 2.12) the
   * departments its originator must coordinate with first.
   */
  private async returnInput(input: Record<string, unknown>): Promise<{ kind: ReturnKind; coordinateWith: { id: string; name: string }[] }> {
    const kind = (input.kind ?? 'non_compliant') as ReturnKind;
    if (!RETURN_KINDS.includes(kind)) throw unprocessable('kind', '退回类型须为 non_compliant（不合规）或 coordinate_first（须先协商）');
    const ids = input.coordinateWith ?? [];
    if (!Array.isArray(ids) || ids.length > 20 || ids.some((x) => typeof x !== 'string')) throw unprocessable('coordinateWith', '须协商的部门格式不正确');
    if (kind === 'coordinate_first' && !ids.length) throw unprocessable('coordinateWith', '请选择须先协商的部门');
    const coordinateWith: { id: string; name: string }[] = [];
    for (const id of new Set(ids as string[])) {
      const dept = await this.org.repo.department(id);
      if (!dept) throw unprocessable('coordinateWith', '部门不存在');
      coordinateWith.push({ id: dept.id, name: dept.name });
    }
    return { kind, coordinateWith };
  }

  private async effects(trx: Kysely<DB>, actor: Actor, doc: DocumentTable, standing: Standing, req: ActionRequest, prepared: Awaited<ReturnType<IncomingService['prepare']>>) {
    const input = req.input;
    const data = parseData(doc);
    const patch: Partial<DocumentTable> = {};
    let to: string | undefined;
    const setData = (d: Partial<IncomingData>) => (patch.data = JSON.stringify({ ...data, ...d }));
    // The GM's word to the attendees: the note, else the opinion the action was taken with.
    const attendanceNote = (typeof input.note === 'string' && input.note.trim()) || req.opinion?.trim() || null;
    const notify = (personIds: string[], kind: string, title: string) =>
      this.ctx.notify.notify(trx, { personIds, kind, title, recordType: DOCUMENT, recordId: doc.id, classification: doc.classification, link: `/incoming/${doc.id}` });
    switch (req.action) {
      case 'return':
        setData({ returned: { ...(prepared.returned ?? { kind: 'non_compliant' as const, coordinateWith: [] }), reasons: String(req.opinion ?? ''), byName: actor.name, at: nowIso() } });
        break;
      case 'propose':
        setData({ proposal: String(input.proposal) });
        break;
      case 'leader_opine':
        setData({ leaderOpinion: req.opinion ?? '', batch: this.batchNow() });
        break;
      case 'submit_to_gm':
        setData({ batch: this.batchNow() });
        break;
      case 'instruct':
        setData({ instruction: { text: String(input.instruction), ordersAction: input.ordersAction === true, byId: actor.id, byName: actor.name, at: nowIso() } });
        break;
      case 'distribute':
        patch.lead_department_id = String(input.leadDepartmentId);
        patch.deadline = String(input.deadline);
        setData({ distributedAt: nowIso(), coDepartmentIds: prepared.coDepartmentIds });
        break;
      case 'decide_attendance': {
        // Empty when the workflow refuses the action (prepare checked nothing); applyAction says why.
        const attendees = prepared.attendees ?? [];
        setData({ meeting: { ...data.meeting!, attendeeIds: attendees.map((p) => p.id), attendeeNames: attendees.map((p) => p.name), note: attendanceNote, decidedAt: nowIso(), decidedBy: actor.name } });
        break;
      }
      case 'report_result': {
        const isLead = actor.departmentId === doc.lead_department_id;
        // The lead department's report completes the document (seed 二 3.6); a co-department's
        // report is recorded and the document stays in handling.
        if (!isLead) to = 'handling';
        setData({ results: [...(data.results ?? []), { departmentId: actor.departmentId, result: String(input.result), byName: actor.name, at: nowIso() }] });
        break;
      }
    }
    const state = await applyAction(this.ctx, this.repo, trx, INCOMING_WORKFLOW, doc, actor, standing, req, patch, to);
    const gmScope = async (gms: string[]) => {
      await this.ctx.scopes.add(trx, DOCUMENT, doc.id, WORKFLOW_SCOPE, gms.map((id) => ({ kind: 'person' as const, id })));
      await this.repo.addParticipants(trx, doc.id, 'instructor', gms.map((id) => ({ kind: 'person' as const, id })));
    };
    switch (req.action) {
      case 'ask_leader':
        await this.ctx.scopes.add(trx, DOCUMENT, doc.id, WORKFLOW_SCOPE, [{ kind: 'person', id: prepared.leader!.id }]);
        await this.repo.addParticipants(trx, doc.id, 'leader_in_charge', [{ kind: 'person', id: prepared.leader!.id }]);
        await notify([prepared.leader!.id], 'incoming.leader', `请提出办理意见：${doc.title}`);
        break;
      case 'leader_opine':
        await this.repo.completeParticipation(trx, doc.id, 'leader_in_charge', { kind: 'person', id: actor.id });
        await gmScope(prepared.gms ?? []);
        break;
      case 'submit_to_gm':
        await gmScope(prepared.gms ?? []);
        break;
      case 'instruct': {
        await this.repo.completeParticipation(trx, doc.id, 'instructor', { kind: 'person', id: actor.id });
        if (input.ordersAction === true) {
          const payload: InstructionOrdersActionPayload = { documentId: doc.id, title: doc.title, instruction: String(input.instruction), classification: doc.classification };
          if (typeof input.leadDepartmentId === 'string') payload.leadDepartmentId = input.leadDepartmentId;
          if (typeof input.deadline === 'string') payload.deadline = input.deadline;
          await this.ctx.events.publish(trx, { type: INSTRUCTION_ORDERS_ACTION, sourceType: DOCUMENT, sourceId: doc.id, actorId: actor.id, payload });
        }
        break;
      }
      case 'distribute': {
        const departments = [String(input.leadDepartmentId), ...(prepared.coDepartmentIds ?? [])].map((id) => ({ kind: 'department' as const, id }));
        // seed 五 5.11: the handling departments now read the document (source 'workflow').
        await this.ctx.scopes.add(trx, DOCUMENT, doc.id, WORKFLOW_SCOPE, departments);
        await this.repo.addParticipants(trx, doc.id, 'handler', departments);
        await notify(prepared.heads ?? [], 'incoming.handling', `请办理：${doc.title}（期限 ${input.deadline}）`);
        // seed 二 3.5 跟踪催办: reminders before, on and after the deadline, committed with the distribution.
        await scheduleChaseReminders(this.ctx, trx, doc.id, String(input.deadline), this.now());
        break;
      }
      case 'decide_attendance': {
        await this.repo.completeParticipation(trx, doc.id, 'instructor', { kind: 'person', id: actor.id });
        const attendees = prepared.attendees!.map((p) => ({ kind: 'person' as const, id: p.id }));
        // The attendees read the notice they are sent to (a classified one only through its scope).
        await this.ctx.scopes.add(trx, DOCUMENT, doc.id, WORKFLOW_SCOPE, attendees);
        const m = data.meeting!;
        const note = attendanceNote ? `\n${attendanceNote}` : '';
        await this.ctx.notify.notify(trx, {
          personIds: attendees.map((a) => a.id),
          kind: 'incoming.meeting',
          title: `请参加会议：${doc.title}`,
          body: `时间：${meetingWhen(m, this.ctx.config.tzCompany)}\n地点：${m.place}${note}`,
          recordType: DOCUMENT,
          recordId: doc.id,
          classification: doc.classification,
          link: `/incoming/${doc.id}`,
        });
        break;
      }
      case 'report_result': {
        await this.repo.completeParticipation(trx, doc.id, 'handler', { kind: 'department', id: actor.departmentId });
        // A completed document leaves nobody's pending list: co-departments that did not report are closed too.
        if (state === 'completed') for (const id of data.coDepartmentIds ?? []) await this.repo.completeParticipation(trx, doc.id, 'handler', { kind: 'department', id });
        // seed 二 3.6: 办理结果反馈相关部门及主要领导 — the registrar and the GM who instructed.
        const told = [doc.created_by, ...(data.instruction ? [data.instruction.byId] : [])];
        await notify(told, 'incoming.result', `办理结果已反馈：${doc.title}`);
        break;
      }
    }
    return state;
  }

  private batchNow() {
    const slot = batchOf(this.now(), this.batchTimes, this.ctx.config.tzCompany, (d) => this.ctx.calendar.isWorkingDay(d));
    return { key: slot.key, closesAt: slot.closesAt };
  }

  /** 回执: marks the return slip sent back to the sender (seed 二 1.8). */
  async returnSlipSent(actor: Actor, id: string, version: number) {
    const doc = await this.get(actor, id);
    const data = parseData(doc);
    if (!data.returnSlip.present) throw new AppError('conflict', '此来件没有回执单');
    if (data.returnSlip.returnedAt) throw new AppError('conflict', '回执已退回');
    await this.db.transaction().execute(async (trx) => {
      const next: IncomingData = { ...data, returnSlip: { present: true, returnedAt: nowIso(), returnedBy: actor.name } };
      if (!(await this.repo.update(trx, id, version, { data: JSON.stringify(next) }))) throw staleVersion();
      await this.repo.addStep(trx, { documentId: id, action: 'return_slip_sent', fromState: doc.state, toState: doc.state, actorId: actor.id, actorName: actor.name });
      await this.ctx.audit.record(trx, actor, 'document.return_slip_sent', { recordType: DOCUMENT, recordId: id });
    });
  }

  /** The GM's batch: documents waiting for the instruction, grouped by the batch they joined. */
  async currentBatch(actor: Actor) {
    // An office's desk holds tens of documents; a thousand bounds a broken backlog.
    const docs = (await this.repo.list({ direction: 'incoming', state: 'awaiting_instruction', limit: 1000 }, await this.readable(actor))).reverse();
    const collecting = this.batchNow();
    const byBatch = new Map<string, DocumentTable[]>();
    for (const d of docs) {
      const key = parseData(d).batch?.key ?? collecting.key;
      byBatch.set(key, [...(byBatch.get(key) ?? []), d]);
    }
    const keys = [...byBatch.keys()].sort();
    // The open batch is the oldest one still holding documents, else the one now collecting.
    const key = keys[0] ?? collecting.key;
    return { key, closesAt: key === collecting.key ? collecting.closesAt : (parseData(byBatch.get(key)![0]).batch?.closesAt ?? null), collecting, items: byBatch.get(key) ?? [], later: keys.slice(1).map((k) => ({ key: k, count: byBatch.get(k)!.length })) };
  }
}
