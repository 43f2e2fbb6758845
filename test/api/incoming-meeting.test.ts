// 会议通知 received (seed 二 3.4) over real HTTP on both databases: time and place recorded at
// registration, the notice put before the GM like any document, the GM's decision on who attends,
// each attendee told the time and place; every bad input and out-of-order call refused, writing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { Sessions } from './auth-sessions.js';
import { incomingHelpers } from './incoming-helpers.js';

const MEETING = { startsAt: '2026-12-01T09:00:00+08:00', endsAt: '2026-12-01T11:30:00+08:00', place: '集团三楼第一会议室' };

describe.each(DIALECTS)('incoming meeting notices on %s', (dialect) => {
  let s: TestServer;
  let sessions: Sessions;
  const { db, as, personId, notices } = incomingHelpers(() => s);
  const tag = `${dialect}${Math.random().toString(36).slice(2, 7)}`;
  const post = async (user: string, doc: { id: string; version: number }, action: string, input: Record<string, unknown> = {}, opinion?: string) =>
    (await as(user)).post(`/api/v1/incoming/${doc.id}/actions`, { action, version: doc.version, input, ...(opinion !== undefined && { opinion }) });
  const act = async (user: string, doc: { id: string; version: number }, action: string, input: Record<string, unknown> = {}, opinion?: string) => {
    const r = await post(user, doc, action, input, opinion);
    expect(r.status, `${user} ${action}: ${r.text}`).toBe(200);
    return r.body;
  };
  const signFor = (title: string, reg: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
    sender: '市国资委',
    deliveredBy: '机要交通员',
    classification: 1,
    ...extra,
    registration: { title, docKind: '会议通知', addresseeMatches: true, meeting: MEETING, ...reg },
  });
  const documents = async () => Number((await db().selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  /** What a refusal must leave untouched. */
  const snapshot = async (id: string) => ({
    doc: await db().selectFrom('documents').select(['state', 'version', 'data']).where('id', '=', id).executeTakeFirstOrThrow(),
    steps: (await db().selectFrom('document_steps').select('id').where('document_id', '=', id).execute()).length,
    notices: (await db().selectFrom('notifications').select('id').where('record_id', '=', id).where('kind', '=', 'incoming.meeting').execute()).length,
    scopes: (await db().selectFrom('reading_scopes').select('subject_id').where('record_id', '=', id).execute()).length,
  });
  /** A meeting notice registered, checked, proposed and put before the GM. */
  const beforeGm = async (title: string, extra: Record<string, unknown> = {}) => {
    const r = await (await as('wangfang')).post('/api/v1/incoming', signFor(title, {}, extra));
    expect(r.status, r.text).toBe(201);
    let doc = await act('wangfang', r.body, 'check_pass');
    doc = await act('wangfang', doc, 'propose', { proposal: '拟请总经理确定参会人员' });
    return act('wangfang', doc, 'submit_to_gm');
  };

  beforeAll(async () => {
    s = await startServer({ dialect });
    sessions = new Sessions(s);
  });
  afterAll(async () => s?.close());

  it('records the meeting’s time and place at registration, in UTC, on the detail', async () => {
    const r = await (await as('zhaomin')).post('/api/v1/incoming', signFor(`关于召开年度安全工作会议的通知${tag}`));
    expect(r.status, r.text).toBe(201);
    expect(r.body.meeting).toEqual({ startsAt: '2026-12-01T01:00:00.000Z', endsAt: '2026-12-01T03:30:00.000Z', place: '集团三楼第一会议室', attendeeIds: null, attendeeNames: null, note: null, decidedAt: null, decidedBy: null });
    const open = await (await as('zhaomin')).post('/api/v1/incoming', signFor(`不定结束时间的会议${tag}`, { meeting: { startsAt: '2026-12-02T14:00:00+08:00', place: '线上' } }));
    expect(open.body.meeting).toMatchObject({ startsAt: '2026-12-02T06:00:00.000Z', endsAt: null, place: '线上' });
    // Registered later through the register action: the same checks, the same record.
    const signed = await (await as('zhaomin')).post('/api/v1/incoming', { sender: '市国资委', deliveredBy: '快递', classification: 1 });
    const later = await act('zhaomin', signed.body, 'register', { title: `后登记的会议通知${tag}`, docKind: '会议通知', addresseeMatches: true, meeting: MEETING });
    expect(later.meeting).toMatchObject({ startsAt: '2026-12-01T01:00:00.000Z', place: '集团三楼第一会议室' });
    // Any other document has no meeting.
    const other = await (await as('zhaomin')).post('/api/v1/incoming', signFor(`普通通知${tag}`, { docKind: '通知', meeting: undefined }));
    expect(other.body.meeting).toBeNull();
  });

  it('refuses bad meeting times and places with a clear error and writes nothing', async () => {
    const c = await as('wangfang');
    const before = await documents();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ meeting: { ...MEETING, endsAt: '2026-12-01T08:00:00+08:00' } }, 422, 'meeting.endsAt'],
      [{ meeting: { ...MEETING, endsAt: MEETING.startsAt } }, 422, 'meeting.endsAt'],
      [{ meeting: { ...MEETING, startsAt: '明天上午九点' } }, 400, ''],
      [{ meeting: { ...MEETING, startsAt: '2026-12-01 09:00' } }, 400, ''],
      [{ meeting: { endsAt: MEETING.endsAt, place: '会议室' } }, 400, ''],
      [{ meeting: { ...MEETING, place: '' } }, 400, ''],
      [{ meeting: { ...MEETING, room: 301 } }, 400, ''],
      [{ docKind: '通知' }, 422, 'meeting'],
    ];
    for (const [reg, status, field] of cases) {
      const r = await c.post('/api/v1/incoming', signFor(`坏的会议通知${tag}`, reg));
      expect(r.status, JSON.stringify(reg)).toBe(status);
      expect(r.body.error.message, JSON.stringify(reg)).toBeTruthy();
      if (field) expect(r.body.error.details.field).toBe(field);
    }
    expect(r422Message(await c.post('/api/v1/incoming', signFor(`坏的会议通知${tag}`, { meeting: { ...MEETING, endsAt: '2026-12-01T08:00:00+08:00' } })))).toBe('会议结束时间须晚于开始时间');
    expect(await documents()).toBe(before);

    // The register action's input is checked the same way (it is not schema-validated), and nothing changes.
    const signed = (await c.post('/api/v1/incoming', { sender: '市国资委', deliveredBy: '快递', classification: 1 })).body;
    const was = await snapshot(signed.id);
    for (const meeting of [{ ...MEETING, endsAt: '2026-11-30T09:00:00Z' }, { ...MEETING, startsAt: 'soon' }, { ...MEETING, startsAt: 12 }, 'tomorrow', { ...MEETING, place: '  ' }, { ...MEETING, extra: true }]) {
      const r = await post('wangfang', signed, 'register', { title: `会议${tag}`, docKind: '会议通知', addresseeMatches: true, meeting });
      expect(r.status, JSON.stringify(meeting)).toBe(422);
      expect(r.body.error.details.field).toMatch(/^meeting/);
    }
    expect(await snapshot(signed.id)).toEqual(was);
  });

  it('puts the notice before the GM; only the GM decides who attends, and each attendee is told the time and place', async () => {
    const title = `关于召开第四季度经营分析会的通知${tag}`;
    const doc = await beforeGm(title);
    expect(doc.state).toBe('awaiting_instruction');
    const gm = await as('zhangjianguo');
    expect((await gm.get('/api/v1/incoming/batches/current')).body.items.map((d: any) => d.id)).toContain(doc.id);
    const gmView = (await gm.get(`/api/v1/incoming/${doc.id}`)).body;
    expect(gmView.abilities.map((a: any) => a.action)).toEqual(['instruct', 'decide_attendance']);
    const [qianwei, xumei] = [await personId('qianwei'), await personId('xumei')];
    const was = await snapshot(doc.id);

    // Not the GM: refused, whoever asks; a stale version; out of the GM's hands before and after.
    for (const u of ['wangfang', 'chenjing', 'liming', 'qianwei']) {
      const r = await post(u, doc, 'decide_attendance', { attendeeIds: [qianwei] });
      expect(r.status, u).toBe(403);
    }
    expect((await post('zhangjianguo', { id: doc.id, version: doc.version + 1 }, 'decide_attendance', { attendeeIds: [qianwei] })).status).toBe(409);
    // Bad attendee lists: nobody, not a list, an unknown person, too long a note.
    const missing = await post('zhangjianguo', doc, 'decide_attendance', { attendeeIds: [] });
    expect(missing.status).toBe(422);
    expect(missing.body.error.details.missing).toEqual(['attendeeIds']);
    expect((await post('zhangjianguo', doc, 'decide_attendance', { attendeeIds: qianwei })).status).toBe(422);
    expect((await post('zhangjianguo', doc, 'decide_attendance', { attendeeIds: [qianwei, 42] })).status).toBe(422);
    const unknown = await post('zhangjianguo', doc, 'decide_attendance', { attendeeIds: [qianwei, '01900000-0000-7000-8000-000000000000'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error).toMatchObject({ code: 'unprocessable', message: '参会人员不存在', details: { field: 'attendeeIds', unknown: ['01900000-0000-7000-8000-000000000000'] } });
    expect((await post('zhangjianguo', doc, 'decide_attendance', { attendeeIds: [qianwei], note: 'x'.repeat(2001) })).status).toBe(422);
    expect(await snapshot(doc.id)).toEqual(was);

    const decided = await act('zhangjianguo', doc, 'decide_attendance', { attendeeIds: [qianwei, xumei, qianwei], note: '请带上第三季度报表' });
    expect(decided.state).toBe('completed');
    expect(decided.meeting).toMatchObject({ startsAt: '2026-12-01T01:00:00.000Z', place: '集团三楼第一会议室', attendeeIds: [qianwei, xumei], attendeeNames: ['钱伟', '许梅'], note: '请带上第三季度报表', decidedBy: '张建国' });
    expect(decided.meeting.decidedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(decided.trail.at(-1)).toMatchObject({ action: 'decide_attendance', fromState: 'awaiting_instruction', toState: 'completed', actorName: '张建国' });

    for (const u of ['qianwei', 'xumei']) {
      const told = await notices(u, doc.id, 'incoming.meeting');
      expect(told, u).toEqual([{ title: `请参加会议：${title}`, body: '时间：2026年12月1日 09:00–11:30\n地点：集团三楼第一会议室\n请带上第三季度报表' }]);
      // In the attendee's own inbox through the API (the inbox shows only what its reader may read).
      expect((await (await as(u)).get('/api/v1/notifications?limit=50')).text).toContain(`请参加会议：${title}`);
    }
    expect(await notices('caoyang', doc.id, 'incoming.meeting')).toEqual([]);
    expect(await notices('zhangjianguo', doc.id, 'incoming.meeting')).toEqual([]);
    // The GM's desk is cleared of it; deciding twice is out of order.
    expect((await gm.get('/api/v1/incoming?pendingForMe=true&limit=200')).body.items.map((d: any) => d.id)).not.toContain(doc.id);
    const again = await post('zhangjianguo', decided, 'decide_attendance', { attendeeIds: [qianwei] });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
  });

  it('refuses deciding attendance out of order, on a document that is not a meeting notice, and for people who cannot attend', async () => {
    const qianwei = await personId('qianwei');
    // Before it is put before the GM.
    const r = await (await as('wangfang')).post('/api/v1/incoming', signFor(`尚未呈批的会议通知${tag}`));
    const early = await post('zhangjianguo', r.body, 'decide_attendance', { attendeeIds: [qianwei] });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('不能执行此操作');

    // An ordinary notice before the GM: no such ability, and the action is refused as such.
    let plain = (await (await as('wangfang')).post('/api/v1/incoming', signFor(`普通通知呈批${tag}`, { docKind: '通知', meeting: undefined }))).body;
    plain = await act('wangfang', plain, 'check_pass');
    plain = await act('wangfang', plain, 'propose', { proposal: '拟呈阅' });
    plain = await act('wangfang', plain, 'submit_to_gm');
    expect(plain.abilities).toEqual([]);
    expect((await (await as('zhangjianguo')).get(`/api/v1/incoming/${plain.id}`)).body.abilities.map((a: any) => a.action)).toEqual(['instruct']);
    const wasPlain = await snapshot(plain.id);
    const notMeeting = await post('zhangjianguo', plain, 'decide_attendance', { attendeeIds: [qianwei] });
    expect(notMeeting.status).toBe(409);
    expect(notMeeting.body.error.message).toContain('不是会议通知');
    expect(await snapshot(plain.id)).toEqual(wasPlain);

    // A secret notice: a clerk without the clearance cannot be sent it; a disabled person cannot attend.
    const secret = await beforeGm(`涉密的专题会议通知${tag}`, { classification: 2, scope: [{ kind: 'person', id: await personId('chenjing') }] });
    const was = await snapshot(secret.id);
    const uncleared = await post('zhangjianguo', secret, 'decide_attendance', { attendeeIds: [qianwei, await personId('fengxia')] });
    expect(uncleared.status).toBe(422);
    expect(uncleared.body.error.message).toBe('参会人员涉密等级不足：冯霞');
    const admin = await sessions.as('wulei');
    const daiwei = await personId('daiwei');
    const person = (await admin.get(`/api/v1/org/people/${daiwei}`)).body;
    const off = await admin.patch(`/api/v1/org/people/${daiwei}`, { status: 'disabled', version: person.version });
    expect(off.status, off.text).toBe(200);
    try {
      const disabled = await post('zhangjianguo', secret, 'decide_attendance', { attendeeIds: [daiwei] });
      expect(disabled.status).toBe(422);
      expect(disabled.body.error.message).toBe('参会人员已停用：戴伟');
    } finally {
      expect((await admin.patch(`/api/v1/org/people/${daiwei}`, { status: 'active', version: off.body.version })).status).toBe(200);
    }
    expect(await snapshot(secret.id)).toEqual(was);

    // The attendee outside the secret notice's scope reads it once he is sent to the meeting.
    expect((await (await as('qianwei')).get(`/api/v1/incoming/${secret.id}`)).status).toBe(404);
    await act('zhangjianguo', secret, 'decide_attendance', { attendeeIds: [qianwei] }, '钱伟参加');
    const seen = await (await as('qianwei')).get(`/api/v1/incoming/${secret.id}`);
    expect(seen.status, seen.text).toBe(200);
    expect(seen.body.meeting).toMatchObject({ attendeeNames: ['钱伟'], note: '钱伟参加' });
    expect(await notices('qianwei', secret.id, 'incoming.meeting')).toHaveLength(1);
    // Still nobody else.
    expect((await (await as('xumei')).get(`/api/v1/incoming/${secret.id}`)).status).toBe(404);
  });
});

function r422Message(r: { status: number; body: any }): string {
  expect(r.status).toBe(422);
  return r.body.error.message;
}
