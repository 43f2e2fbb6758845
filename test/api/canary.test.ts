// The canary: a 绝密 record of each record type with a unique marker. Every GET route (lists, counts,
// searches, exports, the SSE stream) is called as every role that may not read it, before and after
// the canary exists, and the email and robot messages sent about it are read off real loopback
// servers. The marker, the file name, the record's id or a changed count must show nowhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../server/platform/ids.js';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type Client, type TestServer } from '../helpers/server.js';
import { asksForMarker, bind, CANARY_FACTORIES, hasPlaceholders, newMarker, openStream, probe, probeTemplates, type Binding, type CanaryRecord, type ProbeResult, type ProbeTemplate, withoutTimes } from '../helpers/canary.js';
import { startSmtp, type SmtpSink } from '../helpers/smtp.js';
import { robotText, startWebhook, type RobotSink } from '../helpers/webhook.js';
import { Sessions } from './auth-sessions.js';

/** Everyone who may not read the canaries: a 绝密-cleared GM outside the scope, and every other role. */
const OUTSIDERS = ['zhangjianguo', 'liming', 'chenjing', 'liuyang', 'qianwei', 'zhaomin', 'sunli', 'wulei', 'zhengjie', 'anonymous'];

// The audit trail names the record each entry is about (DESIGN.md §4: who, what, on which record)
// for the auditor — never its title or content. There the id may appear; the secrets may not.
const ID_IS_AUDIT_DATA = (user: string, route: string) => user === 'zhengjie' && route.startsWith('/api/v1/audit');

type Snapshot = Map<string, ProbeResult>;

