// Bad input: each case answers the right 4xx as { error: { code, message, details } }, leaks no
// stack or SQL, and writes nothing (row contents of every business table and the file store are
// compared before and after).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../server/platform/ids.js';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type Client, type Res, type TestServer } from '../helpers/server.js';
import { Sessions } from './auth-sessions.js';

// Everything a request could write, except sessions and the audit log (refused requests are audited).
const TABLES = ['companies', 'departments', 'people', 'person_roles', 'attachments', 'reading_scopes', 'file_blobs', 'file_chunks', 'api_tokens', 'holidays', 'notifications', 'deliveries', 'settings', 'login_throttle'];

const LEAKS = [/\bat .+\.(ts|js):\d+/, /node_modules/, /\bselect\b.+\bfrom\b/i, /\binsert into\b/i, /SQLITE_/, /syntax error/i, /\bstack\b/i, /relation ".+"/];

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name)).sort();
}

async function state(s: TestServer): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of TABLES) {
    const rows = await sql.raw(`select * from ${t}`).execute(s.ctx.database.db);
    const canon = rows.rows.map((r) => JSON.stringify(r, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v))).sort();
    out[t] = `${canon.length}:${crypto.createHash('sha256').update(canon.join('\n')).digest('hex')}`;
  }
  out.files = filesUnder(path.join(s.config.dataDir, 'files')).join('\n');
  return out;
}

function expectError(res: Res, status: number, code?: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.body).toEqual({ error: { code: expect.any(String), message: expect.any(String), details: expect.any(Object) } });
  if (code) expect(res.body.error.code).toBe(code);
  for (const leak of LEAKS) expect(res.text).not.toMatch(leak);
}

function form(filename: string, mime: string, bytes: Uint8Array | string, fields: Record<string, string> = {}) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append('file', new Blob([bytes as BlobPart], { type: mime }), filename);
  return f;
}

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
// The start of a Windows executable: "MZ", then binary header bytes with NULs.
const EXE = Uint8Array.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, ...Buffer.from('This program cannot be run in DOS mode.')]);

