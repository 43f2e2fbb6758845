// The supervision stage of bench/generate.ts: N supervision items (issue 4's figure: 200,000) across
// the company's ~60 units, created over two years at a steady rate, oldest first, as the office
// would have produced them: leader-assigned and central-work items from every source, in the four
// seeded categories, each with its assigning leader, lead unit (and often its named person),
// sometimes co-units; deadlines 5–30 working days out on the app's own work calendar, some
// extended (the original kept for statistics); about 20 % still open — the newest mostly, and a
// tail of old ones long overdue — the rest checked and closed, one in five after its deadline.
// Chasing as the hourly scan would have done it: every reminder point whose day came while the
// item was at work fired once (its supervision_reminders key and its automatic chase, computed
// with the app's pointDate/duePoint), the report rhythm's latest missed date of each working item,
// and manual chases by the office on one item in ten. Plus this week's issued 一周工作指令 list of
// 500 directives (the last 500 items are its items), with progress reports, extension requests
// and chases, for the Saturday report.
//
// Written in transactions of BATCH items, each also saving how far it got, so an interrupted
// generation resumes where it stopped; each item is drawn from its own seeded generator, so a
// resumed run writes what an uninterrupted one would have.
//
// Not written (no measured query reads them): the trail (supervision_steps), checks, the audit
// entries, notifications, search-index entries, and the report-rhythm chases of closed items; the
// 'workflow' reading scopes of unclassified items (their level alone makes them readable, as the
// documents stage does). Parent/child decomposition is not generated.
import type { Insertable, Kysely } from 'kysely';
import { sql } from 'kysely';
import { loadConfig } from '../server/config.js';
import type { Database } from '../server/platform/db/database.js';
import type {
  DB,
  ReadingScopeTable,
  SupervisionChaseTable,
  SupervisionDirectiveListTable,
  SupervisionDirectiveTable,
  SupervisionExtensionTable,
  SupervisionItemTable,
  SupervisionParticipantTable,
  SupervisionReminderTable,
  SupervisionReportTable,
  SupervisionUnitTable,
} from '../server/platform/db/schema.js';
import { newId } from '../server/platform/ids.js';
import { addDays, seedHolidays, todayIn, WorkCalendar } from '../server/platform/calendar/work-calendar.js';
import { LocalPubSub } from '../server/platform/notify/pubsub.js';
import { zonedInstant } from '../server/modules/documents/incoming/gm-batch.js';
import { DEFAULT_REMINDER_POINTS, pointDate } from '../server/modules/supervision/supervision.reminders.js';
import { sequenceKey } from '../server/modules/supervision/supervision.service.js';
import { isoWeekOf, weekStart } from '../server/modules/supervision/directives/week.js';
import { SUPERVISION_ITEM } from '../server/modules/supervision/supervision.access.js';
import { ensureStatisticsAggregates } from '../server/modules/supervision/statistics/statistics.aggregates.js';
import { words } from './corpus.js';
import { chance, insertAll, iso, pick, rng, weighted } from './generator-kit.js';

const PROGRESS_KEY = 'bench_supervision_progress';
const BATCH = 5_000;
/** Items arrive over this many days (two years), whatever N is. */
const SPAN_DAYS = 730;
const DAY_MS = 86_400_000;
/** The week's directive list: its directives are the last items generated. */
export const DIRECTIVES = 500;
/** Key of the generated directive list's week in settings, for the bench's Saturday report. */
export const DIRECTIVE_LIST_KEY = 'bench_supervision_directive_list';

type Log = (msg: string) => void;

interface Person {
  id: string;
  name: string;
  departmentId: string;
  roles: string[];
}

interface Company {
  departments: { id: string; name: string }[];
  leaders: Person[];
  gm: Person;
  office: Person[];
  /** Staff (clerks and heads) of each department: the named person of a unit. */
  staffOf: Map<string, Person[]>;
  /** The categories and their report rhythm (days). */
  rhythm: Map<string, number>;
}

