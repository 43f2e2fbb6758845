// The few date expressions the figures need that the two databases write differently. Instants are
// ISO-8601 UTC text on both; a day is judged in the company's time zone.
import { sql, type RawBuilder } from 'kysely';
import { zoneOffsetMs } from '../../../platform/calendar/work-calendar.js';
import type { Dialect } from '../../../platform/db/database.js';

/** Minutes the zone is ahead of UTC now (SQLite has no zone database; China keeps no summer time). */
export function offsetMinutes(tz: string, at = new Date()): number {
  return Math.round(zoneOffsetMs(tz, Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

export interface DateSql {
  /** The company-time day (YYYY-MM-DD) of an instant column. */
  localDate(column: RawBuilder<unknown>): RawBuilder<string>;
  /** Whole days from one day (YYYY-MM-DD text) to another. */
  daysBetween(from: RawBuilder<unknown>, to: RawBuilder<unknown>): RawBuilder<number>;
}

export function dateSql(dialect: Dialect, tz: string): DateSql {
  if (dialect === 'postgres') {
    return {
      localDate: (c) => sql<string>`to_char((${c})::timestamptz at time zone ${sql.lit(tz)}, 'YYYY-MM-DD')`,
      daysBetween: (a, b) => sql<number>`((${b})::date - (${a})::date)`,
    };
  }
  const shift = `${offsetMinutes(tz) >= 0 ? '+' : ''}${offsetMinutes(tz)} minutes`;
  return {
    localDate: (c) => sql<string>`date(${c}, ${sql.lit(shift)})`,
    daysBetween: (a, b) => sql<number>`cast(julianday(${b}) - julianday(${a}) as integer)`,
  };
}
