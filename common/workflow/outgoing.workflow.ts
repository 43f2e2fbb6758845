// 发文 (outgoing documents). Step names are the seed's (二 2.1–2.3, 三 3.7–3.9) and, where the seed
// names none, the 2012 regulation's (复核 → 登记 → 印制 → 核发).
import type { WorkflowDef } from './workflow.js';

export type OutgoingState =
  | 'drafting'
  | 'dept_review'
  | 'countersign'
  | 'office_review'
  | 'proofreading'
  | 'signoff'
  | 'check'
  | 'registered'
  | 'sealed'
  | 'dispatched'
  | 'rejected';

const office = [{ role: 'office_director' }, { role: 'secretary' }] as const;

export const OUTGOING_WORKFLOW: WorkflowDef<OutgoingState> = {
  key: 'outgoing',
  label: { zh: '发文', en: 'Outgoing document' },
  initial: 'drafting',
  states: {
    drafting: { zh: '拟稿', en: 'Drafting' },
    dept_review: { zh: '核稿', en: 'Department review' },
    countersign: { zh: '会签', en: 'Countersigning' },
    office_review: { zh: '办公室审核', en: 'Office review' },
    proofreading: { zh: '校对', en: 'Proofreading' },
    signoff: { zh: '签发', en: 'Sign-off' },
    check: { zh: '复核', en: 'Check' },
    registered: { zh: '登记编号', en: 'Registered' },
    sealed: { zh: '印制用印', en: 'Printed and sealed' },
    dispatched: { zh: '已核发', en: 'Dispatched', final: true },
    rejected: { zh: '不予发文', en: 'Not issued', final: true },
  },
  actions: [
    // seed 二 2.1: 一事一文 — the drafter confirms one matter per document (singleMatter: true).
    { key: 'submit', label: { zh: '送核稿', en: 'Submit for review' }, from: ['drafting'], to: 'dept_review', by: [{ relation: 'drafter' }], requires: ['singleMatter'] },
    { key: 'request_countersign', label: { zh: '送会签', en: 'Send for countersigning' }, from: ['dept_review'], to: 'countersign', by: [{ relation: 'dept_head_of_drafter' }], requires: ['countersignDepartments'], opinion: true },
    { key: 'review_approve', label: { zh: '核稿通过', en: 'Approve review' }, from: ['dept_review'], to: 'office_review', by: [{ relation: 'dept_head_of_drafter' }], opinion: true },
    // Parallel: each countersigning department signs; the state moves on when the last one has.
    { key: 'countersign', label: { zh: '会签', en: 'Countersign' }, from: ['countersign'], to: 'office_review', by: [{ relation: 'countersigner' }], requires: ['opinion'], opinion: true },
    // seed 二 2.2: 可发可不发的文件坚决不发 — the office may refuse with a reason.
    { key: 'office_approve', label: { zh: '审核通过', en: 'Approve' }, from: ['office_review'], to: 'proofreading', by: office, opinion: true },
    { key: 'office_reject', label: { zh: '不予发文', en: 'Refuse to issue' }, from: ['office_review'], to: 'rejected', by: office, requires: ['opinion'], opinion: true, backward: true },
    // seed 三 3.8: 秘书对发文稿件审核校对后送总经理签字.
    { key: 'proofread', label: { zh: '校对完成', en: 'Proofread' }, from: ['proofreading'], to: 'signoff', by: [{ role: 'secretary' }], opinion: true },
    // seed 二 2.3: 签发的格式包括核准、姓名、签发日期三项，缺一不可.
    { key: 'sign_off', label: { zh: '签发', en: 'Sign off' }, from: ['signoff'], to: 'check', by: [{ role: 'gm' }, { relation: 'authorised_signer' }], requires: ['approval', 'signerName', 'signedOn'], opinion: true },
    { key: 'check_ok', label: { zh: '复核无误', en: 'Checked' }, from: ['check'], to: 'registered', by: office, opinion: true },
    // A number allocated in error is voided with a reason (kept in the ledger, never reused); the
    // document goes back to 复核 and gets a new number when it is registered again.
    { key: 'void_number', label: { zh: '作废文号', en: 'Void the issue number' }, from: ['registered', 'sealed'], to: 'check', by: [{ role: 'office_director' }], requires: ['reason'], backward: true },
    { key: 'print_seal', label: { zh: '印制用印', en: 'Printed and sealed' }, from: ['registered'], to: 'sealed', by: [...office, { relation: 'office_clerk' }] },
    { key: 'dispatch', label: { zh: '核发', en: 'Dispatch' }, from: ['sealed'], to: 'dispatched', by: office, requires: ['recipients'] },
    {
      key: 'send_back',
      label: { zh: '退回修改', en: 'Send back to the drafter' },
      from: ['dept_review', 'countersign', 'office_review', 'proofreading', 'signoff', 'check'],
      to: 'drafting',
      by: [{ relation: 'current_handler' }],
      requires: ['opinion'],
      opinion: true,
      backward: true,
    },
  ],
};
