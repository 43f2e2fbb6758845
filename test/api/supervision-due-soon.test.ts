// "Due soon" is one rule on both databases: the office's setting in working days on the holiday
// calendar decides the list's and the item page's `dueSoon` exactly as it decides the board's
// due_soon, whatever weekends and holidays lie between today and the deadline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, todayIn } from '../../server/platform/calendar/work-calendar.js';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { BASE, ids, newItem, register, supervisionCast, type Ids, type SupervisionCast } from './supervision-helpers.js';

describe.each(DIALECTS)('due soon on %s', (dialect) => {
  let s: TestServer;
  let k: SupervisionCast;
  let id: Ids;
  let today: string;
  const made = new Map<string, string>(); // item id → deadline

  beforeAll(async () => {
    s = await startServer({ dialect });
    k = await supervisionCast(s);
    id = await ids(s);
    today = todayIn(s.config.tzCompany);
    // A deadline on each of the next 12 calendar days: weekends (and any holiday) among them.
    for (let d = 0; d < 12; d++) {
      const deadline = addDays(today, d);
      const item = await register(k.secretary, newItem(id, { title: `到期规则 ${d}`, source: { type: 'other' }, deadlineWorkingDays: undefined, deadline, coUnits: [] }));
      made.set(item.id, deadline);
    }
  });
  afterAll(async () => s?.close());

  const listed = async () => {
    const r = await k.secretary.get(`${BASE}?limit=100&source=other`);
    expect(r.status, r.text).toBe(200);
    return new Map<string, boolean>(r.body.items.filter((i: any) => made.has(i.id)).map((i: any) => [i.id, i.dueSoon]));
  };
  const boarded = async () => {
    const r = await k.secretary.get('/api/v1/supervision/board?source=other&limit=100');
    expect(r.status, r.text).toBe(200);
    return new Map<string, boolean>(r.body.items.filter((i: any) => made.has(i.id)).map((i: any) => [i.id, i.boardStatus === 'due_soon']));
  };

  for (const days of [2, 0, 5]) {
    it(`colours the list, the item page and the board alike with ${days} working days`, async () => {
      expect((await k.secretary.put('/api/v1/supervision/board/settings', { dueSoonDays: days })).status).toBe(200);
      const last = days > 0 ? s.ctx.calendar.addWorkingDays(today, days) : today;
      const list = await listed();
      const board = await boarded();
      expect(list.size).toBe(made.size);
      for (const [itemId, deadline] of made) {
        const expected = deadline <= last;
        expect(list.get(itemId), `list ${deadline} (due soon up to ${last})`).toBe(expected);
        expect(board.get(itemId), `board ${deadline}`).toBe(expected);
      }
      // The item page says the same (one near and one far item).
      const near = [...made].find(([, d]) => d === today)![0];
      const far = [...made].find(([, d]) => d > last)![0];
      expect((await k.finance.get(`${BASE}/${near}`)).body.dueSoon).toBe(true);
      expect((await k.finance.get(`${BASE}/${far}`)).body.dueSoon).toBe(false);
    });
  }
});
