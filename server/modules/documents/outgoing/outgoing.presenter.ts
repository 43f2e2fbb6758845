// Outgoing document → API JSON, with the caller's abilities on it (STYLE.md §4).
import type { ActionDef } from '../../../../common/workflow/workflow.js';
import { OUTGOING_WORKFLOW } from '../../../../common/workflow/outgoing.workflow.js';
import type { DocumentDeliveryTable, DocumentFileCopyTable, DocumentParticipantTable, DocumentStepTable, DocumentTable, DocumentVersionTable } from '../../../platform/db/schema.js';
import type { PresentedAttachment } from '../attachments/document-attachments.presenter.js';
import { dataOf } from './outgoing.service.js';
import { SINGLE_MATTER_RULE } from '../../../../common/document-kinds.js';

const stateLabel = (s: string) => OUTGOING_WORKFLOW.states[s as keyof typeof OUTGOING_WORKFLOW.states] ?? { zh: s, en: s };

export function presentSummary(d: DocumentTable) {
  return {
    id: d.id,
    state: d.state,
    stateLabel: stateLabel(d.state),
    docKind: d.doc_kind,
    title: d.title,
    issueNumber: d.doc_number,
    year: d.year,
    urgency: d.urgency,
    classification: d.classification,
    draftingDepartmentId: d.drafting_department_id,
    createdBy: d.created_by,
    createdAt: d.created_at,
    updatedAt: d.updated_at,
    version: d.version,
  };
}

export function presentAbility(a: ActionDef) {
  return { action: a.key, label: a.label, to: a.to, requires: a.requires ?? [], opinion: !!a.opinion, backward: !!a.backward };
}

export interface DetailParts {
  doc: DocumentTable;
  steps: DocumentStepTable[];
  versions: DocumentVersionTable[];
  participants: DocumentParticipantTable[];
  deliveries: DocumentDeliveryTable[];
  fileCopies: DocumentFileCopyTable[];
  attachments: PresentedAttachment[];
  abilities: ActionDef[];
  may: { confirmDelivery: boolean; attach: boolean };
  repliesTo: DocumentTable | null;
  answerKind: boolean;
}

export function presentDetail(p: DetailParts) {
  const d = p.doc;
  const data = dataOf(d);
  return {
    ...presentSummary(d),
    body: d.body,
    addressee: d.addressee,
    cc: d.cc,
    secrecyTerm: d.secrecy_term,
    repliesTo: p.repliesTo ? { id: p.repliesTo.id, title: p.repliesTo.title, docKind: p.repliesTo.doc_kind, number: p.repliesTo.doc_number } : null,
    countersignDepartments: data.countersignDepartments ?? [],
    signoff: data.signoff ?? null,
    // 核发: one entry per 主送/抄送 recipient, confirmed once the office learns it arrived.
    deliveries: p.deliveries.map(presentDelivery),
    // seed 二 3.9: the final draft and copies registered for archiving at dispatch.
    fileCopies: p.fileCopies.map(presentFileCopy),
    attachments: p.attachments,
    // seed 二 2.1: the rule the drafter confirms on submit.
    rules: { singleMatter: SINGLE_MATTER_RULE, answersAnother: p.answerKind },
    // The trail: every step with actor, time and opinion; the signer reads every earlier opinion here.
    trail: p.steps.map((s) => ({
      action: s.action,
      from: s.from_state,
      to: s.to_state,
      toLabel: stateLabel(s.to_state),
      actorId: s.actor_id,
      actorName: s.actor_name,
      opinion: s.opinion,
      data: JSON.parse(s.data || '{}'),
      at: s.at,
    })),
    versions: p.versions.map((v) => ({ versionNo: v.version_no, title: v.title, body: v.body, createdBy: v.created_by, createdAt: v.created_at })),
    participants: p.participants.map((x) => ({ relation: x.relation, subjectKind: x.subject_kind, subjectId: x.subject_id, state: x.state, actedAt: x.acted_at })),
    abilities: p.abilities.map(presentAbility),
    may: p.may,
  };
}

export function presentDelivery(d: DocumentDeliveryTable) {
  return {
    id: d.id,
    recipient: d.recipient,
    kind: d.kind,
    dispatchedAt: d.dispatched_at,
    confirmedAt: d.confirmed_at,
    confirmedBy: d.confirmed_by_name,
    confirmedById: d.confirmed_by,
    note: d.note,
  };
}

export function presentFileCopy(c: Pick<DocumentFileCopyTable, 'kind' | 'count' | 'registered_at' | 'registered_by' | 'registered_by_name'>) {
  return { kind: c.kind, count: c.count, registeredAt: c.registered_at, registeredBy: c.registered_by_name, registeredById: c.registered_by };
}