async function readCompany(db: Kysely<DB>): Promise<Company> {
  const departments = await db.selectFrom('departments').select(['id', 'name']).orderBy('id').execute();
  const rows = await db.selectFrom('people').select(['id', 'name', 'department_id']).where('status', '=', 'active').orderBy('id').execute();
  const roles = await db.selectFrom('person_roles').select(['person_id', 'role']).execute();
  const rolesOf = new Map<string, string[]>();
  for (const r of roles) rolesOf.set(r.person_id, [...(rolesOf.get(r.person_id) ?? []), r.role]);
  const people: Person[] = rows.map((p) => ({ id: p.id, name: p.name, departmentId: p.department_id, roles: rolesOf.get(p.id) ?? [] }));
  const having = (role: string) => people.filter((p) => p.roles.includes(role));
  const staffOf = new Map<string, Person[]>();
  for (const p of people) if (p.roles.includes('clerk') || p.roles.includes('dept_head')) staffOf.set(p.departmentId, [...(staffOf.get(p.departmentId) ?? []), p]);
  const categories = await db.selectFrom('supervision_categories').select(['key', 'report_every_days']).execute();
  return {
    departments,
    leaders: [...having('gm'), ...having('vice_gm')],
    gm: having('gm')[0],
    office: [...having('office_director'), ...having('secretary')],
    staffOf,
    rhythm: new Map(categories.map((c) => [c.key, c.report_every_days])),
  };
}

/** Chance an item of this age is still open (not closed): ~20 % over two years' items. */
function openChance(ageDays: number): number {
  if (ageDays < 30) return 0.95;
  if (ageDays < 90) return 0.5;
  if (ageDays < 365) return 0.18;
  return 0.1;
}

const SOURCES: [string, number, string][] = [
  // source, weight, category
  ['leader_instruction', 30, 'instruction'],
  ['meeting_decision', 20, 'meeting'],
  ['incoming_document', 25, 'document'],
  ['central_work', 8, 'special'],
  ['petition', 4, 'special'],
  ['information', 4, 'instruction'],
  ['investigation', 3, 'special'],
  ['other', 6, 'document'],
];

interface Generated {
  item: SupervisionItemTable;
  participants: Insertable<SupervisionParticipantTable>[];
  units: SupervisionUnitTable[];
  scopes: ReadingScopeTable[];
  chases: SupervisionChaseTable[];
  reminders: SupervisionReminderTable[];
  reports: SupervisionReportTable[];
  extensions: SupervisionExtensionTable[];
}

interface Context {
  company: Company;
  tz: string;
  calendar: WorkCalendar;
  today: string;
  nowMs: number;
  sequences: Map<string, number>;
  /** The directive list the last DIRECTIVES items belong to. */
  list: { id: string; week: string; weekStart: string; issuedMs: number };
}

// Both cached: a new Intl formatter per call would be most of the generation's time.
const instants = new Map<string, number>();
function dayMs(ctx: Context, day: string, time = '09:00'): number {
  const key = `${day} ${time}`;
  let ms = instants.get(key);
  if (ms === undefined) instants.set(key, (ms = zonedInstant(day, time, ctx.tz).getTime()));
  return ms;
}
/** todayIn once per quarter hour (every zone's offset is a multiple of 15 minutes). */
const days = new Map<number, string>();
function dayOf(ctx: Context, ms: number): string {
  const bucket = Math.floor(ms / 900_000);
  let day = days.get(bucket);
  if (day === undefined) {
    if (days.size > 200_000) days.clear();
    days.set(bucket, (day = todayIn(ctx.tz, new Date(bucket * 900_000))));
  }
  return day;
}

/** The day `n` working days after `day` (the app's calendar, holidays and 调休 included). */
const afterCache = new Map<string, string>();
function workingDaysAfter(ctx: Context, day: string, n: number): string {
  const key = `${day}+${n}`;
  let d = afterCache.get(key);
  if (d === undefined) afterCache.set(key, (d = ctx.calendar.addWorkingDays(day, n)));
  return d;
}
const pointCache = new Map<string, string>();
function pointDay(ctx: Context, deadline: string, workingDays: number): string {
  const key = `${deadline}${workingDays}`;
  let d = pointCache.get(key);
  if (d === undefined) pointCache.set(key, (d = pointDate(deadline, workingDays, ctx.calendar)));
  return d;
}

function nextIn(ctx: Context, key: string): number {
  const n = (ctx.sequences.get(key) ?? 0) + 1;
  ctx.sequences.set(key, n);
  return n;
}

type Kind = 'working' | 'early' | 'done_open' | 'closed';

