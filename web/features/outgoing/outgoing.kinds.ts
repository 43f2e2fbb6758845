// The 文种, their drafting templates and the number format come from common/ (no dependencies, so
// the bundle takes only these strings): the drafter sees the very template the server would fill
// in, and a kind added there appears here.
export { ANSWERING_KINDS, DOC_KINDS, formatIssueNumber, templateFor, type DocKind } from '../../../common/document-kinds.js';
