// Canary records: a 绝密 record of each record type, carrying a unique marker, and the probe that calls
// every GET route of the app as someone who may not read it. A later module adds its record type by
// adding a factory to CANARY_FACTORIES; the probe finds its routes by itself (route registry + OpenAPI).
import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { routeRegistry } from '../../server/platform/http/route-access.js';
import type { Client, TestServer } from './server.js';

export interface CanaryRecord {
  recordType: string;
  id: string;
  marker: string;
  /** Strings that must never reach anyone outside the scope: the marker, the title or file name. */
  secrets: string[];
  /** Usernames who may read it (never probed as outsiders). */
  readers: string[];
  /** Proves, as a reader, that the record is there to be seen (so a clean probe means something). */
  assertVisible(as: (username: string) => Promise<Client>): Promise<void>;
}

export interface CanaryEnv {
  server: TestServer;
  as(username: string): Promise<Client>;
}

export interface CanaryFactory {
  recordType: string;
  create(env: CanaryEnv, marker: string): Promise<CanaryRecord>;
}

export const newMarker = () => `CANARY-${crypto.randomBytes(6).toString('hex')}`;

async function expectStatus(res: { status: number; text: string }, status: number, what: string) {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${res.text.slice(0, 300)}`);
}

async function personId(server: TestServer, username: string): Promise<{ id: string; clearance: number; version: number }> {
  return server.ctx.database.db.selectFrom('people').select(['id', 'clearance', 'version']).where('username', '=', username).executeTakeFirstOrThrow();
}

/** The security officer sets a person's clearance through the API (as the product does). */
export async function setClearance(env: CanaryEnv, username: string, clearance: number) {
  const p = await personId(env.server, username);
  if (p.clearance === clearance) return;
  const officer = await env.as('zhoutao');
  const res = await officer.patch(`/api/v1/org/people/${p.id}`, { clearance, version: p.version });
  await expectStatus(res, 200, `clearance of ${username}`);
}

/**
 * Attachment: uploaded by the security officer 周涛 at 绝密 with only himself in scope; then the
 * secretary 王芳 (raised to 绝密 clearance) is added to the scope, which notifies her.
 */
export const attachmentCanary: CanaryFactory = {
  recordType: 'attachment',
  async create(env, marker) {
    const filename = `绝密-${marker}.txt`;
    const officer = await env.as('zhoutao');
    const form = new FormData();
    form.append('classification', '4');
    form.append('secrecyTerm', '长期');
    form.append('file', new Blob([`绝密内容 ${marker} 不得外传`], { type: 'text/plain' }), filename);
    const up = await officer.request('POST', '/api/v1/attachments', form);
    await expectStatus(up, 201, 'canary upload');
    const id = up.body.id as string;
    await setClearance(env, 'wangfang', 4);
    const wangfang = await personId(env.server, 'wangfang');
    const self = await personId(env.server, 'zhoutao');
    // The new scope replaces the named one, so the officer names himself to stay in it.
    const scope = [self, wangfang].map((p) => ({ kind: 'person', id: p.id }));
    const scoped = await officer.patch(`/api/v1/attachments/${id}/classification`, { classification: 4, secrecyTerm: '长期', scope, version: up.body.version });
    await expectStatus(scoped, 200, 'canary scope');
    return {
      recordType: 'attachment',
      id,
      marker,
      secrets: [marker, filename],
      readers: ['zhoutao', 'wangfang'],
      async assertVisible(as) {
        for (const u of ['zhoutao', 'wangfang']) {
          const c = await as(u);
          const list = await c.get('/api/v1/attachments?limit=200');
          if (!list.text.includes(filename)) throw new Error(`${u} does not see the canary in the list`);
          const content = await c.get(`/api/v1/attachments/${id}/content`);
          if (!content.text.includes(marker)) throw new Error(`${u} cannot read the canary's content`);
        }
        const inbox = await (await as('wangfang')).get('/api/v1/notifications?limit=100');
        if (!inbox.text.includes(filename) || !(inbox.body.unread >= 1)) throw new Error(`王芳 was not notified: ${inbox.text.slice(0, 300)}`);
      },
    };
  },
};

/**
 * Incoming document (收文): signed for and registered at 绝密 by the secretary 王芳 (raised to 绝密
 * clearance) with only herself in the reading scope — the GM, cleared 绝密, is outside it.
 */
