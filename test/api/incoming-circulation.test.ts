// 传阅 over real HTTP on both databases: parallel and sequential circulation by department, each
// reader's state and times, chasing with counts, recall, the warning before closing a document
// readers still hold (条例: 不得漏传、误传、延误), who may act and see, and refusals that write nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { incomingHelpers } from './incoming-helpers.js';

const signFor = (title: string, classification = 1, scope?: { kind: string; id: string }[]) => ({
  sender: '市国资委',
  deliveredBy: '机要交通员',
  classification,
  ...(scope && { scope }),
  registration: { title, docKind: '通知', addresseeMatches: true },
});

describe.each(DIALECTS)('incoming circulation on %s', (dialect) => {
  let s: TestServer;
  const { db, as, personId, dept, notices } = incomingHelpers(() => s);
  const readerRows = async (docId: string) => (await db().selectFrom('circulation_readers').selectAll().where('document_id', '=', docId).execute()).length;
  const newDoc = async (title: string, classification = 1, scope?: { kind: string; id: string }[]) => {
    const r = await (await as('wangfang')).post('/api/v1/incoming', signFor(title, classification, scope));
    expect(r.status, r.text).toBe(201);
    return r.body as { id: string; version: number; state: string };
  };
  const circulate = async (user: string, docId: string, body: unknown, status = 201) => {
    const r = await (await as(user)).post(`/api/v1/incoming/${docId}/circulations`, body);
    expect(r.status, `${user} circulate: ${r.text}`).toBe(status);
    return r.body;
  };
  const reader = (body: any, code: string, ids: Record<string, string>) => body.readers?.find((r: any) => r.departmentId === ids[code]) ?? body.items.at(-1).readers.find((r: any) => r.departmentId === ids[code]);
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    s = await startServer({ dialect });
    for (const code of ['CWB', 'RSB', 'SCB', 'JSB']) ids[code] = await dept(code);
  });
  afterAll(async () => s?.close());

  it('circulates in parallel: every department receives at once, each head opens and reads with times', async () => {
    const doc = await newDoc('关于开展年度安全检查的通知');
    const c = await circulate('wangfang', doc.id, { departmentIds: [ids.CWB, ids.RSB, ids.CWB], mode: 'parallel' });
    expect(c.items).toHaveLength(1);
    const readers = c.items[0].readers;
    // A department named twice is circulated to once.
    expect(readers.map((r: any) => [r.departmentName, r.position, r.state])).toEqual([['财务部', 1, 'received'], ['人事部', 2, 'received']]);
    expect(readers.every((r: any) => r.receivedAt && !r.openedAt && !r.readAt)).toBe(true);
    expect(c.pending).toBe(2);
    expect(await notices('qianwei', doc.id, 'incoming.circulation')).toHaveLength(1);
    expect(await notices('xumei', doc.id, 'incoming.circulation')).toHaveLength(1);

    const opened = await (await as('qianwei')).post(`/api/v1/incoming/${doc.id}/circulations/${c.id}/open`, {});
    expect(opened.status, opened.text).toBe(200);
    expect(reader(opened.body.items[0], 'CWB', ids)).toMatchObject({ state: 'opened', stateLabel: '已打开未传', readBy: await personId('qianwei') });
    expect(reader(opened.body.items[0], 'CWB', ids).openedAt).toBeTruthy();
    // Opening twice is a conflict; a member who is not the head may not act for the department.
    expect((await (await as('qianwei')).post(`/api/v1/incoming/${doc.id}/circulations/${c.id}/open`, {})).status).toBe(409);
    expect((await (await as('fengxia')).post(`/api/v1/incoming/${doc.id}/circulations/${c.id}/read`, {})).status).toBe(403);
    // A head whose department is not in the circulation may not either.
    expect((await (await as('caoyang')).post(`/api/v1/incoming/${doc.id}/circulations/${c.id}/read`, {})).status).toBe(403);

    const read = await (await as('qianwei')).post(`/api/v1/incoming/${doc.id}/circulations/${c.id}/read`, {});
    expect(read.status, read.text).toBe(200);
    const cwb = reader(read.body.items[0], 'CWB', ids);
    expect(cwb.state).toBe('read');
    expect(cwb.readAt >= cwb.openedAt && cwb.openedAt >= cwb.receivedAt).toBe(true);
    // Read straight from received: opened is stamped with the same moment.
    const rsb = (await (await as('xumei')).post(`/api/v1/incoming/${doc.id}/circulations/${c.id}/read`, {})).body;
    expect(reader(rsb.items[0], 'RSB', ids)).toMatchObject({ state: 'read' });
    expect(reader(rsb.items[0], 'RSB', ids).openedAt).toBe(reader(rsb.items[0], 'RSB', ids).readAt);
    expect(rsb.pending).toBe(0);
    expect((await (await as('xumei')).post(`/api/v1/incoming/${doc.id}/circulations/${c.id}/read`, {})).status).toBe(409);
    const detail = (await (await as('wangfang')).get(`/api/v1/incoming/${doc.id}`)).body;
    expect(detail.trail.map((t: any) => t.action)).toEqual(['sign_for', 'register', 'circulate']);
    expect(detail.state).toBe('registered');
  });

  it('circulates in order: each department receives it when the one before has read it, and its head is told then', async () => {
    const doc = await newDoc('关于印发差旅费管理办法的通知');
    const c = await circulate('zhaomin', doc.id, { departmentIds: [ids.SCB, ids.JSB, ids.RSB], mode: 'sequential' });
    expect(c.items[0].readers.map((r: any) => r.state)).toEqual(['received', 'waiting', 'waiting']);
    expect(c.items[0].readers[1].receivedAt).toBeNull();
    expect(await notices('jianghua', doc.id, 'incoming.circulation')).toHaveLength(0);
    // Not yet its turn.
    expect((await (await as('jianghua')).post(`/api/v1/incoming/${doc.id}/circulations/${c.id}/open`, {})).status).toBe(409);

    let r = await (await as('caoyang')).post(`/api/v1/incoming/${doc.id}/circulations/${c.id}/read`, {});
    expect(r.body.items[0].readers.map((x: any) => x.state)).toEqual(['read', 'received', 'waiting']);
    expect(await notices('jianghua', doc.id, 'incoming.circulation')).toHaveLength(1);
    expect(await notices('xumei', doc.id, 'incoming.circulation')).toHaveLength(0);
    r = await (await as('jianghua')).post(`/api/v1/incoming/${doc.id}/circulations/${c.id}/read`, {});
    expect(r.body.items[0].readers.map((x: any) => x.state)).toEqual(['read', 'read', 'received']);
    expect(await notices('xumei', doc.id, 'incoming.circulation')).toHaveLength(1);
    r = await (await as('xumei')).post(`/api/v1/incoming/${doc.id}/circulations/${c.id}/read`, {});
    expect(r.body.items[0].readers.map((x: any) => x.state)).toEqual(['read', 'read', 'read']);
    const [a, b, d] = r.body.items[0].readers;
    expect(a.readAt <= b.receivedAt && b.readAt <= d.receivedAt).toBe(true);
  });

  it('chases a holding reader (counted, notified with the note) and recalls the rest; refusals write nothing', async () => {
    const doc = await newDoc('关于报送三季度经营数据的通知');
    const c = await circulate('wangfang', doc.id, { departmentIds: [ids.CWB, ids.SCB, ids.JSB], mode: 'sequential' });
    const chase = (user: string, body: unknown) => as(user).then((u) => u.post(`/api/v1/incoming/${doc.id}/circulations/${c.id}/chase`, body));
    let r = await chase('wangfang', { departmentId: ids.CWB, note: '请今日阅毕' });
    expect(r.status, r.text).toBe(200);
    r = await chase('chenjing', { departmentId: ids.CWB, note: '再次催阅' });
    const cwb = reader(r.body.items[0], 'CWB', ids);
    expect(cwb).toMatchObject({ chasedCount: 2 });
    expect(cwb.lastChasedAt).toBeTruthy();
    expect((await notices('qianwei', doc.id, 'incoming.circulation_chase')).map((n) => n.body)).toEqual(expect.arrayContaining(['请今日阅毕', '再次催阅']));
    // A waiting reader holds nothing to chase; a department outside it is refused; a head may not chase.
    expect((await chase('wangfang', { departmentId: ids.SCB, note: 'x' })).status).toBe(409);
    expect((await chase('wangfang', { departmentId: ids.RSB, note: 'x' })).status).toBe(422);
    expect((await chase('qianwei', { departmentId: ids.CWB, note: 'x' })).status).toBe(403);
    const counts = await db().selectFrom('circulation_readers').select(['department_id', 'chased_count']).where('circulation_id', '=', c.id).execute();
    expect(counts.find((x) => x.department_id === ids.SCB)!.chased_count).toBe(0);
    expect(counts.find((x) => x.department_id === ids.CWB)!.chased_count).toBe(2);

    await (await as('qianwei')).post(`/api/v1/incoming/${doc.id}/circulations/${c.id}/read`, {});
    expect((await (await as('caoyang')).post(`/api/v1/incoming/${doc.id}/circulations/${c.id}/recall`, {})).status).toBe(403);
    r = await (await as('wangfang')).post(`/api/v1/incoming/${doc.id}/circulations/${c.id}/recall`, {});
    expect(r.status, r.text).toBe(200);
    expect(r.body.items[0].readers.map((x: any) => x.state)).toEqual(['read', 'recalled', 'recalled']);
    expect(r.body.items[0].recalledAt).toBeTruthy();
    expect(r.body.pending).toBe(0);
    // After a recall nobody reads it, and it cannot be recalled twice.
    expect((await (await as('caoyang')).post(`/api/v1/incoming/${doc.id}/circulations/${c.id}/read`, {})).status).toBe(409);
    expect((await (await as('wangfang')).post(`/api/v1/incoming/${doc.id}/circulations/${c.id}/recall`, {})).status).toBe(409);
    const trail = (await (await as('wangfang')).get(`/api/v1/incoming/${doc.id}`)).body.trail.map((t: any) => t.action);
    expect(trail).toEqual(['sign_for', 'register', 'circulate', 'circulation_recall']);
  });

  it('warns before closing a document readers still hold; force closes it; a filed-as-read circular may still circulate', async () => {
    let doc: any = await newDoc('关于春节放假安排的通知');
    doc = (await (await as('wangfang')).post(`/api/v1/incoming/${doc.id}/actions`, { action: 'check_pass', version: doc.version })).body;
    const c = await circulate('wangfang', doc.id, { departmentIds: [ids.CWB, ids.RSB], mode: 'parallel' });
    await (await as('qianwei')).post(`/api/v1/incoming/${doc.id}/circulations/${c.id}/read`, {});
    // A caller who may not close learns nothing of the readers: the workflow's own 403.
    const notMine = await (await as('qianwei')).post(`/api/v1/incoming/${doc.id}/actions`, { action: 'file_as_read', version: doc.version });
    expect(notMine.status).toBe(403);
    const warned = await (await as('wangfang')).post(`/api/v1/incoming/${doc.id}/actions`, { action: 'file_as_read', version: doc.version });
    expect(warned.status, warned.text).toBe(409);
    expect(warned.body.error.details.circulationPending.map((r: any) => [r.departmentName, r.state])).toEqual([['人事部', 'received']]);
    expect((await (await as('wangfang')).get(`/api/v1/incoming/${doc.id}`)).body).toMatchObject({ state: 'checked', version: doc.version });
    const forced = await (await as('wangfang')).post(`/api/v1/incoming/${doc.id}/actions`, { action: 'file_as_read', version: doc.version, input: { force: true } });
    expect(forced.status, forced.text).toBe(200);
    expect(forced.body.state).toBe('completed');
    // 3.2: an ordinary circular filed as read is circulated afterwards.
    await circulate('wangfang', doc.id, { departmentIds: [ids.SCB], mode: 'parallel' });

    // Closing with no readers holding needs no force.
    let plain: any = await newDoc('无传阅的通知');
    plain = (await (await as('wangfang')).post(`/api/v1/incoming/${plain.id}/actions`, { action: 'check_pass', version: plain.version })).body;
    expect((await (await as('wangfang')).post(`/api/v1/incoming/${plain.id}/actions`, { action: 'file_as_read', version: plain.version })).status).toBe(200);
  });

  it('refuses a returned document, unknown departments and non-registrars, writing nothing', async () => {
    let doc: any = await newDoc('不合规的来文');
    const before = await readerRows(doc.id);
    await circulate('qianwei', doc.id, { departmentIds: [ids.CWB], mode: 'parallel' }, 403);
    await circulate('wangfang', doc.id, { departmentIds: [ids.CWB], mode: 'round_robin' }, 400);
    await circulate('wangfang', doc.id, { departmentIds: [], mode: 'parallel' }, 400);
    const unknown = await circulate('wangfang', doc.id, { departmentIds: [ids.CWB, '01ZZZZZZZZZZZZZZZZZZZZZZZZ'], mode: 'parallel' }, 422);
    expect(unknown.error.details.field).toBe('departmentIds');
    doc = (await (await as('wangfang')).post(`/api/v1/incoming/${doc.id}/actions`, { action: 'return', version: doc.version, opinion: '格式不符' })).body;
    expect(doc.state).toBe('returned');
    await circulate('wangfang', doc.id, { departmentIds: [ids.CWB], mode: 'parallel' }, 409);
    expect(await readerRows(doc.id)).toBe(before);
    expect(await db().selectFrom('circulations').select('id').where('document_id', '=', doc.id).execute()).toHaveLength(0);
  });

  it('a classified document: circulated departments gain reading scope, an outsider still gets 404', async () => {
    const doc = await newDoc('关于重组方案的通知（秘密）', 2, [{ kind: 'person', id: await personId('chenjing') }]);
    // Before circulation the head of 财务部 cannot see it at all.
    expect((await (await as('qianwei')).get(`/api/v1/incoming/${doc.id}`)).status).toBe(404);
    const c = await circulate('wangfang', doc.id, { departmentIds: [ids.CWB], mode: 'parallel' });
    expect((await (await as('qianwei')).get(`/api/v1/incoming/${doc.id}`)).status).toBe(200);
    const scopes = await db().selectFrom('reading_scopes').select(['subject_id', 'source']).where('record_id', '=', doc.id).where('source', '=', 'workflow:circulation').execute();
    expect(scopes).toEqual([{ subject_id: ids.CWB, source: 'workflow:circulation' }]);
    // An outsider (人事部's head, cleared for secret) learns nothing: 404 on every circulation route.
    const x = await as('xumei');
    expect((await x.get(`/api/v1/incoming/${doc.id}/circulations`)).status).toBe(404);
    expect((await x.post(`/api/v1/incoming/${doc.id}/circulations/${c.id}/read`, {})).status).toBe(404);
    expect((await (await as('qianwei')).post(`/api/v1/incoming/${doc.id}/circulations/${c.id}/read`, {})).status).toBe(200);
    // An unknown circulation on a readable document is 404 too.
    expect((await (await as('qianwei')).post(`/api/v1/incoming/${doc.id}/circulations/01ZZZZZZZZZZZZZZZZZZZZZZZZ/open`, {})).status).toBe(404);
  });
});
