// The supervision module's public surface (督查督办): other modules import only this file.
//
// - createItem(trx, actor, input) opens an item in the caller's transaction (an actor or
//   systemActor()), idempotent on input.source (type, id, index): it returns { id, created }.
// - MEETING_DECISIONS_PUBLISHED and its payload type are the contract a meetings module publishes;
//   this module consumes it and document.instruction_orders_action (documents/incoming).
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Actor } from '../../platform/access/actor.js';
import type { AppContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { subscribeSupervisionConsumers } from './supervision.events.js';
import { SupervisionReminders } from './supervision.reminders.js';
import { supervisionRoutes } from './supervision.routes.js';
import { directivesModule } from './directives/index.js';
import { statisticsModule } from './statistics/index.js';
import { coordinationModule } from './coordination/index.js';
import { executionModule } from './execution/index.js';
import { noticeModule } from './notice/index.js';
import { SupervisionService, type NewItemInput } from './supervision.service.js';
import { registerItemSearch } from './supervision.search.js';
export { reindexMissingItems } from './supervision.search.js';

export { SUPERVISION_ITEM, ITEM_COLUMNS } from './supervision.access.js';
export { unitFigures, type UnitFigure, type Period, type PeriodKind } from './statistics/index.js';
export { MEETING_DECISIONS_PUBLISHED, CONSUMERS as SUPERVISION_CONSUMERS, type MeetingDecision, type MeetingDecisionsPublishedPayload } from './supervision.events.js';
export { SupervisionReminders, DEFAULT_REMINDER_POINTS, REMINDER_SCAN_JOB, type ReminderPoint } from './supervision.reminders.js';
export { SupervisionService, SOURCE_TYPES, MODES, itemNumber, impliedProgress, SUPERVISION_ITEM_FILED, type ItemFiledPayload, type NewItemInput, type SourceType, type SupervisionMode } from './supervision.service.js';

/** What other modules call: open a supervision item inside their own transaction. */
export function supervisionApi(ctx: AppContext) {
  const service = new SupervisionService(ctx);
  return {
    createItem: (trx: Kysely<DB>, actor: Actor, input: NewItemInput) => service.createItem(trx, actor, input),
  };
}

// A context is wired once (job handler, event consumers) even when several apps are built on it.
const wired = new WeakSet<AppContext>();

export async function supervisionModule(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const service = new SupervisionService(ctx);
  const reminders = new SupervisionReminders(ctx, service);
  if (!wired.has(ctx)) {
    wired.add(ctx);
    registerItemSearch(ctx.search, ctx.database.db);
    reminders.registerJob();
    subscribeSupervisionConsumers(ctx, service);
  }
  // The hourly reminder scan keeps itself going; this starts it on a fresh database (and is a no-op
  // when the slot's job exists). The queue has started by the time the server listens.
  app.addHook('onReady', async () => {
    try {
      await reminders.scheduleNext(undefined);
    } catch (err) {
      app.log.warn({ err }, 'supervision reminder scan not scheduled (job queue not running)');
    }
  });
  await app.register(supervisionRoutes, { ctx, service, reminders });
  await app.register(directivesModule, { ctx, service }); // 一周工作指令 (五 5.12)
  await app.register(statisticsModule, { ctx, service }); // board and unit figures
  await app.register(coordinationModule, { ctx, service }); // 协调 (三 2.1–2.14)
  await app.register(executionModule, { ctx, service }); // 执行情况汇总回告 (三 3.31)
  await app.register(noticeModule, { ctx, service }); // 督查通知 (三 3.32)
}
