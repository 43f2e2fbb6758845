// The access policy as people meet it: clearance and reading scope decide, a change takes effect on
// the very next request, and a record one may not read is indistinguishable from a missing one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../server/platform/ids.js';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type Client, type TestServer } from '../helpers/server.js';
import { Sessions } from './auth-sessions.js';

type Scope = { kind: 'person' | 'department'; id: string }[];

describe.each(DIALECTS)('access policy on %s', (dialect) => {
  let s: TestServer;
  let sessions: Sessions;
  let officer: Client;
  const ids = new Map<string, { id: string; department_id: string }>();

  const person = (u: string) => ids.get(u)!;
  const me = (u: string): Scope[number] => ({ kind: 'person', id: person(u).id });

  async function upload(c: Client, level: number, name: string, scope: Scope = []) {
    const form = new FormData();
    form.append('classification', String(level));
    form.append('scope', JSON.stringify(scope));
    form.append('file', new Blob([`内容 ${name}`], { type: 'text/plain' }), `${name}.txt`);
    return c.request('POST', '/api/v1/attachments', form);
  }

  async function reclassify(id: string, level: number, scope: Scope) {
    const cur = await officer.get(`/api/v1/attachments/${id}`);
    expect(cur.status).toBe(200);
    const r = await officer.patch(`/api/v1/attachments/${id}/classification`, { classification: level, scope, version: cur.body.version });
    expect(r.status, r.text).toBe(200);
  }

  async function setClearance(username: string, clearance: number) {
    const cur = await officer.get(`/api/v1/org/people/${person(username).id}`);
    const r = await officer.patch(`/api/v1/org/people/${person(username).id}`, { clearance, version: cur.body.version });
    expect(r.status, r.text).toBe(200);
  }

  const total = async (c: Client) => (await c.get('/api/v1/attachments?limit=200')).body.total as number;

  beforeAll(async () => {
    s = await startServer({ dialect });
    sessions = new Sessions(s);
    for (const p of await s.ctx.database.db.selectFrom('people').select(['id', 'username', 'department_id']).execute()) ids.set(p.username, p);
    officer = await sessions.as('zhoutao');
  });
  afterAll(async () => s?.close());

  it('a change of clearance takes effect on the very next request, in the record and in the count', async () => {
    const up = await upload(officer, 3, '机密-清单', [me('zhoutao'), me('liuyang')]);
    expect(up.status, up.text).toBe(201);
    const reader = await sessions.as('liuyang'); // secretary, 秘密 clearance: in scope, but below 机密
    const n = await total(reader);
    expect((await reader.get(`/api/v1/attachments/${up.body.id}`)).status).toBe(404);

    await setClearance('liuyang', 3);
    expect((await reader.get(`/api/v1/attachments/${up.body.id}`)).status).toBe(200);
    expect((await reader.get(`/api/v1/attachments/${up.body.id}/content`)).text).toBe('内容 机密-清单');
    expect(await total(reader)).toBe(n + 1);

    await setClearance('liuyang', 2);
    expect((await reader.get(`/api/v1/attachments/${up.body.id}`)).status).toBe(404);
    expect(await total(reader)).toBe(n);
  });

  it('a change of reading scope takes effect on the very next request, by person and by department', async () => {
    const up = await upload(officer, 2, '秘密-预算', [me('zhoutao')]);
    expect(up.status, up.text).toBe(201);
    const head = await sessions.as('qianwei'); // 财务部经理, 秘密 clearance
    const accountant = await sessions.as('fengxia'); // 财务部 clerk, 内部 clearance only
    const n = await total(head);
    expect((await head.get(`/api/v1/attachments/${up.body.id}`)).status).toBe(404);

    await reclassify(up.body.id, 2, [me('zhoutao'), { kind: 'department', id: person('qianwei').department_id }]);
    expect((await head.get(`/api/v1/attachments/${up.body.id}`)).status).toBe(200);
    expect(await total(head)).toBe(n + 1);
    // The department is in scope, but clearance still caps what its members read.
    expect((await accountant.get(`/api/v1/attachments/${up.body.id}`)).status).toBe(404);

    await reclassify(up.body.id, 2, [me('zhoutao'), me('qianwei')]);
    expect((await head.get(`/api/v1/attachments/${up.body.id}`)).status).toBe(200);

    await reclassify(up.body.id, 2, [me('zhoutao')]);
    expect((await head.get(`/api/v1/attachments/${up.body.id}`)).status).toBe(404);
    expect(await total(head)).toBe(n);

    // Lowered to 内部, it needs no scope: every member of staff reads it.
    await reclassify(up.body.id, 1, [me('zhoutao')]);
    expect((await accountant.get(`/api/v1/attachments/${up.body.id}`)).status).toBe(200);
  });

  it('a forbidden record answers exactly what a missing one answers', async () => {
    const up = await upload(officer, 4, '绝密-名单', [me('zhoutao')]);
    expect(up.status, up.text).toBe(201);
    const gm = await sessions.as('zhangjianguo'); // 绝密 clearance, not in scope
    for (const suffix of ['', '/content']) {
      const forbidden = await gm.get(`/api/v1/attachments/${up.body.id}${suffix}`);
      const missing = await gm.get(`/api/v1/attachments/${newId()}${suffix}`);
      expect(forbidden.status).toBe(404);
      expect(forbidden.text).toBe(missing.text);
      const shape = (h: Headers) => [...h.keys()].filter((k) => k !== 'date').sort();
      expect(shape(forbidden.headers)).toEqual(shape(missing.headers));
      expect(forbidden.headers.get('content-length')).toBe(missing.headers.get('content-length'));
    }
    expect(JSON.parse((await gm.get(`/api/v1/attachments/${up.body.id}`)).text)).toEqual({ error: { code: 'not_found', message: expect.any(String), details: {} } });
  });

  it('nobody classifies above their own clearance, and the uploader stays in the scope', async () => {
    const clerk = await sessions.as('zhaomin'); // 内部 clearance
    const before = await s.ctx.database.db.selectFrom('attachments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const refused = await upload(clerk, 2, '越级');
    expect(refused.status).toBe(403);
    const after = await s.ctx.database.db.selectFrom('attachments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));

    const secretary = await sessions.as('liuyang'); // 秘密 clearance
    const own = await upload(secretary, 2, '秘密-自己的');
    expect(own.status, own.text).toBe(201);
    expect((await secretary.get(`/api/v1/attachments/${own.body.id}`)).status).toBe(200);
    expect((await (await sessions.as('wangqiang')).get(`/api/v1/attachments/${own.body.id}`)).status).toBe(404);
  });

  it('the sysadmin reads nothing classified and the auditor reads no records (content ceilings)', async () => {
    const admin = await sessions.as('wulei');
    const auditor = await sessions.as('zhengjie');
    expect((await admin.get('/api/v1/me')).body.contentCeiling).toBe(1);
    expect((await auditor.get('/api/v1/me')).body.contentCeiling).toBe(-1);
    expect((await admin.get('/api/v1/attachments')).status).toBe(403);
    expect((await auditor.get('/api/v1/attachments')).status).toBe(403);
    expect((await auditor.get('/api/v1/org/people')).status).toBe(403);
  });
});
