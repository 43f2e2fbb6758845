// Times are stored in UTC and shown in the company's time zone, whatever the browser's zone is.
import type { Lang } from '../../common/labels.js';

let companyTz = 'Asia/Shanghai';

/** The company's time zone comes with /me (the server's TZ_COMPANY). */
export function setCompanyTimeZone(tz: string | undefined) {
  if (tz) companyTz = tz;
}

function parts(at: Date, opts: Intl.DateTimeFormatOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat('en-GB', { timeZone: companyTz, hourCycle: 'h23', ...opts }).formatToParts(at)) out[p.type] = p.value;
  return out;
}

/** YYYY-MM-DD of the given instant in the company time zone. */
export function companyDate(at: Date = new Date()): string {
  const p = parts(at, { year: 'numeric', month: '2-digit', day: '2-digit' });
  return `${p.year}-${p.month}-${p.day}`;
}

export function companyHour(at: Date = new Date()): number {
  return Number(parts(at, { hour: '2-digit' }).hour);
}

/** "2026-11-26 14:05" in the company time zone; seconds when asked (audit entries). */
export function formatDateTime(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = parts(d, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', ...(withSeconds && { second: '2-digit' }) });
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${withSeconds ? `:${p.second}` : ''}`;
}

/** A calendar date (YYYY-MM-DD, no zone) as a long date with the weekday. */
export function formatLongDate(date: string, lang: Lang): string {
  const d = new Date(`${date}T12:00:00Z`);
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }).format(d);
}

export function weekdayOf(date: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'UTC', weekday: 'short' }).format(new Date(`${date}T12:00:00Z`));
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The instant a company calendar day starts, as ISO UTC (the zone's offset on that day). */
export function companyDayStartIso(date: string): string {
  const noon = new Date(`${date}T12:00:00Z`);
  const p = parts(noon, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  const offsetMs = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute)) - noon.getTime();
  return new Date(Date.parse(`${date}T00:00:00Z`) - offsetMs).toISOString();
}

/** A list's count as the server gives it: lists stop counting at a cap and then say "1,000+". */
export function formatCount(n: number, capped = false): string {
  return capped ? `${n.toLocaleString('en-US')}+` : n.toLocaleString('en-US');
}
