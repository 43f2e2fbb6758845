// Attachments of documents (收文 and 发文) with versions, over real HTTP on both databases: an
// uploaded file is linked as a new attachment or a new version, nothing is overwritten, only whoever
// may act on the document adds one, and a document's attachments are exactly as visible as it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type Client, type TestServer } from '../helpers/server.js';
import { cast, draft, ok, type Cast } from './outgoing-helpers.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

function form(filename: string, mime: string, content: string | Uint8Array, fields: Record<string, string> = {}) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append('file', new Blob([content as BlobPart], { type: mime }), filename);
  return f;
}

describe.each(DIALECTS)('document attachments with versions on %s', (dialect) => {
  let s: TestServer;
  let k: Cast;
  let liuyang: Client; // secretary, 秘密
  beforeAll(async () => {
    s = await startServer({ dialect, env: { UPLOAD_LIMIT_MB: '1' } });
    k = await cast(s);
    liuyang = await s.login('liuyang');
  });
  afterAll(async () => s?.close());

  const db = () => s.ctx.database.db;
  const links = (documentId: string) => db().selectFrom('document_attachments').selectAll().where('document_id', '=', documentId).execute();
  const stepCount = async (id: string) => (await db().selectFrom('document_steps').select('id').where('document_id', '=', id).execute()).length;

  async function upload(c: Client, filename: string, content: string | Uint8Array, fields: Record<string, string> = {}, mime = 'text/plain'): Promise<string> {
    const r = await c.request('POST', '/api/v1/attachments', form(filename, mime, content, fields));
    expect(r.status, r.text).toBe(201);
    return r.body.id;
  }
  const attach = (c: Client, documentId: string, body: Record<string, unknown>) => c.post(`/api/v1/documents/${documentId}/attachments`, body);
  const content = async (c: Client, attachmentId: string) => {
    const r = await fetch(`${s.url}/api/v1/attachments/${attachmentId}/content`, { headers: { cookie: c.cookie } });
    return { status: r.status, text: await r.text() };
  };

  it('adds an attachment and a new version of it to a draft, keeps both versions downloadable and puts both on the trail', async () => {
    const d = await draft(k.drafter, { title: '关于附件版本的通知' });
    const v1 = await upload(k.drafter, '实施方案.txt', '实施方案 第一稿');
    const r1 = await attach(k.drafter, d.id, { attachmentId: v1 });
    expect(r1.status, r1.text).toBe(201);
    expect(r1.body).toMatchObject({ id: d.id, direction: 'outgoing' });
    expect(r1.body.attachments).toHaveLength(1);
    const first = r1.body.attachments[0];
    expect(first).toMatchObject({ name: '实施方案.txt', size: Buffer.byteLength('实施方案 第一稿'), mime: 'text/plain', versionNo: 1, attachmentId: v1 });
    expect(first.versions.map((v: any) => [v.versionNo, v.attachmentId])).toEqual([[1, v1]]);

    const v2 = await upload(k.drafter, '实施方案（修改稿）.txt', '实施方案 第二稿');
    const r2 = await attach(k.drafter, d.id, { attachmentId: v2, replaces: first.id });
    expect(r2.status, r2.text).toBe(201);
    expect(r2.body.attachments).toHaveLength(1);
    expect(r2.body.attachments[0]).toMatchObject({ id: first.id, name: '实施方案（修改稿）.txt', versionNo: 2, attachmentId: v2 });
    expect(r2.body.attachments[0].versions.map((v: any) => [v.versionNo, v.attachmentId, v.name, v.createdBy])).toEqual([
      [1, v1, '实施方案.txt', '冯霞'],
      [2, v2, '实施方案（修改稿）.txt', '冯霞'],
    ]);
    // A second, separate attachment.
    const other = await upload(k.drafter, '报名表.pdf', PDF, {}, 'application/pdf');
    const r3 = await attach(k.drafter, d.id, { attachmentId: other });
    expect(r3.body.attachments.map((a: any) => [a.name, a.versionNo])).toEqual([
      ['实施方案（修改稿）.txt', 2],
      ['报名表.pdf', 1],
    ]);

    // Nothing was overwritten: both versions download with their own bytes, for any reader of the document.
    expect(await content(k.drafter, v1)).toEqual({ status: 200, text: '实施方案 第一稿' });
    expect(await content(k.head, v2)).toEqual({ status: 200, text: '实施方案 第二稿' });
    const detail = (await k.head.get(`/api/v1/outgoing/${d.id}`)).body;
    expect(detail.attachments).toEqual(r3.body.attachments);
    expect(detail.trail.filter((t: any) => t.action.startsWith('attach')).map((t: any) => [t.action, t.actorName, t.data.versionNo, t.data.name])).toEqual([
      ['attach', '冯霞', 1, '实施方案.txt'],
      ['attach_version', '冯霞', 2, '实施方案（修改稿）.txt'],
      ['attach', '冯霞', 1, '报名表.pdf'],
    ]);
    // The attachments API lists them as the document's.
    const listed = (await k.drafter.get(`/api/v1/attachments?recordType=document&recordId=${d.id}&limit=10`)).body.items.map((a: any) => a.id);
    expect(listed.sort()).toEqual([v1, v2, other].sort());
    // Only the person who may act now adds: after submitting, the drafter no longer may; the head may.
    await ok(k.drafter, d.id, 'submit', { singleMatter: true });
    const late = await upload(k.drafter, '补充.txt', '补充');
    expect((await attach(k.drafter, d.id, { attachmentId: late })).status).toBe(403);
    const byHead = await upload(k.head, '核稿意见.txt', '核稿意见');
    expect((await attach(k.head, d.id, { attachmentId: byHead })).status).toBe(201);
  });

  it('refuses bad links with a clear error, writing nothing', async () => {
    const d = await draft(k.drafter, { title: '关于附件拒绝的通知' });
    const mine = await upload(k.drafter, '附件.txt', '附件');
    expect((await attach(k.drafter, d.id, { attachmentId: mine })).status).toBe(201);
    const steps = await stepCount(d.id);
    const before = await links(d.id);
    const fresh = await upload(k.drafter, '新附件.txt', '新附件');
    const headsFile = await upload(k.head, '他人的附件.txt', '他人的附件');
    const cases: [Client, string, Record<string, unknown>, number, string?][] = [
      [k.drafter, d.id, {}, 400],
      [k.drafter, d.id, { attachmentId: fresh, extra: 1 }, 400],
      [k.drafter, d.id, { attachmentId: 7 }, 400],
      [k.drafter, d.id, { attachmentId: fresh, replaces: 5 }, 400],
      [k.drafter, d.id, { attachmentId: mine }, 409], // the same upload twice
      [k.drafter, d.id, { attachmentId: headsFile }, 422, 'attachmentId'], // someone else's upload
      [k.drafter, d.id, { attachmentId: fresh, replaces: fresh }, 422, 'replaces'], // not this document's attachment
      [k.drafter, d.id, { attachmentId: '01900000-0000-7000-8000-000000000000' }, 422, 'attachmentId'],
      [k.head, d.id, { attachmentId: headsFile }, 403], // reads the draft, may not act on it
      [k.drafter, '01900000-0000-7000-8000-000000000000', { attachmentId: fresh }, 404],
    ];
    for (const [c, id, body, status, field] of cases) {
      const r = await attach(c, id, body);
      expect(r.status, `${JSON.stringify(body)}: ${r.text}`).toBe(status);
      expect(r.body.error.message).toBeTruthy();
      if (field) expect(r.body.error.details.field).toBe(field);
    }
    expect(await links(d.id)).toEqual(before);
    expect(await stepCount(d.id)).toBe(steps);
    const untouched = await db().selectFrom('attachments').select(['id', 'record_type']).where('id', 'in', [fresh, headsFile]).execute();
    expect(untouched.every((a) => a.record_type === null)).toBe(true);
  });

  it('refuses an attachment more secret than the document, and one whose upload was refused (bytes or size)', async () => {
    const d = await draft(k.head, { title: '关于附件密级的通知', classification: 1 });
    const secretFile = await upload(k.head, '秘密附件.txt', '秘密内容', { classification: '2' });
    const r = await attach(k.head, d.id, { attachmentId: secretFile });
    expect(r.status).toBe(422);
    expect(r.body.error.message).toContain('不得高于文件密级');
    expect(r.body.error.details).toMatchObject({ field: 'attachmentId', attachment: 2, document: 1 });
    // Bytes that do not match the declared type, and a file over the limit, never become attachments.
    const count = async () => Number((await db().selectFrom('attachments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n);
    const n = await count();
    const mislabelled = await k.head.request('POST', '/api/v1/attachments', form('合同.pdf', 'application/pdf', '这不是 PDF'));
    expect(mislabelled.status).toBe(415);
    expect(mislabelled.body.error.code).toBe('unsupported_media_type');
    const big = await k.head.request('POST', '/api/v1/attachments', form('大文件.txt', 'text/plain', new Uint8Array(1024 * 1024 + 1).fill(0x61)));
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
    expect(await count()).toBe(n);
    expect(await links(d.id)).toEqual([]);
  });

  it('makes a document\'s attachments exactly as visible as the document', async () => {
    // 钱伟 (秘密) drafts a 秘密 document and attaches a 秘密 file and a 公开 one.
    const d = await draft(k.head, { title: '关于人事调整的请示', docKind: '请示', classification: 2 });
    const secretFile = await upload(k.head, '名单.txt', '调整名单', { classification: '2' });
    const openFile = await upload(k.head, '通用表格.txt', '通用表格', { classification: '0' });
    // Before it is linked, the 公开 file is readable by any staff member.
    expect((await k.hr.get(`/api/v1/attachments/${openFile}`)).status).toBe(200);
    expect((await attach(k.head, d.id, { attachmentId: secretFile })).status).toBe(201);
    expect((await attach(k.head, d.id, { attachmentId: openFile })).status).toBe(201);
    // 许梅 (秘密, another department) and 冯霞 (内部) may not read the document: its files are invisible.
    for (const c of [k.hr, k.drafter, liuyang]) {
      for (const f of [secretFile, openFile]) {
        expect((await c.get(`/api/v1/attachments/${f}`)).status).toBe(404);
        expect((await content(c, f)).status).toBe(404);
      }
      const listed = (await c.get('/api/v1/attachments?limit=200')).body.items.map((a: any) => a.id);
      expect(listed).not.toContain(secretFile);
      expect(listed).not.toContain(openFile);
    }
    expect((await k.hr.get(`/api/v1/outgoing/${d.id}`)).status).toBe(404);
    // Once the document reaches the office, 刘洋 (秘密, now in its reading scope) reads both files,
    // although she was never in the 秘密 file's own scope.
    await ok(k.head, d.id, 'submit', { singleMatter: true });
    await ok(k.head, d.id, 'review_approve', {}, '同意');
    const seen = (await liuyang.get(`/api/v1/outgoing/${d.id}`)).body;
    expect(seen.attachments.map((a: any) => a.name).sort()).toEqual(['名单.txt', '通用表格.txt']);
    expect(await content(liuyang, secretFile)).toEqual({ status: 200, text: '调整名单' });
    // 许梅 still may not.
    expect((await content(k.hr, secretFile)).status).toBe(404);
    // The auditor and the sysadmin read no records, attachments included.
    for (const u of ['zhengjie', 'wulei']) {
      const c = await s.login(u);
      expect([403, 404]).toContain((await c.get(`/api/v1/attachments/${openFile}`)).status);
    }
  });

  it('attaches files to an incoming document by its registrar, shown in the 收文 detail with versions', async () => {
    const reg = await k.secretary.post('/api/v1/incoming', { sender: '市总工会', deliveredBy: '邮递员', classification: 1, registration: { title: '关于开展劳动竞赛的通知', docKind: '通知', addresseeMatches: true } });
    expect(reg.status, reg.text).toBe(201);
    const id = reg.body.id;
    const scan = await upload(k.secretary, '来文扫描件.pdf', PDF, {}, 'application/pdf');
    const r1 = await attach(k.secretary, id, { attachmentId: scan });
    expect(r1.status, r1.text).toBe(201);
    expect(r1.body.direction).toBe('incoming');
    const rescan = await upload(k.secretary, '来文扫描件（清晰）.pdf', Buffer.concat([PDF, Buffer.from('% clearer\n')]), {}, 'application/pdf');
    expect((await attach(k.secretary, id, { attachmentId: rescan, replaces: r1.body.attachments[0].id })).status).toBe(201);
    const detail = (await k.director.get(`/api/v1/incoming/${id}`)).body;
    expect(detail.attachments).toHaveLength(1);
    expect(detail.attachments[0]).toMatchObject({ name: '来文扫描件（清晰）.pdf', mime: 'application/pdf', versionNo: 2, attachmentId: rescan });
    expect(detail.attachments[0].versions.map((v: any) => v.attachmentId)).toEqual([scan, rescan]);
    expect((await content(k.director, scan)).status).toBe(200);
    // A department head with no part in it may not add to it.
    const hrFile = await upload(k.hr, '意见.txt', '意见');
    expect((await attach(k.hr, id, { attachmentId: hrFile })).status).toBe(403);
  });
});
