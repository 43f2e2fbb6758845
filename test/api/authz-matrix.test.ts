// Every endpoint × every role (and anonymous), against the hand-written expectations in
// authz-matrix.data.ts: 0 unexpected allows and 0 unexpected denies.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { createContext } from '../../server/platform/bootstrap.js';
import { buildApp } from '../../server/app.js';
import { routeRegistry } from '../../server/platform/http/route-access.js';
import { newId } from '../../server/platform/ids.js';
import { DIALECTS } from '../helpers/env.js';
import { Client, startServer, type TestServer } from '../helpers/server.js';
import { COLUMNS, expectation, MATRIX, routeKey, type Column } from './authz-matrix.data.js';
import { RECIPES, type CallerMemo, type MatrixFixture, type MatrixRequest } from './authz-matrix.requests.js';
import { ROLE_USERS, Sessions } from './auth-sessions.js';

// Registered by the platform outside the access hook (the OpenAPI document), listed in the matrix all the same.
const OUTSIDE_REGISTRY = new Set([routeKey('GET', '/api/openapi.json')]);

function registeredRoutes(): Set<string> {
  return new Set(routeRegistry.map((r) => routeKey(r.method, r.url)));
}

/** Only the status of an event stream: it never ends by itself. */
async function sseStatus(c: Client, p: string): Promise<number> {
  const ac = new AbortController();
  const headers: Record<string, string> = {};
  if (c.cookie) headers.cookie = c.cookie;
  const res = await fetch(c.base + p, { headers, signal: ac.signal });
  ac.abort();
  return res.status;
}

async function call(c: Client, req: MatrixRequest): Promise<{ status: number; text: string; body: any }> {
  if (req.sse) return { status: await sseStatus(c, req.path), text: '', body: null };
  const r = await c.request(req.method, req.path, req.body);
  return { status: r.status, text: r.text.slice(0, 200), body: r.body };
}

function verdict(column: Column, status: number): 'allow' | 'deny' | 'error' {
  if (status >= 500) return 'error';
  if (column === 'anonymous') return status === 401 ? 'deny' : status === 403 ? 'error' : 'allow';
  return status === 403 ? 'deny' : status === 401 ? 'error' : 'allow';
}

describe.each(DIALECTS)('authorisation matrix on %s', (dialect) => {
  let s: TestServer;
  let fixture: MatrixFixture;
  const clients = new Map<Column, Client>();

  beforeAll(async () => {
    s = await startServer({ dialect });
    const sessions = new Sessions(s);
    await Promise.all(
      COLUMNS.map(async (col) => {
        clients.set(col, col === 'anonymous' ? s.anonymous() : await sessions.login(ROLE_USERS[col]));
      }),
    );
    const clerk = await sessions.login('zhaomin');
    const form = new FormData();
    form.append('classification', '0');
    form.append('file', new Blob(['公开的通知'], { type: 'text/plain' }), '公开通知.txt');
    const up = await clerk.request('POST', '/api/v1/attachments', form);
    expect(up.status).toBe(201);
    const person = await s.ctx.database.db.selectFrom('people').select(['id', 'department_id']).where('username', '=', 'jiangning').executeTakeFirstOrThrow();
    fixture = { dummyId: newId(), attachmentId: up.body.id, personId: person.id, departmentId: person.department_id };
  });
  afterAll(async () => s?.close());

  it('has a row for every registered route and no row for a route that does not exist', () => {
    const registered = registeredRoutes();
    const inMatrix = new Set(MATRIX.map((r) => routeKey(r.method, r.path)));
    const missingRows = [...registered].filter((k) => !inMatrix.has(k));
    const staleRows = [...inMatrix].filter((k) => !registered.has(k) && !OUTSIDE_REGISTRY.has(k));
    expect(missingRows, 'routes without a row in authz-matrix.data.ts').toEqual([]);
    expect(staleRows, 'rows for routes the server does not have').toEqual([]);
    expect(MATRIX.filter((r) => !RECIPES[routeKey(r.method, r.path)]).map((r) => routeKey(r.method, r.path)), 'rows without a request recipe').toEqual([]);
  });

  it('allows and refuses exactly as the matrix says, for every role and endpoint', async () => {
    // Log-out ends the caller's session, so it runs last for each caller.
    const rows = [...MATRIX].sort((a, b) => Number(a.path === '/api/v1/auth/logout') - Number(b.path === '/api/v1/auth/logout'));
    const unexpected: string[] = [];
    let cells = 0;
    await Promise.all(
      COLUMNS.map(async (col, i) => {
        const c = clients.get(col)!;
        const memo: CallerMemo = { tag: `${i}${dialect.slice(0, 2)}${Math.random().toString(36).slice(2, 6)}` };
        for (const row of rows) {
          const req = RECIPES[routeKey(row.method, row.path)]?.(fixture, memo);
          if (!req) continue; // reported by the registry test
          const res = await call(c, req);
          if (row.path === '/api/v1/me/totp/start' && res.status === 200) memo.totpSecret = res.body.secret;
          cells++;
          const want = expectation(row, col);
          const got = verdict(col, res.status);
          if (got !== want) unexpected.push(`${col.padEnd(16)} ${row.method} ${row.path}: expected ${want}, got ${res.status} ${res.text}`);
        }
      }),
    );
    const allows = MATRIX.reduce((n, r) => n + [...r.cells].filter((x) => x === 'Y').length, 0);
    console.log(`[authz-matrix ${dialect}] ${MATRIX.length} endpoints × ${COLUMNS.length} callers = ${cells} cells (${allows} allow, ${cells - allows} deny); unexpected: ${unexpected.length}`);
    expect(unexpected).toEqual([]);
    expect(cells).toBe(MATRIX.length * COLUMNS.length);
  });
});

describe('route access declarations', () => {
  it('the server refuses to start when a route declares no access', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-noaccess-'));
    const ctx = await createContext(loadConfig({ DATA_DIR: dataDir, ZONGBAN_DEMO: '0', LOG_LEVEL: 'silent' }));
    try {
      const app = await buildApp(ctx);
      await expect(
        (async () => {
          await app.register(async (plugin) => {
            plugin.get('/api/v1/undeclared', async () => ({ ok: true }));
          });
          await app.ready();
        })(),
      ).rejects.toThrow(/declares no access/);
      await app.close().catch(() => {});

      // The same route with a declaration starts (the refusal is about the declaration, nothing else).
      const ok = await buildApp(ctx);
      await ok.register(async (plugin) => {
        plugin.get('/api/v1/declared', { config: { access: 'authenticated' } }, async () => ({ ok: true }));
      });
      await expect(ok.ready()).resolves.toBeDefined();
      expect((await ok.inject({ url: '/api/v1/declared' })).statusCode).toBe(401);
      await ok.close();
    } finally {
      await ctx.database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