export const documentCanary: CanaryFactory = {
  recordType: 'document',
  async create(env, marker) {
    await setClearance(env, 'wangfang', 4);
    const secretary = await env.as('wangfang');
    const self = await personId(env.server, 'wangfang');
    const title = `关于${marker}的绝密通知`;
    const res = await secretary.post('/api/v1/incoming', {
      sender: `来文单位${marker}`,
      deliveredBy: '机要交通',
      classification: 4,
      secrecyTerm: '长期',
      scope: [{ kind: 'person', id: self.id }],
      registration: { title, docKind: '通知', addresseeMatches: true, body: `绝密正文 ${marker}` },
    });
    await expectStatus(res, 201, 'canary document');
    const id = res.body.id as string;
    return {
      recordType: 'document',
      id,
      marker,
      secrets: [marker, title],
      readers: ['wangfang'],
      async assertVisible(as) {
        const c = await as('wangfang');
        const list = await c.get('/api/v1/incoming?limit=200');
        if (!list.text.includes(title)) throw new Error('王芳 does not see the canary document in the list');
        const detail = await c.get(`/api/v1/incoming/${id}`);
        if (!detail.text.includes(`绝密正文 ${marker}`)) throw new Error(`王芳 cannot read the canary document: ${detail.status}`);
      },
    };
  },
};

/**
 * Supervision item (督办事项): registered at 绝密 by the secretary 王芳 (raised to 绝密 clearance)
 * for 技术部, only herself named in the reading scope — the GM and the office director, who
 * oversee every item, are outside it.
 */
export const supervisionCanary: CanaryFactory = {
  recordType: 'supervision_item',
  async create(env, marker) {
    await setClearance(env, 'wangfang', 4);
    const secretary = await env.as('wangfang');
    const self = await personId(env.server, 'wangfang');
    // Handled by 技术部: its members join the scope for the unit's work, and none is cleared 绝密.
    const unit = await env.server.ctx.database.db.selectFrom('departments').select('id').where('code', '=', 'JSB').executeTakeFirstOrThrow();
    const title = `关于${marker}的绝密督办事项`;
    const res = await secretary.post('/api/v1/supervision/items', {
      title,
      requirement: `绝密要求 ${marker}`,
      source: { type: 'other' },
      category: 'special',
      // Assigned by 王强 (vice GM, not among the outsiders): the people an item names join its
      // scope, and his 机密 clearance still keeps this 绝密 item from him.
      assignedById: (await personId(env.server, 'wangqiang')).id,
      leadDepartmentId: unit.id,
      deadlineWorkingDays: 10,
      classification: 4,
      scope: [{ kind: 'person', id: self.id }],
    });
    await expectStatus(res, 201, 'canary supervision item');
    const id = res.body.id as string;
    return {
      recordType: 'supervision_item',
      id,
      marker,
      secrets: [marker, title],
      readers: ['wangfang'],
      async assertVisible(as) {
        const c = await as('wangfang');
        const list = await c.get('/api/v1/supervision/items?limit=200');
        if (!list.text.includes(title)) throw new Error('王芳 does not see the canary item in the list');
        const detail = await c.get(`/api/v1/supervision/items/${id}`);
        if (!detail.text.includes(`绝密要求 ${marker}`)) throw new Error(`王芳 cannot read the canary item: ${detail.status}`);
        // Indexed, so the search probes below have something to leak if the item's read rule failed.
        const found = await c.get(`/api/v1/search?${new URLSearchParams({ q: marker, recordType: 'supervision_item' })}`);
        if (!found.text.includes(id)) throw new Error(`王芳 does not find the canary item in search: ${found.text}`);
      },
    };
  },
};

