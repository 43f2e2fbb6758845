import { api } from '../../lib/api.js';

export interface HolidayEntry {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
  source?: string;
}

export interface HolidayYear {
  year: number;
  hasOfficialData: boolean;
  warning: string | null;
  items: HolidayEntry[];
}

export const calendarApi = {
  year: (year: number) => api.get<HolidayYear>('/api/v1/calendar/holidays', { year }),
  replaceYear: (year: number, items: HolidayEntry[]) => api.put<HolidayYear>(`/api/v1/calendar/holidays/${year}`, { items: items.map(({ date, kind, name }) => ({ date, kind, name })) }),
};

/** Parses pasted lines "2027-01-01 放假 元旦" / "2027-02-07 上班 春节调休" (kind in zh or en). */
export function parseHolidayLines(text: string, year: number): { items: HolidayEntry[]; errors: number[] } {
  const items: HolidayEntry[] = [];
  const errors: number[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const m = /^(\d{4}-\d{2}-\d{2})[\s,，\t]+(放假|休|休息|holiday|上班|班|调休上班|workday)[\s,，\t]+(.+)$/i.exec(line);
    if (!m || !m[1].startsWith(`${year}-`)) {
      errors.push(i + 1);
      return;
    }
    const kind = /^(上班|班|调休上班|workday)$/i.test(m[2]) ? 'workday' : 'holiday';
    items.push({ date: m[1], kind, name: m[3].trim().slice(0, 40) });
  });
  return { items, errors };
}
