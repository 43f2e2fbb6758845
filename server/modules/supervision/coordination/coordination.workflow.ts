// 协调 (seed 三 2.1–2.14) as data: the office gathers the facts (2.1–2.2) and makes a plan (2.3),
// consults the departments concerned (2.6–2.8, 2.11, 2.13), forms the agreed opinion once their
// views are in (2.4, 2.6 待意见统一后再上报), submits it to the leader, who approves — and the result
// goes to the departments (2.14) — or sends it back for more coordination.
import type { WorkflowDef } from '../../../../common/workflow/workflow.js';

export type CoordinationState = 'gathering' | 'consulting' | 'agreed' | 'submitted' | 'approved' | 'closed';

export const COORDINATION_WORKFLOW: WorkflowDef<CoordinationState> = {
  key: 'supervision.coordination',
  label: { zh: '协调事项', en: 'Coordination' },
  initial: 'gathering',
  states: {
    gathering: { zh: '收集信息', en: 'Gathering information' },
    consulting: { zh: '征求意见', en: 'Consulting departments' },
    agreed: { zh: '形成协调意见', en: 'Opinion agreed' },
    submitted: { zh: '报领导审批', en: 'Submitted to the leader' },
    approved: { zh: '领导已批示', en: 'Approved' },
    closed: { zh: '已办结', en: 'Closed', final: true },
  },
  actions: [
    { key: 'consult', label: { zh: '拟定方案，征求意见', en: 'Plan and consult' }, from: ['gathering'], to: 'consulting', by: [{ relation: 'office' }], requires: ['plan'] },
    { key: 'agree', label: { zh: '形成协调意见', en: 'Form the agreed opinion' }, from: ['consulting'], to: 'agreed', by: [{ relation: 'office' }], requires: ['agreedOpinion'] },
    { key: 'reconsult', label: { zh: '重新征求意见', en: 'Consult again' }, from: ['agreed'], to: 'consulting', by: [{ relation: 'office' }], backward: true },
    { key: 'submit', label: { zh: '报送领导审批', en: 'Submit to the leader' }, from: ['agreed'], to: 'submitted', by: [{ relation: 'office' }] },
    { key: 'approve', label: { zh: '批准', en: 'Approve' }, from: ['submitted'], to: 'approved', by: [{ relation: 'leader' }], opinion: true },
    { key: 'return', label: { zh: '退回再协调', en: 'Return for more coordination' }, from: ['submitted'], to: 'consulting', by: [{ relation: 'leader' }], requires: ['opinion'], opinion: true, backward: true },
    { key: 'close', label: { zh: '办结', en: 'Close' }, from: ['approved'], to: 'closed', by: [{ relation: 'office' }] },
  ],
};