export const coordinationCanary: CanaryFactory = {
  recordType: 'supervision_coordination',
  async create(env, marker) {
    await setClearance(env, 'wangfang', 4);
    const secretary = await env.as('wangfang');
    const db = env.server.ctx.database.db;
    // Consulting 技术部 (no outsider heads it), decided by 王强 (not among the outsiders; his 机密
    // clearance keeps a 绝密 record from him anyway).
    const unit = await db.selectFrom('departments').select('id').where('code', '=', 'JSB').executeTakeFirstOrThrow();
    const title = `关于${marker}的绝密协调事项`;
    const res = await secretary.post('/api/v1/supervision/coordinations', {
      title,
      matter: `绝密协调 ${marker}`,
      leaderId: (await personId(env.server, 'wangqiang')).id,
      departmentIds: [unit.id],
      classification: 4,
    });
    await expectStatus(res, 201, 'canary coordination');
    const id = res.body.id as string;
    return {
      recordType: 'supervision_coordination',
      id,
      marker,
      secrets: [marker, title],
      readers: ['wangfang'],
      async assertVisible(as) {
        const c = await as('wangfang');
        const list = await c.get('/api/v1/supervision/coordinations?limit=200');
        if (!list.text.includes(title)) throw new Error('王芳 does not see the canary coordination in the list');
        const detail = await c.get(`/api/v1/supervision/coordinations/${id}`);
        if (!detail.text.includes(`绝密协调 ${marker}`)) throw new Error(`王芳 cannot read the canary coordination: ${detail.status}`);
      },
    };
  },
};

/** Every record type that exists today: each new kind of record adds its factory here. */
export const CANARY_FACTORIES: CanaryFactory[] = [attachmentCanary, documentCanary, supervisionCanary, coordinationCanary];

// --- the probe ---

const ID = '{{ID}}';
const MARKER = '{{MARKER}}';

/** One GET URL with placeholders for a record id and a search text. */
export interface ProbeTemplate {
  route: string;
  url: string;
}

type Param = { name: string; in: string; required?: boolean; schema?: any };

function sample(name: string, schema: any = {}): string {
  if (schema.default !== undefined) return String(schema.maximum ?? schema.default);
  if (schema.enum) return String(schema.enum[0]);
  if (schema.anyOf?.[0]?.enum) return String(schema.anyOf[0].enum[0]);
  if (schema.type === 'integer' || schema.type === 'number') {
    const v = name === 'year' ? 2026 : (schema.minimum ?? 1);
    return String(Math.min(Math.max(v, schema.minimum ?? v), schema.maximum ?? v));
  }
  if (schema.type === 'boolean') return 'true';
  if (schema.format === 'date-time') return '2000-01-01T00:00:00.000Z';
  if (schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$') return '2026-01-05';
  return ID;
}

/** What a probe puts into a query parameter to fish for the record: its id, or its marker as a search. */
function bait(name: string, schema: any = {}): string | null {
  if (schema.type !== 'string' || schema.format || schema.pattern) return null;
  if (/^(q|query|search|keyword|text|title)$/i.test(name)) return MARKER;
  if (/(id|before|after|cursor)$/i.test(name)) return ID;
  if (/recordType$/i.test(name)) return '{{TYPE}}';
  return null;
}

/**
 * Every GET route the app registered, each as a set of URLs: path parameters filled with the id
 * under test, required query parameters with sensible values (lists at their largest page), and
 * one URL per query parameter that can name a record or search for text.
 */
export function probeTemplates(app: FastifyInstance): ProbeTemplate[] {
  const doc = app.swagger() as { paths: Record<string, Record<string, { parameters?: Param[] }>> };
  const gets = [...new Set(routeRegistry.filter((r) => r.method === 'GET').map((r) => r.url))];
  const out: ProbeTemplate[] = [];
  for (const route of gets) {
    const params = doc.paths[route.replace(/:(\w+)/g, '{$1}')]?.get?.parameters ?? [];
    const pathParams = params.filter((p) => p.in === 'path');
    let p = route;
    for (const pp of pathParams) p = p.replace(`:${pp.name}`, sample(pp.name, pp.schema));
    p = p.replace(/:\w+/g, ID); // a parameter the document does not describe
    const query = params.filter((q) => q.in === 'query');
    const base = new URLSearchParams();
    for (const q of query) if (q.required || q.schema?.default !== undefined) base.set(q.name, sample(q.name, q.schema));
    const qs = (sp: URLSearchParams) => (sp.size ? `?${sp.toString().replace(/%7B%7B/g, '{{').replace(/%7D%7D/g, '}}')}` : '');
    out.push({ route, url: p + qs(base) });
    for (const q of query) {
      const b = bait(q.name, q.schema);
      if (!b) continue;
      const sp = new URLSearchParams(base);
      sp.set(q.name, b);
      out.push({ route, url: p + qs(sp) });
    }
  }
  return out;
}

export interface Binding {
  id: string;
  marker: string;
  recordType: string;
}

export function bind(t: ProbeTemplate, b: Binding): string {
  return t.url.replaceAll(ID, encodeURIComponent(b.id)).replaceAll(MARKER, encodeURIComponent(b.marker)).replaceAll('{{TYPE}}', encodeURIComponent(b.recordType));
}

export const hasPlaceholders = (t: ProbeTemplate) => t.url.includes(ID) || t.url.includes(MARKER);

/** The marker is in the request itself (a search or filter text), so an answer may repeat it. */
export const asksForMarker = (t: ProbeTemplate) => t.url.includes(MARKER);

/** Export times (to the minute) are the moment's, not a record's: the same for every caller. */
export const withoutTimes = (text: string) => text.replace(/\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?/g, '<time>');

export interface ProbeResult {
  status: number;
  /** Headers and body as text; spreadsheets are unpacked to their cell values. */
  text: string;
  /** total / unread / count found in a JSON body or an event stream. */
  counts: Record<string, number[]>;
}

async function spreadsheetText(buf: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as any);
  const cells: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text ?? cell.value)))));
  return cells.join('\n');
}

