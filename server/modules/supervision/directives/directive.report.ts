// 指令落实情况 (seed 五 5.12): for each directive of an issued list, done / on track / late as of a
// day, with the reason the GM asks for when it is late — the extension the unit asked for, else the
// unit's latest progress report. Compiled from four set-based queries, never one query per directive.
import type { Kysely } from 'kysely';
import { DONE_STATES, supervisionWorkflow } from '../../../../common/workflow/supervision.workflow.js';
import type { DB, SupervisionDirectiveListTable } from '../../../platform/db/schema.js';
import { itemNumber } from '../supervision.service.js';
import type { DirectiveRepository } from './directive.repository.js';
import { todayIn } from '../../../platform/calendar/work-calendar.js';

export type DirectiveStatus = 'done' | 'on_track' | 'late';

export const STATUS_LABELS: Record<DirectiveStatus, { zh: string; en: string }> = {
  done: { zh: '已完成', en: 'Done' },
  on_track: { zh: '正常推进', en: 'On track' },
  late: { zh: '超期未完成', en: 'Late' },
};

export interface DirectiveReportRow {
  index: number;
  text: string;
  leadDepartmentId: string;
  leadDepartmentName: string;
  leadPersonId: string | null;
  leadPersonName: string | null;
  itemId: string | null;
  number: string | null;
  state: string | null;
  stateLabel: { zh: string; en: string } | null;
  deadline: string | null;
  originalDeadline: string | null;
  progress: number;
  status: DirectiveStatus;
  /** Calendar days past the deadline: of a late directive as of the report's day, of a done one when it was done. */
  daysLate: number;
  completedOn: string | null;
  /** Why it is late (or was done late): the extension's reason, else the latest progress report. */
  reason: string | null;
  reasonSource: 'extension' | 'report' | null;
  latestReport: { text: string; at: string; by: string; percent: number | null } | null;
  extension: { state: string; reason: string; requestedDeadline: string; previousDeadline: string } | null;
  chases: number;
}

export interface DirectiveReport {
  listId: string;
  week: string;
  weekStart: string;
  title: string;
  /** The day the statuses are judged on (company time). */
  asOf: string;
  compiledAt: string;
  counts: Record<DirectiveStatus, number> & { total: number; doneLate: number };
  rows: DirectiveReportRow[];
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export async function compileDirectiveReport(repo: DirectiveRepository, exec: Kysely<DB>, list: SupervisionDirectiveListTable, asOf: string, tz: string, compiledAt: string): Promise<DirectiveReport> {
  const rows = await repo.reportRows(exec, list.id);
  const reports = new Map((await repo.latestReports(exec, list.id)).map((r) => [r.item_id, r]));
  const extensions = new Map((await repo.latestExtensions(exec, list.id)).map((x) => [x.item_id, x]));
  const chases = await repo.chaseCounts(exec, list.id);
  const counts = { done: 0, on_track: 0, late: 0, total: rows.length, doneLate: 0 };
  const out = rows.map((r): DirectiveReportRow => {
    const done = !!r.state && DONE_STATES.has(r.state);
    const deadline = r.deadline ?? r.planned_deadline;
    const completedOn = done && r.completed_at ? todayIn(tz, new Date(r.completed_at)) : null;
    let status: DirectiveStatus = 'on_track';
    let daysLate = 0;
    if (done) {
      status = 'done';
      if (deadline && completedOn && completedOn > deadline) daysLate = daysBetween(deadline, completedOn);
    } else if (deadline && asOf > deadline) {
      status = 'late';
      daysLate = daysBetween(deadline, asOf);
    }
    counts[status]++;
    if (done && daysLate > 0) counts.doneLate++;
    const report = r.item_id ? reports.get(r.item_id) : undefined;
    const ext = r.item_id ? extensions.get(r.item_id) : undefined;
    const explain = status === 'late' || daysLate > 0;
    const reason = explain ? (ext?.reason ?? report?.text ?? null) : null;
    return {
      index: r.idx,
      text: r.text,
      leadDepartmentId: r.lead_department_id,
      leadDepartmentName: r.department_name ?? '',
      leadPersonId: r.lead_person_id,
      leadPersonName: r.person_name ?? null,
      itemId: r.item_id,
      number: r.year && r.serial ? itemNumber(r.year, r.serial) : null,
      state: r.state ?? null,
      stateLabel: r.state && r.procedure ? (supervisionWorkflow(r.procedure).states[r.state] ?? null) : null,
      deadline,
      originalDeadline: r.original_deadline ?? deadline,
      progress: done ? 100 : (r.progress ?? 0),
      status,
      daysLate,
      completedOn,
      reason,
      reasonSource: !explain ? null : ext ? 'extension' : report ? 'report' : null,
      latestReport: report ? { text: report.text, at: report.at, by: report.reported_by_name, percent: report.percent } : null,
      extension: ext ? { state: ext.state, reason: ext.reason, requestedDeadline: ext.requested_deadline, previousDeadline: ext.previous_deadline } : null,
      chases: r.item_id ? (chases.get(r.item_id) ?? 0) : 0,
    };
  });
  return { listId: list.id, week: list.week, weekStart: list.week_start, title: list.title, asOf, compiledAt, counts, rows: out };
}
