// The working-day calendar through the API on both databases: the official 2026 schedule from the
// chinese-days data (holidays off, 调休 weekend days on), the weekends-only fallback with its
// warning, and a secretary entering a new year's schedule, which takes effect at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALENDAR_CHANGED } from '../../server/platform/calendar/work-calendar.js';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type Client, type TestServer } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait.js';

describe.each(DIALECTS)('working-day calendar on %s', (dialect) => {
  let s: TestServer;
  let secretary: Client;
  const addDays = async (c: Client, from: string, add: number) => {
    const r = await c.get(`/api/v1/calendar/working-days?from=${from}&add=${add}`);
    expect(r.status, r.text).toBe(200);
    return r.body as { date: string; warning: string | null };
  };

  beforeAll(async () => {
    s = await startServer({ dialect });
    secretary = await s.login('wangfang');
  });
  afterAll(async () => s?.close());

  it('counts across National Day: 2026-09-30 plus one working day is 2026-10-08', async () => {
    expect(await addDays(secretary, '2026-09-30', 1)).toEqual({ from: '2026-09-30', add: 1, date: '2026-10-08', warning: null });
    // A holiday plus nothing is the first working day after it.
    expect((await addDays(secretary, '2026-10-01', 0)).date).toBe('2026-10-08');
    // Mid-Autumn (Fri 25 September) and the weekend after it are off.
    expect((await addDays(secretary, '2026-09-24', 1)).date).toBe('2026-09-28');
  });

  it('counts a 调休 Saturday as a working day', async () => {
    // Saturday 2026-10-10 is worked for National Day, Saturday 2026-02-14 for the Spring Festival.
    expect((await addDays(secretary, '2026-10-09', 1)).date).toBe('2026-10-10');
    expect((await addDays(secretary, '2026-02-13', 1)).date).toBe('2026-02-14');
    // An ordinary Saturday is not.
    expect((await addDays(secretary, '2026-11-06', 1)).date).toBe('2026-11-09');
    const year = await secretary.get('/api/v1/calendar/holidays?year=2026');
    expect(year.body.hasOfficialData).toBe(true);
    expect(year.body.warning).toBeNull();
    expect(year.body.items).toContainEqual({ date: '2026-10-10', kind: 'workday', name: '国庆节调休上班', source: 'chinese-days' });
    expect(year.body.items).toContainEqual({ date: '2026-10-07', kind: 'holiday', name: '国庆节', source: 'chinese-days' });
  });

  it('falls back to weekends only for a year without data, and says so', async () => {
    const r = await addDays(secretary, '2027-01-01', 1);
    expect(r.date).toBe('2027-01-04'); // Friday + 1 → Monday
    expect(r.warning).toContain('2027 年尚未录入');
    // Crossing into such a year warns too.
    expect((await addDays(secretary, '2026-12-31', 2)).warning).toContain('2027');
    const year = await secretary.get('/api/v1/calendar/holidays?year=2027');
    expect(year.body).toMatchObject({ year: 2027, hasOfficialData: false, items: [] });
    expect(year.body.warning).toContain('工作日暂按周一至周五计算');
  });

  it('lets a secretary replace a year’s schedule, which takes effect at once and is announced to every instance', async () => {
    const announced: unknown[] = [];
    const off = s.ctx.pubsub.subscribe(CALENDAR_CHANGED, (m) => announced.push(m));
    try {
      const first = await secretary.put('/api/v1/calendar/holidays/2027', {
        items: [
          { date: '2027-01-01', kind: 'holiday', name: '元旦' },
          { date: '2027-01-04', kind: 'holiday', name: '元旦' },
          { date: '2027-01-09', kind: 'workday', name: '元旦调休上班' },
        ],
      });
      expect(first.status, first.text).toBe(200);
      expect(first.body).toMatchObject({ year: 2027, hasOfficialData: true, warning: null });
      expect(first.body.items).toHaveLength(3);
      expect(first.body.items[0].source).toBe('manual:wangfang');
      expect(await addDays(secretary, '2027-01-01', 1)).toMatchObject({ date: '2027-01-05', warning: null });
      expect((await addDays(secretary, '2027-01-08', 1)).date).toBe('2027-01-09');
      await waitUntil('the change to be announced', () => announced.length > 0, 5_000);
      expect(announced[0]).toEqual({ year: 2027 });

      // The whole year is replaced: what the second entry leaves out is gone.
      const second = await secretary.put('/api/v1/calendar/holidays/2027', { items: [{ date: '2027-02-05', kind: 'holiday', name: '春节' }] });
      expect(second.status).toBe(200);
      expect(second.body.items.map((i: any) => i.date)).toEqual(['2027-02-05']);
      expect((await addDays(secretary, '2027-01-01', 1)).date).toBe('2027-01-04');
      expect((await addDays(secretary, '2027-02-04', 1)).date).toBe('2027-02-08');
      // The other years are untouched.
      expect((await addDays(secretary, '2026-09-30', 1)).date).toBe('2026-10-08');
      const audit = await s.ctx.database.db.selectFrom('audit_log').select(['action', 'record_id']).where('action', '=', 'calendar.holidays.replace').execute();
      expect(audit.filter((a) => a.record_id === '2027')).toHaveLength(2);
    } finally {
      off();
    }
  });

  it('refuses entries that are not in the year, not real dates, repeated, or a 调休 day on a weekday; and roles without the right', async () => {
    const before = (await secretary.get('/api/v1/calendar/holidays?year=2028')).body.items;
    const bad = [
      [{ date: '2029-01-01', kind: 'holiday', name: '元旦' }],
      [{ date: '2028-02-30', kind: 'holiday', name: '春节' }],
      [
        { date: '2028-01-01', kind: 'holiday', name: '元旦' },
        { date: '2028-01-01', kind: 'holiday', name: '元旦' },
      ],
      [{ date: '2028-01-05', kind: 'workday', name: '调休' }],
    ];
    for (const items of bad) {
      const r = await secretary.put('/api/v1/calendar/holidays/2028', { items });
      expect(r.status, JSON.stringify(items)).toBe(400);
      expect(r.body.error.code).toBe('validation_failed');
    }
    const impossible = await secretary.get('/api/v1/calendar/working-days?from=2026-13-45&add=1');
    expect(impossible.status).toBe(400);
    expect(impossible.body.error.code).toBe('validation_failed');
    const clerk = await s.login('zhaomin');
    const denied = await clerk.put('/api/v1/calendar/holidays/2028', { items: [{ date: '2028-01-01', kind: 'holiday', name: '元旦' }] });
    expect(denied.status).toBe(403);
    expect((await secretary.get('/api/v1/calendar/holidays?year=2028')).body.items).toEqual(before);
  });
});