function countsOf(text: string, contentType: string): Record<string, number[]> {
  const counts: Record<string, number[]> = {};
  const add = (k: string, v: unknown) => {
    if (typeof v === 'number') (counts[k] ??= []).push(v);
  };
  const scan = (o: any) => {
    if (!o || typeof o !== 'object' || Array.isArray(o)) return;
    for (const k of ['total', 'unread', 'count']) add(k, o[k]);
  };
  if (contentType.includes('json')) {
    try {
      scan(JSON.parse(text));
    } catch {
      /* not JSON after all */
    }
  } else if (contentType.startsWith('text/event-stream')) {
    for (const line of text.split('\n')) {
      if (!line.startsWith('data:')) continue;
      try {
        scan(JSON.parse(line.slice(5)));
      } catch {
        /* not JSON */
      }
    }
  }
  return counts;
}

/** Calls one URL as this client; an event stream is read for `streamMs` and then closed. */
export async function probe(c: Client, url: string, streamMs = 300): Promise<ProbeResult> {
  const headers: Record<string, string> = {};
  if (c.cookie) headers.cookie = c.cookie;
  if (c.bearer) headers.authorization = `Bearer ${c.bearer}`;
  const ac = new AbortController();
  const res = await fetch(c.base + url, { headers, signal: ac.signal, redirect: 'manual' });
  const ct = res.headers.get('content-type') ?? '';
  let body: string;
  if (ct.startsWith('text/event-stream')) {
    body = await readFor(res, streamMs);
    ac.abort();
  } else {
    const buf = Buffer.from(await res.arrayBuffer());
    body = ct.includes('spreadsheetml') ? await spreadsheetText(buf) : buf.toString('utf8');
  }
  // A spreadsheet is compared by its cells: its compressed length varies with what the caller's
  // own filter text compresses to, and says nothing about records.
  const ignored = new Set(['date', ...(ct.includes('spreadsheetml') ? ['content-length'] : [])]);
  const head = [...res.headers.entries()].filter(([k]) => !ignored.has(k)).map(([k, v]) => `${k}: ${v}`).join('\n');
  return { status: res.status, text: `${head}\n\n${body}`, counts: countsOf(body, ct) };
}

/** Reads a streaming body for a while; the caller aborts the request afterwards. */
export async function readFor(res: Response, ms: number): Promise<string> {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    const next = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), left))]);
    if (!next || next.done) break;
    text += dec.decode(next.value, { stream: true });
  }
  reader.cancel().catch(() => {});
  return text;
}

/** An event stream kept open in the background (e.g. while a canary is created). */
export function openStream(c: Client, url: string) {
  const ac = new AbortController();
  let text = '';
  const done = (async () => {
    try {
      const res = await fetch(c.base + url, { headers: c.cookie ? { cookie: c.cookie } : {}, signal: ac.signal });
      const reader = res.body!.getReader();
      const dec = new TextDecoder();
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        text += dec.decode(value, { stream: true });
      }
    } catch {
      /* aborted */
    }
  })();
  return {
    async close(): Promise<{ text: string; counts: Record<string, number[]> }> {
      ac.abort();
      await done;
      return { text, counts: countsOf(text, 'text/event-stream') };
    },
  };
}
