// 收文 (incoming documents): 签收 → 登记 → 初审 → 拟办 → (分管领导意见) → 批示 → 承办 → 办结.
// Seed 二 1.1–1.10 and 3.1–3.6; the 2012 regulation's names where the seed has none. Circulation
// (传阅) runs beside these states as its own branch, not as a step in this line.
import type { WorkflowDef } from './workflow.js';

export type IncomingState =
  | 'received'
  | 'registered'
  | 'checked'
  | 'returned'
  | 'proposed'
  | 'leader_opinion'
  | 'awaiting_instruction'
  | 'instructed'
  | 'handling'
  | 'completed';

const registrars = [{ role: 'secretary' }, { role: 'clerk' }, { role: 'office_director' }] as const;
const secretaries = [{ role: 'secretary' }, { role: 'office_director' }] as const;

export const INCOMING_WORKFLOW: WorkflowDef<IncomingState> = {
  key: 'incoming',
  label: { zh: '收文', en: 'Incoming document' },
  initial: 'received',
  states: {
    received: { zh: '已签收', en: 'Signed for' },
    registered: { zh: '已登记', en: 'Registered' },
    checked: { zh: '已初审', en: 'Checked' },
    returned: { zh: '已退回', en: 'Returned', final: true },
    proposed: { zh: '已拟办', en: 'Handling proposed' },
    leader_opinion: { zh: '分管领导阅处', en: 'With the leader in charge' },
    awaiting_instruction: { zh: '待总经理批示', en: 'Awaiting the GM' },
    instructed: { zh: '已批示', en: 'Instructed' },
    handling: { zh: '承办中', en: 'Being handled' },
    completed: { zh: '已办结', en: 'Completed', final: true },
  },
  actions: [
    // seed 二 1.5: the addressee is checked against the envelope when registering.
    { key: 'register', label: { zh: '登记', en: 'Register' }, from: ['received'], to: 'registered', by: registrars, requires: ['title', 'sender', 'addresseeMatches'] },
    { key: 'check_pass', label: { zh: '初审通过', en: 'Passes the check' }, from: ['registered'], to: 'checked', by: secretaries },
    // 条例: a non-compliant document goes back with the reasons; 三 2.12: a request touching
    // another department's business goes back to its originator to coordinate first.
    { key: 'return', label: { zh: '退回', en: 'Return' }, from: ['registered'], to: 'returned', by: secretaries, requires: ['opinion'], opinion: true, backward: true },
    // seed 二 1.9: 拟出初步意见.
    { key: 'propose', label: { zh: '拟办', en: 'Propose handling' }, from: ['checked'], to: 'proposed', by: secretaries, requires: ['proposal'], opinion: true },
    // 3.2: an ordinary circular is only circulated; nothing is to be handled.
    { key: 'file_as_read', label: { zh: '阅知归档', en: 'For information only' }, from: ['checked'], to: 'completed', by: secretaries, opinion: true },
    // seed 二 1.10: the leader in charge first hears the departments concerned.
    { key: 'ask_leader', label: { zh: '送分管领导', en: 'Send to the leader in charge' }, from: ['proposed'], to: 'leader_opinion', by: secretaries, requires: ['leaderId'] },
    { key: 'leader_opine', label: { zh: '提出办理意见', en: 'Give a handling opinion' }, from: ['leader_opinion'], to: 'awaiting_instruction', by: [{ relation: 'leader_in_charge' }], requires: ['opinion'], opinion: true },
    // seed 五 5.10: documents waiting for the GM form the next batch.
    { key: 'submit_to_gm', label: { zh: '呈总经理批示', en: 'Put before the GM' }, from: ['proposed'], to: 'awaiting_instruction', by: secretaries },
    { key: 'instruct', label: { zh: '批示', en: 'Instruct' }, from: ['awaiting_instruction'], to: 'instructed', by: [{ role: 'gm' }], requires: ['instruction'], opinion: true },
    // seed 二 3.4: a meeting notice is read by the GM, who decides who attends; the attendees are
    // told at once, so the decision ends the office's handling of the notice (nothing to distribute).
    { key: 'decide_attendance', label: { zh: '确定参会人员', en: 'Decide who attends' }, from: ['awaiting_instruction'], to: 'completed', by: [{ role: 'gm' }], requires: ['attendeeIds'], opinion: true },
    // seed 五 5.11: distributed after the GM's private instruction.
    { key: 'distribute', label: { zh: '分发承办', en: 'Distribute for handling' }, from: ['instructed'], to: 'handling', by: secretaries, requires: ['leadDepartmentId', 'deadline'] },
    { key: 'close_without_handling', label: { zh: '阅知办结', en: 'Close (no action ordered)' }, from: ['instructed'], to: 'completed', by: secretaries },
    // seed 二 3.6: 办理结果反馈相关部门及主要领导.
    { key: 'report_result', label: { zh: '反馈办理结果', en: 'Report the result' }, from: ['handling'], to: 'completed', by: [{ relation: 'handler' }], requires: ['result'], opinion: true },
  ],
};
