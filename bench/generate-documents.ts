// The documents stage of bench/generate.ts: N official documents (issue 3's figure: 1,000,000)
// spread over up to ten years at a steady rate, oldest first, as the office would have produced
// them: 收文 and 发文 in the states their age makes likely (the newest days still moving through the
// workflow, older ones completed or dispatched, a few left in handling for months), classification
// mostly 公开/内部 with some 秘密/机密 ones and their reading scopes, the participations behind
// "pending for me", 收文编号 and 发文字号 from the same sequences the app takes them from, and every
// document in the search index through SearchIndex.upsertMany with searchDocumentOf, as
// DocumentRepository.insert indexes it.
//
// Written in transactions of BATCH documents, each also saving how far it got, so an interrupted
// generation resumes where it stopped. Each document is drawn from its own seeded generator, so a
// resumed run writes what an uninterrupted one would have.
//
// Not written for historical documents (no measured query reads them, and they would more than
// double the size): the trail (document_steps), text versions, audit entries, notifications,
// jobs, dispatch deliveries and file copies; handler participations of every office member at every office step (the drafter's,
// department heads', leaders' and departments' are written, and the office's for documents in
// flight); and the 'workflow' reading scopes of
// unclassified documents older than IN_FLIGHT_DAYS, which never decide access (their level alone
// makes them readable). The ids are UUIDv7 made by the platform's newId in creation order, so they
// sort as the documents' times do; their embedded time is the generation's, not created_at.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { Classification } from '../common/classification.js';
import { loadConfig } from '../server/config.js';
import type { Database } from '../server/platform/db/database.js';
import type { DB, DocumentParticipantTable, DocumentTable, IssueNumberTable, ReadingScopeTable } from '../server/platform/db/schema.js';
import { newId } from '../server/platform/ids.js';
import { SearchIndex } from '../server/platform/search/index.js';
import { todayIn } from '../server/platform/calendar/work-calendar.js';
import { DOCUMENT } from '../server/modules/documents/document.access.js';
import { searchDocumentOf } from '../server/modules/documents/document.search.js';
import { formatIssueNumber } from '../server/modules/documents/outgoing/issue-number.service.js';
import { batchOf, parseBatchTimes, type BatchSlot } from '../server/modules/documents/incoming/gm-batch.js';
import type { IncomingData } from '../server/modules/documents/incoming/incoming.service.js';
import type { OutgoingData } from '../server/modules/documents/outgoing/outgoing.service.js';
import { sprinkleProbeWords, words } from './corpus.js';
import { chance, insertAll, iso, pick, rng, weighted } from './generator-kit.js';

const PROGRESS_KEY = 'bench_documents_progress';
/** Documents per transaction. */
const BATCH = 5_000;
/** The rate documents arrive at: 1,000,000 over ten years (~270 a day), whatever N is. */
const DOCUMENTS_PER_DAY = 1_000_000 / 3652.5;
const MAX_SPAN_DAYS = 3652.5;
const DAY_MS = 86_400_000;
/** Documents younger than this keep every reading scope the workflow gave them. */
const IN_FLIGHT_DAYS = 30;
/** Share of incoming documents. */
const INCOMING_SHARE = 0.62;

type Log = (msg: string) => void;

interface Person {
  id: string;
  name: string;
  departmentId: string;
  clearance: number;
  roles: string[];
}

interface Department {
  id: string;
  name: string;
  kind: string;
}

/** The company as the documents see it: who registers, drafts, reviews, instructs. */
interface Company {
  orgCode: string;
  departments: Department[];
  gm: Person;
  viceGms: Person[];
  /** Secretaries and the office director: the office's people at every office step. */
  office: Person[];
  secretaries: Person[];
  /** Who registers incoming documents: the secretaries and the office's clerks. */
  registrars: Person[];
  /** Who drafts outgoing documents: staff and department heads. */
  drafters: Person[];
  headsOf: Map<string, Person[]>;
}

