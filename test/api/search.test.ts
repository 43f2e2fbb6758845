// The platform's Chinese full-text index on both databases: two-character words and names, phrases
// and document numbers are found; a record the reader may not see is neither returned nor counted;
// newest first with a capped count, relevance on request; and over 10,000 records the query plan
// uses the index.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilitiesOf } from '../../common/roles.js';
import type { Actor } from '../../server/platform/access/actor.js';
import type { DB } from '../../server/platform/db/schema.js';
import { COUNT_CAP, SearchIndex, type SearchDocument, type SearchRequest } from '../../server/platform/search/index.js';
import { DIALECTS } from '../helpers/env.js';
import { startServer, type TestServer } from '../helpers/server.js';

const AT = '2026-03-02T02:00:00.000Z';

/** A record of the given type; each test group uses its own type and filters by it. */
function doc(recordType: string, recordId: string, fields: Partial<SearchDocument>): SearchDocument {
  return { recordType, recordId, title: '', classification: 0, occurredAt: AT, year: 2026, ...fields };
}

describe.each(DIALECTS)('search index on %s', (dialect) => {
  let s: TestServer;
  let db: Kysely<DB>;
  let index: SearchIndex;
  const actors = new Map<string, Actor>();

  async function as(username: string): Promise<Actor> {
    const known = actors.get(username);
    if (known) return known;
    const p = await db.selectFrom('people').select(['id', 'name', 'clearance', 'department_id']).where('username', '=', username).executeTakeFirstOrThrow();
    const roles = (await db.selectFrom('person_roles').select('role').where('person_id', '=', p.id).execute()).map((r) => r.role);
    const actor: Actor = { id: p.id, name: p.name, username, roles, capabilities: capabilitiesOf(roles), clearance: p.clearance, departmentId: p.department_id, ip: '127.0.0.1', via: 'session' };
    actors.set(username, actor);
    return actor;
  }

  const write = (docs: SearchDocument[]) => db.transaction().execute((trx) => index.upsertMany(trx, docs));
  const find = async (username: string, req: SearchRequest) => index.search(await as(username), req);
  const ids = async (username: string, req: SearchRequest) => (await find(username, req)).hits.map((h) => h.recordId);

  beforeAll(async () => {
    s = await startServer({ dialect, background: false });
    db = s.ctx.database.db;
    index = SearchIndex.for(s.ctx.database);
  });
  afterAll(async () => s?.close());

  describe('what is found', () => {
    const T = 'words';
    beforeAll(async () => {
      await write([
        doc(T, 'notice', {
          title: '关于召开2026年安全生产会议的通知',
          reference: '总经办发〔2026〕12号',
          sender: '总经办',
          text: '请各部门负责人准时参加。联系人：王　芳（总经理秘书）',
        }),
        // 会 and 议 apart, and reversed: no 会议.
        doc(T, 'apart', { title: '会计报表审议', text: '议会制度研究' }),
        // 王 and 芳 apart; 会议 present.
        doc(T, 'visit', { title: '王经理来访接待安排', text: '地点：芳草地会议室' }),
        // Every bigram of 生产会议 (生产, 产会, 会议) but never in a row.
        doc(T, 'scattered', { title: '生产计划', text: '产会 会议' }),
        doc(T, 'iso', { title: 'ISO9001认证 OA系统上线', text: '第3次协调会' }),
      ]);
    });

    const hits = (q: string) => ids('wangfang', { q, recordType: T });

    it('finds a two-character word only where its characters stand together', async () => {
      expect((await hits('会议')).sort()).toEqual(['notice', 'scattered', 'visit']);
    });

    it('finds a person by a two-character name, also when the name is padded', async () => {
      expect(await hits('王芳')).toEqual(['notice']);
    });

    it('finds a longer phrase and drops records whose bigrams are scattered', async () => {
      expect(await hits('安全生产会议')).toEqual(['notice']);
      expect(await hits('生产会议')).toEqual(['notice']);
      expect(await hits('芳草地会议室')).toEqual(['visit']);
    });

    it('finds a document number by its parts and as a whole', async () => {
      for (const q of ['总经办发〔2026〕12号', '总经办发', '2026', '12号', '〔2026〕']) expect(await hits(q), q).toEqual(['notice']);
      expect(await hits('13号')).toEqual([]);
    });

    it('finds Latin words, digits and a single character beside a number', async () => {
      expect(await hits('iso9001')).toEqual(['iso']);
      expect(await hits('9001')).toEqual(['iso']);
      expect(await hits('oa系统')).toEqual(['iso']);
      expect(await hits('第3次')).toEqual(['iso']);
      expect(await hits('第4次')).toEqual([]);
    });

    it('needs every whitespace-separated term', async () => {
      expect(await hits('会议 通知')).toEqual(['notice']);
      expect(await hits('会议 接待')).toEqual(['visit']);
      expect(await hits('会议 报表')).toEqual([]);
    });

    it('refuses a one-character search with a clear validation error', async () => {
      for (const q of ['会', '王 芳', '  ', '，。']) {
        await expect(find('wangfang', { q }), q).rejects.toMatchObject({ code: 'validation_failed', status: 400 });
      }
    });

    it('re-indexing replaces the tokens and removing takes the record out', async () => {
      await write([doc(T, 'visit', { title: '王经理来访接待安排', text: '地点：第一接待室' })]);
      expect(await hits('会议室')).toEqual([]);
      expect(await hits('接待室')).toEqual(['visit']);
      expect(await db.transaction().execute((trx) => index.remove(trx, T, 'visit'))).toBe(true);
      expect(await hits('接待')).toEqual([]);
      expect(await db.transaction().execute((trx) => index.remove(trx, T, 'visit'))).toBe(false);
    });

    it('writes nothing when the transaction of the change rolls back', async () => {
      await expect(
        db.transaction().execute(async (trx) => {
          await index.upsert(trx, doc(T, 'rolled-back', { title: '撤回的会议纪要' }));
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      expect(await hits('会议纪要')).toEqual([]);
    });
  });

  describe('access', () => {
    const T = 'guarded';
    const q = (extra: Partial<SearchRequest> = {}): SearchRequest => ({ q: '预算', recordType: T, ...extra });
    const total = async (u: string) => (await find(u, q())).total;
    let before: Map<string, number>;
    const people = ['qianwei', 'tiangang', 'fengxia', 'liuyang', 'zhoutao', 'wulei', 'zhengjie'];

    beforeAll(async () => {
      await write([doc(T, 'open', { title: '年度预算编制通知', classification: 0 }), doc(T, 'internal', { title: '预算执行情况', classification: 1 })]);
      before = new Map();
      for (const u of people) before.set(u, await total(u));
      const cwb = await db.selectFrom('departments').select('id').where('code', '=', 'CWB').executeTakeFirstOrThrow();
      // 秘密, read by the finance department (财务部) only.
      await db.transaction().execute(async (trx) => {
        await index.upsert(trx, doc(T, 'secret', { title: '绝不外传的预算调整方案', classification: 2 }));
        await s.ctx.scopes.add(trx, T, 'secret', 'named', [{ kind: 'department', id: cwb.id }]);
      });
    });

    it('shows a classified record to a reader in its scope with the clearance for it', async () => {
      expect((await ids('qianwei', q())).sort()).toEqual(['internal', 'open', 'secret']);
      expect(await total('qianwei')).toBe(before.get('qianwei')! + 1);
    });

    it('never returns it, nor counts it, for anyone else', async () => {
      // tiangang: 秘密 clearance, other department; fengxia: in the department, clearance 内部;
      // liuyang: 秘密 clearance in the office; zhoutao: 绝密 clearance, not in scope.
      for (const u of ['tiangang', 'fengxia', 'liuyang', 'zhoutao']) {
        const r = await find(u, q());
        expect(r.hits.map((h) => h.recordId).sort(), u).toEqual(['internal', 'open']);
        expect(r.total, u).toBe(before.get(u));
        expect((await find(u, q({ q: '预算调整方案' }))).total, u).toBe(0);
      }
    });

    it('gives the auditor nothing and the administrator nothing classified', async () => {
      expect(await find('zhengjie', q())).toMatchObject({ hits: [], total: 0 });
      expect((await ids('wulei', q())).sort()).toEqual(['internal', 'open']);
    });
  });

  describe('filters, order and counts', () => {
    const T = 'ordered';
    beforeAll(async () => {
      // Indexed in this order: the newest is the last.
      await write([
        doc(T, 'o1', { title: '合同评审会纪要', year: 2025, kind: 'minutes', state: 'archived', sender: '法务部' }),
        doc(T, 'o2', { title: '质量例会', text: '会上讨论了合同评审流程', year: 2026, kind: 'minutes', state: 'open', sender: '生产部' }),
        doc(T, 'o3', { title: '合同评审办法', year: 2026, kind: 'rule', state: 'open', sender: '法务部', classification: 1 }),
        doc(T, 'o4', { title: '采购合同评审', text: '合同评审：合同评审记录', year: 2026, kind: 'minutes', state: 'closed', sender: '生产部' }),
      ]);
    });
    const q = (extra: Partial<SearchRequest> = {}): SearchRequest => ({ q: '合同评审', recordType: T, ...extra });

    it('lists the newest first and pages with `before`', async () => {
      expect(await ids('chenjing', q())).toEqual(['o4', 'o3', 'o2', 'o1']);
      const first = await find('chenjing', q({ limit: 3 }));
      expect(first.hits.map((h) => h.recordId)).toEqual(['o4', 'o3', 'o2']);
      expect(first.next).toEqual({ before: first.hits[2].seq });
      const second = await find('chenjing', q({ limit: 3, before: first.hits[2].seq }));
      expect(second).toMatchObject({ hits: [{ recordId: 'o1' }], next: null, total: 4, totalCapped: false });
    });

    it('keeps a re-indexed record in its place', async () => {
      await write([doc(T, 'o1', { title: '合同评审会纪要（修订）', year: 2025, kind: 'minutes', state: 'archived', sender: '法务部' })]);
      expect(await ids('chenjing', q())).toEqual(['o4', 'o3', 'o2', 'o1']);
    });

    it('filters by year, kind, state, sender and classification', async () => {
      expect(await ids('chenjing', q({ year: 2025 }))).toEqual(['o1']);
      expect(await ids('chenjing', q({ kind: 'minutes' }))).toEqual(['o4', 'o2', 'o1']);
      expect(await ids('chenjing', q({ state: 'open' }))).toEqual(['o3', 'o2']);
      expect(await ids('chenjing', q({ sender: '生产部', kind: 'minutes' }))).toEqual(['o4', 'o2']);
      expect(await ids('chenjing', q({ classification: 1 }))).toEqual(['o3']);
      expect((await find('chenjing', q({ year: 2024 }))).total).toBe(0);
    });

    it('orders by relevance on request: a hit in the title outranks a newer one in the text', async () => {
      const r = await find('chenjing', q({ order: 'relevance' }));
      const ranked = r.hits.map((h) => h.recordId);
      // Newest first would be o4 o3 o2 o1; o2 has the words only in its text.
      expect(ranked.slice(0, 3).sort()).toEqual(['o1', 'o3', 'o4']);
      expect(ranked[3]).toBe('o2');
      const first = await find('chenjing', q({ order: 'relevance', limit: 2 }));
      expect(first.next).toEqual({ offset: 2 });
      const second = await find('chenjing', q({ order: 'relevance', limit: 2, offset: 2 }));
      expect([...first.hits, ...second.hits].map((h) => h.recordId)).toEqual(ranked);
      expect(second.next).toBeNull();
      await expect(find('chenjing', q({ order: 'relevance', before: 5 }))).rejects.toMatchObject({ code: 'validation_failed' });
    });

    it(`caps the count at ${COUNT_CAP} and says so`, async () => {
      const many = Array.from({ length: COUNT_CAP + 5 }, (_, i) => doc('capped', `c${i}`, { title: `第${i}号备忘录`, state: i < 10 ? 'open' : 'closed' }));
      await write(many);
      const r = await find('chenjing', { q: '备忘录', recordType: 'capped' });
      expect(r).toMatchObject({ total: COUNT_CAP, totalCapped: true });
      expect(r.hits.map((h) => h.recordId)).toEqual(Array.from({ length: 20 }, (_, i) => `c${COUNT_CAP + 4 - i}`));
      expect(await find('chenjing', { q: '备忘录', recordType: 'capped', state: 'open' })).toMatchObject({ total: 10, totalCapped: false });
    });
  });

  describe('over HTTP', () => {
    const T = 'http';
    beforeAll(async () => {
      await write([doc(T, 'h1', { title: '关于王芳同志任职的通知', reference: '总经办发〔2026〕7号' }), doc(T, 'h2', { title: '会议室使用规定', classification: 2 })]);
    });
    const url = (params: Record<string, string>) => `/api/v1/search?${new URLSearchParams({ recordType: T, ...params })}`;

    it('answers the staff with hits, a capped count and the next page', async () => {
      const c = await s.login('zhaomin');
      const r = await c.get(url({ q: '王芳 7号' }));
      expect(r.status, r.text).toBe(200);
      expect(r.body).toMatchObject({ total: 1, totalCapped: false, next: null, items: [{ recordType: T, recordId: 'h1', title: '关于王芳同志任职的通知', reference: '总经办发〔2026〕7号', classification: 0 }] });
      // 秘密: zhaomin (内部) is not told it exists, not even by the count.
      expect((await c.get(url({ q: '会议室' }))).body).toMatchObject({ items: [], total: 0 });
      expect((await c.get(url({ q: '王芳', order: 'relevance', limit: '1' }))).body.items).toHaveLength(1);
    });

    it('refuses a one-character or malformed search with 400', async () => {
      const c = await s.login('zhaomin');
      const bad: Record<string, string>[] = [{ q: '王' }, { q: '会议', limit: '0' }, { q: '会议', order: 'oldest' }, { q: '会议', page: '2' }, { q: '会'.repeat(101) }];
      for (const params of bad) {
        const r = await c.get(url(params));
        expect(r.status, JSON.stringify(params)).toBe(400);
        expect(r.body.error.code).toBe('validation_failed');
      }
    });

    // Which roles may search is the authorisation matrix's (authz-matrix.data.ts): not the sysadmin or the auditor.
    it('is not for anyone signed out', async () => {
      expect((await s.anonymous().get(url({ q: '王芳' }))).status).toBe(401);
    });
  });

  describe('the query plan over 10,000 records', () => {
    const T = 'bulk';
    const N = 10_000;
    beforeAll(async () => {
      const words = ['预算', '人事', '采购', '培训', '安全', '质量', '客户', '项目'];
      const docs = Array.from({ length: N }, (_, i) =>
        doc(T, `b${i}`, {
          title: `${words[i % words.length]}${i % 4 === 0 ? '工作通知' : '情况报告'}`,
          // A rare word in seven records, spread over the whole range.
          text: i % 1500 === 7 ? '关于鲲鹏项目的说明' : `第${i}期简报`,
          classification: i % 10 === 0 ? 2 : 0,
          kind: i % 40 === 4 ? 'circular' : 'report',
        }),
      );
      const started = Date.now();
      await write(docs);
      expect(Date.now() - started).toBeLessThan(60_000);
      if (dialect === 'postgres') await sql`analyze search_docs`.execute(db);
      // A fresh index: its lexeme statistics are read after this ANALYZE.
      index = SearchIndex.for(s.ctx.database);
    }, 120_000);

    it('answers a common word from the index, newest first, without a scan of the records', async () => {
      const req: SearchRequest = { q: '通知', recordType: T };
      const r = await find('zhaomin', req);
      expect(r).toMatchObject({ total: COUNT_CAP, totalCapped: true });
      // zhaomin (内部) does not see the 秘密 tenth records: b9996 is i % 4 == 0 and i % 10 != 0.
      expect(r.hits[0].recordId).toBe('b9996');
      const plan = (await index.explain(await as('zhaomin'), req)).join('\n');
      if (dialect === 'sqlite') {
        expect(plan).toMatch(/SCAN f VIRTUAL TABLE INDEX/);
        expect(plan).toMatch(/SEARCH d USING INTEGER PRIMARY KEY/);
        expect(plan).not.toMatch(/SCAN d\b|TEMP B-TREE/);
      } else {
        // Many hits: the newest 20 come from walking the time-ordered key backwards; no sort.
        expect(plan).toMatch(/Index Scan Backward using search_docs_pkey on search_docs d/);
        expect(plan).not.toMatch(/Seq Scan on search_docs|Sort/);
      }
    });

    it('answers a rare or absent word from the index without walking the records', async () => {
      for (const [q, n] of [['鲲鹏', 7], ['犀牛', 0]] as const) {
        const req: SearchRequest = { q, recordType: T };
        expect((await find('chenjing', req)).total, q).toBe(n);
        const plan = (await index.explain(await as('chenjing'), req)).join('\n');
        if (dialect === 'sqlite') {
          expect(plan).toMatch(/SCAN f VIRTUAL TABLE INDEX/);
          expect(plan).not.toMatch(/SCAN d\b/);
        } else {
          // A short walk over the newest rows finds nothing; the GIN index counts the few hits and
          // finds them all for a top-N sort.
          expect(plan, q).toMatch(/Index Scan Backward using search_docs_pkey on search_docs d.*\n.*Index Cond: \(\(seq < '\d+'::bigint\) AND \(seq >= '\d+'::bigint\)\)/);
          expect(plan, q).toMatch(/Bitmap Index Scan on search_docs_tsv_idx[\s\S]*Sort Key: d.seq DESC/);
          expect(plan, q).not.toMatch(/Seq Scan on search_docs/);
        }
      }
    });

    it('looks a filter up in the index only where it narrows', async () => {
      const plans = async (req: SearchRequest) => (await index.explain(await as('chenjing'), req)).join('\n');
      const kind = (await find('chenjing', { q: '通知', recordType: T, kind: 'circular' })).hits;
      expect(kind.map((h) => h.recordId).slice(0, 3)).toEqual(['b9964', 'b9924', 'b9884']);
      if (dialect === 'sqlite') return; // FTS5 takes every facet: its intersection seeks through long lists
      // 'circular' is on 2.5 % of the records: its facet token joins the GIN lookup.
      expect(await plans({ q: '通知', recordType: T, kind: 'circular' })).toMatch(/tsv @@ '''通知'' & ''fk0[0-9a-f]+'''::tsquery/);
      // The record type 'bulk' is on nearly every record: a row condition only.
      const rare = await plans({ q: '鲲鹏', recordType: T });
      expect(rare).toMatch(/tsv @@ '''鲲鹏'''::tsquery/);
      expect(rare).toMatch(/record_type = 'bulk'::text/);
    });

    it('answers relevance from the index too', async () => {
      const req: SearchRequest = { q: '鲲鹏项目', recordType: T, order: 'relevance' };
      expect((await find('chenjing', req)).total).toBe(7);
      const plan = (await index.explain(await as('chenjing'), req)).join('\n');
      expect(plan).toMatch(dialect === 'sqlite' ? /SCAN f VIRTUAL TABLE INDEX/ : /Bitmap Index Scan on search_docs_tsv_idx/);
      expect(plan).not.toMatch(/SCAN d\b|Seq Scan on search_docs/);
    });
  });
});
