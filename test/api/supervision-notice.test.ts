// 督查通知 (三 3.32) on both databases: an item split into sub-items downloads as a GB/T 9704 .docx
// naming the number, the requirement and every sub-item with its unit; unreadable is 404.
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { BASE, ids, newItem, register, supervisionCast, type Ids, type SupervisionCast } from './supervision-helpers.js';

describe.each(DIALECTS)('supervision notice on %s', (dialect) => {
  let s: TestServer;
  let k: SupervisionCast;
  let id: Ids;

  beforeAll(async () => {
    s = await startServer({ dialect });
    k = await supervisionCast(s);
    id = await ids(s);
  });
  afterAll(async () => s?.close());

  const download = (cookie: string, itemId: string) => fetch(`${s.url}${BASE}/${itemId}/notice.docx`, { headers: { cookie } });

  it('lists every sub-item with its unit in the notice; 404 for who cannot read the item', async () => {
    const parent = await register(k.secretary, newItem(id, { title: '年度降本增效工作', requirement: '各单位年底前完成降本目标' }));
    // Not decomposed yet: nothing to notify.
    expect((await download(k.secretary.cookie, parent.id)).status).toBe(409);
    const d = await k.secretary.post(`${BASE}/${parent.id}/children`, { items: [
      { title: '压缩差旅费用', leadDepartmentId: id.dept.CWB, leadPersonId: id.person.qianwei, deadlineWorkingDays: 5 },
      { title: '优化人员配置', leadDepartmentId: id.dept.RSB, deadlineWorkingDays: 8 },
    ] });
    expect(d.status, d.text).toBe(201);

    const r = await download(k.secretary.cookie, parent.id);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('wordprocessingml');
    const xml = await (await JSZip.loadAsync(Buffer.from(await r.arrayBuffer()))).file('word/document.xml')!.async('string');
    expect(xml).toContain('关于年度降本增效工作的督查通知');
    expect(xml).toContain(parent.number);
    expect(xml).toContain('各单位年底前完成降本目标');
    for (const t of ['压缩差旅费用', '优化人员配置', '财务部', '人事部', '钱伟']) expect(xml).toContain(t);

    expect((await download(k.market.cookie, parent.id)).status).toBe(404);
    expect((await download(k.secretary.cookie, 'nonexistent')).status).toBe(404);
  });
});
