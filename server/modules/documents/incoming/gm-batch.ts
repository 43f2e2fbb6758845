// The GM's instruction batches (seed 五 5.10: 每日两次集中…交总经理私密批示). Pure: the clock, the
// time zone and the working-day calendar are passed in, so batch forming is testable at any instant.
import { addDays, todayIn, zoneOffsetMs } from '../../../platform/calendar/work-calendar.js';

export interface BatchSlot {
  /** e.g. "2026-11-27 16:00": the working day and the time (TZ_COMPANY) the batch closes. */
  key: string;
  date: string;
  time: string;
  /** The closing instant in UTC (ISO-8601). */
  closesAt: string;
}

/** "10:00,16:00" → ["10:00", "16:00"]; refuses anything but sorted-able HH:MM times. */
export function parseBatchTimes(spec: string): string[] {
  const times = [...new Set(spec.split(',').map((t) => t.trim()).filter(Boolean))].sort();
  if (!times.length || times.some((t) => !/^([01]\d|2[0-3]):[0-5]\d$/.test(t))) throw new Error(`BATCH_TIMES must list HH:MM times, got "${spec}"`);
  return times;
}

/** The UTC instant of a wall-clock time on a date in `tz`. */
export function zonedInstant(date: string, time: string, tz: string): Date {
  const wall = Date.parse(`${date}T${time}:00Z`);
  const first = wall - zoneOffsetMs(tz, wall);
  // Once more with the offset at the result, for a time near a daylight-saving change.
  return new Date(wall - zoneOffsetMs(tz, first));
}

/**
 * The batch a document put before the GM at `at` joins: the first batch on a working day that
 * closes after `at` (a document arriving after the day's last batch joins the next working day's
 * first one; at the closing minute itself it is too late for that batch).
 */
export function batchOf(at: Date, times: readonly string[], tz: string, isWorkingDay: (date: string) => boolean): BatchSlot {
  let date = todayIn(tz, at);
  // A year of holidays in a row does not exist; the bound only guards a broken calendar.
  for (let i = 0; i < 366; i++, date = addDays(date, 1)) {
    if (!isWorkingDay(date)) continue;
    for (const time of times) {
      const closes = zonedInstant(date, time, tz);
      if (closes.getTime() > at.getTime()) return { key: `${date} ${time}`, date, time, closesAt: closes.toISOString() };
    }
  }
  throw new Error('no working day within a year: check the holiday calendar');
}
