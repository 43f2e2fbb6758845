// 三 3.31 执行情况汇总回告 on both databases: the units of a decomposed item report, the view shows
// who has not, the office sums the reports up to the assigning leader (refusals write nothing), and
// the next round of collection starts after the summary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { actOk, BASE, ids, newItem, register, supervisionCast, type Ids, type SupervisionCast } from './supervision-helpers.js';

describe.each(DIALECTS)('execution reports on %s', (dialect) => {
  let s: TestServer;
  let k: SupervisionCast;
  let id: Ids;

  beforeAll(async () => {
    s = await startServer({ dialect });
    k = await supervisionCast(s);
    id = await ids(s);
  });
  afterAll(async () => s?.close());

  const summaries = async () => Number((await s.ctx.database.db.selectFrom('supervision_execution_summaries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('collects the units reports, names who has not reported, and sums them up to the leader', async () => {
    const parent = await register(k.secretary, newItem(id, { title: '落实年度安全生产检查文件', coUnits: [] }));
    const split = await k.secretary.post(`${BASE}/${parent.id}/children`, {
      items: [
        { title: '财务部落实安全经费', leadDepartmentId: id.dept.CWB, deadlineWorkingDays: 5 },
        { title: '人事部组织安全培训', leadDepartmentId: id.dept.RSB, deadlineWorkingDays: 5 },
        { title: '市场部排查门店隐患', leadDepartmentId: id.dept.SCB, deadlineWorkingDays: 5 },
      ],
    });
    expect(split.status, split.text).toBe(201);
    const [cwb, rsb, scb] = split.body.children.map((c: any) => c.id as string);
    for (const [head, child] of [[k.finance, cwb], [k.hr, rsb], [k.market, scb]] as const) {
      await actOk(k.secretary, child!, 'transfer');
      await actOk(head, child!, 'accept');
    }
    expect((await k.finance.post(`${BASE}/${cwb}/reports`, { text: '安全经费 30 万元已列支', percent: 80 })).status).toBe(201);
    expect((await k.hr.post(`${BASE}/${rsb}/reports`, { text: '培训已排期，下周一开班', percent: 40 })).status).toBe(201);

    let v = (await k.secretary.get(`${BASE}/${parent.id}/execution`)).body;
    expect(v.units.map((u: any) => [u.departmentName, u.reported])).toEqual([['财务部', true], ['人事部', true], ['市场部', false]]);
    expect(v.units[0].report).toMatchObject({ text: '安全经费 30 万元已列支', percent: 80, by: '钱伟' });
    expect(v.notReported).toEqual([{ itemId: scb, departmentId: id.dept.SCB, departmentName: '市场部' }]);
    expect(v.maySummarise).toBe(true);
    // The leader reads the collection too; a unit head sees only its own sub-item.
    expect((await k.vice.get(`${BASE}/${parent.id}/execution`)).body.units).toHaveLength(3);
    const own = (await k.hr.get(`${BASE}/${parent.id}/execution`));
    expect(own.status).toBe(404); // 人事部 is not concerned with the parent

    // Refusals write nothing: not the office, a stale version, an item without sub-items, a stranger.
    const before = await summaries();
    expect((await k.finance.post(`${BASE}/${parent.id}/execution/summaries`, { text: '代为汇总', version: v.version })).status).toBe(403);
    const stale = await k.secretary.post(`${BASE}/${parent.id}/execution/summaries`, { text: '汇总', version: v.version - 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('stale_version');
    const lone = await register(k.secretary, newItem(id, { title: '没有子项的事项' }));
    expect((await k.secretary.post(`${BASE}/${lone.id}/execution/summaries`, { text: '汇总', version: lone.version })).status).toBe(409);
    expect((await k.officeClerk.get(`${BASE}/${parent.id}/execution`)).status).toBe(404);
    expect(await summaries()).toBe(before);

    const r = await k.secretary.post(`${BASE}/${parent.id}/execution/summaries`, { text: '安全经费已落实，培训下周开班；市场部尚未报送。', version: v.version });
    expect(r.status, r.text).toBe(201);
    v = r.body;
    expect(v.summaries).toHaveLength(1);
    expect(v.summaries[0]).toMatchObject({ text: '安全经费已落实，培训下周开班；市场部尚未报送。', missingItemIds: [scb], by: { name: '王芳' } });
    expect(v.summaries[0].reportIds).toHaveLength(2);
    // The assigning leader was told, with who has not reported.
    const inbox = JSON.stringify((await k.vice.get('/api/v1/notifications?limit=30')).body);
    expect(inbox).toContain('执行情况汇总');
    expect(inbox).toContain('尚未报送：市场部');
    // The next collection starts after the summary: nobody has reported since.
    expect(v.since).toBe(v.summaries[0].at);
    expect(v.units.every((u: any) => !u.reported)).toBe(true);
    expect((await k.market.post(`${BASE}/${scb}/reports`, { text: '已排查 12 家门店', percent: 50 })).status).toBe(201);
    v = (await k.secretary.get(`${BASE}/${parent.id}/execution`)).body;
    expect(v.notReported.map((u: any) => u.departmentName)).toEqual(['财务部', '人事部']);
  });
});