function stateOf(rand: () => number, procedure: 'assigned' | 'central', kind: Kind): string {
  if (procedure === 'assigned') {
    if (kind === 'early') return weighted(rand, [['assigned', 1], ['opened', 1], ['registered', 3]]);
    if (kind === 'working') return weighted(rand, [['transferred', 6], ['handling', 80], ['checking', 14]]);
    if (kind === 'done_open') return weighted(rand, [['completed', 5], ['reported', 5]]);
    return weighted(rand, [['closed', 15], ['filed', 35], ['archived', 50]]);
  }
  if (kind === 'early') return weighted(rand, [['decomposed', 1], ['opened', 1], ['submitted', 2], ['instructed', 2]]);
  if (kind === 'working') return weighted(rand, [['transferred', 5], ['supervising', 70], ['checking', 10], ['re_supervising', 12], ['re_checking', 3]]);
  if (kind === 'done_open') return weighted(rand, [['analysing', 4], ['reported', 4], ['re_reported', 2]]);
  return weighted(rand, [['closed', 15], ['filed', 35], ['archived', 50]]);
}

const TOLD_NOTE: Record<string, string> = {
  before: '督办事项将到期（2 个工作日后）',
  due: '督办事项今日到期',
  overdue: '督办事项已超期，请部门负责人督促',
  escalated: '督办事项超期未办结，报交办领导',
};

interface ItemPlan {
  createdMs: number;
  kind: Kind;
  /** Directive number (1…) when the item is one of the week's directives. */
  directive?: number;
}

