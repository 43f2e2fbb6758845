// The periods the figures are counted over: the week (ISO, Monday first), month, quarter or year
// around a day, in the company's calendar. Pure.
import { addDays } from '../../../platform/calendar/work-calendar.js';
import { AppError } from '../../../platform/errors.js';
import { isoWeekOf, weekStart } from '../directives/week.js';

export const PERIOD_KINDS = ['week', 'month', 'quarter', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface Period {
  kind: PeriodKind | 'custom';
  /** First and last day, inclusive (YYYY-MM-DD). */
  from: string;
  to: string;
  /** '2026-W48', '2026-11', '2026-Q4', '2026', or 'from~to'. */
  label: string;
}

const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);

/** The period of `kind` that contains `date`. */
export function periodOf(kind: PeriodKind, date: string): Period {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  if (kind === 'week') {
    const week = isoWeekOf(date);
    const from = weekStart(week)!;
    return { kind, from, to: addDays(from, 6), label: week };
  }
  if (kind === 'month') return { kind, from: `${date.slice(0, 7)}-01`, to: lastDayOfMonth(y, m), label: date.slice(0, 7) };
  if (kind === 'quarter') {
    const q = Math.floor((m - 1) / 3);
    const first = q * 3 + 1;
    return { kind, from: `${y}-${String(first).padStart(2, '0')}-01`, to: lastDayOfMonth(y, first + 2), label: `${y}-Q${q + 1}` };
  }
  return { kind, from: `${y}-01-01`, to: `${y}-12-31`, label: String(y) };
}

export function customPeriod(from: string, to: string): Period {
  if (from > to) throw new AppError('validation_failed', '起始日期不能晚于截止日期', { field: 'from' });
  if (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`) > 3 * 366 * 86_400_000) throw new AppError('validation_failed', '统计期间至多三年', { field: 'to' });
  return { kind: 'custom', from, to, label: `${from}~${to}` };
}
