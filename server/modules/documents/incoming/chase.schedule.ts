// When the 催办 reminders of a handling deadline go out, and their scheduling in the distributing
// transaction. Kept apart from the service so the 收文 service can schedule without a cycle.
import type { Kysely } from 'kysely';
import { addDays } from '../../../platform/calendar/work-calendar.js';
import type { AppContext } from '../../../platform/context.js';
import type { DB } from '../../../platform/db/schema.js';
import { zonedInstant } from './gm-batch.js';

export const CHASE_JOB = 'incoming.chase';
/** Reminders go out at the start of the office's day, company time. */
export const REMIND_AT = '09:00';

export type ChasePoint = 'before' | 'due' | 'overdue';

/**
 * When the reminders of a deadline go out: the working day before it, the day itself, and the
 * working day after (a reminder on a Sunday reaches nobody at a desk). Pure, for tests.
 */
export function chasePoints(deadline: string, tz: string, isWorkingDay: (date: string) => boolean): { point: ChasePoint; runAt: Date }[] {
  let before = addDays(deadline, -1);
  for (let i = 0; i < 366 && !isWorkingDay(before); i++) before = addDays(before, -1);
  let after = addDays(deadline, 1);
  for (let i = 0; i < 366 && !isWorkingDay(after); i++) after = addDays(after, 1);
  return [
    { point: 'before', runAt: zonedInstant(before, REMIND_AT, tz) },
    { point: 'due', runAt: zonedInstant(deadline, REMIND_AT, tz) },
    { point: 'overdue', runAt: zonedInstant(after, REMIND_AT, tz) },
  ];
}

/**
 * Schedules a distributed document's reminders in the distributing transaction (they commit with
 * it). A reminder whose moment has passed is dropped, except the overdue one, which goes out now:
 * a document distributed after its deadline is overdue from the start.
 */
export async function scheduleChaseReminders(ctx: AppContext, trx: Kysely<DB>, documentId: string, deadline: string, now: Date = new Date()) {
  for (const { point, runAt } of chasePoints(deadline, ctx.config.tzCompany, (d) => ctx.calendar.isWorkingDay(d))) {
    if (runAt <= now && point !== 'overdue') continue;
    await ctx.jobs.schedule(CHASE_JOB, { documentId, point }, { singletonKey: `chase:${documentId}:${point}`, runAt: runAt > now ? runAt : now }, trx);
  }
}
