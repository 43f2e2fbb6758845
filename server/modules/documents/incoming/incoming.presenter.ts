// 收文 record → API JSON, with the caller's abilities. The GM's instruction is private to the GM
// and the secretaries (私密批示, seed 五 5.10) until the secretary distributes it (5.11): before
// that, every other reader sees that an instruction exists, never its text.
import { availableActions, type Standing } from '../../../../common/workflow/workflow.js';
import { INCOMING_WORKFLOW, type IncomingState } from '../../../../common/workflow/incoming.workflow.js';
import type { Actor } from '../../../platform/access/actor.js';
import type { DocumentParticipantTable, DocumentStepTable, DocumentTable } from '../../../platform/db/schema.js';
import { todayIn } from '../../../platform/calendar/work-calendar.js';
import type { PresentedAttachment } from '../attachments/document-attachments.presenter.js';
import { incomingNumber, parseData, type IncomingData } from './incoming.service.js';

/** Whether this caller may see the GM's instruction on this document now. */
export function seesInstruction(actor: Actor, data: IncomingData): boolean {
  return !!data.distributedAt || actor.capabilities.has('documents.batch');
}

export function presentReceipt(doc: DocumentTable) {
  const { receipt } = parseData(doc);
  const number = incomingNumber(doc.year, doc.serial);
  return {
    incomingNumber: number,
    sender: doc.sender,
    deliveredBy: receipt.deliveredBy,
    deliveredAt: receipt.deliveredAt,
    signedBy: receipt.signedByName,
    signedAt: receipt.signedAt,
    // 收条 (seed 二 1.2) as printed for the sender.
    text: `今收到${doc.sender}送来文件${doc.title ? `《${doc.title}》` : ''}${doc.copies ? `${doc.copies}份` : ''}${number ? `，收文编号${number}` : ''}。签收人：${receipt.signedByName}`,
  };
}

export function presentIncoming(doc: DocumentTable, actor: Actor) {
  const data = parseData(doc);
  const instruction = data.instruction && seesInstruction(actor, data) ? data.instruction : null;
  return {
    id: doc.id,
    state: doc.state,
    stateLabel: INCOMING_WORKFLOW.states[doc.state as IncomingState]?.zh ?? doc.state,
    year: doc.year,
    serial: doc.serial,
    incomingNumber: incomingNumber(doc.year, doc.serial),
    docNumber: doc.doc_number,
    title: doc.title,
    docKind: doc.doc_kind,
    urgency: doc.urgency,
    classification: doc.classification,
    secrecyTerm: doc.secrecy_term,
    sender: doc.sender,
    addressee: doc.addressee,
    pages: doc.pages,
    copies: doc.copies,
    receivedAt: doc.received_at,
    deadline: doc.deadline,
    leadDepartmentId: doc.lead_department_id,
    coDepartmentIds: data.coDepartmentIds ?? [],
    addresseeCheck: data.addresseeCheck ?? null,
    returnSlip: data.returnSlip,
    envelopeAddressee: data.receipt.envelopeAddressee,
    envelopeFileId: data.receipt.envelopeFileId,
    parts: data.parts ?? [],
    internal: !!data.internal,
    proposal: data.proposal ?? null,
    leaderOpinion: data.leaderOpinion ?? null,
    batch: data.batch ?? null,
    instructed: !!data.instruction,
    instruction: instruction && { text: instruction.text, ordersAction: instruction.ordersAction, byName: instruction.byName, at: instruction.at },
    distributedAt: data.distributedAt ?? null,
    results: data.results ?? [],
    // Why the first check sent it back (条例; 三 2.12: coordinate with these departments first).
    returned: data.returned ?? null,
    // seed 二 3.4: a meeting notice's time and place, and once the GM decided, who attends.
    meeting: data.meeting
      ? { startsAt: data.meeting.startsAt, endsAt: data.meeting.endsAt, place: data.meeting.place, attendeeIds: data.meeting.attendeeIds ?? null, attendeeNames: data.meeting.attendeeNames ?? null, note: data.meeting.note ?? null, decidedAt: data.meeting.decidedAt ?? null, decidedBy: data.meeting.decidedBy ?? null }
      : null,
    createdAt: doc.created_at,
    updatedAt: doc.updated_at,
    version: doc.version,
  };
}

function presentStep(step: DocumentStepTable, hideInstruction: boolean) {
  const hidden = hideInstruction && step.action === 'instruct';
  return {
    action: step.action,
    fromState: step.from_state,
    toState: step.to_state,
    actorName: step.actor_name,
    opinion: hidden ? null : step.opinion,
    data: hidden ? {} : (JSON.parse(step.data) as Record<string, unknown>),
    at: step.at,
  };
}

/**
 * 收文章 (seed 二 3.2): the receiving unit, the 收文编号 and the date received (company time), as
 * stamped on the first page and printed on the slip; the number is null until registration.
 */
export function presentStamp(doc: Pick<DocumentTable, 'year' | 'serial' | 'received_at' | 'created_at'>, unit: string, tz: string) {
  return { unit, number: incomingNumber(doc.year, doc.serial), date: todayIn(tz, new Date(doc.received_at ?? doc.created_at)) };
}

/** Workflow actions open to the caller on this record; deciding attendance needs a meeting notice. */
export function incomingAbilities(doc: DocumentTable, standing: Standing) {
  const meeting = !!parseData(doc).meeting;
  return availableActions(INCOMING_WORKFLOW, doc.state as IncomingState, standing).filter((a) => meeting || a.key !== 'decide_attendance');
}

export function presentIncomingDetail(doc: DocumentTable, actor: Actor, steps: DocumentStepTable[], participants: DocumentParticipantTable[], standing: Standing, where: { unit: string; tz: string }, attachments: PresentedAttachment[] = []) {
  const data = parseData(doc);
  const hide = !seesInstruction(actor, data);
  return {
    ...presentIncoming(doc, actor),
    stamp: presentStamp(doc, where.unit, where.tz),
    body: doc.body,
    receipt: presentReceipt(doc),
    trail: steps.map((s) => presentStep(s, hide)),
    participants: participants.map((p) => ({ relation: p.relation, subjectKind: p.subject_kind, subjectId: p.subject_id, state: p.state, actedAt: p.acted_at })),
    abilities: incomingAbilities(doc, standing).map((a) => ({ action: a.key, label: a.label.zh, requires: a.requires ?? [], backward: !!a.backward })),
    // Attachments with their versions (documents/attachments), as readable as the document.
    attachments,
  };
}