async function readCompany(db: Kysely<DB>): Promise<Company> {
  const company = await db.selectFrom('companies').select('org_code').orderBy('created_at').limit(1).executeTakeFirstOrThrow();
  const departments = await db.selectFrom('departments').select(['id', 'name', 'kind']).orderBy('id').execute();
  const rows = await db.selectFrom('people').select(['id', 'name', 'department_id', 'clearance']).where('status', '=', 'active').orderBy('id').execute();
  const roles = await db.selectFrom('person_roles').select(['person_id', 'role']).execute();
  const rolesOf = new Map<string, string[]>();
  for (const r of roles) rolesOf.set(r.person_id, [...(rolesOf.get(r.person_id) ?? []), r.role]);
  const people: Person[] = rows.map((p) => ({ id: p.id, name: p.name, departmentId: p.department_id, clearance: p.clearance, roles: rolesOf.get(p.id) ?? [] }));
  const having = (role: string) => people.filter((p) => p.roles.includes(role));
  const office = departments.find((d) => d.kind === 'office');
  const kindOf = new Map(departments.map((d) => [d.id, d.kind]));
  const headsOf = new Map<string, Person[]>();
  // OutgoingService's headRoles: the office's review is its director's too.
  for (const p of people) {
    const kind = kindOf.get(p.departmentId);
    if (p.roles.includes('dept_head') || (kind === 'office' && p.roles.includes('office_director'))) headsOf.set(p.departmentId, [...(headsOf.get(p.departmentId) ?? []), p]);
  }
  const secretaries = having('secretary');
  const office_ = [...having('office_director'), ...secretaries];
  return {
    orgCode: company.org_code,
    departments,
    gm: having('gm')[0],
    viceGms: having('vice_gm'),
    office: office_,
    secretaries,
    registrars: [...secretaries, ...people.filter((p) => p.departmentId === office?.id && p.roles.includes('clerk'))],
    drafters: people.filter((p) => p.roles.includes('clerk') || p.roles.includes('dept_head')),
    headsOf,
  };
}

const INCOMING_KINDS = ['通知', '请示', '报告', '函', '纪要', '通报', '决定', '备忘录'];
const OUTGOING_KINDS = ['通知', '通告', '报告', '请示', '函', '纪要', '简报', '计划', '总结', '讲话稿'];
const EXTERNAL_SENDERS = ['市人民政府办公室', '省国资委', '市发展和改革委员会', '市商务局', '市应急管理局', '市税务局', '行业协会', '集团公司总部', '市场监督管理局', '市人力资源和社会保障局', '合作单位', '客户单位'];
const SECRECY_TERMS = ['五年', '十年', '二十年'];

function classificationOf(rand: () => number, weights: [number, number][], ceiling: number): number {
  return Math.min(weighted(rand, weights), ceiling);
}

type IncomingState = 'received' | 'registered' | 'checked' | 'returned' | 'proposed' | 'leader_opinion' | 'awaiting_instruction' | 'instructed' | 'handling' | 'completed';

/** Where an incoming document of this age most likely is (the newest ones still move). */
function incomingStateOf(rand: () => number, ageDays: number): IncomingState {
  if (ageDays < 0.1) return weighted(rand, [['received', 3], ['registered', 7]]);
  if (ageDays < 0.5) return weighted(rand, [['registered', 4], ['checked', 6]]);
  if (ageDays < 1) return weighted(rand, [['checked', 3], ['proposed', 4], ['awaiting_instruction', 3]]);
  if (ageDays < 2) return weighted(rand, [['proposed', 2], ['leader_opinion', 2], ['awaiting_instruction', 4], ['instructed', 2]]);
  if (ageDays < 4) return weighted(rand, [['awaiting_instruction', 2], ['instructed', 3], ['handling', 4], ['completed', 1]]);
  if (ageDays < 30) return weighted(rand, [['handling', 6], ['completed', 4]]);
  if (ageDays < 365) return weighted(rand, [['handling', 3], ['completed', 95], ['returned', 2]]);
  // Old documents: a few still "in handling" long after their deadline (the overdue list).
  return weighted(rand, [['handling', 0.1], ['completed', 97.5], ['returned', 2.4]]);
}

