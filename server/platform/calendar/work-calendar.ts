// Working-day arithmetic on the official Chinese holiday calendar: statutory holidays are off,
// 调休 (adjusted) weekend days are working days. A year without official data falls back to
// weekends only, and says so (coverage().warning).
import { createRequire } from 'node:module';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { AppError } from '../errors.js';
import { nowIso } from '../ids.js';
import type { PubSub } from '../notify/pubsub.js';
import { HolidayRepository, type HolidayRow } from './holiday.repository.js';

/** Safety net only: a change made through any instance reloads every instance at once (CALENDAR_CHANGED). */
const RELOAD_MS = 60_000;
/** Pub/sub channel: `{ year }` whose official schedule was replaced. */
export const CALENDAR_CHANGED = 'calendar.changed';

export interface HolidayEntry {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
  source: string;
}

export type HolidayInput = Omit<HolidayEntry, 'source'>;

export function dayOfWeek(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// One formatter per time zone: building an Intl.DateTimeFormat costs 50–200 µs, formatting with one
// ~1 µs, and a registration asks for the date several times, a board request for the zone's offset
// (bench/: incoming-register and supervision-board profiles).
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const wallFormats = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds the zone `tz` is ahead of UTC at instant `t` (ms since the epoch). */
export function zoneOffsetMs(tz: string, t: number): number {
  let format = wallFormats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    wallFormats.set(tz, format);
  }
  const parts = format.formatToParts(new Date(t));
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(t / 1000) * 1000;
}

/** Today's date in the company time zone (YYYY-MM-DD). */
export function todayIn(tz: string, at: Date = new Date()): string {
  let format = dayFormats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(tz, format);
  }
  return format.format(at);
}

export class WorkCalendar {
  private days = new Map<string, HolidayEntry>();
  private years = new Set<number>();
  private loadedAt = 0;
  private loading: Promise<void> = Promise.resolve();
  private pending: Promise<void> | null = null;
  private readonly repo: HolidayRepository;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly pubsub: PubSub,
  ) {
    this.repo = new HolidayRepository(db);
    pubsub.subscribe(CALENDAR_CHANGED, () => {
      this.load(true).catch(() => {
        this.loadedAt = 0; // the next request tries again
      });
    });
  }

  /**
   * Loads the table (again when `force`, or when the copy is older than RELOAD_MS). Loads run one
   * after another, so the last one asked for is the last applied; a caller waits for its own.
   */
  load(force = false): Promise<void> {
    if (!force && Date.now() - this.loadedAt < RELOAD_MS) return Promise.resolve();
    if (!force && this.pending) return this.pending;
    const run = this.loading.catch(() => {}).then(async () => {
      const rows = await this.repo.all();
      this.days = new Map(rows.map((r) => [r.date, r as HolidayEntry]));
      this.years = new Set(rows.map((r) => Number(r.date.slice(0, 4))));
      this.loadedAt = Date.now();
    });
    this.loading = run;
    this.pending = run;
    run.then(
      () => this.pending === run && (this.pending = null),
      () => this.pending === run && (this.pending = null),
    );
    return run;
  }

  /**
   * Replaces a year's official schedule as the State Council published it. `alsoInTransaction`
   * commits with it (the audit entry); every instance reloads when it commits.
   */
  async replaceYear(year: number, items: HolidayInput[], source: string, alsoInTransaction: (trx: Kysely<DB>) => Promise<void>) {
    const seen = new Set<string>();
    for (const i of items) {
      if (!i.date.startsWith(`${year}-`) || !isRealDate(i.date)) throw new AppError('validation_failed', `日期 ${i.date} 不属于 ${year} 年或无效`, { field: 'items', date: i.date });
      if (seen.has(i.date)) throw new AppError('validation_failed', `日期 ${i.date} 重复`, { field: 'items', date: i.date });
      seen.add(i.date);
      const dow = dayOfWeek(i.date);
      if (i.kind === 'workday' && dow !== 0 && dow !== 6) throw new AppError('validation_failed', `${i.date} 本是工作日，调休上班日应为周六或周日`, { field: 'items', date: i.date });
    }
    const at = nowIso();
    const rows: HolidayRow[] = items.map((i) => ({ date: i.date, kind: i.kind, name: i.name, source, updated_at: at }));
    await this.db.transaction().execute(async (trx) => {
      await this.repo.replaceYear(trx, year, rows);
      await alsoInTransaction(trx);
      await this.pubsub.publish(CALENDAR_CHANGED, { year }, trx);
    });
    await this.load(true);
  }

  /** Synchronous checks use the loaded table; call load() first (the app does at start and on change). */
  isWorkingDay(date: string): boolean {
    const entry = this.days.get(date);
    if (entry) return entry.kind === 'workday';
    const dow = dayOfWeek(date);
    return dow !== 0 && dow !== 6;
  }

  /**
   * The n-th working day after `date`, not counting `date` itself (so a deadline set on a holiday
   * counts from the day after, as 期间 are counted); n = 0 gives `date` if it is a working day,
   * else the next one.
   */
  addWorkingDays(date: string, n: number): string {
    let d = date;
    if (n === 0) {
      while (!this.isWorkingDay(d)) d = addDays(d, 1);
      return d;
    }
    for (let left = n; left > 0; ) {
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

  /** The warning for arithmetic that crossed any year without official data, else null. */
  warningBetween(from: string, to: string): string | null {
    for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
      const { warning } = this.coverage(y);
      if (warning) return warning;
    }
    return null;
  }

  list(year: number): HolidayEntry[] {
    return [...this.days.values()].filter((d) => d.date.startsWith(`${year}-`)).sort((a, b) => a.date.localeCompare(b.date));
  }
}

/** A YYYY-MM-DD that names a real day (JavaScript's parser takes 2026-02-30 for 2 March). */
export function isRealDate(date: string): boolean {
  const t = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === date;
}

/** Seeds the table from the chinese-days package on first start (its data ends in 2026). */
export async function seedHolidays(db: Kysely<DB>): Promise<number> {
  const repo = new HolidayRepository(db);
  if (!(await repo.isEmpty())) return 0;
  const require = createRequire(import.meta.url);
  const data = require('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };
  const at = nowIso();
  const rows: HolidayRow[] = [];
  const nameOf = (v: string) => v.split(',')[1] ?? v;
  for (const [date, v] of Object.entries(data.holidays)) rows.push({ date, kind: 'holiday', name: nameOf(v), source: 'chinese-days', updated_at: at });
  for (const [date, v] of Object.entries(data.workdays)) rows.push({ date, kind: 'workday', name: `${nameOf(v)}调休上班`, source: 'chinese-days', updated_at: at });
  await repo.insertMissing(rows);
  return rows.length;
}
