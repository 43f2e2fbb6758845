// Supervision item → API JSON, with the caller's abilities (STYLE.md §4): the workflow's actions the
// standing allows now, and what else the caller may do on it (report, chase, extend, decompose).
import type { Selectable } from 'kysely';
import { CLOSED_STATES, DONE_STATES, REPORTING_STATES, supervisionWorkflow, WORKING_STATES } from '../../../common/workflow/supervision.workflow.js';
import { availableActions, type ActionDef, type Standing } from '../../../common/workflow/workflow.js';
import { addDays, todayIn } from '../../platform/calendar/work-calendar.js';
import type {
  SupervisionCategoryTable,
  SupervisionChaseTable,
  SupervisionCheckTable,
  SupervisionExtensionTable,
  SupervisionItemTable,
  SupervisionParticipantTable,
  SupervisionReportTable,
  SupervisionStepTable,
  SupervisionUnitTable,
} from '../../platform/db/schema.js';
import { dataOf, itemNumber } from './supervision.service.js';

const parse = <T>(s: string, fallback: T): T => {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};

/** Names of the departments and people items refer to, looked up once per response. */
export interface Names {
  dept: (id: string | null) => string | null;
  person: (id: string | null) => string | null;
}

const NO_NAMES: Names = { dept: () => null, person: () => null };

/**
 * `dueSoonBy` is the last day that counts as "due soon" (SupervisionService.dueSoonBy: the office's
 * setting in working days on the holiday calendar, the board's rule); without it `dueSoon` is false.
 */
export function presentItem(i: SupervisionItemTable, today: string, names: Names = NO_NAMES, dueSoonBy?: string) {
  const def = supervisionWorkflow(i.procedure);
  const done = DONE_STATES.has(i.state);
  const overdue = !done && i.deadline < today;
  return {
    id: i.id,
    number: itemNumber(i.year, i.serial),
    year: i.year,
    serial: i.serial,
    procedure: i.procedure,
    state: i.state,
    stateLabel: def.states[i.state] ?? { zh: i.state, en: i.state },
    round: i.round,
    source: { type: i.source_type, id: i.source_id, index: i.source_index },
    category: i.category,
    title: i.title,
    requirement: i.requirement,
    assignedBy: i.assigned_by,
    assignedByName: names.person(i.assigned_by),
    leadDepartmentId: i.lead_department_id,
    leadDepartmentName: names.dept(i.lead_department_id),
    leadPersonId: i.lead_person_id,
    leadPersonName: names.person(i.lead_person_id),
    deadline: i.deadline,
    originalDeadline: i.original_deadline,
    milestones: parse<{ title: string; date: string }[]>(i.milestones, []),
    priority: i.priority,
    mode: i.mode,
    classification: i.classification,
    parentId: i.parent_id,
    progress: i.progress,
    done,
    closed: CLOSED_STATES.has(i.state),
    overdue,
    dueSoon: !done && !overdue && dueSoonBy !== undefined && i.deadline <= dueSoonBy,
    completedAt: i.completed_at,
    archiveCandidate: i.archive_candidate === 1,
    createdAt: i.created_at,
    updatedAt: i.updated_at,
    version: i.version,
  };
}

export function presentAbility(a: ActionDef) {
  return { action: a.key, label: a.label, to: a.to, requires: a.requires ?? [], opinion: !!a.opinion, backward: !!a.backward };
}

export interface ItemDetailParts {
  item: SupervisionItemTable;
  category: SupervisionCategoryTable | null;
  participants: Selectable<SupervisionParticipantTable>[];
  units: SupervisionUnitTable[];
  steps: SupervisionStepTable[];
  reports: SupervisionReportTable[];
  checks: SupervisionCheckTable[];
  chases: SupervisionChaseTable[];
  extensions: SupervisionExtensionTable[];
  children: SupervisionItemTable[];
  standing: Standing;
  names: Names;
}

