// 督查督办: the two procedures of seed 三 4, as data. 催办 (chasing) is not a state: it runs beside
// 承办/督办 (reminders and manual chases are recorded on the item), like circulation beside 收文.
//
// Who acts is said by relations the server works out per item (supervision.access.ts standingOf):
// - office: the General Manager's Office (director, secretaries): registers, opens, transfers, files;
// - supervisor: whoever the item's mode (三 3.34) makes its inspector — the office for general and
//   special supervision, the office and the 督查组 members for a group, the office and the level
//   above for 分级督查, the assigning leader alone for 领导亲自查办 (三 5.33);
// - handler: the lead unit (its head and its named person); co_handler: a co-unit;
// - assigner: the leader who assigned the item (审核, 批办).
import type { ActionDef, WorkflowDef } from './workflow.js';

export type SupervisionProcedure = 'assigned' | 'central';

export type AssignedState =
  | 'assigned'
  | 'opened'
  | 'registered'
  | 'transferred'
  | 'handling'
  | 'checking'
  | 'completed'
  | 'reported'
  | 'closed'
  | 'filed'
  | 'archived';

export type CentralState =
  | 'decomposed'
  | 'opened'
  | 'submitted'
  | 'instructed'
  | 'transferred'
  | 'supervising'
  | 'checking'
  | 'analysing'
  | 'reported'
  | 're_instructed'
  | 're_supervising'
  | 're_checking'
  | 're_reported'
  | 'closed'
  | 'filed'
  | 'archived';

export type SupervisionState = AssignedState | CentralState;

const office = [{ relation: 'office' }] as const;
const supervisor = [{ relation: 'supervisor' }] as const;
const handler = [{ relation: 'handler' }] as const;
const assigner = [{ relation: 'assigner' }] as const;
const archivist = [{ relation: 'office' }, { role: 'archivist' }] as const;

// 4.1 交办 → 立项 → 登记 → 转办 → 承办 → 催办 → 检查 → 办结 → 办结回告 → 审核 → 立卷 → 归档
export const ASSIGNED_WORKFLOW: WorkflowDef<AssignedState> = {
  key: 'supervision.assigned',
  label: { zh: '领导交办事项', en: 'Leader-assigned item' },
  initial: 'assigned',
  states: {
    assigned: { zh: '交办', en: 'Assigned' },
    opened: { zh: '立项', en: 'Opened' },
    registered: { zh: '登记', en: 'Registered' },
    transferred: { zh: '转办', en: 'Transferred' },
    handling: { zh: '承办', en: 'Being handled' },
    checking: { zh: '检查', en: 'Being checked' },
    completed: { zh: '办结', en: 'Completed' },
    reported: { zh: '办结回告', en: 'Completion reported' },
    closed: { zh: '审核', en: 'Reviewed and closed' },
    filed: { zh: '立卷', en: 'Filed' },
    archived: { zh: '归档', en: 'Archived', final: true },
  },
  actions: [
    { key: 'open', label: { zh: '立项', en: 'Open' }, from: ['assigned'], to: 'opened', by: office, requires: ['leadDepartmentId'] },
    { key: 'register', label: { zh: '登记', en: 'Register' }, from: ['opened'], to: 'registered', by: office },
    { key: 'transfer', label: { zh: '转办', en: 'Transfer to the unit' }, from: ['registered'], to: 'transferred', by: office },
    { key: 'accept', label: { zh: '承办', en: 'Accept' }, from: ['transferred'], to: 'handling', by: handler },
    // The unit says it is done; the supervisor inspects the result (检查).
    { key: 'submit_result', label: { zh: '报请检查', en: 'Submit the result' }, from: ['handling'], to: 'checking', by: handler, requires: ['result'], opinion: true },
    { key: 'check_pass', label: { zh: '检查通过', en: 'Check passed' }, from: ['checking'], to: 'completed', by: supervisor, opinion: true },
    { key: 'check_return', label: { zh: '检查退回', en: 'Return with reasons' }, from: ['checking'], to: 'handling', by: supervisor, requires: ['reasons'], opinion: true, backward: true },
    // 三 3.31 / 5.33 坚持结报反馈: the office reports the completion back to the assigning leader.
    { key: 'report_completion', label: { zh: '办结回告', en: 'Report completion' }, from: ['completed'], to: 'reported', by: office, requires: ['report'] },
    { key: 'review_close', label: { zh: '审核办结', en: 'Review and close' }, from: ['reported'], to: 'closed', by: assigner, opinion: true },
    { key: 'review_reopen', label: { zh: '审核退回重办', en: 'Reopen' }, from: ['reported'], to: 'handling', by: assigner, requires: ['opinion'], opinion: true, backward: true },
    { key: 'file', label: { zh: '立卷', en: 'File' }, from: ['closed'], to: 'filed', by: office },
    { key: 'archive', label: { zh: '归档', en: 'Archive' }, from: ['filed'], to: 'archived', by: archivist },
  ],
};