function generateItem(ctx: Context, rand: () => number, plan: ItemPlan): Generated {
  const c = ctx.company;
  const id = newId();
  const createdDay = dayOf(ctx, plan.createdMs);
  const year = Number(createdDay.slice(0, 4));
  const directive = plan.directive;
  const procedure: 'assigned' | 'central' = directive ? 'assigned' : chance(rand, 0.15) ? 'central' : 'assigned';
  const [source, , category] = directive ? ['weekly_directive', 0, 'instruction'] : procedure === 'central' ? SOURCES[3] : weighted(rand, SOURCES.map((s) => [s, s[1]] as [typeof s, number]));
  const kind = plan.kind;
  const state = stateOf(rand, procedure, kind);
  const lead = pick(rand, c.departments);
  const staff = c.staffOf.get(lead.id) ?? [];
  const leadPerson = staff.length && chance(rand, 0.7) ? pick(rand, staff) : null;
  const coUnits = chance(rand, 0.3) ? [...new Set(Array.from({ length: 1 + Math.floor(rand() * 2) }, () => pick(rand, c.departments)))].filter((d) => d.id !== lead.id) : [];
  const assigner = directive ? c.gm : pick(rand, c.leaders);
  const creator = pick(rand, c.office);
  const mode = directive ? 'general' : weighted<SupervisionItemTable['mode']>(rand, [['general', 75], ['special', 15], ['group', 5], ['leader_in_person', 5]]);
  const classification = directive ? weighted(rand, [[0, 70], [1, 30]]) : weighted(rand, [[0, 68], [1, 27], [2, 4], [3, 1]]);
  // Deadlines: a directive's within this week or the next; others 5–30 working days out.
  const originalDeadline = directive ? addDays(ctx.list.weekStart, 2 + Math.floor(rand() * 10)) : workingDaysAfter(ctx, createdDay, 5 + Math.floor(rand() * 26));
  const extended = chance(rand, directive ? 0.08 : 0.05);
  const deadline = extended ? addDays(originalDeadline, 5 + Math.floor(rand() * 11)) : originalDeadline;
  const done = kind === 'done_open' || kind === 'closed';
  const working = kind === 'working';
  // Completion: one in five after the deadline (1–20 days), the others on or before it.
  let completedMs: number | null = null;
  if (done) {
    const late = chance(rand, directive ? 0.15 : 0.2);
    const span = Math.max(1, (dayMs(ctx, deadline, '18:00') - plan.createdMs) / DAY_MS);
    completedMs = late ? dayMs(ctx, addDays(deadline, 1 + Math.floor(rand() * 20)), '16:00') : plan.createdMs + (0.3 + 0.7 * rand()) * span * DAY_MS;
    completedMs = Math.min(completedMs, ctx.nowMs - 60_000 - Math.floor(rand() * 3_600_000));
    completedMs = Math.max(completedMs, plan.createdMs + 3_600_000);
    if (completedMs > ctx.nowMs - 60_000) completedMs = ctx.nowMs - 60_000;
  }
  const acceptedMs = Math.min(plan.createdMs + (2 + rand() * 30) * 3_600_000, ctx.nowMs - 120_000);
  const progress = done ? 100 : working ? Math.floor(rand() * 10) * 10 : 0;
  const data = working ? JSON.stringify({ rhythmFrom: iso(acceptedMs) }) : '{}';
  const at = iso(plan.createdMs);
  const title = directive ? `${words(rand, 3)}（第${directive}项）` : words(rand, 3 + Math.floor(rand() * 4));
  const item: SupervisionItemTable = {
    id,
    year,
    serial: nextIn(ctx, sequenceKey(year)),
    procedure,
    state,
    round: state.startsWith('re_') ? 2 : 1,
    source_type: source,
    source_id: directive ? ctx.list.id : null,
    source_index: directive ?? 0,
    category,
    title,
    requirement: words(rand, 10 + Math.floor(rand() * 20)),
    assigned_by: assigner.id,
    lead_department_id: lead.id,
    lead_person_id: leadPerson?.id ?? null,
    deadline,
    original_deadline: originalDeadline,
    milestones: '[]',
    priority: weighted(rand, [['normal', 80], ['high', 15], ['urgent', 5]]),
    mode,
    classification,
    parent_id: null,
    progress,
    completed_at: completedMs === null ? null : iso(completedMs),
    archive_candidate: state === 'filed' || state === 'archived' ? 1 : 0,
    data,
    created_by: creator.id,
    created_at: at,
    updated_at: iso(completedMs ?? acceptedMs),
    version: 4 + Math.floor(rand() * 6),
  };
  // Who stands where (SupervisionService.setPeople / setUnits).
  const participants: Insertable<SupervisionParticipantTable>[] = [];
  const add = (relation: string, subject_kind: 'person' | 'department', subject_id: string) => {
    if (!participants.some((p) => p.relation === relation && p.subject_kind === subject_kind && p.subject_id === subject_id)) participants.push({ item_id: id, relation, subject_kind, subject_id, created_at: at });
  };
  add('assigner', 'person', assigner.id);
  add('handler', 'department', lead.id);
  if (leadPerson) add('handler', 'person', leadPerson.id);
  const units: SupervisionUnitTable[] = [{ item_id: id, department_id: lead.id, role: 'lead', person_id: leadPerson?.id ?? null }];
  for (const u of coUnits) {
    const person = (c.staffOf.get(u.id) ?? []).length && chance(rand, 0.5) ? pick(rand, c.staffOf.get(u.id)!) : null;
    add('co_handler', 'department', u.id);
    if (person) add('co_handler', 'person', person.id);
    units.push({ item_id: id, department_id: u.id, role: 'co', person_id: person?.id ?? null });
  }
  if (mode === 'group') for (let k = 0; k < 2; k++) add('group', 'person', pick(rand, c.office).id);
  // Classified items keep the workflow's reading scope (every participant and the creator).
  const scopes: ReadingScopeTable[] = [];
  if (classification >= 2) {
    const subjects = new Map<string, { kind: 'person' | 'department'; id: string }>();
    for (const p of participants) subjects.set(`${p.subject_kind}:${p.subject_id}`, { kind: p.subject_kind, id: p.subject_id });
    subjects.set(`person:${creator.id}`, { kind: 'person', id: creator.id });
    for (const x of subjects.values()) scopes.push({ record_type: SUPERVISION_ITEM, record_id: id, subject_kind: x.kind, subject_id: x.id, source: 'workflow', created_at: at });
  }

  // Chasing: the reminder points that came while the unit was at work, each fired once.
  const chases: SupervisionChaseTable[] = [];
  const reminders: SupervisionReminderTable[] = [];
  const heads = (c.staffOf.get(lead.id) ?? []).filter((p) => p.roles.includes('dept_head')).map((p) => p.id);
  const unitPeople = [...new Set([...heads, ...(leadPerson ? [leadPerson.id] : [])])];
  if (kind !== 'early') {
    const endDay = completedMs === null ? ctx.today : dayOf(ctx, completedMs);
    const startDay = dayOf(ctx, acceptedMs);
    for (const p of DEFAULT_REMINDER_POINTS) {
      const day = pointDay(ctx, deadline, p.workingDays);
      if (day > endDay || day < startDay) continue;
      const firedMs = Math.min(Math.max(dayMs(ctx, day, '09:00'), acceptedMs + 60_000), ctx.nowMs - 30_000);
      const key = `${p.key}@${deadline}`;
      reminders.push({ item_id: id, point: key, fired_at: iso(firedMs) });
      const told = p.notify === 'handler' ? (leadPerson ? [leadPerson.id] : unitPeople) : p.notify === 'unit_head' ? unitPeople : [...new Set([...heads, assigner.id])];
      chases.push({ id: newId(), item_id: id, kind: 'automatic', point: p.key, note: `${TOLD_NOTE[p.key]}（办理期限 ${deadline}）`, told: JSON.stringify(told), chased_by: 'system', chased_by_name: '系统', at: iso(firedMs) });
    }
    // The report rhythm's latest missed date of an item at work (supervision.reminders.ts scanReportRhythm).
    const every = ctx.company.rhythm.get(category) ?? 0;
    if (working && every > 0 && !['checking', 're_checking', 'transferred'].includes(state)) {
      const from = iso(acceptedMs);
      let date = addDays(startDay, every);
      if (date <= ctx.today) {
        for (let guard = 0; addDays(date, every) <= ctx.today && guard < 1000; guard++) date = addDays(date, every);
        const firedMs = Math.min(Math.max(dayMs(ctx, date, '09:00'), acceptedMs + 60_000), ctx.nowMs - 30_000);
        reminders.push({ item_id: id, point: `report:${from}@${date}`, fired_at: iso(firedMs) });
        const note = `请报送办理进展（报告周期 ${every} 天，应于 ${date} 前报送）`;
        chases.push({ id: newId(), item_id: id, kind: 'automatic', point: 'report', note, told: JSON.stringify(leadPerson ? [leadPerson.id] : unitPeople), chased_by: 'system', chased_by_name: '系统', at: iso(firedMs) });
      }
    }
    // The office chases one item in ten by hand (more of the late ones).
    const lateNow = !done && deadline < ctx.today;
    if (chance(rand, lateNow ? 0.4 : 0.1)) {
      const by = pick(rand, c.office);
      const chaseMs = Math.min(acceptedMs + rand() * Math.max(DAY_MS, (completedMs ?? ctx.nowMs) - acceptedMs), ctx.nowMs - 10_000);
      chases.push({ id: newId(), item_id: id, kind: 'manual', point: null, note: `请抓紧办理：${words(rand, 4)}`, told: JSON.stringify(unitPeople), chased_by: by.id, chased_by_name: by.name, at: iso(chaseMs) });
    }
  }
  chases.sort((a, b) => (a.at < b.at ? -1 : 1));

  // Progress reports and extension requests: a directive's (the Saturday report reads them), and
  // the approved extensions of items whose deadline moved.
  const reports: SupervisionReportTable[] = [];
  const extensions: SupervisionExtensionTable[] = [];
  const reporter = leadPerson ?? staff[0] ?? null;
  if (directive && reporter && kind !== 'early') {
    for (let k = 0, n = Math.floor(rand() * 3); k < n; k++) {
      const ms = Math.min(acceptedMs + (k + 1) * rand() * DAY_MS, ctx.nowMs - 5_000);
      reports.push({ id: newId(), item_id: id, round: 1, kind: 'progress', department_id: lead.id, text: `已${words(rand, 2)}，${words(rand, 6)}`, percent: Math.min(90, (k + 1) * 30), attachment_ids: '[]', reported_by: reporter.id, reported_by_name: reporter.name, at: iso(ms) });
    }
  }
  if (reporter && (extended || (directive && !done && deadline < ctx.today && chance(rand, 0.4)))) {
    const requested = extended ? deadline : addDays(deadline, 7);
    const pending = !extended;
    const askedMs = Math.min(acceptedMs + DAY_MS, ctx.nowMs - 5_000);
    extensions.push({
      id: newId(),
      item_id: id,
      state: pending ? 'pending' : 'approved',
      previous_deadline: originalDeadline,
      requested_deadline: requested,
      reason: `因${words(rand, 3)}，需延期办理`,
      requested_by: reporter.id,
      requested_by_name: reporter.name,
      requested_at: iso(askedMs),
      decided_by: pending ? null : assigner.id,
      decided_by_name: pending ? null : assigner.name,
      decided_at: pending ? null : iso(Math.min(askedMs + DAY_MS / 2, ctx.nowMs - 1_000)),
      decision_note: null,
    });
  }
  return { item, participants, units, scopes, chases, reminders, reports, extensions };
}

