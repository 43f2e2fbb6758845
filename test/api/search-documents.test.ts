// Documents are indexed in the transaction that registers or changes them, and found through the
// search API only by those who may read them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { incomingHelpers } from './incoming-helpers.js';

const signFor = (title: string, classification = 1, scope?: { kind: string; id: string }[]) => ({
  sender: '市应急管理局',
  deliveredBy: '机要交通员',
  classification,
  ...(scope && { scope }),
  registration: { title, docKind: '通知', addresseeMatches: true },
});

describe.each(DIALECTS)('searching documents on %s', (dialect) => {
  let s: TestServer;
  const { as, personId } = incomingHelpers(() => s);
  const search = async (user: string, q: string) => {
    const r = await (await as(user)).get(`/api/v1/search?${new URLSearchParams({ q, recordType: 'document' })}`);
    expect(r.status, r.text).toBe(200);
    return r.body as { total: number; items: { recordId: string; title: string; state: string }[] };
  };

  beforeAll(async () => {
    s = await startServer({ dialect });
  });
  afterAll(async () => s?.close());

  it('finds a registered incoming document by a two-character word, its sender and its state', async () => {
    const r = await (await as('wangfang')).post('/api/v1/incoming', signFor('关于开展冬季安全生产大检查的通知'));
    expect(r.status, r.text).toBe(201);
    const found = await search('zhaomin', '安全');
    expect(found.items.map((i) => i.recordId)).toContain(r.body.id);
    expect((await search('zhaomin', '应急')).items.map((i) => i.recordId)).toContain(r.body.id);
    expect(found.items.find((i) => i.recordId === r.body.id)!.state).toBe(r.body.state);
  });

  it('re-indexes on a workflow step, so the state shown is the current one', async () => {
    const created = await (await as('wangfang')).post('/api/v1/incoming', signFor('关于调整冬季作息时间的通知'));
    const act = await (await as('wangfang')).post(`/api/v1/incoming/${created.body.id}/actions`, { action: 'check_pass', version: created.body.version, input: {} });
    expect(act.status, act.text).toBe(200);
    const hit = (await search('wangfang', '作息')).items.find((i) => i.recordId === created.body.id);
    expect(hit?.state).toBe('checked');
  });

  it('never shows a classified document outside its scope, not even in the count', async () => {
    const before = await search('qianwei', '保密');
    const me = await personId('wangfang');
    const r = await (await as('wangfang')).post('/api/v1/incoming', signFor('关于加强保密管理的机密通知', 3, [{ kind: 'person', id: me }]));
    expect(r.status, r.text).toBe(201);
    expect((await search('wangfang', '保密')).items.map((i) => i.recordId)).toContain(r.body.id);
    const after = await search('qianwei', '保密');
    expect(after.total).toBe(before.total);
    expect(after.items.map((i) => i.recordId)).not.toContain(r.body.id);
  });

  it('locates a hit by id (direction and page) for those who may read it, and 404 for the rest', async () => {
    const me = await personId('wangfang');
    const open = await (await as('wangfang')).post('/api/v1/incoming', signFor('关于年终总结报送的通知', 0));
    const secret = await (await as('wangfang')).post('/api/v1/incoming', signFor('关于机密事项的通知', 3, [{ kind: 'person', id: me }]));
    const draft = await (await as('zhaomin')).post('/api/v1/outgoing', { docKind: '函', title: '关于商洽年度合作事项的函', classification: 0 });
    expect(draft.status, draft.text).toBe(201);
    const located = await (await as('zhaomin')).get(`/api/v1/documents/${open.body.id}`);
    expect(located.status, located.text).toBe(200);
    expect(located.body).toMatchObject({ direction: 'incoming', title: '关于年终总结报送的通知', path: `/incoming/${open.body.id}` });
    const out = await (await as('zhaomin')).get(`/api/v1/documents/${draft.body.id}`);
    expect(out.body).toMatchObject({ direction: 'outgoing', path: `/outgoing/${draft.body.id}` });
    expect((await (await as('wangfang')).get(`/api/v1/documents/${secret.body.id}`)).status).toBe(200);
    const hidden = await (await as('qianwei')).get(`/api/v1/documents/${secret.body.id}`);
    expect(hidden.status).toBe(404);
    expect(JSON.stringify(hidden.body)).not.toContain('机密事项');
  });
});