// 4.2 分解 → 立项 → 送审 → 批办 → 转交办 → 督办 → 催办 → 检查 → 综合分析 → 专题回告 → 审核 →
// 再批办 → 再送督办与再催办 → 再办结回告 → 再审核 → 立案 → 归档; 再审核 may start another round.
export const CENTRAL_WORKFLOW: WorkflowDef<CentralState> = {
  key: 'supervision.central',
  label: { zh: '中心工作', en: 'Central-work item' },
  initial: 'decomposed',
  states: {
    decomposed: { zh: '分解', en: 'Decomposed' },
    opened: { zh: '立项', en: 'Opened' },
    submitted: { zh: '送审', en: 'Submitted for instruction' },
    instructed: { zh: '批办', en: 'Instructed' },
    transferred: { zh: '转交办', en: 'Transferred' },
    supervising: { zh: '督办', en: 'Under supervision' },
    checking: { zh: '检查', en: 'Being checked' },
    analysing: { zh: '综合分析', en: 'Being analysed' },
    reported: { zh: '专题回告', en: 'Topic report made' },
    re_instructed: { zh: '再批办', en: 'Instructed again' },
    re_supervising: { zh: '再送督办与再催办', en: 'Supervised again' },
    re_checking: { zh: '再检查', en: 'Checked again' },
    re_reported: { zh: '再办结回告', en: 'Completion reported again' },
    closed: { zh: '审核', en: 'Reviewed and closed' },
    filed: { zh: '立案', en: 'Filed' },
    archived: { zh: '归档', en: 'Archived', final: true },
  },
  actions: [
    { key: 'open', label: { zh: '立项', en: 'Open' }, from: ['decomposed'], to: 'opened', by: office, requires: ['leadDepartmentId'] },
    { key: 'submit', label: { zh: '送审', en: 'Submit to the leader' }, from: ['opened'], to: 'submitted', by: office },
    { key: 'instruct', label: { zh: '批办', en: 'Instruct' }, from: ['submitted'], to: 'instructed', by: assigner, requires: ['opinion'], opinion: true },
    { key: 'transfer', label: { zh: '转交办', en: 'Transfer to the units' }, from: ['instructed'], to: 'transferred', by: office },
    { key: 'accept', label: { zh: '承办', en: 'Accept' }, from: ['transferred'], to: 'supervising', by: handler },
    { key: 'submit_result', label: { zh: '报请检查', en: 'Submit the result' }, from: ['supervising'], to: 'checking', by: handler, requires: ['result'], opinion: true },
    { key: 'check_pass', label: { zh: '检查通过', en: 'Check passed' }, from: ['checking'], to: 'analysing', by: supervisor, opinion: true },
    { key: 'check_return', label: { zh: '检查退回', en: 'Return with reasons' }, from: ['checking'], to: 'supervising', by: supervisor, requires: ['reasons'], opinion: true, backward: true },
    { key: 'report_topic', label: { zh: '专题回告', en: 'Topic report' }, from: ['analysing'], to: 'reported', by: office, requires: ['report'] },
    { key: 'review_close', label: { zh: '审核办结', en: 'Review and close' }, from: ['reported'], to: 'closed', by: assigner, opinion: true },
    // The loop: the leader instructs again, and the item goes round once more (a new round).
    { key: 're_instruct', label: { zh: '再批办', en: 'Instruct again' }, from: ['reported', 're_reported'], to: 're_instructed', by: assigner, requires: ['opinion'], opinion: true },
    { key: 're_supervise', label: { zh: '再送督办与再催办', en: 'Send for supervision again' }, from: ['re_instructed'], to: 're_supervising', by: office },
    { key: 're_submit_result', label: { zh: '报请再检查', en: 'Submit the result again' }, from: ['re_supervising'], to: 're_checking', by: handler, requires: ['result'], opinion: true },
    { key: 're_check_pass', label: { zh: '再检查通过', en: 'Check passed again' }, from: ['re_checking'], to: 're_reported', by: supervisor, opinion: true, requires: ['report'] },
    { key: 're_check_return', label: { zh: '再检查退回', en: 'Return again with reasons' }, from: ['re_checking'], to: 're_supervising', by: supervisor, requires: ['reasons'], opinion: true, backward: true },
    { key: 're_review_close', label: { zh: '再审核办结', en: 'Review again and close' }, from: ['re_reported'], to: 'closed', by: assigner, opinion: true },
    { key: 'file', label: { zh: '立案', en: 'File' }, from: ['closed'], to: 'filed', by: office },
    { key: 'archive', label: { zh: '归档', en: 'Archive' }, from: ['filed'], to: 'archived', by: archivist },
  ],
};