interface Progress {
  done: number;
  /** When the newest item is created (ms); fixed at the start so a resumed run agrees. */
  endMs: number;
  list: Context['list'];
}

/** This week's directive list: issued on Monday 10:00 (the week before when that is still to come). */
function directiveList(tz: string, nowMs: number): Context['list'] {
  let start = weekStart(isoWeekOf(todayIn(tz, new Date(nowMs))))!;
  let issuedMs = zonedInstant(start, '10:00', tz).getTime();
  if (issuedMs > nowMs - 3_600_000) {
    start = addDays(start, -7);
    issuedMs = zonedInstant(start, '10:00', tz).getTime();
  }
  return { id: newId(), week: isoWeekOf(start), weekStart: start, issuedMs };
}

/** Generates (or finishes generating) `total` items; returns once all are written. */
export async function generateSupervision(database: Database, total: number, log: Log): Promise<void> {
  const { db } = database;
  const config = loadConfig();
  const saved = await db.selectFrom('settings').select('value').where('key', '=', PROGRESS_KEY).executeTakeFirst();
  const nowMs = Date.now() - 60_000;
  const progress: Progress = saved ? JSON.parse(saved.value) : { done: 0, endMs: nowMs, list: directiveList(config.tzCompany, nowMs) };
  if (progress.done >= total) return;
  if (progress.done > 0) log(`  supervision items: resuming at ${progress.done.toLocaleString('en')}`);
  // The server seeds the holiday calendar at start; so does this, so both count the same working days.
  await seedHolidays(db);
  // The T0012 triggers keep the statistics aggregates as rows go in; they read the company's day
  // from the settings row the server writes at start, so write it first (as the server would).
  await ensureStatisticsAggregates(db, database.dialect, config.tzCompany);
  const calendar = new WorkCalendar(db, new LocalPubSub());
  await calendar.load(true);
  const ctx: Context = {
    company: await readCompany(db),
    tz: config.tzCompany,
    calendar,
    today: todayIn(config.tzCompany, new Date(progress.endMs)),
    nowMs: progress.endMs,
    sequences: new Map((await db.selectFrom('sequences').select(['key', 'last_value']).execute()).map((s) => [s.key, Number(s.last_value)])),
    list: progress.list,
  };
  const regular = Math.max(0, total - DIRECTIVES);
  const stepMs = (SPAN_DAYS * DAY_MS) / Math.max(1, regular);
  const started = Date.now();
  const first = progress.done;
  for (let from = progress.done; from < total; from += BATCH) {
    const gen: Generated[] = [];
    for (let i = from; i < Math.min(total, from + BATCH); i++) {
      const rand = rng(Math.imul(i + 1, 0x85ebca6b) ^ 20261204);
      let plan: ItemPlan;
      if (i < regular) {
        const createdMs = Math.floor(progress.endMs - (regular - 1 - i) * stepMs - rand() * stepMs * 0.9);
        const ageDays = (progress.endMs - createdMs) / DAY_MS;
        const open = rand() < openChance(ageDays);
        const kind: Kind = !open ? 'closed' : weighted(rand, [['working', 80], ['done_open', 15], ['early', 5]]);
        plan = { createdMs, kind };
      } else {
        // The week's directives: handed to the units on Monday; by now some done, some late.
        const createdMs = progress.list.issuedMs + Math.floor(rand() * 60_000);
        plan = { createdMs, kind: weighted(rand, [['working', 55], ['done_open', 40], ['closed', 5]]), directive: i - regular + 1 };
      }
      gen.push(generateItem(ctx, rand, plan));
    }
    const done = Math.min(total, from + BATCH);
    const touched = new Set(gen.map((g) => sequenceKey(g.item.year)));
    await db.transaction().execute(async (trx) => {
      if (gen.some((g) => g.item.source_type === 'weekly_directive')) await writeDirectiveList(trx, ctx, gen.filter((g) => g.item.source_type === 'weekly_directive'));
      await insertAll(trx, 'supervision_items', gen.map((g) => g.item));
      await insertAll(trx, 'supervision_participants', gen.flatMap((g) => g.participants));
      await insertAll(trx, 'supervision_units', gen.flatMap((g) => g.units));
      await insertAll(trx, 'reading_scopes', gen.flatMap((g) => g.scopes));
      await insertAll(trx, 'supervision_chases', gen.flatMap((g) => g.chases));
      await insertAll(trx, 'supervision_reminders', gen.flatMap((g) => g.reminders));
      await insertAll(trx, 'supervision_reports', gen.flatMap((g) => g.reports));
      await insertAll(trx, 'supervision_extensions', gen.flatMap((g) => g.extensions));
      for (const key of touched) {
        const value = ctx.sequences.get(key)!;
        await sql`insert into sequences (key, last_value) values (${key}, ${value}) on conflict (key) do update set last_value = ${value}`.execute(trx);
      }
      const value = JSON.stringify({ ...progress, done } satisfies Progress);
      await sql`insert into settings (key, value, updated_at) values (${PROGRESS_KEY}, ${value}, ${new Date().toISOString()}) on conflict (key) do update set value = ${value}, updated_at = ${new Date().toISOString()}`.execute(trx);
    });
    if (done % 50_000 === 0 || done === total) {
      const rate = (done - first) / ((Date.now() - started) / 1000);
      log(`  supervision items ${done.toLocaleString('en')}/${total.toLocaleString('en')}  ${Math.round(rate)} items/s, ~${Math.round((total - done) / rate / 60)} min left`);
    }
  }
  await afterGeneration(database, log);
}

