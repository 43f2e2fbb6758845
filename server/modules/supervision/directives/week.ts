// The week of 一周工作指令: an ISO week (Monday first) in the company's time zone, written '2026-W48',
// and the moment of the week's Saturday report (指令落实情况, seed 五 5.12). Pure, for tests.
import { addDays, dayOfWeek, todayIn } from '../../../platform/calendar/work-calendar.js';
import { zonedInstant } from '../../documents/incoming/gm-batch.js';

const WEEK = /^(\d{4})-W(\d{2})$/;

/** Monday = 0 … Sunday = 6. */
const mondayIndex = (date: string) => (dayOfWeek(date) + 6) % 7;

/** The ISO week a date falls in: its Thursday decides the year. */
export function isoWeekOf(date: string): string {
  const thursday = addDays(date, 3 - mondayIndex(date));
  const year = Number(thursday.slice(0, 4));
  const jan1 = `${year}-01-01`;
  const days = Math.round((Date.parse(`${thursday}T00:00:00Z`) - Date.parse(`${jan1}T00:00:00Z`)) / 86_400_000);
  return `${year}-W${String(Math.floor(days / 7) + 1).padStart(2, '0')}`;
}

/** The Monday of '2026-W48', or null for a week that does not exist (W53 of a 52-week year). */
export function weekStart(week: string): string | null {
  const m = WEEK.exec(week);
  if (!m) return null;
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || n > 53) return null;
  const jan4 = `${year}-01-04`; // always in week 1
  const monday = addDays(addDays(jan4, -mondayIndex(jan4)), (n - 1) * 7);
  return isoWeekOf(monday) === week ? monday : null;
}

export function weekOfInstant(tz: string, at: Date = new Date()): string {
  return isoWeekOf(todayIn(tz, at));
}

/** When the week's report is compiled: a weekday (1 Monday … 7 Sunday) and a time, company time. */
export interface ReportSchedule {
  weekday: number;
  time: string;
}

export const DEFAULT_REPORT_SCHEDULE: ReportSchedule = { weekday: 6, time: '09:00' };

/** The first report moment strictly after `now`, with the week it reports on. */
export function nextReportSlot(now: Date, tz: string, s: ReportSchedule): { week: string; runAt: Date } {
  const today = todayIn(tz, now);
  let day = addDays(addDays(today, -mondayIndex(today)), s.weekday - 1);
  for (let i = 0; i < 3; i++, day = addDays(day, 7)) {
    const runAt = zonedInstant(day, s.time, tz);
    if (runAt.getTime() > now.getTime()) return { week: isoWeekOf(day), runAt };
  }
  throw new Error('unreachable: a weekly slot lies within two weeks');
}