type OutgoingState = 'drafting' | 'dept_review' | 'countersign' | 'office_review' | 'proofreading' | 'signoff' | 'check' | 'registered' | 'sealed' | 'dispatched' | 'rejected';
const OUTGOING_ORDER: OutgoingState[] = ['drafting', 'dept_review', 'countersign', 'office_review', 'proofreading', 'signoff', 'check', 'registered', 'sealed', 'dispatched'];
const passed = (state: OutgoingState, step: OutgoingState) => state !== 'rejected' && OUTGOING_ORDER.indexOf(state) > OUTGOING_ORDER.indexOf(step);

function outgoingStateOf(rand: () => number, ageDays: number): OutgoingState {
  if (ageDays < 1) return weighted(rand, [['drafting', 4], ['dept_review', 3], ['countersign', 1], ['office_review', 2]]);
  if (ageDays < 3) return weighted(rand, [['dept_review', 15], ['countersign', 15], ['office_review', 20], ['proofreading', 15], ['signoff', 20], ['check', 15]]);
  if (ageDays < 7) return weighted(rand, [['signoff', 1], ['check', 1], ['registered', 2], ['sealed', 2], ['dispatched', 4]]);
  if (ageDays < 60) return weighted(rand, [['drafting', 2], ['dispatched', 95], ['rejected', 3]]);
  // A draft never sent on stays the drafter's (and in the drafter's pending list) for good.
  return weighted(rand, [['drafting', 1], ['dispatched', 96], ['rejected', 3]]);
}

/** One document and the rows that go with it. */
interface Generated {
  row: DocumentTable;
  participants: DocumentParticipantTable[];
  scopes: ReadingScopeTable[];
  issueNumber: IssueNumberTable | null;
}

interface Context {
  company: Company;
  tz: string;
  batchTimes: string[];
  /** Last value of each sequence (incoming:<year>, issue:<org>:<year>), as the sequences table holds them. */
  sequences: Map<string, number>;
}

/**
 * todayIn once per quarter hour: every time zone's offset is a multiple of 15 minutes, so a
 * quarter hour lies within one local day (a new Intl formatter per call was a fifth of the time).
 */
const days = new Map<number, string>();
function dayOf(tz: string, ms: number): string {
  const bucket = Math.floor(ms / 900_000);
  let day = days.get(bucket);
  if (day === undefined) {
    if (days.size > 100_000) days.clear();
    day = todayIn(tz, new Date(bucket * 900_000));
    days.set(bucket, day);
  }
  return day;
}

/** batchOf, reused while the times asked for stay before the batch found last closes (they mostly rise). */
let lastBatch: { from: number; slot: BatchSlot } | null = null;
function batchAt(ctx: Context, ms: number): BatchSlot {
  if (lastBatch && ms >= lastBatch.from && ms < Date.parse(lastBatch.slot.closesAt)) return lastBatch.slot;
  const slot = batchOf(new Date(ms), ctx.batchTimes, ctx.tz, (d) => ![0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay()));
  lastBatch = { from: ms, slot };
  return slot;
}

function nextIn(ctx: Context, key: string): number {
  const n = (ctx.sequences.get(key) ?? 0) + 1;
  ctx.sequences.set(key, n);
  return n;
}

class Rows {
  private readonly byKey = new Map<string, DocumentParticipantTable>();
  scopes: ReadingScopeTable[] = [];
  private readonly scoped = new Set<string>();

  constructor(
    private readonly documentId: string,
    /** Whether the 'workflow' scopes are written (classified or in flight). */
    private readonly workflowScopes: boolean,
  ) {}

  get participants(): DocumentParticipantTable[] {
    return [...this.byKey.values()];
  }

  /** Called in the order the steps happened: a later call sets the state, as upsertPending and closeRelation do. */
  participant(relation: string, kind: 'person' | 'department', id: string, pending: boolean, at: string) {
    const key = `${relation}:${kind}:${id}`;
    const state = pending ? 'pending' : 'done';
    const row = this.byKey.get(key);
    if (row) Object.assign(row, { state, acted_at: pending ? null : at });
    else this.byKey.set(key, { document_id: this.documentId, relation, subject_kind: kind, subject_id: id, state, acted_at: pending ? null : at, created_at: at });
  }

