// The 文种 and their drafting templates come from the server's one table (a module with no
// dependencies, so the bundle takes only these strings): the drafter sees the very template the
// server would fill in, and a kind added there appears here.
export { ANSWERING_KINDS, DOC_KINDS, templateFor, type DocKind } from '../../../server/modules/documents/outgoing/templates.js';
