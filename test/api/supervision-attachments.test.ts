// Files on progress reports, on both databases: a classified item's unit attaches files too; each
// file takes the item's classification and is read exactly by the item's readers (its detail, its
// content and the attachments list), and by nobody else whatever their clearance. Bad files are
// refused and nothing is linked or reported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type Client, type TestServer } from '../helpers/server.js';
import { actOk, BASE, ids, newItem, register, supervisionCast, type Ids, type SupervisionCast } from './supervision-helpers.js';

describe.each(DIALECTS)('report attachments on %s', (dialect) => {
  let s: TestServer;
  let k: SupervisionCast;
  let id: Ids;

  beforeAll(async () => {
    s = await startServer({ dialect });
    k = await supervisionCast(s);
    id = await ids(s);
  });
  afterAll(async () => s?.close());

  const upload = async (c: Client, level: number, name: string) => {
    const form = new FormData();
    form.append('classification', String(level));
    form.append('scope', '[]');
    form.append('file', new Blob([`内容 ${name}`], { type: 'text/plain' }), `${name}.txt`);
    const r = await c.request('POST', '/api/v1/attachments', form);
    expect(r.status, r.text).toBe(201);
    return r.body.id as string;
  };
  const working = async (over: Record<string, unknown>) => {
    const item = await register(k.secretary, newItem(id, over));
    await actOk(k.secretary, item.id, 'transfer');
    await actOk(k.finance, item.id, 'accept');
    return item.id as string;
  };
  const reads = async (c: Client, fileId: string) => {
    const [meta, content, list] = await Promise.all([c.get(`/api/v1/attachments/${fileId}`), c.get(`/api/v1/attachments/${fileId}/content`), c.get('/api/v1/attachments?limit=200')]);
    const listed = list.status === 200 && JSON.stringify(list.body).includes(fileId);
    expect(meta.status === 200, `meta vs content ${meta.status} ${content.status}`).toBe(content.status === 200);
    expect(listed, 'listed as readable').toBe(meta.status === 200);
    return meta.status === 200;
  };

  it('a 秘密 item: the handler attaches a file; it is read exactly by the item readers', async () => {
    const itemId = await working({ title: '秘密事项的进展附件', classification: 2 });
    const fileId = await upload(k.finance, 0, '进展情况表');
    const r = await k.finance.post(`${BASE}/${itemId}/reports`, { text: '已完成一半', percent: 50, attachmentIds: [fileId] });
    expect(r.status, r.text).toBe(201);
    const meta = (await k.finance.get(`/api/v1/attachments/${fileId}`)).body;
    expect(meta).toMatchObject({ classification: 2 });
    const row = await s.ctx.database.db.selectFrom('attachments').select(['record_type', 'record_id', 'classification']).where('id', '=', fileId).executeTakeFirstOrThrow();
    expect(row).toEqual({ record_type: 'supervision_item', record_id: itemId, classification: 2 });
    // Readers of the item (the registrar, the lead and co-unit heads, the assigner) read the file ...
    for (const c of [k.secretary, k.finance, k.hr, k.vice]) expect(await reads(c, fileId)).toBe(true);
    // ... others do not: another unit's head, the lead unit's clerk, a vice GM it does not concern,
    // the 机密-cleared office person outside the item's scope.
    for (const c of [k.market, k.financeClerk, k.vice2, k.secretary2]) expect(await reads(c, fileId)).toBe(false);
    expect((await k.secretary.get(`${BASE}/${itemId}`)).body.reports[0].attachmentIds).toEqual([fileId]);
  });

  it('a 公开 item: the file is no longer readable by everyone, only by those the item concerns', async () => {
    const itemId = await working({ title: '公开事项的进展附件', classification: 0 });
    const fileId = await upload(k.finance, 0, '公开附件');
    // A loose 公开 upload is readable by the staff; attached to the item, it is the item's.
    expect(await reads(k.market, fileId)).toBe(true);
    expect((await k.finance.post(`${BASE}/${itemId}/reports`, { text: '附上清单', attachmentIds: [fileId] })).status).toBe(201);
    expect(await reads(k.market, fileId)).toBe(false);
    expect(await reads(k.hr, fileId)).toBe(true);
  });

  it('refuses another person\'s file, a file already attached, and one more secret than the item: nothing written', async () => {
    const itemId = await working({ title: '附件拒绝用例', classification: 1 });
    const reportsBefore = async () => (await s.ctx.database.db.selectFrom('supervision_reports').select('id').where('item_id', '=', itemId).execute()).length;
    const others = await upload(k.hr, 0, '许梅的文件');
    const secret = await upload(k.finance, 2, '秘密文件');
    const used = await upload(k.finance, 0, '已用文件');
    expect((await k.finance.post(`${BASE}/${itemId}/reports`, { text: '一', attachmentIds: [used] })).status).toBe(201);
    const n = await reportsBefore();
    for (const [fileIds, why] of [
      [[others], 'another person'],
      [[secret], 'more secret'],
      [[used], 'already attached'],
      [[await upload(k.finance, 0, '好文件'), secret], 'one bad among good'],
    ] as [string[], string][]) {
      const r = await k.finance.post(`${BASE}/${itemId}/reports`, { text: '二', attachmentIds: fileIds });
      expect(r.status, `${why}: ${r.text}`).toBe(422);
      expect(r.body.error.details.field).toBe('attachmentIds');
    }
    expect(await reportsBefore()).toBe(n);
    const linked = await s.ctx.database.db.selectFrom('attachments').select('id').where('record_id', '=', itemId).execute();
    expect(linked.map((x) => x.id)).toEqual([used]);
  });
});
