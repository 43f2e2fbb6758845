// The canary: a 绝密 record of each record type with a unique marker. Every GET route (lists, counts,
// searches, exports, the SSE stream) is called as every role that may not read it, before and after
// the canary exists, and the email and robot messages sent about it are read off real loopback
// servers. The marker, the file name, the record's id or a changed count must show nowhere.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../server/platform/ids.js';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type Client, type TestServer } from '../helpers/server.js';
import { bind, CANARY_FACTORIES, hasPlaceholders, newMarker, openStream, probe, probeTemplates, type Binding, type CanaryRecord, type ProbeResult, type ProbeTemplate } from '../helpers/canary.js';
import { Sessions } from './auth-sessions.js';

/** Everyone who may not read the canaries: a 绝密-cleared GM outside the scope, and every other role. */
const OUTSIDERS = ['zhangjianguo', 'liming', 'chenjing', 'liuyang', 'qianwei', 'zhaomin', 'sunli', 'wulei', 'zhengjie', 'anonymous'];

// The audit trail names the record each entry is about (DESIGN.md §4: who, what, on which record)
// for the auditor — never its title or content. There the id may appear; the secrets may not.
const ID_IS_AUDIT_DATA = (user: string, route: string) => user === 'zhengjie' && route.startsWith('/api/v1/audit');

interface Captured {
  mails: string[];
  robots: string[];
}

/** Decodes a MIME message's text parts well enough to search them (quoted-printable, base64). */
function mimeText(raw: string): string {
  const out = [raw];
  for (const part of raw.split(/\r?\n--/)) {
    const [head, ...rest] = part.split(/\r?\n\r?\n/);
    const body = rest.join('\n\n');
    if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
      out.push(Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'));
    } else if (/content-transfer-encoding:\s*base64/i.test(head)) {
      out.push(Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8'));
    }
  }
  // Encoded-word subjects (=?UTF-8?B?…?=).
  out.push(raw.replace(/=\?utf-8\?b\?([^?]+)\?=/gi, (_m, b) => Buffer.from(b, 'base64').toString('utf8')));
  return out.join('\n');
}

async function startSinks(captured: Captured) {
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        captured.mails.push(mimeText(Buffer.concat(chunks).toString('utf8')));
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  const robot = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      captured.robots.push(`${req.url}\n${Buffer.concat(chunks).toString('utf8')}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}');
    });
  });
  await new Promise<void>((r) => robot.listen(0, '127.0.0.1', () => r()));
  return {
    smtpPort: (smtp.server.address() as AddressInfo).port,
    robotUrl: `http://127.0.0.1:${(robot.address() as AddressInfo).port}/cgi-bin/webhook/send?key=canary`,
    close: async () => {
      await new Promise<void>((r) => smtp.close(() => r()));
      await new Promise<void>((r) => robot.close(() => r()));
    },
  };
}

async function waitFor(what: string, ok: () => boolean, ms = 20_000) {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Snapshot = Map<string, ProbeResult>;

describe.each(DIALECTS)('canary records on %s', (dialect) => {
  let s: TestServer;
  let sessions: Sessions;
  let sinks: Awaited<ReturnType<typeof startSinks>>;
  const captured: Captured = { mails: [], robots: [] };
  const outsiders = new Map<string, Client>();
  let templates: ProbeTemplate[];
  // A well-formed id of no record, and a marker nobody uses: what an outsider sees for a record
  // that does not exist is what they must see for a canary.
  const dummy: Binding = { id: '', marker: newMarker(), recordType: 'attachment' };
  const before = new Map<string, Snapshot>();
  let canaries: CanaryRecord[] = [];
  let streams: Map<string, ReturnType<typeof openStream>>;

  const snapshot = async (user: string, b: Binding): Promise<Snapshot> => {
    const c = outsiders.get(user)!;
    const snap: Snapshot = new Map();
    for (const t of templates) snap.set(t.url, await probe(c, bind(t, b)));
    return snap;
  };

  beforeAll(async () => {
    sinks = await startSinks(captured);
    s = await startServer({
      dialect,
      env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sinks.smtpPort), WEBHOOK_URL: sinks.robotUrl, WEBHOOK_KIND: 'wecom', DELIVERY_RETRY_BASE_MS: '200', PUBLIC_URL: 'http://zongban.test' },
    });
    sessions = new Sessions(s);
    for (const u of OUTSIDERS) outsiders.set(u, u === 'anonymous' ? s.anonymous() : await sessions.as(u));
    // Ordinary records around the canary, so the lists and counts have something in them.
    const clerk = await sessions.as('zhaomin');
    const form = new FormData();
    form.append('classification', '1');
    form.append('file', new Blob(['内部通知'], { type: 'text/plain' }), '内部通知.txt');
    expect((await clerk.request('POST', '/api/v1/attachments', form)).status).toBe(201);
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
    await sinks?.close();
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
            for (const secret of canary.secrets) if (res.text.includes(secret)) leaks.push(`${user} ${bind(t, canary)}: shows "${secret}"`);
            if (ID_IS_AUDIT_DATA(user, t.route)) continue;
            if (hasPlaceholders(t)) {
              // Asking about the canary must answer exactly what asking about nothing answers.
              const same = res.text.replaceAll(canary.id, dummy.id).replaceAll(canary.marker, dummy.marker);
              if (res.status !== now.status || same !== now.text) leaks.push(`${user} ${bind(t, canary)}: answers ${res.status} ${res.text.slice(-200)} where a missing record answers ${now.status} ${now.text.slice(-200)}`);
            } else if (res.text.includes(canary.id)) leaks.push(`${user} ${t.url}: shows the canary's id`);
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
    await waitFor('the email and the robot message', () => captured.mails.some((m) => m.includes(wangfang.email!)) && captured.robots.length >= 1);
    const deliveries = await s.ctx.database.db.selectFrom('deliveries').select(['channel', 'state']).execute();
    expect(deliveries.filter((d) => d.state === 'sent').map((d) => d.channel).sort()).toEqual(['email', 'webhook']);
    for (const canary of canaries) {
      for (const msg of [...captured.mails, ...captured.robots]) {
        for (const secret of canary.secrets) expect(msg).not.toContain(secret);
        expect(msg).toContain('http://zongban.test/');
      }
    }
    const robot = JSON.parse(captured.robots[0].split('\n').slice(1).join('\n'));
    expect(robot.msgtype).toBe('text');
    expect(robot.text.content).toMatch(/http:\/\/zongban\.test\/\S+/);
  });
});
