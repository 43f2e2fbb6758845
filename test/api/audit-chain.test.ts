// The audit trail: what is recorded, that the database refuses to change it, that the batch chain
// survives concurrent writers, and that `audit verify` names an altered, a deleted and a cut-off
// entry — through the repository, the auditor's route and the command line.
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/platform/auth/password.js';
import { newId, nowIso } from '../../server/platform/ids.js';
import { DIALECTS } from '../helpers/env.js';
import { DEMO_PASSWORD, startServer, type Client, type TestServer } from '../helpers/server.js';
import { Sessions } from './auth-sessions.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'server/cli.ts');
const APPEND_ONLY = ['audit_log', 'audit_chain', 'audit_anchors'];

/** `audit verify` on the command line, against the server's own database. */
async function cliVerify(s: TestServer): Promise<{ code: number; out: string }> {
  const env = { ...process.env, LOG_LEVEL: 'silent', DATA_DIR: s.config.dataDir, DATABASE_URL: s.config.databaseUrl ?? '' };
  try {
    const r = await run(process.execPath, ['--import', 'tsx', CLI, 'audit', 'verify'], { cwd: ROOT, env, timeout: 60_000 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

/** Lets the test tamper the way an intruder with database access would: triggers off first. */
async function disableGuards(s: TestServer) {
  for (const t of APPEND_ONLY) {
    if (s.ctx.database.dialect === 'postgres') await sql.raw(`alter table ${t} disable trigger user`).execute(s.ctx.database.db);
    else for (const g of ['no_update', 'no_delete']) await sql.raw(`drop trigger if exists ${t}_${g}`).execute(s.ctx.database.db);
  }
}

async function refused(s: TestServer, statement: string): Promise<string> {
  try {
    await sql.raw(statement).execute(s.ctx.database.db);
  } catch (e) {
    return String((e as Error).message);
  }
  return 'ACCEPTED';
}

/**
 * A server with no demo company: one auditor account (so the auditor's route can be asked too) and
 * 30 sealed entries; the chain verifies before the test tampers with it.
 */
async function sealedServer(dialect: 'sqlite' | 'postgres') {
  const s = await startServer({ dialect, demo: false, background: false });
  const db = s.ctx.database.db;
  const dept = await db.selectFrom('departments').select(['id', 'company_id']).executeTakeFirstOrThrow();
  const id = newId();
  const at = nowIso();
  await db
    .insertInto('people')
    .values({ id, company_id: dept.company_id, department_id: dept.id, username: 'shenji', name: '审计', email: null, phone: null, position: '安全审计员', rank_order: 1, clearance: 1, status: 'active', password_hash: await hashPassword(DEMO_PASSWORD), password_changed_at: at, totp_secret: null, totp_enabled: 0, totp_last_step: 0, created_at: at, updated_at: at, version: 1 })
    .execute();
  await db.insertInto('person_roles').values({ person_id: id, role: 'auditor' }).execute();
  for (let i = 1; i <= 30; i++) await s.ctx.audit.record(null, { id: 'tester', name: '测试', ip: '127.0.0.1' }, `test.entry.${i}`, { recordType: 'test', recordId: String(i) });
  await s.ctx.audit.repo.sealAll();
  expect(await s.ctx.audit.repo.verify()).toMatchObject({ ok: true, checked: 30, unsealed: 0 });
  const seqs = (await db.selectFrom('audit_log').select('seq').orderBy('seq').execute()).map((r) => Number(r.seq));
  return { s, seqs, auditor: () => new Sessions(s).as('shenji') };
}

describe.each(DIALECTS)('audit chain on %s', (dialect) => {
  describe('on a shared server', () => {
    let s: TestServer;
    let sessions: Sessions;
    let auditor: Client;

    const entries = async (q: string) => {
      const r = await auditor.get(`/api/v1/audit?limit=500&${q}`);
      expect(r.status, r.text).toBe(200);
      return r.body.items as { seq: number; action: string; outcome: string; actorId: string; recordId: string | null; details: any; hash: string | null }[];
    };

    beforeAll(async () => {
      s = await startServer({ dialect });
      sessions = new Sessions(s);
      auditor = await sessions.as('zhengjie');
    });
    afterAll(async () => s?.close());

    it('records log-ins, failed log-ins, refused requests and state changes', async () => {
      const clerk = await sessions.login('zhaomin');
      const me = (await clerk.get('/api/v1/me')).body;
      const bad = await s.anonymous().post('/api/v1/auth/login', { username: 'zhaomin', password: 'wrong-password' });
      expect(bad.status).toBe(401);
      expect((await clerk.get('/api/v1/audit')).status).toBe(403);
      const token = await clerk.post('/api/v1/me/tokens', { name: '审计测试' });
      expect(token.status).toBe(201);
      const admin = await sessions.as('wulei');
      const dept = await admin.post('/api/v1/org/departments', { name: '审计测试部', code: 'AUD1' });
      expect(dept.status).toBe(201);

      // A refused request is recorded once its answer has gone out (onResponse): wait for it.
      await expect.poll(async () => (await entries(`actorId=${me.id}`)).some((e) => e.action === 'GET /api/v1/audit' && e.outcome === 'refused' && e.details.status === 403)).toBe(true);
      const mine = await entries(`actorId=${me.id}`);
      expect(mine.find((e) => e.action === 'auth.login' && e.outcome === 'ok')).toBeDefined();
      expect(mine.find((e) => e.action === 'auth.login' && e.outcome === 'failed' && e.details.reason === 'bad password')).toBeDefined();
      expect(mine.find((e) => e.action === 'auth.token.create' && e.recordId === token.body.id)).toBeDefined();
      expect((await entries(`recordId=${dept.body.id}`)).map((e) => e.action)).toEqual(['department.create']);
      // Refused without a session: no actor, but the address and the route are kept.
      expect((await s.anonymous().post('/api/v1/org/departments', { name: 'x', code: 'X' })).status).toBe(401);
      await expect.poll(async () => (await entries('action=POST /api/v1/org/departments&outcome=refused')).some((e) => e.actorId === null)).toBe(true);
    });

    it('records each read of a classified attachment, and not its appearance in a list', async () => {
      const officer = await sessions.as('zhoutao');
      const form = new FormData();
      form.append('classification', '3');
      form.append('file', new Blob(['机密内容'], { type: 'text/plain' }), '机密.txt');
      const up = await officer.request('POST', '/api/v1/attachments', form);
      expect(up.status, up.text).toBe(201);
      const open = new FormData();
      open.append('classification', '1');
      open.append('file', new Blob(['内部内容'], { type: 'text/plain' }), '内部.txt');
      const internal = await officer.request('POST', '/api/v1/attachments', open);
      expect(internal.status).toBe(201);
      const actions = async (id: string) => (await entries(`recordId=${id}`)).map((e) => e.action).sort();
      expect(await actions(up.body.id)).toEqual(['attachment.upload']);

      const list = await officer.get('/api/v1/attachments?limit=200');
      expect(list.body.items.map((a: { id: string }) => a.id)).toContain(up.body.id);
      expect(await actions(up.body.id)).toEqual(['attachment.upload']);

      expect((await officer.get(`/api/v1/attachments/${up.body.id}`)).status).toBe(200);
      expect(await actions(up.body.id)).toEqual(['attachment.detail', 'attachment.upload']);
      expect((await officer.get(`/api/v1/attachments/${up.body.id}/content`)).text).toBe('机密内容');
      expect(await actions(up.body.id)).toEqual(['attachment.detail', 'attachment.download', 'attachment.upload']);
      const reads = (await entries(`recordId=${up.body.id}`)).filter((e) => e.action !== 'attachment.upload');
      expect(reads.every((e) => e.details.classifiedRead === true && e.outcome === 'ok')).toBe(true);

      // An unclassified (内部) file's reads are ordinary reads: not audited.
      await officer.get(`/api/v1/attachments/${internal.body.id}`);
      await officer.get(`/api/v1/attachments/${internal.body.id}/content`);
      expect(await actions(internal.body.id)).toEqual(['attachment.upload']);
    });

    it('the database refuses UPDATE, DELETE and TRUNCATE on the audit tables', async () => {
      await s.ctx.audit.repo.sealAll();
      for (const t of APPEND_ONLY) {
        const key = t === 'audit_log' ? 'seq' : t === 'audit_chain' ? 'chain_no' : 'id';
        const col = t === 'audit_log' ? 'action' : 'hash';
        expect(await refused(s, `update ${t} set ${col} = 'x' where ${key} = (select min(${key}) from ${t})`)).toMatch(/append-only/);
        expect(await refused(s, `delete from ${t} where ${key} = (select max(${key}) from ${t})`)).toMatch(/append-only/);
        expect(await refused(s, `delete from ${t}`)).toMatch(/append-only/);
        if (dialect === 'postgres') expect(await refused(s, `truncate ${t}`)).toMatch(/append-only/);
      }
      expect(await s.ctx.audit.repo.verify()).toMatchObject({ ok: true });
    });

    it('50 concurrent writers: every entry is chained exactly once and the chain verifies', async () => {
      const users = ['zhaomin', 'jiangning', 'fanqi', 'fengxia', 'hejun'];
      const clients = await Promise.all(users.map((u) => sessions.as(u)));
      const before = Number((await s.ctx.database.db.selectFrom('audit_log').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirstOrThrow()).m);
      // The background sealer keeps running meanwhile, as on a live server.
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => clients[i % clients.length].post('/api/v1/me/tokens', { name: `并发 ${i}` })));
      expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
      await s.ctx.audit.repo.sealAll();
      const v = await s.ctx.audit.repo.verify();
      expect(v).toMatchObject({ ok: true, unsealed: 0 });
      const db = s.ctx.database.db;
      const log = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const chain = await db.selectFrom('audit_chain').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('entry_seq').distinct().as('d')]).executeTakeFirstOrThrow();
      expect(Number(chain.n)).toBe(Number(log.n));
      expect(Number(chain.d)).toBe(Number(log.n));
      expect(v.checked).toBe(Number(log.n));
      const created = await db.selectFrom('audit_log as a').innerJoin('audit_chain as c', 'c.entry_seq', 'a.seq').select('a.seq').where('a.action', '=', 'auth.token.create').where('a.seq', '>', before).execute();
      expect(created).toHaveLength(50);
    });

    it('the auditor verifies the chain through the route', async () => {
      const r = await auditor.post('/api/v1/audit/verify');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ ok: true, unsealed: 0 });
      expect(r.body.checked).toBeGreaterThan(50);
    });
  });

  it.each([
    { what: 'an altered', index: 12, says: 'altered', tamper: (seq: number) => sql`update audit_log set action = 'test.innocent' where seq = ${seq}` },
    { what: 'a deleted', index: 20, says: 'deleted', tamper: (seq: number) => sql`delete from audit_log where seq = ${seq}` },
  ])('names $what entry', async ({ index, says, tamper }) => {
    const { s, seqs, auditor } = await sealedServer(dialect);
    try {
      const victim = seqs[index];
      await disableGuards(s);
      await tamper(victim).execute(s.ctx.database.db);
      const v = await s.ctx.audit.repo.verify();
      expect(v.ok).toBe(false);
      expect(v.firstBroken).toMatchObject({ seq: victim, chainNo: index + 1 });
      expect(v.firstBroken!.reason).toBe(`entry ${victim} was ${says}`);
      const viaRoute = await (await auditor()).post('/api/v1/audit/verify');
      expect(viaRoute.body).toMatchObject({ ok: false, firstBroken: { seq: victim } });
      if (fs.existsSync(CLI)) {
        const cli = await cliVerify(s);
        expect(cli.code, cli.out).toBe(1);
        expect(cli.out).toMatch(new RegExp(`seq ${victim}\\b`));
        expect(cli.out).toContain(says);
      }
    } finally {
      await s.close();
    }
  });

  it('detects that the newest entries were cut off, even after later entries were sealed', async () => {
    const { s, seqs, auditor } = await sealedServer(dialect);
    try {
      const cut = seqs.slice(-5);
      await disableGuards(s);
      await sql`delete from audit_chain where entry_seq >= ${cut[0]}`.execute(s.ctx.database.db);
      await sql`delete from audit_log where seq >= ${cut[0]}`.execute(s.ctx.database.db);
      const v = await s.ctx.audit.repo.verify();
      expect(v.ok).toBe(false);
      expect(v.firstBroken!.chainNo).toBe(26);
      expect(v.firstBroken!.reason).toMatch(/newest entries were removed/);
      // Life goes on: new entries are sealed onto the shortened chain; the old anchor still tells.
      for (let i = 0; i < 3; i++) await s.ctx.audit.record(null, { id: 'tester', name: '测试', ip: '127.0.0.1' }, 'test.after', {});
      await s.ctx.audit.repo.sealAll();
      const later = await s.ctx.audit.repo.verify();
      expect(later.ok).toBe(false);
      expect(later.firstBroken!.chainNo).toBe(26);
      expect(later.firstBroken!.reason).toMatch(/newest entries were removed/);
      const viaRoute = await (await auditor()).post('/api/v1/audit/verify');
      expect(viaRoute.body).toMatchObject({ ok: false, firstBroken: { chainNo: 26 } });
      if (fs.existsSync(CLI)) {
        const cli = await cliVerify(s);
        expect(cli.code, cli.out).toBe(1);
        expect(cli.out).toContain('newest entries were removed');
      }
    } finally {
      await s.close();
    }
  });
});