/** The issued list of the week and its directives, each pointing at its item. */
async function writeDirectiveList(trx: Kysely<DB>, ctx: Context, items: Generated[]) {
  const { list } = ctx;
  const gm = ctx.company.gm;
  const drafter = ctx.company.office[0];
  const at = iso(list.issuedMs - 3_600_000);
  const row: SupervisionDirectiveListTable = {
    id: list.id,
    week: list.week,
    week_start: list.weekStart,
    title: `${list.week} 一周工作指令`,
    category: 'instruction',
    meeting_note: '周一指令会议议定',
    state: 'issued',
    drafted_by: drafter.id,
    drafted_by_name: drafter.name,
    submitted_at: at,
    approved_by: gm.id,
    approved_by_name: gm.name,
    approved_at: at,
    opinion: '同意',
    issued_by: drafter.id,
    issued_at: iso(list.issuedMs),
    created_at: at,
    updated_at: iso(list.issuedMs),
    version: 4,
  };
  await trx.insertInto('supervision_directive_lists').values(row).onConflict((oc) => oc.column('week').doNothing()).execute();
  const directives: SupervisionDirectiveTable[] = items.map((g) => ({
    list_id: list.id,
    idx: g.item.source_index,
    text: g.item.requirement,
    lead_department_id: g.item.lead_department_id!,
    lead_person_id: g.item.lead_person_id,
    deadline: g.item.original_deadline,
    deadline_working_days: null,
    item_id: g.item.id,
  }));
  await insertAll(trx, 'supervision_directives', directives);
  await trx.insertInto('settings').values({ key: DIRECTIVE_LIST_KEY, value: JSON.stringify({ id: list.id, week: list.week }), updated_at: new Date().toISOString() }).onConflict((oc) => oc.column('key').doNothing()).execute();
}

async function afterGeneration(database: Database, log: Log) {
  const { db } = database;
  const open = await db.selectFrom('supervision_items').select((eb) => eb.fn.countAll<number>().as('n')).where('state', 'not in', ['closed', 'filed', 'archived']).executeTakeFirstOrThrow();
  const all = await db.selectFrom('supervision_items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const chases = await db.selectFrom('supervision_chases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  log(`  supervision: ${Number(all.n).toLocaleString('en')} items, ${Number(open.n).toLocaleString('en')} open (${((Number(open.n) / Number(all.n)) * 100).toFixed(1)} %), ${Number(chases.n).toLocaleString('en')} chases`);
  if (database.dialect === 'postgres') {
    log('  vacuum analyze …');
    await sql`vacuum analyze`.execute(db);
  }
}