describe.each(DIALECTS)('canary records on %s', (dialect) => {
  let s: TestServer;
  let sessions: Sessions;
  let smtp: SmtpSink;
  let robot: RobotSink;
  const outsiders = new Map<string, Client>();
  let templates: ProbeTemplate[];
  // A well-formed id of no record, and a marker nobody uses: what an outsider sees for a record
  // that does not exist is what they must see for a canary.
  const dummy: Binding = { id: '', marker: newMarker(), recordType: 'attachment' };
  const before = new Map<string, Snapshot>();
  // Real records next to the canary (an ordinary file, the canary's uploader and reader as people).
  const otherIds: string[] = [];
  const canaries: CanaryRecord[] = [];
  let streams: Map<string, ReturnType<typeof openStream>>;

  const snapshot = async (user: string, b: Binding): Promise<Snapshot> => {
    const c = outsiders.get(user)!;
    const snap: Snapshot = new Map();
    for (const t of templates) snap.set(t.url, await probe(c, bind(t, b)));
    return snap;
  };

  beforeAll(async () => {
    smtp = await startSmtp();
    robot = await startWebhook('wecom');
    s = await startServer({ dialect, env: { ...smtp.env, ...robot.env, DELIVERY_RETRY_BASE_MS: '200', PUBLIC_URL: 'http://zongban.test' } });
    sessions = new Sessions(s);
    for (const u of OUTSIDERS) outsiders.set(u, u === 'anonymous' ? s.anonymous() : await sessions.as(u));
    // Ordinary records around the canary, so the lists and counts have something in them.
    const clerk = await sessions.as('zhaomin');
    const form = new FormData();
    form.append('classification', '1');
    form.append('file', new Blob(['内部通知'], { type: 'text/plain' }), '内部通知.txt');
    const ordinary = await clerk.request('POST', '/api/v1/attachments', form);
    expect(ordinary.status).toBe(201);
    const people = await s.ctx.database.db.selectFrom('people').select('id').where('username', 'in', ['zhoutao', 'wangfang']).execute();
    otherIds.push(ordinary.body.id, ...people.map((p) => p.id));
    templates = probeTemplates(s.app);
    dummy.id = newId();
    await Promise.all(OUTSIDERS.map(async (u) => before.set(u, await snapshot(u, dummy))));
    // Streams stay open while the canaries are made: nothing about them may be pushed to outsiders.
    streams = new Map(OUTSIDERS.filter((u) => u !== 'anonymous').map((u) => [u, openStream(outsiders.get(u)!, '/api/v1/notifications/stream')]));
    await new Promise((r) => setTimeout(r, 200));
    for (const f of CANARY_FACTORIES) canaries.push(await f.create({ server: s, as: (u) => sessions.as(u) }, newMarker()));
  });
  afterAll(async () => {
    for (const st of streams?.values() ?? []) await st.close();
    await s?.close();
    await smtp?.close();
    await robot?.close();
  });

  it('covers every GET route the app has, and each canary is there for its readers', async () => {
    const routes = new Set(templates.map((t) => t.route));
    expect(routes.has('/api/v1/attachments')).toBe(true);
    expect(routes.has('/api/v1/notifications/stream')).toBe(true);
    expect(routes.has('/api/v1/audit/export')).toBe(true);
    expect(templates.some((t) => t.url.includes('recordId={{ID}}'))).toBe(true);
    expect(canaries.map((c) => c.recordType).sort()).toEqual([...new Set(CANARY_FACTORIES.map((f) => f.recordType))].sort());
    for (const c of canaries) {
      expect(c.readers.some((r) => OUTSIDERS.includes(r))).toBe(false);
      await c.assertVisible((u) => sessions.as(u));
    }
  });

  it('shows no marker, id or changed count to anyone outside the scope, on any GET route', async () => {
    const leaks: string[] = [];
    await Promise.all(
      OUTSIDERS.map(async (user) => {
        const after = await snapshot(user, dummy);
        for (const t of templates) {
          const was = before.get(user)!.get(t.url)!;
          const now = after.get(t.url)!;
          if (was.status !== now.status) leaks.push(`${user} ${t.url}: status ${was.status} → ${now.status}`);
          if (JSON.stringify(was.counts) !== JSON.stringify(now.counts)) leaks.push(`${user} ${t.url}: counts ${JSON.stringify(was.counts)} → ${JSON.stringify(now.counts)}`);
          for (const canary of canaries) {
            const res = hasPlaceholders(t) ? await probe(outsiders.get(user)!, bind(t, canary)) : now;
            // A filter echoing the caller's own words (a printed register's heading) is no leak:
            // for those, the comparison with the answer about nothing below decides.
            const echoed = asksForMarker(t) && now.text.includes(dummy.marker);
            for (const secret of canary.secrets) if (res.text.includes(secret) && !(echoed && secret === canary.marker)) leaks.push(`${user} ${bind(t, canary)}: shows "${secret}"`);
            if (ID_IS_AUDIT_DATA(user, t.route)) continue;
            if (hasPlaceholders(t)) {
              // Asking about the canary must answer exactly what asking about nothing answers.
              const same = withoutTimes(res.text.replaceAll(canary.id, dummy.id).replaceAll(canary.marker, dummy.marker));
              if (res.status !== now.status || same !== withoutTimes(now.text)) leaks.push(`${user} ${bind(t, canary)}: answers ${res.status} ${res.text.slice(-200)} where a missing record answers ${now.status} ${now.text.slice(-200)}`);
            } else if (res.text.includes(canary.id)) leaks.push(`${user} ${t.url}: shows the canary's id`);
            if (!hasPlaceholders(t)) continue;
            for (const id of otherIds) {
              const other = await probe(outsiders.get(user)!, bind(t, { ...dummy, id }));
              for (const needle of [...canary.secrets, canary.id]) if (other.text.includes(needle)) leaks.push(`${user} ${bind(t, { ...dummy, id })}: shows "${needle}"`);
            }
          }
        }
      }),
    );
    console.log(`[canary ${dialect}] ${templates.length} GET probes × ${OUTSIDERS.length} outsiders × ${canaries.length} canaries; leaks: ${leaks.length}`);
    expect(leaks).toEqual([]);
  });

  it('pushes nothing about it through the outsiders’ live streams', async () => {
    const seen: string[] = [];
    for (const [user, st] of streams) {
      const { text, counts } = await st.close();
      expect(text, `${user} stream opened`).toContain('event: unread');
      const unread = new Set(counts.unread ?? []);
      if (unread.size !== 1) seen.push(`${user}: unread changed ${JSON.stringify(counts.unread)}`);
      for (const canary of canaries) for (const needle of [...canary.secrets, canary.id]) if (text.includes(needle)) seen.push(`${user}: stream shows ${needle}`);
    }
    streams.clear();
    expect(seen).toEqual([]);
  });

  it('sends email and robot messages that say only that something needs attention, with a link', async () => {
    const wangfang = await s.ctx.database.db.selectFrom('people').select(['email']).where('username', '=', 'wangfang').executeTakeFirstOrThrow();
    const mail = await smtp.waitForMail((m) => m.to.includes(wangfang.email!));
    const call = await robot.waitForCall();
    const deliveries = await s.ctx.database.db.selectFrom('deliveries').select(['channel', 'state']).execute();
    expect(deliveries.filter((d) => d.state === 'sent').map((d) => d.channel).sort()).toEqual(['email', 'webhook']);
    expect(call.body.msgtype).toBe('text');
    // Everything that left the building, raw and decoded.
    const sent = [...smtp.mails.flatMap((m) => [m.raw, m.subject, m.text]), ...robot.calls.map((c) => `${c.url}\n${c.raw}\n${robotText(c)}`)];
    for (const canary of canaries) for (const text of sent) for (const secret of canary.secrets) expect(text).not.toContain(secret);
    expect(mail.text).toMatch(/http:\/\/zongban\.test\/\S+/);
    expect(robotText(call)).toMatch(/http:\/\/zongban\.test\/\S+/);
  });
});
