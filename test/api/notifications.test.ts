// Notifications end to end on both databases: the inbox API, the live SSE stream (real HTTP,
// streaming reader), email to a real SMTP server and robot messages to a real HTTP receiver on
// loopback, delivery records and retries, and what a classified record lets out (seed 八 1.16–1.17).
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { createWebhookSender } from '../../server/platform/notify/channels.js';
import { Sessions } from './auth-sessions.js';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type Client, type TestServer } from '../helpers/server.js';
import { startSmtp, type SmtpSink } from '../helpers/smtp.js';
import { openEventStream, type EventStream } from '../helpers/sse.js';
import { robotText, startWebhook, type RobotKind, type RobotSink } from '../helpers/webhook.js';
import { waitUntil } from '../helpers/wait.js';

const PUBLIC_URL = 'http://zongban.test';
const GENERIC_SUBJECT = '【总办】您有一项事项需要处理';
const marker = () => `MK${crypto.randomBytes(5).toString('hex')}`;

describe.each(DIALECTS)('notifications on %s', (dialect) => {
  const robotKind: RobotKind = dialect === 'sqlite' ? 'wecom' : 'feishu';
  let s: TestServer;
  let smtp: SmtpSink;
  let robot: RobotSink;
  let sessions: Sessions;
  let officer: Client;
  let wangfang: Client;
  const streams: EventStream[] = [];

  const personId = async (username: string) => (await s.ctx.database.db.selectFrom('people').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
  const emailOf = async (username: string) => (await s.ctx.database.db.selectFrom('people').select('email').where('username', '=', username).executeTakeFirstOrThrow()).email!;

  /** The security officer uploads a file and lets the named people into its reading scope: they are notified. */
  async function shareFile(classification: number, usernames: string[], name = `${marker()}.txt`) {
    const form = new FormData();
    form.append('classification', String(classification));
    form.append('file', new Blob([`内容 ${name}`], { type: 'text/plain' }), name);
    const up = await officer.request('POST', '/api/v1/attachments', form);
    expect(up.status, up.text).toBe(201);
    // A classified upload has its uploader in scope already; a new scope replaces it, so he stays named.
    const named = classification >= 2 ? ['zhoutao', ...usernames] : usernames;
    const scope = await Promise.all(named.map(async (u) => ({ kind: 'person', id: await personId(u) })));
    const res = await officer.patch(`/api/v1/attachments/${up.body.id}/classification`, { classification, scope, version: up.body.version });
    expect(res.status, res.text).toBe(200);
    return { id: up.body.id as string, name };
  }

  async function notificationAbout(username: string, attachmentId: string) {
    const row = await s.ctx.database.db.selectFrom('notifications').selectAll().where('record_id', '=', attachmentId).where('person_id', '=', await personId(username)).executeTakeFirstOrThrow();
    return row;
  }

  async function deliveries(notificationIds: string[]) {
    return s.ctx.database.db.selectFrom('deliveries').selectAll().where('notification_id', 'in', notificationIds).orderBy('channel').execute();
  }

  async function waitDelivery(notificationId: string, channel: 'email' | 'webhook', ok: (d: { state: string; attempts: number; last_error: string | null }) => boolean, what: string, ms = 20_000) {
    let row: Awaited<ReturnType<typeof deliveries>>[number] | undefined;
    await waitUntil(what, async () => {
      row = (await deliveries([notificationId])).find((d) => d.channel === channel);
      return !!row && ok(row);
    }, ms);
    return row!;
  }

  beforeAll(async () => {
    smtp = await startSmtp();
    robot = await startWebhook(robotKind);
    s = await startServer({ dialect, env: { ...smtp.env, ...robot.env, PUBLIC_URL, DELIVERY_RETRY_BASE_MS: '300', SSE_HEARTBEAT_MS: '400' } });
    sessions = new Sessions(s);
    officer = await sessions.as('zhoutao');
    wangfang = await s.login('wangfang');
  });
  afterAll(async () => {
    for (const st of streams) await st.close();
    await s?.close();
    await smtp?.close();
    await robot?.close();
  });

  it('lists the inbox, counts unread and marks read by id and all at once', async () => {
    const empty = await wangfang.get('/api/v1/notifications/unread-count');
    expect(empty.status).toBe(200);
    const before = empty.body.unread as number;
    const a = await shareFile(1, ['wangfang']);
    const b = await shareFile(1, ['wangfang']);
    const list = await wangfang.get('/api/v1/notifications?limit=10');
    expect(list.status).toBe(200);
    expect(list.body.unread).toBe(before + 2);
    const mine = list.body.items.filter((n: any) => [a.id, b.id].includes(n.recordId));
    expect(mine).toHaveLength(2);
    expect(mine[0]).toMatchObject({ kind: 'scope.added', recordType: 'attachment', readAt: null });
    expect(mine.map((n: any) => n.title).sort()).toEqual([`您已被加入知悉范围：${a.name}`, `您已被加入知悉范围：${b.name}`].sort());

    // Someone else's ids change nothing in this inbox.
    const chenjing = await s.login('chenjing');
    const other = await chenjing.post('/api/v1/notifications/read', { ids: mine.map((n: any) => n.id) });
    expect(other.status).toBe(200);
    expect((await wangfang.get('/api/v1/notifications/unread-count')).body.unread).toBe(before + 2);

    const one = await wangfang.post('/api/v1/notifications/read', { ids: [mine[0].id] });
    expect(one.status).toBe(200);
    expect(one.body.unread).toBe(before + 1);
    const unreadOnly = await wangfang.get('/api/v1/notifications?unread=true&limit=100');
    expect(unreadOnly.body.items.map((n: any) => n.id)).not.toContain(mine[0].id);
    expect(unreadOnly.body.items.map((n: any) => n.id)).toContain(mine[1].id);

    const all = await wangfang.post('/api/v1/notifications/read', { all: true });
    expect(all.body.unread).toBe(0);
    const after = await wangfang.get('/api/v1/notifications?limit=10');
    expect(after.body.items.find((n: any) => n.id === mine[1].id).readAt).toEqual(expect.any(String));
  });

  it('pushes the unread count over SSE when a notification arrives and when it is read', async () => {
    await wangfang.post('/api/v1/notifications/read', { all: true });
    const stream = await openEventStream(wangfang);
    streams.push(stream);
    expect(stream.status).toBe(200);
    await stream.waitFor((e) => e.event === 'unread' && e.data.unread === 0, 'the initial count');
    const from = stream.events.length;
    await shareFile(2, ['wangfang']);
    await stream.waitFor((e) => e.event === 'unread' && e.data.unread === 1, 'the count after a notification', 10_000, from);
    const next = stream.events.length;
    await wangfang.post('/api/v1/notifications/read', { all: true });
    await stream.waitFor((e) => e.event === 'unread' && e.data.unread === 0, 'the count after reading', 10_000, next);
    // Only counts travel on the stream.
    for (const e of stream.events) expect(Object.keys(e.data)).toEqual(['unread']);
  });

  it('emails the title of an unclassified record, and records the delivery as sent', async () => {
    const file = await shareFile(1, ['wangfang']);
    const mail = await smtp.waitForMail((m) => m.subject.includes(file.name));
    expect(mail.to).toEqual([await emailOf('wangfang')]);
    expect(mail.from).toBe('zongban@zongban.test');
    expect(mail.subject).toBe(`【总办】您已被加入知悉范围：${file.name}`);
    expect(mail.text).toContain(`${PUBLIC_URL}/attachments/${file.id}`);
    const n = await notificationAbout('wangfang', file.id);
    const d = await waitDelivery(n.id, 'email', (x) => x.state === 'sent', 'the email delivery to be recorded');
    expect(d).toMatchObject({ target: await emailOf('wangfang'), state: 'sent', attempts: 1, last_error: null });
    // One Message-ID per delivery, whatever the attempt: a resend is recognisable as the same message.
    expect(mail.raw).toMatch(new RegExp(`^Message-ID: <${d.id}@zongban\\.test>`, 'mi'));
    expect(d.sent_at).toEqual(expect.any(String));
  });

  it('sends nothing of a classified record by email or robot: a generic text and a link to the inbox', async () => {
    // Earlier tests' messages first, so that what arrives next is this record's.
    await waitUntil('earlier deliveries to settle', async () => (await s.ctx.database.db.selectFrom('deliveries').select('id').where('state', '=', 'pending').execute()).length === 0, 20_000);
    const mailsFrom = smtp.mails.length;
    const callsFrom = robot.calls.length;
    const file = await shareFile(3, ['wangfang'], `机密-${marker()}.txt`);
    const n = await notificationAbout('wangfang', file.id);
    const email = await waitDelivery(n.id, 'email', (x) => x.state === 'sent', 'the email');
    const hook = await waitDelivery(n.id, 'webhook', (x) => x.state === 'sent', 'the robot message');
    expect(email.attempts).toBe(1);
    expect(hook.attempts).toBe(1);
    const mails = smtp.mails.slice(mailsFrom);
    const calls = robot.calls.slice(callsFrom);
    expect(calls).toHaveLength(1);
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toEqual([email.target]);
    const generic = mails.filter((m) => m.subject === GENERIC_SUBJECT);
    expect(generic).toHaveLength(1);
    for (const out of [...mails.map((m) => m.raw + m.subject + m.text), ...calls.map((c) => c.raw)]) {
      expect(out).not.toContain(file.name);
      expect(out).not.toContain(file.name.replace(/\.txt$/, ''));
      expect(out).not.toContain(file.id);
    }
    expect(generic[0].text).toContain(`${PUBLIC_URL}/notifications`);
    const text = robotText(calls[0]);
    expect(text).toContain(GENERIC_SUBJECT);
    expect(text).toContain(`${PUBLIC_URL}/notifications`);
    // In the inbox, where the policy applies, the reader sees the title.
    const inbox = await wangfang.get('/api/v1/notifications?limit=50');
    expect(inbox.body.items.find((x: any) => x.id === n.id).title).toContain(file.name);
  });

  it(`posts to the ${robotKind} robot in its own body shape`, async () => {
    const file = await shareFile(1, ['wangfang', 'chenjing']);
    const call = await robot.waitForCall((c) => c.raw.includes(file.name));
    if (robotKind === 'wecom') expect(call.body).toEqual({ msgtype: 'text', text: { content: expect.stringContaining(file.name) } });
    else expect(call.body).toEqual({ msg_type: 'text', content: { text: expect.stringContaining(file.name) } });
    expect(robotText(call)).toContain(`${PUBLIC_URL}/attachments/${file.id}`);
    // One message to the group per event, not one per recipient.
    const ids = [(await notificationAbout('wangfang', file.id)).id, (await notificationAbout('chenjing', file.id)).id];
    await waitUntil('both emails sent', async () => (await deliveries(ids)).filter((d) => d.channel === 'email' && d.state === 'sent').length === 2, 15_000);
    expect((await deliveries(ids)).filter((d) => d.channel === 'webhook')).toHaveLength(1);
    expect(robot.calls.filter((c) => c.raw.includes(file.name))).toHaveLength(1);
  });

  it('records a refused email (4xx, 5xx), retries it later, and sends it once', async () => {
    smtp.refuseNext(1, 451);
    smtp.refuseNext(1, 554);
    const rejectedBefore = smtp.rejected.length;
    const file = await shareFile(1, ['wangfang']);
    const n = await notificationAbout('wangfang', file.id);
    const failed = await waitDelivery(n.id, 'email', (x) => x.attempts >= 1, 'the first failed attempt');
    expect(failed.state === 'pending' || failed.attempts > 1).toBe(true);
    expect(failed.last_error).toMatch(/451|554/);
    const sent = await waitDelivery(n.id, 'email', (x) => x.state === 'sent', 'the retried email', 20_000);
    expect(sent.attempts).toBe(3);
    expect(sent.last_error).toBeNull();
    const refusals = smtp.rejected.slice(rejectedBefore);
    expect(refusals.map((r) => r.reason)).toEqual(['refused 451', 'refused 554']);
    // Retried after a delay that grows (base 300 ms, then ×4).
    expect(refusals[1].at - refusals[0].at).toBeGreaterThanOrEqual(250);
    const accepted = smtp.mails.filter((m) => m.subject.includes(file.name));
    expect(accepted).toHaveLength(1);
    expect(accepted[0].raw).toContain(`Message-ID: <${sent.id}@zongban.test>`);
    expect(accepted[0].at - refusals[1].at).toBeGreaterThanOrEqual(1000);
  });

  it('records an email to a relay that is down, and sends it once the relay is back', async () => {
    const port = smtp.port;
    await smtp.close();
    const file = await shareFile(1, ['wangfang']);
    const n = await notificationAbout('wangfang', file.id);
    const failed = await waitDelivery(n.id, 'email', (x) => x.attempts >= 1 && !!x.last_error, 'the attempt against the closed port');
    expect(failed.last_error).toMatch(/ECONNREFUSED|connect/i);
    smtp = await startSmtp({ port });
    const mail = await smtp.waitForMail((m) => m.subject.includes(file.name), 20_000);
    expect(mail.to).toEqual([await emailOf('wangfang')]);
    const sent = await waitDelivery(n.id, 'email', (x) => x.state === 'sent', 'the delivery marked sent');
    expect(sent.attempts).toBeGreaterThanOrEqual(2);
  });

  it('records a robot that refuses in its answer body (HTTP 200, errcode), and retries it', async () => {
    robot.answerNext(1, 200, robotKind === 'feishu' ? { code: 9499, msg: 'Bad Request' } : { errcode: 45009, errmsg: 'api freq out of limit' });
    const file = await shareFile(1, ['wangfang']);
    const n = await notificationAbout('wangfang', file.id);
    const sent = await waitDelivery(n.id, 'webhook', (x) => x.state === 'sent', 'the robot message after the retry');
    expect(sent.attempts).toBe(2);
    expect(robot.calls.filter((c) => c.raw.includes(file.name))).toHaveLength(2);
  });

  it('cleans up after each stream: no subscription outlives its connection', async () => {
    const before = s.ctx.pubsub.listeners('notifications');
    const opened = await Promise.all([1, 2, 3].map(() => openEventStream(wangfang)));
    for (const st of opened) await st.waitFor((e) => e.event === 'unread', 'the initial count');
    expect(s.ctx.pubsub.listeners('notifications')).toBe(before + 3);
    for (const st of opened) await st.close();
    await waitUntil('the subscriptions to go', () => s.ctx.pubsub.listeners('notifications') === before, 5_000);
  });

  it('ends the stream when its session ends (log-out), and the reconnect is refused', async () => {
    const c = await s.login('wangfang');
    const cookie = c.cookie;
    const stream = await openEventStream(c);
    streams.push(stream);
    await stream.waitFor((e) => e.event === 'unread', 'the initial count');
    expect((await c.post('/api/v1/auth/logout')).status).toBe(200);
    await waitUntil('the stream to end', () => stream.isEnded(), 5_000);
    expect(stream.events.at(-1)).toMatchObject({ event: 'end', data: { reason: 'session_ended' } });
    c.cookie = cookie;
    const again = await openEventStream(c);
    expect(again.status).toBe(401);
  });

  it('ends the stream of a person who is disabled', async () => {
    const zhaomin = await s.login('zhaomin');
    const stream = await openEventStream(zhaomin);
    streams.push(stream);
    await stream.waitFor((e) => e.event === 'unread', 'the initial count');
    const admin = await sessions.as('wulei');
    const id = await personId('zhaomin');
    const person = await admin.get(`/api/v1/org/people/${id}`);
    const off = await admin.patch(`/api/v1/org/people/${id}`, { status: 'disabled', version: person.body.version });
    expect(off.status, off.text).toBe(200);
    await waitUntil('the stream to end', () => stream.isEnded(), 5_000);
    expect((await openEventStream(zhaomin)).status).toBe(401);
    const on = await admin.patch(`/api/v1/org/people/${id}`, { status: 'active', version: off.body.version });
    expect(on.status, on.text).toBe(200);
  });
});

describe('robot body shapes and signatures (加签), over real HTTP', () => {
  const msg = { subject: '【总办】测试', text: '正文', link: 'http://zongban.test/notifications' };
  const sinks: RobotSink[] = [];
  afterAll(async () => {
    for (const r of sinks) await r.close();
  });
  const send = async (kind: RobotKind, secret?: string) => {
    const sink = await startWebhook(kind, { secret });
    sinks.push(sink);
    await createWebhookSender(loadConfig(sink.env))!(msg);
    return sink.calls[0];
  };
  const hmac = (key: string, data: string) => crypto.createHmac('sha256', key).update(data).digest('base64');

  it('企业微信: msgtype text with text.content', async () => {
    const call = await send('wecom');
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.body).toEqual({ msgtype: 'text', text: { content: `${msg.subject}\n${msg.text}\n${msg.link}` } });
  });

  it('钉钉: msgtype text, no @all, signed in the query (timestamp, sign)', async () => {
    const call = await send('dingtalk', 'SECdemo');
    expect(call.body).toEqual({ msgtype: 'text', text: { content: `${msg.subject}\n${msg.text}\n${msg.link}` }, at: { isAtAll: false } });
    const q = new URL(call.url, 'http://x').searchParams;
    expect(q.get('access_token')).toBe('test-token');
    const ts = q.get('timestamp')!;
    expect(Math.abs(Number(ts) - Date.now())).toBeLessThan(60_000);
    expect(q.get('sign')).toBe(hmac('SECdemo', `${ts}\nSECdemo`));
  });

  it('飞书: msg_type text with content.text, signed in the body (timestamp, sign)', async () => {
    const call = await send('feishu', 'feishu-secret');
    expect(call.body).toMatchObject({ msg_type: 'text', content: { text: `${msg.subject}\n${msg.text}\n${msg.link}` } });
    const ts = call.body.timestamp as string;
    expect(Math.abs(Number(ts) * 1000 - Date.now())).toBeLessThan(60_000);
    expect(call.body.sign).toBe(hmac(`${ts}\nfeishu-secret`, ''));
  });

  it('treats an HTTP error or a refusal in the body as a failure', async () => {
    const sink = await startWebhook('dingtalk');
    sinks.push(sink);
    const sender = createWebhookSender(loadConfig(sink.env))!;
    sink.answerNext(1, 500, { error: 'boom' });
    await expect(sender(msg)).rejects.toThrow('webhook answered 500');
    sink.answerNext(1, 200, { errcode: 310000, errmsg: 'keywords not in content' });
    await expect(sender(msg)).rejects.toThrow(/310000/);
    await expect(sender(msg)).resolves.toBeUndefined();
  });
});