  scope(source: string, kind: 'person' | 'department', id: string, at: string) {
    if (source === 'workflow' && !this.workflowScopes) return;
    const key = `${source}:${kind}:${id}`;
    if (this.scoped.has(key)) return;
    this.scoped.add(key);
    this.scopes.push({ record_type: DOCUMENT, record_id: this.documentId, subject_kind: kind, subject_id: id, source, created_at: at });
  }
}

function incoming(ctx: Context, rand: () => number, createdMs: number, ageDays: number): Generated {
  const { company: c } = ctx;
  const id = newId();
  const at = iso(createdMs);
  const registrar = pick(rand, c.registrars);
  const state = incomingStateOf(rand, ageDays);
  const classification = classificationOf(rand, [[0, 70], [1, 25], [2, 4], [3, 1]], registrar.clearance);
  const classified = classification >= Classification.SECRET;
  const rows = new Rows(id, classified || ageDays < IN_FLIGHT_DAYS);
  const internal = chance(rand, 0.4);
  const sender = internal ? pick(rand, c.departments.filter((d) => d.kind !== 'office')).name : pick(rand, EXTERNAL_SENDERS);
  const year = Number(dayOf(ctx.tz, createdMs).slice(0, 4));
  const registered = state !== 'received';
  const text = sprinkleProbeWords(rand, words(rand, 3 + Math.floor(rand() * 4)), chance(rand, 0.85) ? words(rand, 12 + Math.floor(rand() * 28)) : '');
  // Each step moves the document on some hours after the one before.
  let t = createdMs;
  const later = (hours: number) => (t = Math.min(t + rand() * hours * 3_600_000, Date.now() - 1000));
  const data: IncomingData = {
    receipt: { deliveredBy: internal ? '内部报送' : pick(rand, ['邮政', '机要交通', '专人送达', '快递']), deliveredAt: at, signedById: registrar.id, signedByName: registrar.name, signedAt: at, envelopeAddressee: internal ? null : '基准集团', envelopeFileId: null },
    returnSlip: { present: false, returnedAt: null, returnedBy: null },
  };
  let steps = 1;
  if (chance(rand, 0.08) && !internal) data.returnSlip = { present: true, returnedAt: registered ? iso(later(4)) : null, returnedBy: registered ? registrar.name : null };
  if (classified) {
    rows.scope('owner', 'person', registrar.id, at);
    for (let k = 0, n = 1 + Math.floor(rand() * 3); k < n; k++) rows.scope('named', 'department', pick(rand, c.departments).id, at);
  }
  const row: DocumentTable = {
    id,
    direction: 'incoming',
    state,
    year,
    serial: registered ? nextIn(ctx, `incoming:${year}`) : null,
    doc_number: registered && chance(rand, 0.7) ? `${sender.slice(0, 2)}〔${year}〕${1 + Math.floor(rand() * 300)}号` : null,
    title: registered ? text.title : '',
    doc_kind: registered ? pick(rand, INCOMING_KINDS) : '',
    urgency: weighted(rand, [['normal', 85], ['urgent', 12], ['very_urgent', 3]]),
    classification,
    secrecy_term: classified ? pick(rand, SECRECY_TERMS) : null,
    sender,
    addressee: registered ? '基准集团' : null,
    cc: null,
    body: registered ? text.text : '',
    pages: registered ? 1 + Math.floor(rand() * 30) : null,
    copies: registered ? 1 + Math.floor(rand() * 4) : null,
    received_at: at,
    deadline: null,
    lead_department_id: null,
    drafting_department_id: null,
    replies_to_id: null,
    data: '',
    created_by: registrar.id,
    created_at: at,
    updated_at: at,
    version: 1,
  };
  if (registered) {
    steps++;
    const matches = chance(rand, 0.97);
    data.addresseeCheck = { matches, flagged: !matches, note: matches ? null : '封皮所写收件单位与文件主送不符' };
    if (internal) data.internal = true;
  }
  const order: Record<IncomingState, number> = { received: 0, registered: 1, checked: 2, returned: 2, proposed: 3, leader_opinion: 4, awaiting_instruction: 5, instructed: 6, handling: 7, completed: 8 };
  const after = (s: IncomingState) => order[state] > order[s];
  // How a completed one ended: handled by departments, filed as read at the check, or closed after the instruction.
  const ending = state === 'completed' ? weighted(rand, [['handled', 60], ['filed', 25], ['closed', 15]]) : state === 'handling' ? 'handled' : null;
  if (state === 'returned') steps++;
  if (ending === 'filed') steps += 2;
  else if (after('checked') || state === 'checked') steps++;
  const toGm = ending !== 'filed' && state !== 'returned' && (after('proposed') || state === 'proposed');
  if (toGm) {
    steps++;
    data.proposal = `拟请${pick(rand, c.departments).name}研究办理`;
  }
  const reachesGm = toGm && (after('awaiting_instruction') || state === 'awaiting_instruction');
  const viaLeader = (toGm && chance(rand, 0.3) && (reachesGm || state === 'leader_opinion')) || state === 'leader_opinion';
  if (viaLeader) {
    const leader = pick(rand, c.viceGms);
    const opined = state !== 'leader_opinion';
    steps += opined ? 2 : 1;
    rows.scope('workflow', 'person', leader.id, iso(later(8)));
    rows.participant('leader_in_charge', 'person', leader.id, !opined, iso(t));
    if (opined) data.leaderOpinion = '建议呈总经理阅示';
  }
  if (reachesGm) {
    if (!viaLeader) steps++;
    const put = later(8);
    const slot = batchAt(ctx, put);
    data.batch = { key: slot.key, closesAt: slot.closesAt };
    rows.scope('workflow', 'person', c.gm.id, iso(put));
    const instructed = state !== 'awaiting_instruction';
    rows.participant('instructor', 'person', c.gm.id, !instructed, iso(put));
    if (instructed) {
      steps++;
      data.instruction = { text: ending === 'closed' ? '阅。' : '请按拟办意见办理，抓紧落实。', ordersAction: ending === 'handled' && chance(rand, 0.3), byId: c.gm.id, byName: c.gm.name, at: iso(later(20)) };
    }
  }
  if (ending === 'closed') steps++;
  if (ending === 'handled') {
    steps++;
    const lead = pick(rand, c.departments);
    const co = [...new Set(Array.from({ length: weighted(rand, [[0, 6], [1, 3], [2, 1]]) }, () => pick(rand, c.departments).id))].filter((d) => d !== lead.id);
    const distributed = later(6);
    row.lead_department_id = lead.id;
    row.deadline = dayOf(ctx.tz, distributed + 10 * DAY_MS);
    data.distributedAt = iso(distributed);
    data.coDepartmentIds = co;
    const done = state === 'completed';
    for (const d of [lead.id, ...co]) {
      rows.scope('workflow', 'department', d, iso(distributed));
      rows.participant('handler', 'department', d, !done, iso(distributed));
    }
    if (done) {
      steps++;
      const head = c.headsOf.get(lead.id)?.[0];
      data.results = [{ departmentId: lead.id, result: '已按批示办理完毕', byName: head?.name ?? lead.name, at: iso(later(72)) }];
    }
  }
  row.data = JSON.stringify(data);
  row.updated_at = iso(t);
  row.version = steps;
  return { row, participants: rows.participants, scopes: rows.scopes, issueNumber: null };
}

