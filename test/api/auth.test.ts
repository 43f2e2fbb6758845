// Log-in and sessions as the issue asks: cookie flags, CSRF, API tokens, log-out and disabling that
// act on the very next request, idle and absolute expiry, password change, lock-out, TOTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hotp, totpStep } from '../../server/platform/auth/totp.js';
import { sha256Hex } from '../../server/platform/ids.js';
import { DIALECTS } from '../helpers/env.js';
import { Client, DEMO_PASSWORD, startServer, type TestServer } from '../helpers/server.js';
import { Sessions } from './auth-sessions.js';

const isoAgo = (ms: number) => new Date(Date.now() - ms).toISOString();

describe.each(DIALECTS)('log-in and sessions on %s', (dialect) => {
  let s: TestServer;
  let sessions: Sessions;
  const db = () => s.ctx.database.db;
  const personId = async (username: string) => (await db().selectFrom('people').select('id').where('username', '=', username).executeTakeFirstOrThrow()).id;
  const sessionIdOf = (c: Client) => sha256Hex(c.cookie.split('=')[1]);

  beforeAll(async () => {
    s = await startServer({ dialect });
    sessions = new Sessions(s);
  });
  afterAll(async () => s?.close());

  it('sets an HttpOnly, SameSite session cookie, a new random token at every log-in', async () => {
    const login = () => fetch(`${s.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'zhaomin', password: DEMO_PASSWORD }) });
    const first = (await login()).headers.getSetCookie().find((c) => c.startsWith('zb_session='))!;
    const second = (await login()).headers.getSetCookie().find((c) => c.startsWith('zb_session='))!;
    expect(first).toMatch(/;\s*HttpOnly/i);
    expect(first).toMatch(/;\s*SameSite=(Lax|Strict)/i);
    expect(first).toMatch(/;\s*Path=\//i);
    const token = (c: string) => c.split(';')[0].split('=')[1];
    expect(token(first)).not.toBe(token(second));
    expect(Buffer.from(token(first), 'base64url').length).toBeGreaterThanOrEqual(16); // ≥ 128 bits
    // A session cookie sent along with a log-in is not kept (no fixation): a new one is issued.
    const c = await sessions.login('zhaomin');
    const before = c.cookie;
    await c.login('zhaomin');
    expect(c.cookie).not.toBe(before);
    // Only the hash of the token is stored.
    expect(await db().selectFrom('sessions').select('id').where('id', '=', token(first)).executeTakeFirst()).toBeUndefined();
    expect(await db().selectFrom('sessions').select('id').where('id', '=', sha256Hex(token(first))).executeTakeFirst()).toBeDefined();
  });

  it('refuses a cookie-authenticated write without the CSRF header, and takes it with', async () => {
    const c = await sessions.login('jiangning');
    const csrf = c.csrf;
    c.csrf = '';
    const without = await c.post('/api/v1/notifications/read', { all: true });
    expect(without.status).toBe(403);
    expect(without.body.error.code).toBe('csrf_failed');
    const wrong = await c.request('POST', '/api/v1/notifications/read', { all: true }, { 'x-csrf-token': csrf.replace(/^./, (ch) => (ch === 'A' ? 'B' : 'A')) });
    expect(wrong.status).toBe(403);
    c.csrf = csrf;
    expect((await c.post('/api/v1/notifications/read', { all: true })).status).toBe(200);
    // Reads need no header.
    c.csrf = '';
    expect((await c.get('/api/v1/me')).status).toBe(200);
  });

  it('an API token works as a bearer without CSRF, and not once revoked', async () => {
    const owner = await sessions.login('fanqi');
    const created = await owner.post('/api/v1/me/tokens', { name: '集成' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^zbt_/);
    const bot = new Client(s.url);
    bot.bearer = created.body.token;
    expect((await bot.get('/api/v1/me')).body.username).toBe('fanqi');
    expect((await bot.post('/api/v1/notifications/read', { all: true })).status).toBe(200);
    expect((await bot.post('/api/v1/me/tokens', { name: '再来一个' })).status).toBe(403);
    expect((await owner.get('/api/v1/me/tokens')).text).not.toContain(created.body.token);
    expect((await owner.delete(`/api/v1/me/tokens/${created.body.id}`)).status).toBe(200);
    const revoked = await bot.get('/api/v1/me');
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('unauthenticated');
    const forged = new Client(s.url);
    forged.bearer = `zbt_${'A'.repeat(43)}`;
    expect((await forged.get('/api/v1/me')).status).toBe(401);
  });

  it('log-out ends the session on the very next request', async () => {
    const c = await sessions.login('xumei');
    const cookie = c.cookie;
    expect((await c.post('/api/v1/auth/logout')).status).toBe(200);
    const replay = new Client(s.url);
    replay.cookie = cookie;
    expect((await replay.get('/api/v1/me')).status).toBe(401);
  });

  it('disabling an account ends its sessions and tokens on the very next request', async () => {
    const admin = await sessions.as('wulei');
    const user = await sessions.login('hanbing');
    const token = (await user.post('/api/v1/me/tokens', { name: '脚本' })).body.token as string;
    const bot = new Client(s.url);
    bot.bearer = token;
    expect((await user.get('/api/v1/me')).status).toBe(200);
    const id = await personId('hanbing');
    const person = (await admin.get(`/api/v1/org/people/${id}`)).body;
    const off = await admin.patch(`/api/v1/org/people/${id}`, { status: 'disabled', version: person.version });
    expect(off.status, off.text).toBe(200);
    expect((await user.get('/api/v1/me')).status).toBe(401);
    expect((await bot.get('/api/v1/me')).status).toBe(401);
    const again = await s.anonymous().post('/api/v1/auth/login', { username: 'hanbing', password: DEMO_PASSWORD });
    expect(again.status).toBe(401);
    const on = await admin.patch(`/api/v1/org/people/${id}`, { status: 'active', version: off.body.version });
    expect(on.status).toBe(200);
    expect((await sessions.login('hanbing')).cookie).toMatch(/^zb_session=/);
  });

  it('expires a session when idle and at its absolute end, and extends it with activity', async () => {
    const c = await sessions.login('dengchao');
    const id = sessionIdOf(c);
    const row = await db().selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const created = Date.parse(row.created_at);
    expect(Date.parse(row.idle_expires_at) - created).toBe(s.config.sessionIdleMinutes * 60_000);
    expect(Date.parse(row.absolute_expires_at) - created).toBe(s.config.sessionAbsoluteHours * 3_600_000);

    // Active two minutes ago, one minute of idle time left: a request pushes the idle end forward.
    await db().updateTable('sessions').set({ last_seen_at: isoAgo(120_000), idle_expires_at: isoAgo(-60_000) }).where('id', '=', id).execute();
    expect((await c.get('/api/v1/me')).status).toBe(200);
    const touched = await db().selectFrom('sessions').select('idle_expires_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(Date.parse(touched.idle_expires_at)).toBeGreaterThan(Date.now() + (s.config.sessionIdleMinutes - 1) * 60_000);

    await db().updateTable('sessions').set({ idle_expires_at: isoAgo(1000) }).where('id', '=', id).execute();
    expect((await c.get('/api/v1/me')).status).toBe(401);
    expect(await db().selectFrom('sessions').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();

    const d = await sessions.login('dengchao');
    await db().updateTable('sessions').set({ absolute_expires_at: isoAgo(1000) }).where('id', '=', sessionIdOf(d)).execute();
    expect((await d.get('/api/v1/me')).status).toBe(401);
  });

  it('changing the password needs the current one and ends the other sessions', async () => {
    const here = await sessions.login('caoyang');
    const elsewhere = await sessions.login('caoyang');
    const wrong = await here.post('/api/v1/me/password', { currentPassword: 'not-it-123', newPassword: 'Caoyang2027new' });
    expect(wrong.status).toBe(422);
    expect((await elsewhere.get('/api/v1/me')).status).toBe(200);
    const weak = await here.post('/api/v1/me/password', { currentPassword: DEMO_PASSWORD, newPassword: 'short' });
    expect(weak.status).toBe(400);
    const ok = await here.post('/api/v1/me/password', { currentPassword: DEMO_PASSWORD, newPassword: 'Caoyang2027new' });
    expect(ok.status).toBe(200);
    expect((await here.get('/api/v1/me')).status).toBe(200);
    expect((await elsewhere.get('/api/v1/me')).status).toBe(401);
    expect((await s.anonymous().post('/api/v1/auth/login', { username: 'caoyang', password: DEMO_PASSWORD })).status).toBe(401);
    expect((await sessions.login('caoyang', 'Caoyang2027new')).cookie).toMatch(/^zb_session=/);
  });

  it('a password reset by the sysadmin ends every session of that person', async () => {
    const admin = await sessions.as('wulei');
    const user = await sessions.login('zenglin');
    const reset = await admin.post(`/api/v1/org/people/${await personId('zenglin')}/password`, { password: 'Zenglin2027reset' });
    expect(reset.status, reset.text).toBe(200);
    expect((await user.get('/api/v1/me')).status).toBe(401);
    expect((await s.anonymous().post('/api/v1/auth/login', { username: 'zenglin', password: DEMO_PASSWORD })).status).toBe(401);
    expect((await sessions.login('zenglin', 'Zenglin2027reset')).cookie).toMatch(/^zb_session=/);
  });

  it('locks an account after 5 failed log-ins, even against the right password, counted in the database', async () => {
    const anon = s.anonymous();
    for (let i = 1; i <= 5; i++) {
      const r = await anon.post('/api/v1/auth/login', { username: 'pengfei', password: `wrong-${i}` });
      expect(r.status).toBe(401);
    }
    const throttle = await db().selectFrom('login_throttle').selectAll().where('key', '=', 'user:pengfei').executeTakeFirstOrThrow();
    expect(Number(throttle.failures)).toBe(5);
    expect(Date.parse(throttle.locked_until!)).toBeGreaterThan(Date.now());
    const right = await anon.post('/api/v1/auth/login', { username: 'pengfei', password: DEMO_PASSWORD });
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe('locked_out');
    expect(right.headers.get('set-cookie')).toBeNull();
    // The lock is the account's: a colleague at the same address still logs in.
    expect((await sessions.login('xiaoran')).cookie).toMatch(/^zb_session=/);
    // When the lock has run out, the right password works again and clears the count.
    await db().updateTable('login_throttle').set({ locked_until: isoAgo(1000), window_started_at: isoAgo(3_600_000) }).where('key', '=', 'user:pengfei').execute();
    expect((await sessions.login('pengfei')).cookie).toMatch(/^zb_session=/);
    expect(await db().selectFrom('login_throttle').select('key').where('key', '=', 'user:pengfei').executeTakeFirst()).toBeUndefined();
  });

  it('a role that must use TOTP can do nothing but enrol until it has', async () => {
    const c = s.anonymous();
    const me = await c.login('zhengjie'); // auditor, not enrolled yet on this server
    expect(me.mfaState).toBe('enrol');
    const blocked = await c.get('/api/v1/audit');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('mfa_enrolment_required');
    expect((await c.get('/api/v1/me')).status).toBe(200);
    await sessions.enrol('zhengjie', c);
    expect((await c.get('/api/v1/audit')).status).toBe(200);
  });

  it('TOTP: a code is required, a wrong one fails, a used one cannot be replayed', async () => {
    await sessions.as('zhoutao'); // enrolled by the helper on first log-in
    const secret = sessions.secretOf('zhoutao')!;
    const anon = s.anonymous();
    const noCode = await anon.post('/api/v1/auth/login', { username: 'zhoutao', password: DEMO_PASSWORD });
    expect(noCode.status).toBe(401);
    expect(noCode.body.error.code).toBe('mfa_required');
    const valid = new Set([-1, 0, 1].map((d) => hotp(secret, totpStep() + d)));
    const wrongCode = ['000000', '111111', '222222'].find((x) => !valid.has(x))!;
    const wrong = await anon.post('/api/v1/auth/login', { username: 'zhoutao', password: DEMO_PASSWORD, totp: wrongCode });
    expect(wrong.status).toBe(401);
    const code = await sessions.nextCode('zhoutao');
    const ok = await anon.post('/api/v1/auth/login', { username: 'zhoutao', password: DEMO_PASSWORD, totp: code });
    expect(ok.status, ok.text).toBe(200);
    const replay = await s.anonymous().post('/api/v1/auth/login', { username: 'zhoutao', password: DEMO_PASSWORD, totp: code });
    expect(replay.status).toBe(401);
    expect(replay.headers.get('set-cookie')).toBeNull();
    // A code never stands in for the password.
    const badPassword = await s.anonymous().post('/api/v1/auth/login', { username: 'zhoutao', password: 'wrong-pass', totp: code });
    expect(badPassword.status).toBe(401);
  });

  it('mandatory roles cannot switch TOTP off; others can, with their password', async () => {
    for (const u of ['wulei', 'zhoutao', 'zhengjie']) {
      const r = await (await sessions.as(u)).post('/api/v1/me/totp/disable', { password: DEMO_PASSWORD });
      expect(r.status, u).toBe(403);
    }
    expect((await db().selectFrom('people').select('totp_enabled').where('username', '=', 'wulei').executeTakeFirstOrThrow()).totp_enabled).toBe(1);

    // An optional user enrols, must then give codes, and may switch it off again.
    const c = await sessions.login('yeqing');
    await sessions.enrol('yeqing', c);
    const noCode = await s.anonymous().post('/api/v1/auth/login', { username: 'yeqing', password: DEMO_PASSWORD });
    expect(noCode.body.error?.code).toBe('mfa_required');
    expect((await c.post('/api/v1/me/totp/disable', { password: 'not-it-123' })).status).toBe(422);
    expect((await c.post('/api/v1/me/totp/disable', { password: DEMO_PASSWORD })).status).toBe(200);
    expect((await s.anonymous().post('/api/v1/auth/login', { username: 'yeqing', password: DEMO_PASSWORD })).status).toBe(200);
  });
});
