// Supervision items in the full-text search, on both databases: indexed on registration and on every
// change (title, requirement, 督办编号, units, state), and found only by those the item concerns —
// the item's own read rule (itemReadable) is inside the search query, so an outsider's hits, counts
// and filtered counts never include it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type Client, type TestServer } from '../helpers/server.js';
import { actOk, BASE, ids, newItem, register, supervisionCast, type Ids, type SupervisionCast } from './supervision-helpers.js';

type Hits = { total: number; totalCapped: boolean; items: { recordType: string; recordId: string; title: string; reference: string | null; state: string | null; sender: string | null; kind: string | null }[] };

describe.each(DIALECTS)('supervision items in search on %s', (dialect) => {
  let s: TestServer;
  let k: SupervisionCast;
  let id: Ids;

  beforeAll(async () => {
    s = await startServer({ dialect });
    k = await supervisionCast(s);
    id = await ids(s);
  });
  afterAll(async () => s?.close());

  const search = async (c: Client, q: string, filters: Record<string, string> = {}): Promise<Hits> => {
    const r = await c.get(`/api/v1/search?${new URLSearchParams({ q, ...filters })}`);
    expect(r.status, r.text).toBe(200);
    return r.body;
  };
  const found = async (c: Client, q: string, itemId: string, filters: Record<string, string> = {}) => (await search(c, q, filters)).items.some((h) => h.recordId === itemId);

  it('finds an item by its title, requirement, number and units — for the office, the GM, the assigner and the unit heads', async () => {
    const item = await register(k.secretary, newItem(id, { title: '推进鲲鹏仓储系统上线', requirement: '十二月底前完成犀角模块联调' }));
    expect(item.number).toMatch(/^督〔\d{4}〕\d+号$/);
    for (const c of [k.secretary, k.gm, k.vice, k.finance, k.hr]) {
      expect(await found(c, '鲲鹏', item.id), 'title').toBe(true);
    }
    expect(await found(k.finance, '犀角', item.id), 'requirement').toBe(true);
    expect(await found(k.finance, item.number, item.id), 'number').toBe(true);
    expect(await found(k.finance, '人事部 鲲鹏', item.id), 'co-unit').toBe(true);
    const hit = (await search(k.finance, '鲲鹏')).items.find((h) => h.recordId === item.id)!;
    expect(hit).toMatchObject({ recordType: 'supervision_item', title: '推进鲲鹏仓储系统上线', reference: item.number, sender: '财务部', kind: 'instruction', state: item.state });
    expect((await search(k.finance, '鲲鹏', { recordType: 'supervision_item' })).total).toBe(1);
  });

  it('never shows an item to people it does not concern: not in hits, counts or filtered counts', async () => {
    const item = await register(k.secretary, newItem(id, { title: '整治琥珀车间安全隐患', requirement: '逐项销号' }));
    const year = item.number.match(/〔(\d{4})〕/)[1];
    // 曹阳 heads an unconcerned unit; 冯霞 is in the lead unit but neither its head nor named; 王强 assigned nothing.
    for (const c of [k.market, k.financeClerk, k.vice2]) {
      for (const [q, filters] of [
        ['琥珀', {}],
        ['琥珀', { recordType: 'supervision_item' }],
        ['琥珀', { year, kind: 'instruction' }],
        ['琥珀', { sender: '财务部' }],
        [item.number, {}],
      ] as [string, Record<string, string>][]) {
        for (const order of ['newest', 'relevance']) {
          const r = await search(c, q, { ...filters, order });
          expect(r.items.map((h) => h.recordId), `${q} ${JSON.stringify(filters)}`).not.toContain(item.id);
          expect(r.total, `${q} ${JSON.stringify(filters)} ${order}`).toBe(0);
        }
      }
    }
    // The concerned unit head does, in the same searches.
    expect((await search(k.finance, '琥珀', { year, kind: 'instruction' })).total).toBe(1);
    expect((await search(k.finance, '琥珀', { sender: '财务部', order: 'relevance' })).total).toBe(1);
    // The clerk named as the lead unit's person is concerned by that item, not by the other.
    const named = await register(k.secretary, newItem(id, { title: '琥珀车间复查', leadPersonId: id.person.fengxia }));
    expect(await found(k.financeClerk, '琥珀', named.id)).toBe(true);
    expect(await found(k.financeClerk, '琥珀', item.id)).toBe(false);
  });

  it('keeps the index current: a state change, a correction and a new lead unit are searched as they now are', async () => {
    const item = await register(k.secretary, newItem(id, { title: '编制翡翠园区规划' }));
    const before = (await search(k.secretary, '翡翠')).items.find((h) => h.recordId === item.id)!;
    await actOk(k.secretary, item.id, 'transfer');
    const after = (await search(k.secretary, '翡翠')).items.find((h) => h.recordId === item.id)!;
    expect(after.state).not.toBe(before.state);
    expect(after.state).toBe('transferred');
    const cur = await k.secretary.get(`${BASE}/${item.id}`);
    const edited = await k.secretary.patch(`${BASE}/${item.id}`, { version: cur.body.version, title: '编制玛瑙园区规划' });
    expect(edited.status, edited.text).toBe(200);
    expect(await found(k.secretary, '翡翠', item.id)).toBe(false);
    expect(await found(k.finance, '玛瑙', item.id)).toBe(true);
    // The hit keeps its place among the newest (re-indexed, not re-added).
    const hits = await search(k.secretary, '玛瑙');
    expect(hits.items.filter((h) => h.recordId === item.id)).toHaveLength(1);
  });

  it('an event-made item (no unit yet) is found by the office and not by a unit head until it concerns them', async () => {
    const { supervisionApi } = await import('../../server/modules/supervision/index.js');
    const { systemActor } = await import('../../server/platform/access/actor.js');
    const db = s.ctx.database.db;
    const { id: itemId } = await db.transaction().execute((trx) =>
      supervisionApi(s.ctx).createItem(trx, systemActor(), { source: { type: 'other', id: 'search-test', index: 0 }, category: 'instruction', title: '核查珊瑚项目账目' }),
    );
    expect(await found(k.secretary, '珊瑚', itemId)).toBe(true);
    expect(await found(k.finance, '珊瑚', itemId)).toBe(false);
    await actOk(k.secretary, itemId, 'open', { leadDepartmentId: id.dept.CWB });
    expect(await found(k.finance, '珊瑚', itemId)).toBe(true);
    expect((await search(k.finance, '财务部 珊瑚')).items.find((h) => h.recordId === itemId)?.sender).toBe('财务部');
    expect(await found(k.market, '珊瑚', itemId)).toBe(false);
  });

  it('documents are searched as before: an item rule does not hide other record types', async () => {
    const r = await k.secretary.post('/api/v1/incoming', { sender: '市应急管理局', deliveredBy: '机要交通员', classification: 0, registration: { title: '关于玳瑁湾防汛的通知', docKind: '通知', addresseeMatches: true } });
    expect(r.status, r.text).toBe(201);
    expect(await found(k.market, '玳瑁', r.body.id)).toBe(true);
  });

  it('indexes items the index does not hold (made before items were indexed), once', async () => {
    const { reindexMissingItems } = await import('../../server/modules/supervision/index.js');
    const item = await register(k.secretary, newItem(id, { title: '补建索引的珐琅项目' }));
    await s.ctx.database.db.transaction().execute((trx) => s.ctx.search.remove(trx, 'supervision_item', item.id));
    expect(await found(k.finance, '珐琅', item.id)).toBe(false);
    expect(await reindexMissingItems(s.ctx.search, s.ctx.database.db, 2)).toBe(1);
    expect(await found(k.finance, '珐琅', item.id)).toBe(true);
    expect(await found(k.market, '珐琅', item.id)).toBe(false);
    expect(await reindexMissingItems(s.ctx.search, s.ctx.database.db)).toBe(0);
  });
});
