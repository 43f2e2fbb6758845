// The directive list's own small procedure (seed 五 5.12): the office drafts it after the weekly
// directive meeting, submits it, the GM approves (or returns it with an opinion), the office issues
// it — and issuing turns every directive into a supervision item. As data, like the items' workflows.
import type { WorkflowDef } from '../../../../common/workflow/workflow.js';

export type DirectiveListState = 'draft' | 'submitted' | 'approved' | 'issued';

export const DIRECTIVE_LIST_WORKFLOW: WorkflowDef<DirectiveListState> = {
  key: 'supervision.directive_list',
  label: { zh: '一周工作指令', en: 'Weekly directives' },
  initial: 'draft',
  states: {
    draft: { zh: '起草', en: 'Draft' },
    submitted: { zh: '送审', en: 'Submitted' },
    approved: { zh: '已批准', en: 'Approved' },
    issued: { zh: '已下达', en: 'Issued', final: true },
  },
  actions: [
    { key: 'submit', label: { zh: '送总经理审批', en: 'Submit to the GM' }, from: ['draft'], to: 'submitted', by: [{ relation: 'office' }] },
    { key: 'approve', label: { zh: '批准', en: 'Approve' }, from: ['submitted'], to: 'approved', by: [{ role: 'gm' }], opinion: true },
    { key: 'return', label: { zh: '退回修改', en: 'Return for changes' }, from: ['submitted'], to: 'draft', by: [{ role: 'gm' }], requires: ['opinion'], opinion: true, backward: true },
    { key: 'issue', label: { zh: '下达', en: 'Issue' }, from: ['approved'], to: 'issued', by: [{ relation: 'office' }] },
  ],
};