function outgoing(ctx: Context, rand: () => number, createdMs: number, ageDays: number): Generated {
  const { company: c } = ctx;
  const id = newId();
  const at = iso(createdMs);
  const drafter = pick(rand, c.drafters);
  const state = outgoingStateOf(rand, ageDays);
  const classification = classificationOf(rand, [[0, 30], [1, 62], [2, 6], [3, 2]], drafter.clearance);
  const classified = classification >= Classification.SECRET;
  const rows = new Rows(id, classified || ageDays < IN_FLIGHT_DAYS);
  const year = Number(dayOf(ctx.tz, createdMs).slice(0, 4));
  const text = sprinkleProbeWords(rand, words(rand, 3 + Math.floor(rand() * 4)), words(rand, 20 + Math.floor(rand() * 40)));
  let t = createdMs;
  const later = (hours: number) => (t = Math.min(t + rand() * hours * 3_600_000, Date.now() - 1000));
  const data: OutgoingData = {};
  let steps = 1;
  if (classified) for (let k = 0, n = 1 + Math.floor(rand() * 3); k < n; k++) rows.scope('named', 'department', pick(rand, c.departments).id, at);
  const inFlight = ageDays < IN_FLIGHT_DAYS;
  // Who holds each step: the drafter, the drafting department's heads, countersigning heads, the
  // office, the GM. Every office member's finished step is kept for documents in flight only.
  const handlers = (people: Person[], pending: boolean, everyone = false) => {
    if (everyone && !pending && !inFlight) return;
    const when = iso(t);
    for (const p of people) {
      rows.participant('handler', 'person', p.id, pending, when);
      rows.scope('workflow', 'person', p.id, when);
    }
  };
  const heads = c.headsOf.get(drafter.departmentId) ?? [];
  handlers([drafter], state === 'drafting');
  const rejectedAt = state === 'rejected' ? 'office_review' : null;
  if (passed(state, 'drafting') || state === 'dept_review' || rejectedAt) {
    steps++;
    later(24);
    handlers(heads, state === 'dept_review');
  }
  const countersigned = state === 'countersign' || ((passed(state, 'dept_review') || rejectedAt) && chance(rand, 0.2));
  if (countersigned) {
    steps++;
    later(24);
    const depts = [...new Set([pick(rand, c.departments).id, pick(rand, c.departments).id])].filter((d) => d !== drafter.departmentId);
    data.countersignDepartments = depts;
    const pending = state === 'countersign';
    for (const d of depts) {
      rows.participant('countersigner', 'department', d, pending, iso(t));
      if (pending) handlers(c.headsOf.get(d) ?? [], true);
      else steps++;
    }
  }
  const officeStep = (step: OutgoingState, people: Person[]) => {
    if (passed(state, step) || state === step) {
      steps++;
      later(12);
      handlers(people, state === step, people.length > 1);
    }
  };
  if (rejectedAt) {
    steps++;
    handlers(c.office, false, true);
  }
  officeStep('office_review', c.office);
  officeStep('proofreading', c.secretaries);
  officeStep('signoff', [c.gm]);
  if (passed(state, 'signoff')) data.signoff = { approval: '同意', signerName: c.gm.name, signedOn: dayOf(ctx.tz, t), signerId: c.gm.id };
  officeStep('check', c.office);
  let issueNumber: IssueNumberTable | null = null;
  let docNumber: string | null = null;
  if (passed(state, 'check')) {
    const number = nextIn(ctx, `issue:${c.orgCode}:${year}`);
    docNumber = formatIssueNumber(c.orgCode, year, number);
    issueNumber = { org_code: c.orgCode, year, number, document_id: id, state: 'used', void_reason: null, allocated_at: iso(t), voided_at: null };
  }
  officeStep('registered', c.office);
  officeStep('sealed', c.office);
  if (state === 'dispatched') {
    steps++;
    later(24);
  }
  const row: DocumentTable = {
    id,
    direction: 'outgoing',
    state,
    year,
    serial: null,
    doc_number: docNumber,
    title: text.title,
    doc_kind: pick(rand, OUTGOING_KINDS),
    urgency: weighted(rand, [['normal', 90], ['urgent', 8], ['very_urgent', 2]]),
    classification,
    secrecy_term: classified ? pick(rand, SECRECY_TERMS) : null,
    sender: null,
    addressee: '各部门、各分公司',
    cc: chance(rand, 0.3) ? '集团公司总部' : null,
    body: text.text,
    pages: null,
    copies: null,
    received_at: null,
    deadline: null,
    lead_department_id: null,
    drafting_department_id: drafter.departmentId,
    replies_to_id: null,
    data: JSON.stringify(data),
    created_by: drafter.id,
    created_at: at,
    updated_at: iso(t),
    version: steps,
  };
  return { row, participants: rows.participants, scopes: rows.scopes, issueNumber };
}

