// Items from other modules' events (DESIGN.md §2): an incoming document's instruction that orders
// action, and a meeting's published decisions (one item per decision). The outbox hands each event
// to a consumer once; the items' unique source key (type, id, index) makes a second event about the
// same origin — a re-publication, a concurrent delivery — find the first item instead of a new one.
import type { Kysely } from 'kysely';
import { systemActor } from '../../platform/access/actor.js';
import { isRealDate } from '../../platform/calendar/work-calendar.js';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { DomainEvent } from '../../platform/events/event-bus.js';
import { INSTRUCTION_ORDERS_ACTION, type InstructionOrdersActionPayload } from '../documents/index.js';
import type { SupervisionService } from './supervision.service.js';

/**
 * The contract a meetings module publishes when a meeting's decisions (决办事项) are released:
 * `ctx.events.publish(trx, { type: MEETING_DECISIONS_PUBLISHED, sourceType: 'meeting', sourceId:
 * meetingId, actorId: <who released them>, payload })`. Each decision's `index` is stable for the
 * meeting (publishing again with the same indexes creates nothing new); `deadline` is YYYY-MM-DD.
 */
export const MEETING_DECISIONS_PUBLISHED = 'meeting.decisions_published';

export interface MeetingDecision {
  index: number;
  text: string;
  ownerDepartmentId: string;
  ownerId?: string;
  deadline: string;
}

export interface MeetingDecisionsPublishedPayload extends Record<string, unknown> {
  meetingId: string;
  title: string;
  decisions: MeetingDecision[];
}

/** Consumer names key their "done" records: never rename one lightly. */
export const CONSUMERS = { instruction: 'supervision.from-instruction', meeting: 'supervision.from-meeting' } as const;

export function subscribeSupervisionConsumers(ctx: AppContext, service: SupervisionService) {
  ctx.events.subscribe<InstructionOrdersActionPayload>(INSTRUCTION_ORDERS_ACTION, CONSUMERS.instruction, (event, trx) => fromInstruction(service, event, trx));
  ctx.events.subscribe<MeetingDecisionsPublishedPayload>(MEETING_DECISIONS_PUBLISHED, CONSUMERS.meeting, (event, trx) => fromMeeting(service, event, trx));
}

/**
 * What an event names that does not exist (a department deleted meanwhile, a bad date) is left for
 * the office to set at 立项 rather than failing the delivery again and again.
 */
async function known(service: SupervisionService, trx: Kysely<DB>, refs: { departmentId?: string | null; personIds: (string | null | undefined)[] }) {
  const dept = refs.departmentId && (await service.repo.departments(trx, [refs.departmentId])).length ? refs.departmentId : null;
  const ids = refs.personIds.filter((x): x is string => !!x);
  const people = new Set((await service.repo.people(trx, ids)).filter((p) => p.status === 'active').map((p) => p.id));
  return { dept, person: (id: string | null | undefined) => (id && people.has(id) ? id : null) };
}

async function fromInstruction(service: SupervisionService, event: DomainEvent<InstructionOrdersActionPayload>, trx: Kysely<DB>) {
  const p = event.payload;
  const k = await known(service, trx, { departmentId: p.leadDepartmentId, personIds: [event.actorId] });
  await service.createItem(trx, systemActor(), {
    source: { type: 'incoming_document', id: p.documentId, index: 0 },
    category: 'instruction',
    title: `落实批示：${p.title}`.slice(0, 200),
    requirement: p.instruction,
    assignedById: k.person(event.actorId),
    leadDepartmentId: k.dept,
    ...(p.deadline && isRealDate(p.deadline) && { deadline: p.deadline }),
    classification: typeof p.classification === 'number' ? p.classification : 0,
  });
}

async function fromMeeting(service: SupervisionService, event: DomainEvent<MeetingDecisionsPublishedPayload>, trx: Kysely<DB>) {
  const p = event.payload;
  for (const d of p.decisions ?? []) {
    if (!Number.isInteger(d.index) || !d.text?.trim()) continue; // nothing to track
    const k = await known(service, trx, { departmentId: d.ownerDepartmentId, personIds: [d.ownerId, event.actorId] });
    await service.createItem(trx, systemActor(), {
      source: { type: 'meeting_decision', id: p.meetingId, index: d.index },
      category: 'meeting',
      title: `${p.title}：${d.text}`.slice(0, 200),
      requirement: d.text,
      assignedById: k.person(event.actorId),
      leadDepartmentId: k.dept,
      leadPersonId: k.person(d.ownerId),
      ...(d.deadline && isRealDate(d.deadline) && { deadline: d.deadline }),
    });
  }
}
