// Starts a real server (real HTTP, real database) for a test file, and an HTTP client that logs in
// like the browser does (cookie + CSRF header).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../server/config.js';
import { createContext, startBackground } from '../../server/platform/bootstrap.js';
import { buildApp } from '../../server/app.js';
import { seedDemo, ensureCompany } from '../../server/seed/first-start.js';
import { DEMO_PASSWORD } from '../../server/seed/demo-company.js';
import { hashPassword } from '../../server/platform/auth/password.js';
import type { AppContext } from '../../server/platform/context.js';
import { PG_URL } from './env.js';

export { DEMO_PASSWORD };

export interface TestServer {
  url: string;
  ctx: AppContext;
  app: FastifyInstance;
  config: Config;
  /** A client logged in as this demo user (password Zongban2026 unless given). */
  login(username: string, password?: string): Promise<Client>;
  anonymous(): Client;
  close(): Promise<void>;
}

export interface Res<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export class Client {
  cookie = '';
  csrf = '';
  bearer = '';
  constructor(readonly base: string) {}

  async request<T = any>(method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res<T>> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    let payload: BodyInit | undefined;
    if (body instanceof FormData || typeof body === 'string' || body instanceof Uint8Array) payload = body as BodyInit;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      h['content-type'] = 'application/json';
    }
    const res = await fetch(this.base + p, { method, headers: h, body: payload, redirect: 'manual' });
    const setCookie = res.headers.getSetCookie?.() ?? [];
    for (const c of setCookie) {
      const [pair] = c.split(';');
      if (pair.startsWith('zb_session=')) this.cookie = pair.endsWith('=') ? '' : pair;
    }
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  }

  get<T = any>(p: string) {
    return this.request<T>('GET', p);
  }
  post<T = any>(p: string, body?: unknown) {
    return this.request<T>('POST', p, body ?? {});
  }
  patch<T = any>(p: string, body?: unknown) {
    return this.request<T>('PATCH', p, body ?? {});
  }
  put<T = any>(p: string, body?: unknown) {
    return this.request<T>('PUT', p, body ?? {});
  }
  delete<T = any>(p: string) {
    return this.request<T>('DELETE', p);
  }

  /** Logs in; returns the /me body. Throws unless the log-in succeeded. */
  async login(username: string, password = DEMO_PASSWORD, totp?: string) {
    const res = await this.post('/api/v1/auth/login', { username, password, ...(totp && { totp }) });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${res.text}`);
    this.csrf = res.body.csrfToken;
    return res.body;
  }
}

/** Creates an empty PostgreSQL database for one test file and returns its URL and a drop function. */
export async function freshPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!PG_URL) throw new Error('TEST_DATABASE_URL is not set');
  const name = `zb_test_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(PG_URL);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL ?? undefined });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

let demoHashPromise: Promise<string> | null = null;
/** One scrypt hash of the demo password per test process, shared by every server it starts. */
function demoHash(): Promise<string> {
  demoHashPromise ??= hashPassword(DEMO_PASSWORD);
  return demoHashPromise;
}

export interface StartOptions {
  dialect?: 'sqlite' | 'postgres';
  /** Seed the demo company (default true). */
  demo?: boolean;
  env?: Record<string, string>;
  /** Run the background loops (jobs, pub/sub, audit sealing). Default true. */
  background?: boolean;
  /** Serve this built web app (dist/) as the real server does; browser suites pass it. */
  webDist?: string;
}

export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  const dialect = opts.dialect ?? 'sqlite';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-test-'));
  let drop: (() => Promise<void>) | null = null;
  let databaseUrl: string | undefined;
  if (dialect === 'postgres') {
    const fresh = await freshPgDatabase();
    databaseUrl = fresh.url;
    drop = fresh.drop;
  }
  const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', POLL_MS: '200', LOG_LEVEL: 'silent', ZONGBAN_DEMO: '0', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...opts.env });
  const ctx = await createContext(config);
  if (opts.demo ?? true) await seedDemo(ctx.database.db, { passwordHash: await demoHash() });
  else await ensureCompany(ctx.database.db);
  const app = await buildApp(ctx, { webDist: opts.webDist });
  // Without the loops the job queue may still have opened pg-boss to enqueue (a published event): close it too.
  const stopBackground = opts.background === false ? () => ctx.jobs.stop() : await startBackground(ctx, () => {});
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    url,
    ctx,
    app,
    config,
    anonymous: () => new Client(url),
    async login(username, password) {
      const c = new Client(url);
      await c.login(username, password);
      return c;
    },
    async close() {
      await app.close();
      await stopBackground();
      await ctx.database.close();
      if (drop) await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
