// Domain events through a transactional outbox (DESIGN.md §2, STYLE.md §9). A module publishes
// inside the transaction of its change; the event and a dispatch job commit with it or not at all.
// The dispatch job hands the event to every consumer of its type, each exactly once: a consumer's
// effects commit together with its row in event_consumptions.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { newId, nowIso } from '../ids.js';
import type { JobQueue } from '../jobs/job-queue.js';

const DISPATCH_JOB = 'events.dispatch';

export interface DomainEvent<P = Record<string, unknown>> {
  id: string;
  type: string;
  sourceType: string | null;
  sourceId: string | null;
  actorId: string | null;
  payload: P;
  createdAt: string;
}

export interface PublishInput<P> {
  type: string;
  sourceType?: string;
  sourceId?: string;
  actorId?: string | null;
  payload: P;
}

/** Runs in the dispatch transaction; whatever it writes with `trx` commits with its consumption. */
export type EventConsumer<P = any> = (event: DomainEvent<P>, trx: Kysely<DB>) => Promise<void>;

export class EventBus {
  private consumers = new Map<string, { name: string; handle: EventConsumer }[]>();

  constructor(private readonly jobs: JobQueue) {
    jobs.register(DISPATCH_JOB, async (payload, run) => {
      await this.dispatch(payload.eventId as string, run.trx);
    });
  }

  /** Registers a consumer by a stable name (it keys "done" records, so never rename one lightly). */
  subscribe<P = Record<string, any>>(type: string, consumerName: string, handle: EventConsumer<P>): void {
    const list = this.consumers.get(type) ?? [];
    if (list.some((c) => c.name === consumerName)) throw new Error(`consumer ${consumerName} already subscribed to ${type}`);
    list.push({ name: consumerName, handle: handle as EventConsumer });
    this.consumers.set(type, list);
  }

  /** Writes the event in the caller's transaction and schedules its dispatch there too. */
  async publish<P extends Record<string, unknown>>(trx: Kysely<DB>, input: PublishInput<P>): Promise<string> {
    const id = newId();
    await trx
      .insertInto('domain_events')
      .values({
        id,
        type: input.type,
        source_type: input.sourceType ?? null,
        source_id: input.sourceId ?? null,
        actor_id: input.actorId ?? null,
        payload: JSON.stringify(input.payload),
        created_at: nowIso(),
      })
      .execute();
    await this.jobs.schedule(DISPATCH_JOB, { eventId: id }, { singletonKey: `event:${id}` }, trx);
    return id;
  }

  /** Hands one event to each consumer that has not yet consumed it. Exposed for tests and replays. */
  async dispatch(eventId: string, trx: Kysely<DB>): Promise<number> {
    const row = await trx.selectFrom('domain_events').selectAll().where('id', '=', eventId).executeTakeFirst();
    if (!row) return 0;
    const event: DomainEvent = {
      id: row.id,
      type: row.type,
      sourceType: row.source_type,
      sourceId: row.source_id,
      actorId: row.actor_id,
      payload: JSON.parse(row.payload),
      createdAt: row.created_at,
    };
    let ran = 0;
    for (const consumer of this.consumers.get(row.type) ?? []) {
      const claimed = await trx
        .insertInto('event_consumptions')
        .values({ consumer: consumer.name, event_id: eventId, processed_at: nowIso() })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) continue; // consumed before
      await consumer.handle(event, trx);
      ran++;
    }
    return ran;
  }
}