describe.each(DIALECTS)('bad input on %s', (dialect) => {
  let s: TestServer;
  let admin: Client;
  let clerk: Client;
  let company: { version: number };
  let deptId: string;

  /** Runs the requests and checks that none of them wrote anything. */
  async function writesNothing(fn: () => Promise<void>) {
    const before = await state(s);
    await fn();
    expect(await state(s)).toEqual(before);
  }

  beforeAll(async () => {
    s = await startServer({ dialect, env: { UPLOAD_LIMIT_MB: '1' } });
    const sessions = new Sessions(s);
    admin = await sessions.as('wulei');
    clerk = await sessions.as('zhaomin');
    company = (await admin.get('/api/v1/org/company')).body;
    deptId = (await admin.get('/api/v1/org/departments')).body.items[0].id;
  });
  afterAll(async () => s?.close());

  it('malformed JSON, an empty body and the wrong content type', async () => {
    await writesNothing(async () => {
      const json = { 'content-type': 'application/json' };
      expectError(await admin.request('POST', '/api/v1/org/departments', '{"name": "财务", "code":', json), 400, 'bad_request');
      expectError(await admin.request('POST', '/api/v1/org/departments', '', json), 400);
      expectError(await admin.request('POST', '/api/v1/org/departments', 'null', json), 400, 'validation_failed');
      expectError(await admin.request('POST', '/api/v1/org/departments', '[]', json), 400, 'validation_failed');
      expectError(await admin.request('POST', '/api/v1/org/departments', 'name=x&code=y', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
      // The API speaks JSON only: text is an unsupported type, not a malformed object.
      expectError(await admin.request('POST', '/api/v1/org/departments', 'name', { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
    });
  });

  it('missing and extra fields', async () => {
    await writesNothing(async () => {
      const missing = await admin.post('/api/v1/org/departments', { name: '新部门' });
      expectError(missing, 400, 'validation_failed');
      expect(missing.body.error.details.field).toBe('code');
      const extra = await admin.post('/api/v1/org/departments', { name: '新部门', code: 'NEW1', isAdmin: true });
      expectError(extra, 400, 'validation_failed');
      expect(extra.body.error.details.field).toBe('isAdmin');
      expectError(await admin.patch('/api/v1/org/company', { name: '改名' }), 400, 'validation_failed'); // no version
      expectError(await admin.patch('/api/v1/org/company', { version: company.version, owner: 'me' }), 400, 'validation_failed');
      expectError(await admin.post('/api/v1/org/people', { username: 'newbie', name: '新人' }), 400, 'validation_failed');
      expectError(await clerk.post('/api/v1/me/tokens', { name: 'ci', scope: 'all' }), 400, 'validation_failed');
    });
  });

  it('wrong types are refused, not coerced', async () => {
    await writesNothing(async () => {
      expectError(await admin.patch('/api/v1/org/company', { name: '改名', version: String(company.version) }), 400, 'validation_failed');
      expectError(await admin.post('/api/v1/org/departments', { name: 123, code: 'NUM1' }), 400, 'validation_failed');
      expectError(await admin.post('/api/v1/org/departments', { name: '部门', code: 'SO1', sortOrder: '5' }), 400, 'validation_failed');
      expectError(await admin.post('/api/v1/org/departments', { name: '部门', code: 'SO2', sortOrder: 1.5 }), 400, 'validation_failed');
      expectError(await admin.post('/api/v1/org/departments', { name: ['部门'], code: 'ARR1' }), 400, 'validation_failed');
      expectError(await admin.post('/api/v1/org/departments', { name: '部门', code: 'NUL1', kind: null }), 400, 'validation_failed');
      expectError(await admin.post('/api/v1/org/people', { username: 'typed', name: '类型', departmentId: deptId, clearance: '1' }), 400, 'validation_failed');
      expectError(await admin.post('/api/v1/org/people', { username: 'typed', name: '类型', departmentId: deptId, roles: 'clerk' }), 400, 'validation_failed');
      expectError(await admin.put('/api/v1/calendar/holidays/2099', { items: [{ date: 20990101, kind: 'holiday', name: '元旦' }] }), 400, 'validation_failed');
      expectError(await clerk.post('/api/v1/notifications/read', { all: 'true' }), 400, 'validation_failed');
      expectError(await clerk.post('/api/v1/auth/login', { username: 'zhaomin', password: 20260101 }), 400, 'validation_failed');
    });
  });

  it('over-long strings and out-of-range numbers', async () => {
    await writesNothing(async () => {
      expectError(await admin.post('/api/v1/org/departments', { name: '长'.repeat(61), code: 'LONG1' }), 400, 'validation_failed');
      expectError(await admin.post('/api/v1/org/departments', { name: 'x'.repeat(100_000), code: 'LONG2' }), 400, 'validation_failed');
      expectError(await admin.post('/api/v1/org/departments', { name: '部门', code: 'C'.repeat(21) }), 400, 'validation_failed');
      expectError(await admin.post('/api/v1/org/departments', { name: '部门', code: 'NEG1', sortOrder: -1 }), 400, 'validation_failed');
      expectError(await admin.post('/api/v1/org/people', { username: 'big', name: '大', departmentId: deptId, clearance: 5 }), 400, 'validation_failed');
      expectError(await clerk.post('/api/v1/auth/login', { username: 'u'.repeat(65), password: 'x' }), 400, 'validation_failed');
    });
  });

  it('SQL and HTML in text fields are stored and returned verbatim, never executed', async () => {
    const texts = [`'); drop table people;--`, `<script>alert(1)</script>`, `" or 1=1 --`, `Robert'); DELETE FROM departments; --`];
    for (const [i, name] of texts.entries()) {
      const created = await admin.post('/api/v1/org/departments', { name, code: `INJ${i}` });
      expect(created.status, created.text).toBe(201);
      expect(created.headers.get('content-type')).toMatch(/^application\/json/);
      expect(created.body.name).toBe(name);
      const list = await admin.get('/api/v1/org/departments');
      expect(list.body.items.find((d: { id: string }) => d.id === created.body.id).name).toBe(name);
      // Raw JSON escapes nothing into markup: the text is a JSON string, the page renders it as text.
      expect(list.text).toContain(JSON.stringify(name).slice(1, -1));
    }
    const people = await admin.get('/api/v1/org/people?limit=200');
    expect(people.status).toBe(200);
    expect(people.body.total).toBe(40);
    const search = await admin.get(`/api/v1/org/people?q=${encodeURIComponent(`' or '1'='1`)}`);
    expect(search.status).toBe(200);
    expect(search.body.total).toBe(0);
  });

  it('an oversize JSON body answers 413', async () => {
    await writesNothing(async () => {
      const big = JSON.stringify({ name: '部门', code: 'BIG1', pad: 'x'.repeat(1024 * 1024 + 10) });
      expectError(await admin.request('POST', '/api/v1/org/departments', big, { 'content-type': 'application/json' }), 413, 'payload_too_large');
    });
  });

  it('an oversize upload answers 413 and stores no file', async () => {
    await writesNothing(async () => {
      const bytes = new Uint8Array(1024 * 1024 + 100).fill(0x61);
      expectError(await clerk.request('POST', '/api/v1/attachments', form('大文件.txt', 'text/plain', bytes, { classification: '1' })), 413, 'payload_too_large');
    });
  });

  it('a mislabelled upload answers 415 and stores no file', async () => {
    await writesNothing(async () => {
      expectError(await clerk.request('POST', '/api/v1/attachments', form('合同.pdf', 'application/pdf', PNG)), 415, 'unsupported_media_type');
      expectError(await clerk.request('POST', '/api/v1/attachments', form('说明.txt', 'text/plain', EXE)), 415, 'unsupported_media_type');
      expectError(await clerk.request('POST', '/api/v1/attachments', form('setup.exe', 'application/x-msdownload', EXE)), 415, 'unsupported_media_type');
      expectError(await clerk.request('POST', '/api/v1/attachments', form('图.png', 'image/png', '%PDF-1.7 not a png')), 415, 'unsupported_media_type');
      expectError(await clerk.request('POST', '/api/v1/attachments', '{"file":"x"}', { 'content-type': 'application/json' }), 415, 'unsupported_media_type');
    });
  });

  it('bad upload fields: no file, a non-integer level, a malformed scope, a bad file name', async () => {
    await writesNothing(async () => {
      const noFile = new FormData();
      noFile.append('classification', '1');
      expectError(await clerk.request('POST', '/api/v1/attachments', noFile), 400, 'validation_failed');
      expectError(await clerk.request('POST', '/api/v1/attachments', form('a.txt', 'text/plain', 'abc', { classification: 'secret' })), 400, 'validation_failed');
      expectError(await clerk.request('POST', '/api/v1/attachments', form('a.txt', 'text/plain', 'abc', { classification: '1', scope: '{not json' })), 400, 'validation_failed');
      expectError(await clerk.request('POST', '/api/v1/attachments', form('a.txt', 'text/plain', 'abc', { classification: '9' })), 400, 'validation_failed');
      expectError(await clerk.request('POST', '/api/v1/attachments', form(`${'名'.repeat(201)}.txt`, 'text/plain', 'abc', { classification: '1' })), 400, 'validation_failed');
    });
  });

  it('unknown and ill-typed query parameters', async () => {
    await writesNothing(async () => {
      expectError(await admin.get('/api/v1/org/people?limit=20&debug=1'), 400, 'validation_failed');
      expectError(await admin.get('/api/v1/org/people?limit=abc'), 400, 'validation_failed');
      expectError(await admin.get('/api/v1/org/people?limit=100000'), 400, 'validation_failed');
      expectError(await admin.get('/api/v1/org/people?role=king'), 400, 'validation_failed');
      expectError(await clerk.get('/api/v1/attachments?sort=name'), 400, 'validation_failed');
      // A route that declares no query parameters refuses any.
      expectError(await admin.get('/api/v1/org/departments?x=1'), 400, 'validation_failed');
      expectError(await clerk.get('/api/v1/calendar/working-days?from=2026-13-45x&add=1'), 400, 'validation_failed');
      expectError(await clerk.get('/api/v1/calendar/holidays?year=1900'), 400, 'validation_failed');
      expectError(await admin.request('DELETE', `/api/v1/org/departments/${deptId}?version=first`), 400, 'validation_failed');
    });
  });

  it('invalid and unknown ids', async () => {
    await writesNothing(async () => {
      expectError(await admin.get(`/api/v1/org/people/${'x'.repeat(41)}`), 400, 'validation_failed');
      expectError(await admin.get('/api/v1/org/people/not-an-id'), 404, 'not_found');
      expectError(await admin.get(`/api/v1/org/people/${encodeURIComponent("1' or '1'='1")}`), 404, 'not_found');
      expectError(await admin.get(`/api/v1/org/people/${newId()}`), 404, 'not_found');
      expectError(await clerk.get(`/api/v1/attachments/${encodeURIComponent('../../etc/passwd')}/content`), 404, 'not_found');
      expectError(await admin.patch(`/api/v1/org/departments/${newId()}`, { name: '无', version: 1 }), 404, 'not_found');
      expectError(await admin.post('/api/v1/org/people', { username: 'orphan', name: '孤儿', departmentId: newId() }), 400, 'validation_failed');
      expectError(await admin.get('/api/v1/no-such-thing'), 404, 'not_found');
    });
  });

  it('a stale version answers 409 and changes nothing', async () => {
    await writesNothing(async () => {
      expectError(await admin.patch('/api/v1/org/company', { name: '旧版本', version: company.version + 7 }), 409, 'stale_version');
    });
  });
});
