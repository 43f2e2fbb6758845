// Working-day arithmetic on the official Chinese holiday calendar: statutory holidays are off,
// 调休 (adjusted) weekend days are working days. A year without official data falls back to
// weekends only, and says so (coverage().missing).
import { createRequire } from 'node:module';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { nowIso } from '../ids.js';

const RELOAD_MS = 60_000;

export interface HolidayEntry {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
  source: string;
}

export function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Today's date in the company time zone (YYYY-MM-DD). */
export function todayIn(tz: string, at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export class WorkCalendar {
  private days = new Map<string, HolidayEntry>();
  private years = new Set<number>();
  private loadedAt = 0;

  constructor(private readonly db: Kysely<DB>) {}

  async load(force = false): Promise<void> {
    if (!force && Date.now() - this.loadedAt < RELOAD_MS) return;
    const rows = await this.db.selectFrom('holidays').select(['date', 'kind', 'name', 'source']).execute();
    this.days = new Map(rows.map((r) => [r.date, r as HolidayEntry]));
    this.years = new Set(rows.map((r) => Number(r.date.slice(0, 4))));
    this.loadedAt = Date.now();
  }

  /** Synchronous checks use the loaded table; call load() first (the app does at start and on change). */
  isWorkingDay(date: string): boolean {
    const entry = this.days.get(date);
    if (entry) return entry.kind === 'workday';
    const dow = dayOfWeek(date);
    return dow !== 0 && dow !== 6;
  }

  /** The date n working days after `date` (n ≥ 0; 0 gives the first working day on or after it). */
  addWorkingDays(date: string, n: number): string {
    let d = date;
    while (!this.isWorkingDay(d)) d = addDays(d, 1);
    let left = n;
    while (left > 0) {
      d = addDays(d, 1);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }

  workingDaysBetween(from: string, to: string): number {
    let count = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkingDay(d)) count++;
    return count;
  }

  coverage(year: number): { year: number; hasOfficialData: boolean; warning: string | null } {
    const has = this.years.has(year);
    return {
      year,
      hasOfficialData: has,
      warning: has ? null : `${year} 年尚未录入国务院公布的放假安排，工作日暂按周一至周五计算`,
    };
  }

  list(year: number): HolidayEntry[] {
    return [...this.days.values()].filter((d) => d.date.startsWith(`${year}-`)).sort((a, b) => a.date.localeCompare(b.date));
  }
}

/** Seeds the table from the chinese-days package on first start (its data ends in 2026). */
export async function seedHolidays(db: Kysely<DB>): Promise<number> {
  const existing = await db.selectFrom('holidays').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  if (Number(existing?.n) > 0) return 0;
  const require = createRequire(import.meta.url);
  const data = require('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };
  const at = nowIso();
  const rows: DB['holidays'][] = [];
  const nameOf = (v: string) => v.split(',')[1] ?? v;
  for (const [date, v] of Object.entries(data.holidays)) rows.push({ date, kind: 'holiday', name: nameOf(v), source: 'chinese-days', updated_at: at });
  for (const [date, v] of Object.entries(data.workdays)) rows.push({ date, kind: 'workday', name: `${nameOf(v)}调休上班`, source: 'chinese-days', updated_at: at });
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('holidays').values(rows.slice(i, i + 200)).onConflict((oc) => oc.doNothing()).execute();
  return rows.length;
}