export const SUPERVISION_WORKFLOWS: Record<SupervisionProcedure, WorkflowDef<string>> = {
  assigned: ASSIGNED_WORKFLOW as WorkflowDef<string>,
  central: CENTRAL_WORKFLOW as WorkflowDef<string>,
};

/** The actions that start a new round of the central-work loop (every round's history is kept). */
export const NEW_ROUND_ACTIONS: ReadonlySet<string> = new Set(['re_instruct']);

/** Actions that record an inspection (supervision_checks) and their outcome. */
export const CHECK_ACTIONS: Readonly<Record<string, 'passed' | 'returned'>> = {
  check_pass: 'passed',
  check_return: 'returned',
  re_check_pass: 'passed',
  re_check_return: 'returned',
};

/** Actions that carry a completion report to the leader (input.report). */
export const COMPLETION_REPORT_ACTIONS: ReadonlySet<string> = new Set(['report_completion', 'report_topic', 're_check_pass']);

/** Closed: the leader has reviewed it; nothing but filing acts on it any more. */
export const CLOSED_STATES: ReadonlySet<string> = new Set(['closed', 'filed', 'archived']);

/** The unit's work is done (checked): counts as 100 % towards a parent's progress. */
export const DONE_STATES: ReadonlySet<string> = new Set(['completed', 'reported', 'analysing', 're_reported', 'closed', 'filed', 'archived']);

/** States in which the units are at work: progress reports, chases and extension requests apply. */
export const WORKING_STATES: ReadonlySet<string> = new Set(['transferred', 'handling', 'supervising', 're_supervising', 'checking', 're_checking']);

/** The unit is at work (taken up, not waiting for the check): progress reports are due by the category's rhythm. */
export const REPORTING_STATES: ReadonlySet<string> = new Set([...WORKING_STATES].filter((s) => s !== 'checking' && s !== 're_checking' && s !== 'transferred'));

export function supervisionWorkflow(procedure: SupervisionProcedure): WorkflowDef<string> {
  return SUPERVISION_WORKFLOWS[procedure];
}

export type SupervisionAction = ActionDef<string>;
