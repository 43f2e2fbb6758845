// Directive lists → API JSON, with what the caller may do on them now (the list's workflow).
import type { ActionDef } from '../../../../common/workflow/workflow.js';
import type { SupervisionDirectiveListTable } from '../../../platform/db/schema.js';
import { presentAbility } from '../supervision.presenter.js';
import { itemNumber } from '../supervision.service.js';
import type { DirectiveRepository } from './directive.repository.js';
import { DIRECTIVE_LIST_WORKFLOW } from './directive.workflow.js';
import { addDays } from '../../../platform/calendar/work-calendar.js';

export function presentList(l: SupervisionDirectiveListTable & { directiveCount?: number }) {
  return {
    id: l.id,
    week: l.week,
    weekStart: l.week_start,
    weekEnd: addDays(l.week_start, 6),
    title: l.title,
    category: l.category,
    meetingNote: l.meeting_note,
    state: l.state,
    stateLabel: DIRECTIVE_LIST_WORKFLOW.states[l.state],
    draftedBy: { id: l.drafted_by, name: l.drafted_by_name },
    submittedAt: l.submitted_at,
    approvedBy: l.approved_by ? { id: l.approved_by, name: l.approved_by_name } : null,
    approvedAt: l.approved_at,
    opinion: l.opinion,
    issuedAt: l.issued_at,
    ...(l.directiveCount !== undefined && { directiveCount: l.directiveCount }),
    createdAt: l.created_at,
    updatedAt: l.updated_at,
    version: l.version,
  };
}

type Row = Awaited<ReturnType<DirectiveRepository['reportRows']>>[number];

export function presentListDetail(d: { list: SupervisionDirectiveListTable; directives: Row[]; reports: Awaited<ReturnType<DirectiveRepository['reports']>>; abilities: ActionDef[]; mayEdit: boolean }) {
  return {
    ...presentList(d.list),
    directives: d.directives.map((r) => ({
      index: r.idx,
      text: r.text,
      leadDepartmentId: r.lead_department_id,
      leadDepartmentName: r.department_name,
      leadPersonId: r.lead_person_id,
      leadPersonName: r.person_name,
      deadline: r.planned_deadline,
      deadlineWorkingDays: r.deadline_working_days,
      item: r.item_id ? { id: r.item_id, number: r.year && r.serial ? itemNumber(r.year, r.serial) : null, state: r.state, deadline: r.deadline, progress: r.progress } : null,
    })),
    reports: d.reports.map((r) => ({ id: r.id, week: r.week, scheduled: !!r.slot_key, compiledAt: r.compiled_at, compiledBy: r.compiled_by })),
    abilities: d.abilities.map(presentAbility),
    may: { edit: d.mayEdit },
  };
}
