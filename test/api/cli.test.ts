// The real command line (`npx tsx server/cli.ts`) against real data directories, next to real
// server processes (`node --import tsx server/main.ts`) reached over HTTP.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_URL } from '../helpers/env.js';
import { Client, freshPgDatabase } from '../helpers/server.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const tmpDirs: string[] = [];
const tmp = (tag: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `zb-cli-${tag}-`));
  tmpDirs.push(d);
  return d;
};

interface Run {
  code: number;
  out: string;
  err: string;
}

/** Runs a command and collects its output. */
function exec(command: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    const child = spawn(command, args, { cwd: ROOT, env: { ...inherited, LOG_LEVEL: 'silent', ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

// `tsx` loaded into node itself: the same code `npx tsx server/cli.ts` runs, in one process
// instead of three (npx, the tsx launcher, node), which keeps this suite's many commands quick.
const cli = (args: string[], env: Record<string, string>) => exec(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], env);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

interface RealServer {
  url: string;
  client(): Client;
  stop(): Promise<void>;
}

/** Starts `server/main.ts` in its own process, as `npm start` does, and waits for /api/health. */
async function startRealServer(dataDir: string, env: Record<string, string> = {}): Promise<RealServer> {
  const port = await freePort();
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...inherited, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', POLL_MS: '200', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${log}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    client: () => new Client(url),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const sha256 = (b: Buffer | string) => crypto.createHash('sha256').update(b).digest('hex');

/** What must not change when a restore is refused: every byte of the data directory. */
function fingerprint(dir: string): string {
  const parts: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else parts.push(`${path.relative(dir, p)}:${sha256(fs.readFileSync(p))}`);
    }
  };
  walk(dir);
  return parts.join('\n');
}

async function upload(c: Client, content: string) {
  const form = new FormData();
  form.append('file', new Blob([content], { type: 'text/plain' }), `说明-${sha256(content).slice(0, 6)}.txt`);
  const r = await c.request('POST', '/api/v1/attachments', form);
  if (r.status !== 201) throw new Error(`upload failed: ${r.status} ${r.text}`);
  return r.body as { id: string; sha256: string };
}

afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('zongban CLI on SQLite', () => {
  const emptyDir = tmp('empty');
  const demoDir = tmp('demo');
  const work = tmp('work');
  const backupFile = path.join(work, 'zongban-backup.tar');
  const before: { sha256: string; content: string }[] = [];

  it('runs as `npm run zongban -- <command>` and explains itself', async () => {
    const r = await exec('npm', ['run', '-s', 'zongban', '--', 'help'], { DATA_DIR: emptyDir });
    expect(r.code, r.err).toBe(0);
    for (const command of ['migrate', 'create-admin', 'audit verify', 'backup', 'restore']) expect(r.out).toContain(command);
    const unknown = await cli(['frobnicate'], { DATA_DIR: emptyDir });
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('未知命令：frobnicate');
    expect(fs.existsSync(path.join(emptyDir, 'zongban.db'))).toBe(false);
  });

  it('migrate applies the migrations, then finds nothing to do', async () => {
    const first = await cli(['migrate'], { DATA_DIR: emptyDir });
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('已应用迁移 20261126T0001_foundation');
    const again = await cli(['migrate'], { DATA_DIR: emptyDir });
    expect(again.code).toBe(0);
    expect(again.out).toContain('已是最新');
    expect(again.out).not.toContain('已应用迁移');
  });

  it('create-admin refuses a weak password and bad input with exit code 1 and writes nothing', async () => {
    const weak = await cli(['create-admin', '--username', 'admin', '--name', '管理员', '--password', 'password'], { DATA_DIR: emptyDir });
    expect(weak.code).toBe(1);
    expect(weak.err).toContain('密码须同时包含字母和数字');
    const badName = await cli(['create-admin', '--username', 'Admin!', '--name', '管理员', '--password', 'Strong2026x'], { DATA_DIR: emptyDir });
    expect(badName.code).toBe(1);
    expect(badName.err).toContain('用户名');
    const missing = await cli(['create-admin', '--username', 'admin'], { DATA_DIR: emptyDir });
    expect(missing.code).toBe(2);
    const db = new SQLite(path.join(emptyDir, 'zongban.db'), { readonly: true });
    expect(db.prepare('select count(*) as n from people').get()).toEqual({ n: 0 });
    db.close();
  });

  it('create-admin creates a sysadmin in the office department, audited as cli; a second one with that name is refused', async () => {
    const r = await cli(['create-admin', '--username', 'admin', '--name', '管理员', '--password', 'Strong2026x', '--email', 'admin@example.com'], { DATA_DIR: emptyDir });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('已创建系统管理员 admin');
    const dup = await cli(['create-admin', '--username', 'admin', '--name', '另一个', '--password', 'Strong2026y'], { DATA_DIR: emptyDir });
    expect(dup.code).toBe(1);
    expect(dup.err).toContain('admin 已存在');

    const db = new SQLite(path.join(emptyDir, 'zongban.db'), { readonly: true });
    const person = db.prepare("select p.id, p.email, d.kind, r.role from people p join departments d on d.id = p.department_id join person_roles r on r.person_id = p.id where p.username = 'admin'").all();
    expect(person).toEqual([{ id: expect.any(String), email: 'admin@example.com', kind: 'office', role: 'sysadmin' }]);
    expect(db.prepare('select count(*) as n from people').get()).toEqual({ n: 1 });
    const audit = db.prepare("select actor_id, action, record_id from audit_log where action = 'person.create'").all();
    expect(audit).toEqual([{ actor_id: 'cli', action: 'person.create', record_id: (person[0] as { id: string }).id }]);
    db.close();
  });

  it('the created administrator logs in over HTTP and must enrol a second factor first', async () => {
    const server = await startRealServer(emptyDir, { ZONGBAN_DEMO: '0' });
    try {
      const c = server.client();
      const me = await c.login('admin', 'Strong2026x');
      expect(me.roles).toEqual(['sysadmin']);
      expect(me.mfaState).toBe('enrol');
      const blocked = await c.get('/api/v1/org/people');
      expect(blocked.status).toBe(403);
      expect(blocked.body.error.code).toBe('mfa_enrolment_required');
      const wrong = await server.client().post('/api/v1/auth/login', { username: 'admin', password: 'Strong2026y' });
      expect(wrong.status).toBe(401);
    } finally {
      await server.stop();
    }
  });

  it('audit verify seals pending entries and says OK with the count', async () => {
    const r = await cli(['audit', 'verify'], { DATA_DIR: emptyDir });
    expect(r.code, r.err).toBe(0);
    const m = /^OK .*已校验 (\d+) 条/.exec(r.out);
    expect(m, r.out).not.toBeNull();
    // create-admin, the two log-ins (one failed) and the refused request are all in the chain.
    expect(Number(m![1])).toBeGreaterThanOrEqual(4);
  });

  it('search reindex indexes the supervision items the index lacks, then finds none', async () => {
    const copy = tmp('reindex');
    fs.copyFileSync(path.join(emptyDir, 'zongban.db'), path.join(copy, 'zongban.db'));
    const db = new SQLite(path.join(copy, 'zongban.db'));
    const year = new Date().getUTCFullYear();
    // An item written straight into the table, as a generator (or an older version) would leave it.
    const at = `${year}-06-01T00:00:00.000Z`;
    db.prepare(
      `insert into supervision_items (id, year, serial, procedure, state, source_type, category, title, deadline, original_deadline, mode, classification, created_by, created_at, updated_at)
       values ('reindex-item-1', ?, 1, 'assigned', 'registered', 'other', 'special', '补建索引的督办事项', ?, ?, 'general', 0, 'cli', ?, ?)`,
    ).run(year, `${year}-06-30`, `${year}-06-30`, at, at);
    db.close();
    const first = await cli(['search', 'reindex'], { DATA_DIR: copy });
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('已为 1 个督办事项补建检索索引');
    const second = await cli(['search', 'reindex'], { DATA_DIR: copy });
    expect(second.out).toContain('已为 0 个督办事项补建检索索引');
  });

  it('audit verify names the first altered entry and exits 1', async () => {
    const tampered = tmp('tampered');
    fs.copyFileSync(path.join(emptyDir, 'zongban.db'), path.join(tampered, 'zongban.db'));
    const db = new SQLite(path.join(tampered, 'zongban.db'));
    // Whoever holds the file can drop the trigger; the chain is what still tells.
    db.exec('drop trigger audit_log_no_update');
    db.prepare("update audit_log set details = '{\"username\":\"mallory\"}' where seq = 2").run();
    db.close();
    const r = await cli(['audit', 'verify'], { DATA_DIR: tampered });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^BROKEN .*seq 2（链序号 2）：entry 2 was altered/);
  });

  it('backs up while a server is running and writing; a restore refuses while that server runs', async () => {
    const server = await startRealServer(demoDir);
    try {
      const c = server.client();
      await c.login('wangfang');
      for (let i = 0; i < 3; i++) {
        const content = `backup-before-${i}-${crypto.randomUUID()}`;
        before.push({ sha256: (await upload(c, content)).sha256, content });
      }
      // Keep writing (new attachments, log-ins) for as long as the backup runs.
      let writing = true;
      let written = 0;
      const writer = (async () => {
        while (writing) {
          await upload(c, `during-${written}-${crypto.randomUUID()}`);
          await server.client().login('liming');
          written++;
        }
      })();
      const r = await cli(['backup', backupFile], { DATA_DIR: demoDir });
      writing = false;
      await writer;
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain('备份完成');
      expect(written).toBeGreaterThan(0);

      const running = await cli(['restore', backupFile], { DATA_DIR: demoDir });
      expect(running.code).toBe(1);
      expect(running.err).toContain('正在被使用');
      expect((await c.get('/api/v1/me')).status).toBe(200);
    } finally {
      await server.stop();
    }
    // A plain tar: the database, the files by address, and the manifest written last.
    const listing = fs.readFileSync(backupFile).toString('latin1');
    expect(listing).toContain('zongban.db');
    expect(listing).toContain(`files/${before[0].sha256.slice(0, 2)}/${before[0].sha256.slice(2, 4)}/${before[0].sha256}`);
  });

  it('restores into a fresh DATA_DIR with the data and the files, and the chain verifies', async () => {
    const fresh = path.join(tmp('restored'), 'data');
    const r = await cli(['restore', backupFile], { DATA_DIR: fresh });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('数据库完整性 ok');
    expect(r.out).toContain('恢复完成');
    expect(fs.readdirSync(fresh).filter((f) => f.startsWith('.restore-'))).toEqual([]);

    const verify = await cli(['audit', 'verify'], { DATA_DIR: fresh });
    expect(verify.code, verify.out).toBe(0);

    const server = await startRealServer(fresh);
    try {
      const c = server.client();
      await c.login('wangfang');
      const list = await c.get('/api/v1/attachments?limit=200');
      expect(list.status).toBe(200);
      const shas = list.body.items.map((a: { sha256: string }) => a.sha256);
      for (const b of before) expect(shas).toContain(b.sha256);
      // Every attachment the restored database names can be downloaded, byte for byte.
      for (const a of list.body.items as { id: string; sha256: string }[]) {
        const res = await fetch(`${server.url}/api/v1/attachments/${a.id}/content`, { headers: { cookie: c.cookie } });
        expect(res.status).toBe(200);
        expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(a.sha256);
      }
      const people = await c.get('/api/v1/org/people?limit=1');
      expect(people.body.total).toBeGreaterThan(30);
    } finally {
      await server.stop();
    }
  });

  it('refuses a corrupted backup and leaves the existing database untouched', async () => {
    const damaged = path.join(work, 'damaged.tar');
    const bytes = fs.readFileSync(backupFile);
    // Inside the database, past the tar header: a flipped record, not a broken archive.
    for (let i = 0; i < 16; i++) bytes[200_000 + i] ^= 0xff;
    fs.writeFileSync(damaged, bytes);
    const truncated = path.join(work, 'truncated.tar');
    fs.writeFileSync(truncated, bytes.subarray(0, 150_000));

    const beforeRestore = fingerprint(demoDir);
    const r1 = await cli(['restore', damaged], { DATA_DIR: demoDir });
    expect(r1.code).toBe(1);
    expect(r1.err).toContain('已损坏');
    const r2 = await cli(['restore', truncated], { DATA_DIR: demoDir });
    expect(r2.code).toBe(1);
    expect(r2.err).toContain('truncated');
    expect(fingerprint(demoDir)).toBe(beforeRestore);
  });

  it('replaces a live database that is itself damaged, keeping the damaged file beside the restored one', async () => {
    const broken = tmp('broken');
    fs.writeFileSync(path.join(broken, 'zongban.db'), crypto.randomBytes(8192));
    fs.writeFileSync(path.join(broken, 'zongban.db-wal'), crypto.randomBytes(1024));
    const r = await cli(['restore', backupFile], { DATA_DIR: broken });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('现有数据库无法打开');
    const kept = fs.readdirSync(broken).filter((f) => f.startsWith('zongban.db.pre-restore-'));
    expect(kept).toHaveLength(1);
    expect(fs.readFileSync(path.join(broken, kept[0])).length).toBe(8192);
    // Its stale -wal is gone: replayed into the restored file, it would corrupt it.
    expect(fs.existsSync(path.join(broken, 'zongban.db-wal'))).toBe(false);
    const verify = await cli(['audit', 'verify'], { DATA_DIR: broken });
    expect(verify.code, verify.out).toBe(0);
  });

  it('refuses a database whose audit chain was altered, and one that is not a database', async () => {
    const bare = path.join(work, 'altered.db');
    fs.copyFileSync(path.join(demoDir, 'zongban.db'), bare);
    const db = new SQLite(bare);
    db.exec('drop trigger audit_log_no_delete');
    db.prepare('delete from audit_log where seq = 3').run();
    db.close();
    const garbage = path.join(work, 'garbage.tar');
    fs.writeFileSync(garbage, crypto.randomBytes(4096));

    const beforeRestore = fingerprint(demoDir);
    const r1 = await cli(['restore', bare], { DATA_DIR: demoDir });
    expect(r1.code).toBe(1);
    expect(r1.err).toContain('审计链校验失败');
    expect(r1.err).toContain('entry 3 was deleted');
    const r2 = await cli(['restore', garbage], { DATA_DIR: demoDir });
    expect(r2.code).toBe(1);
    expect(r2.err).toContain('不是 Zongban 备份');
    expect(fingerprint(demoDir)).toBe(beforeRestore);
  });
});

describe.each(PG_URL ? ['postgres'] : [])('zongban CLI on %s', () => {
  let url = '';
  let drop: () => Promise<void> = async () => {};
  const dataDir = tmp('pg');
  beforeAll(async () => {
    ({ url, drop } = await freshPgDatabase());
  });
  afterAll(async () => drop());

  it('migrates, creates the administrator and verifies the audit chain', async () => {
    const env = { DATA_DIR: dataDir, DATABASE_URL: url };
    const m = await cli(['migrate'], env);
    expect(m.code, m.err).toBe(0);
    expect(m.out).toContain('已应用迁移 20261126T0001_foundation');
    const a = await cli(['create-admin', '--username', 'admin', '--name', '管理员', '--password', 'Strong2026x'], env);
    expect(a.code, a.err).toBe(0);
    const v = await cli(['audit', 'verify'], env);
    expect(v.code, v.err).toBe(0);
    expect(v.out).toMatch(/^OK .*已校验 1 条/);
  });

  it('backup and restore print the pg_dump and pg_restore commands and exit 1', async () => {
    const env = { DATA_DIR: dataDir, DATABASE_URL: url };
    const b = await cli(['backup', path.join(dataDir, 'x.tar')], env);
    expect(b.code).toBe(1);
    expect(b.out).toContain('pg_dump -Fc "$DATABASE_URL" -f zongban.dump');
    expect(fs.existsSync(path.join(dataDir, 'x.tar'))).toBe(false);
    const r = await cli(['restore', path.join(dataDir, 'x.tar')], env);
    expect(r.code).toBe(1);
    expect(r.out).toContain('pg_restore --clean --if-exists -d "$DATABASE_URL" zongban.dump');
  });
});
