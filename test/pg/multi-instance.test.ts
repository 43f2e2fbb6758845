// Two real server processes on one PostgreSQL database behave as one system (Foundation item 10):
// a notification made through one reaches a browser connected to the other, sessions and log-in
// lockouts are shared, a calendar change reaches both at once, and a due job runs exactly once
// even when the process running it is killed with SIGKILL.
import crypto from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { DB } from '../../server/platform/db/schema.js';
import { Sessions } from '../api/auth-sessions.js';
import { PG_URL } from '../helpers/env.js';
import { seedDatabase, spawnServer, type ServerProcess } from '../helpers/processes.js';
import { Client, freshPgDatabase, type TestServer } from '../helpers/server.js';
import { startSmtp, type SmtpSink } from '../helpers/smtp.js';
import { openEventStream, type EventStream } from '../helpers/sse.js';
import { waitUntil } from '../helpers/wait.js';

if (!PG_URL) console.warn('[multi-instance] skipped: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres) to run the several-instances suite.');

describe.skipIf(!PG_URL)('several instances on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshPgDatabase>>;
  let db: Kysely<DB>;
  let smtp: SmtpSink;
  let a: ServerProcess;
  let b: ServerProcess;
  const extra: ServerProcess[] = [];
  const streams: EventStream[] = [];
  let officer: Client;
  let env: Record<string, string>;

  const personId = async (username: string) => (await db.selectFrom('people').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;

  /** The security officer, on A, shares a new file with `username`: who is notified. */
  async function shareFile(username: string, classification = 1) {
    const name = `MI-${crypto.randomBytes(5).toString('hex')}.txt`;
    const form = new FormData();
    form.append('classification', String(classification));
    form.append('file', new Blob([name], { type: 'text/plain' }), name);
    const up = await officer.request('POST', '/api/v1/attachments', form);
    expect(up.status, up.text).toBe(201);
    const res = await officer.patch(`/api/v1/attachments/${up.body.id}/classification`, { classification, scope: [{ kind: 'person', id: await personId(username) }], version: up.body.version });
    expect(res.status, res.text).toBe(200);
    return { id: up.body.id as string, name };
  }

  /** A client on another instance carrying the same session (cookie and CSRF token). */
  function sameSession(c: Client, on: ServerProcess): Client {
    const other = on.client();
    other.cookie = c.cookie;
    other.csrf = c.csrf;
    return other;
  }

  beforeAll(async () => {
    database = await freshPgDatabase();
    db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }) });
    smtp = await startSmtp();
    env = { ...smtp.env, DELIVERY_RETRY_BASE_MS: '500', SSE_HEARTBEAT_MS: '1000' };
    await seedDatabase(database.url);
    [a, b] = await Promise.all([spawnServer({ name: 'A', databaseUrl: database.url, env }), spawnServer({ name: 'B', databaseUrl: database.url, env })]);
    // The officer works on A (he must use a second factor: enrolled through A).
    officer = await new Sessions({ anonymous: () => a.client() } as unknown as TestServer).as('zhoutao');
  }, 180_000);

  afterAll(async () => {
    for (const s of streams) await s.close();
    for (const p of [a, b, ...extra]) await p?.kill();
    await smtp?.close();
    await db?.destroy();
    await database?.drop();
  });

  it('delivers a notification made through A to a browser connected to B', async () => {
    const wangfang = b.client();
    await wangfang.login('wangfang');
    const stream = await openEventStream(wangfang);
    streams.push(stream);
    expect(stream.status).toBe(200);
    const first = await stream.waitFor((e) => e.event === 'unread', 'the initial count on B');
    const from = stream.events.length;
    const file = await shareFile('wangfang');
    await stream.waitFor((e) => e.event === 'unread' && e.data.unread === first.data.unread + 1, 'the new count pushed by B', 10_000, from);
    // And the inbox on B lists what was made on A.
    const inbox = await wangfang.get('/api/v1/notifications?limit=5');
    expect(inbox.body.items[0]).toMatchObject({ recordId: file.id, title: `您已被加入知悉范围：${file.name}` });
  });

  it('shares sessions: a log-in on A works on B, and a log-out on B ends it on A', async () => {
    const onA = a.client();
    await onA.login('chenjing');
    const onB = sameSession(onA, b);
    const me = await onB.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.username).toBe('chenjing');
    // A write on B with the CSRF token issued by A.
    expect((await onB.post('/api/v1/notifications/read', { all: true })).status).toBe(200);
    expect((await onB.post('/api/v1/auth/logout')).status).toBe(200);
    const after = await onA.get('/api/v1/me');
    expect(after.status).toBe(401);
  });

  it('counts failed log-ins across instances: alternating failures lock the account on both', async () => {
    const tries: { on: string; status: number; code?: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const on = i % 2 === 0 ? a : b;
      const r = await on.client().post('/api/v1/auth/login', { username: 'liming', password: `wrong-${i}` });
      tries.push({ on: on.name, status: r.status, code: r.body?.error?.code });
    }
    expect(tries.map((t) => t.code)).toEqual(Array(5).fill('unauthenticated'));
    // Three failures on A and two on B: neither alone reached five, together they did.
    for (const on of [a, b]) {
      const r = await on.client().post('/api/v1/auth/login', { username: 'liming', password: 'Zongban2026' });
      expect(r.status, `${on.name}: ${r.text}`).toBe(429);
      expect(r.body.error.code).toBe('locked_out');
    }
    // Another account is not affected.
    expect((await b.client().post('/api/v1/auth/login', { username: 'wangfang', password: 'Zongban2026' })).status).toBe(200);
  });

  it('applies a calendar change made on A on B at once (not after B’s reload interval)', async () => {
    const onB = b.client();
    await onB.login('wangfang');
    const before = await onB.get('/api/v1/calendar/working-days?from=2027-03-04&add=1');
    expect(before.body).toMatchObject({ date: '2027-03-05' });
    expect(before.body.warning).toContain('2027');
    const onA = a.client();
    await onA.login('wangfang');
    const put = await onA.put('/api/v1/calendar/holidays/2027', { items: [{ date: '2027-03-05', kind: 'holiday', name: '测试假日' }] });
    expect(put.status, put.text).toBe(200);
    // B last loaded the calendar when it started; without the change message it would wait 60 s.
    await waitUntil('B to use the new schedule', async () => (await onB.get('/api/v1/calendar/working-days?from=2027-03-04&add=1')).body.date === '2027-03-08', 5_000);
    const after = await onB.get('/api/v1/calendar/working-days?from=2027-03-04&add=1');
    expect(after.body.warning).toBeNull();
  });

  it('runs a due job exactly once when the process running it is killed with SIGKILL', async () => {
    // Only A may take the job: B stops (gracefully) first, so the one running it is known.
    await b.stop();
    await waitUntil('earlier deliveries to settle', async () => (await db.selectFrom('deliveries').select('id').where('state', '=', 'pending').execute()).length === 0, 15_000);
    const stall = smtp.stallNext();
    const acceptedBefore = smtp.mails.length;
    const file = await shareFile('wangfang');
    const notification = await db.selectFrom('notifications').select('id').where('record_id', '=', file.id).executeTakeFirstOrThrow();
    const delivery = await db.selectFrom('deliveries').selectAll().where('notification_id', '=', notification.id).where('channel', '=', 'email').executeTakeFirstOrThrow();

    // A is in the middle of the send: the message has arrived and waits for the relay's answer.
    await stall.arrived;
    const job = await sql<{ id: string; state: string }>`select id, state from pgboss.job where name = 'notify.deliver' and data->'payload'->>'deliveryId' = ${delivery.id}`.execute(db);
    expect(job.rows).toHaveLength(1);
    expect(job.rows[0].state).toBe('active');
    await a.kill();
    await stall.abandoned; // the relay saw A hang up before it answered: nothing was accepted
    expect(smtp.mails.length).toBe(acceptedBefore);

    // A restarted B takes the job over once its run has expired.
    const b2 = await spawnServer({ name: 'B2', databaseUrl: database.url, env });
    extra.push(b2);
    const mail = await smtp.waitForMail((m) => m.subject.includes(file.name), 30_000);
    expect(mail.to).toEqual([(await db.selectFrom('people').select('email').where('username', '=', 'wangfang').executeTakeFirstOrThrow()).email]);
    await waitUntil('the delivery to be recorded as sent', async () => (await db.selectFrom('deliveries').select('state').where('id', '=', delivery.id).executeTakeFirstOrThrow()).state === 'sent', 10_000);
    await waitUntil('the job to complete', async () => {
      const r = await sql<{ state: string }>`select state from pgboss.job where id = ${job.rows[0].id}`.execute(db);
      return r.rows[0]?.state === 'completed';
    }, 10_000);

    const final = await db.selectFrom('deliveries').selectAll().where('id', '=', delivery.id).executeTakeFirstOrThrow();
    expect(final).toMatchObject({ state: 'sent', attempts: 1, last_error: null });
    const runs = await sql<{ state: string; retry_count: number }>`select state, retry_count from pgboss.job where name = 'notify.deliver' and data->'payload'->>'deliveryId' = ${delivery.id}`.execute(db);
    // One job, run twice (the killed run and the one that finished), completed once.
    expect(runs.rows).toEqual([{ state: 'completed', retry_count: 1 }]);
    expect(smtp.mails.filter((m) => m.subject.includes(file.name))).toHaveLength(1);
    expect(mail.raw).toContain(`Message-ID: <${delivery.id}@127.0.0.1>`);
    expect(smtp.rejected.filter((r) => r.reason === 'client hung up while held')).toHaveLength(1);
    const open = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'notify.deliver' and state < 'completed'`.execute(db);
    expect(open.rows[0].n).toBe(0);
  });
});