interface Progress {
  done: number;
  /** When the newest document is created (ms); fixed at the start so a resumed run agrees. */
  endMs: number;
}

/** Generates (or finishes generating) `total` documents; returns once all are written. */
export async function generateDocuments(database: Database, total: number, log: Log): Promise<void> {
  const { db } = database;
  const saved = await db.selectFrom('settings').select('value').where('key', '=', PROGRESS_KEY).executeTakeFirst();
  const progress: Progress = saved ? JSON.parse(saved.value) : { done: 0, endMs: Date.now() - 60_000 };
  if (progress.done >= total) return;
  if (progress.done > 0) log(`  documents: resuming at ${progress.done.toLocaleString('en')}`);
  const config = loadConfig();
  const ctx: Context = {
    company: await readCompany(db),
    tz: config.tzCompany,
    batchTimes: parseBatchTimes(config.batchTimes),
    sequences: new Map((await db.selectFrom('sequences').select(['key', 'last_value']).execute()).map((s) => [s.key, Number(s.last_value)])),
  };
  const search = SearchIndex.for(database);
  const spanMs = Math.min(MAX_SPAN_DAYS, total / DOCUMENTS_PER_DAY) * DAY_MS;
  const stepMs = spanMs / total;
  const started = Date.now();
  const first = progress.done;
  for (let from = progress.done; from < total; from += BATCH) {
    const docs: Generated[] = [];
    for (let i = from; i < Math.min(total, from + BATCH); i++) {
      const rand = rng(Math.imul(i + 1, 0x9e3779b1) ^ 20261127);
      const createdMs = Math.floor(progress.endMs - (total - 1 - i) * stepMs + rand() * stepMs * 0.9);
      const ageDays = (progress.endMs - createdMs) / DAY_MS;
      docs.push(rand() < INCOMING_SHARE ? incoming(ctx, rand, createdMs, ageDays) : outgoing(ctx, rand, createdMs, ageDays));
    }
    const done = Math.min(total, from + BATCH);
    const touched = new Set(docs.flatMap((d) => (d.row.serial ? [`incoming:${d.row.year}`] : d.issueNumber ? [`issue:${d.issueNumber.org_code}:${d.issueNumber.year}`] : [])));
    await db.transaction().execute(async (trx) => {
      await insertAll(trx, 'documents', docs.map((d) => d.row));
      // Oldest first, so the index's seq (its "newest first") follows the documents' times.
      await search.upsertMany(trx, docs.map((d) => searchDocumentOf(d.row)));
      await insertAll(trx, 'document_participants', docs.flatMap((d) => d.participants));
      await insertAll(trx, 'reading_scopes', docs.flatMap((d) => d.scopes));
      await insertAll(trx, 'issue_numbers', docs.flatMap((d) => (d.issueNumber ? [d.issueNumber] : [])));
      for (const key of touched) {
        const value = ctx.sequences.get(key)!;
        await sql`insert into sequences (key, last_value) values (${key}, ${value}) on conflict (key) do update set last_value = ${value}`.execute(trx);
      }
      const value = JSON.stringify({ ...progress, done } satisfies Progress);
      await sql`insert into settings (key, value, updated_at) values (${PROGRESS_KEY}, ${value}, ${new Date().toISOString()}) on conflict (key) do update set value = ${value}, updated_at = ${new Date().toISOString()}`.execute(trx);
    });
    if (done % 50_000 === 0 || done === total) {
      const rate = (done - first) / ((Date.now() - started) / 1000);
      log(`  documents ${done.toLocaleString('en')}/${total.toLocaleString('en')}  ${Math.round(rate)} docs/s, ~${Math.round((total - done) / rate / 60)} min left`);
    }
  }
  if (database.dialect === 'postgres') {
    // Autovacuum would get there; the search's plan choice reads ANALYZE's statistics (pg_stats).
    log('  vacuum analyze …');
    await sql`vacuum analyze`.execute(db);
  }
}