export function presentItemDetail(p: ItemDetailParts, today: string, tz: string, dueSoonBy?: string) {
  const { item, standing } = p;
  const rel = (r: string) => standing.relations.includes(r);
  const working = WORKING_STATES.has(item.state);
  const done = DONE_STATES.has(item.state) || CLOSED_STATES.has(item.state);
  const pendingExtension = p.extensions.find((e) => e.state === 'pending') ?? null;
  // The category's report rhythm: the next progress report is due N days after the last one (or
  // after the unit took the work up); the reminder scan uses the same start.
  const every = p.category?.report_every_days ?? 0;
  const from = dataOf(item).rhythmFrom;
  // Only while the unit is at work, as the reminder scan asks: not before it takes the item up, nor while it waits for the check.
  const reportDueBy = REPORTING_STATES.has(item.state) && every > 0 && from ? addDays(todayIn(tz, new Date(from)), every) : null;
  return {
    ...presentItem(item, today, p.names, dueSoonBy),
    categoryStandard: p.category
      ? { key: p.category.key, name: { zh: p.category.name_zh, en: p.category.name_en }, requiredSteps: parse<string[]>(p.category.required_steps, []), reportEveryDays: every, defaultDeadlineDays: p.category.default_deadline_days }
      : null,
    reportDueBy,
    units: p.units.map((u) => ({ departmentId: u.department_id, departmentName: p.names.dept(u.department_id), role: u.role, personId: u.person_id, personName: p.names.person(u.person_id) })),
    // 三 3.31: what each unit reported this round, and who has not reported yet.
    unitReports: p.units.map((u) => {
      const last = [...p.reports].reverse().find((r) => r.kind === 'progress' && r.department_id === u.department_id && r.round === item.round);
      return { departmentId: u.department_id, departmentName: p.names.dept(u.department_id), role: u.role, reported: !!last, lastReportAt: last?.at ?? null, percent: last?.percent ?? null, text: last?.text ?? null };
    }),
    participants: p.participants.map((x) => ({ relation: x.relation, kind: x.subject_kind, id: x.subject_id })),
    trail: p.steps.map((s) => ({ id: s.id, round: s.round, action: s.action, fromState: s.from_state, toState: s.to_state, actorId: s.actor_id, actorName: s.actor_name, opinion: s.opinion, data: parse(s.data, {}), at: s.at })),
    reports: p.reports.map((r) => ({ id: r.id, round: r.round, kind: r.kind, departmentId: r.department_id, text: r.text, percent: r.percent, attachmentIds: parse<string[]>(r.attachment_ids, []), reportedBy: r.reported_by, reportedByName: r.reported_by_name, at: r.at })),
    checks: p.checks.map((c) => ({ id: c.id, round: c.round, outcome: c.outcome, reasons: c.reasons, checkedBy: c.checked_by, checkedByName: c.checked_by_name, at: c.at })),
    chases: p.chases.map((c) => ({ id: c.id, kind: c.kind, point: c.point, note: c.note, told: parse<string[]>(c.told, []), chasedBy: c.chased_by, chasedByName: c.chased_by_name, at: c.at })),
    extensions: p.extensions.map((e) => ({ id: e.id, state: e.state, previousDeadline: e.previous_deadline, requestedDeadline: e.requested_deadline, reason: e.reason, requestedBy: e.requested_by, requestedByName: e.requested_by_name, requestedAt: e.requested_at, decidedBy: e.decided_by, decidedByName: e.decided_by_name, decidedAt: e.decided_at, note: e.decision_note })),
    children: p.children.map((c) => presentItem(c, today, p.names, dueSoonBy)),
    relations: standing.relations,
    abilities: availableActions(supervisionWorkflow(item.procedure), item.state, standing).map(presentAbility),
    may: {
      reportProgress: working && (rel('handler') || rel('co_handler')),
      chase: working && (rel('supervisor') || rel('office')),
      requestExtension: !done && rel('handler') && !pendingExtension,
      decideExtension: !done && rel('assigner') && !!pendingExtension,
      decompose: !done && (rel('office') || rel('supervisor')),
    },
  };
}
